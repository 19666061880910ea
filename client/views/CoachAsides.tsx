import { asideRule } from '../../shared/asides.ts';
import type { Aside } from '../../shared/asidesSchema.ts';
import { AsideButton } from './AsideButton.tsx';
import { handPlaceText, passStatusText } from './asideWording.ts';
import { useAsides } from './useAsides.ts';
import type { ClinicView } from './useClinic.ts';
import { t } from '../language.ts';

/**
 * A coach's own quiet controls: "Ready" before the turns, a raised hand for a clarifying question,
 * "I'll pass" for a turn of theirs. Each shows only while the shared rules allow it.
 */
export function CoachAsides({ view }: { readonly view: ClinicView }) {
  const asides = useAsides();
  const { myId } = view;
  const allowed = (aside: Aside) => asideRule(view.clinic, asides, myId, aside) === null;
  const ready = asides.readyIds.includes(myId);
  const hand = asides.hands.find((entry) => entry.coachId === myId);
  const pass = asides.passRequests.find((request) => request.coachId === myId);
  const controls = [
    allowed({ type: 'SET_READY', ready: !ready }) && (
      <AsideButton key="ready" view={view} asides={asides} aside={{ type: 'SET_READY', ready: !ready }} pressed={ready} small>
        {ready ? t('coach.readyDone') : t('coach.ready')}
      </AsideButton>
    ),
    (hand || allowed({ type: 'RAISE_HAND' })) && (
      <AsideButton key="hand" view={view} asides={asides} aside={{ type: hand ? 'LOWER_HAND' : 'RAISE_HAND' }} pressed={hand !== undefined} small>
        {hand ? t('coach.lowerHand') : t('coach.raiseHand')}
      </AsideButton>
    ),
    (pass || allowed({ type: 'REQUEST_PASS' })) && (
      <AsideButton key="pass" view={view} asides={asides} aside={{ type: pass ? 'WITHDRAW_PASS' : 'REQUEST_PASS' }} pressed={pass !== undefined} small>
        {pass ? t('coach.withdrawPass') : t('coach.pass')}
      </AsideButton>
    ),
  ].filter(Boolean);
  if (controls.length === 0) return null;
  return (
    <section className="coach-asides" aria-label={t('coach.label')} data-testid="coach-asides">
      <div className="coach-aside-row">{controls}</div>
      {(hand || pass) && (
        <p className="coach-aside-status" aria-live="polite">
          {hand && <span data-testid="hand-place">{handPlaceText(hand.place)}</span>}
          {pass && <span data-testid="pass-status"> {passStatusText(pass.declined)}</span>}
        </p>
      )}
    </section>
  );
}
