import { asideRule, takesQuestions } from '../../shared/asides.ts';
import { SIGNAL_KINDS } from '../../shared/asideKinds.ts';
import { answerOnPhoneText, signalButtonText } from './asideWording.ts';
import { AsideButton } from './AsideButton.tsx';
import { useAsides } from './useAsides.ts';
import type { ClinicView } from './useClinic.ts';
import { listText, t } from '../language.ts';

/**
 * The case giver's phone: one tap to tell the facilitator, and nobody else, what they need; the
 * answer shows here, and a second tap takes the signal back. Below, who is waiting to ask.
 */
export function QuietSignals({ view }: { readonly view: ClinicView }) {
  const asides = useAsides();
  const mine = asides.signals.filter((signal) => signal.fromId === view.myId);
  const askers = takesQuestions(view.progress) ? asides.hands.map((hand) => view.nameOf(hand.coachId)) : [];
  // Nothing to offer a case giver whose signals would reach nobody (they facilitate alone).
  if (mine.length === 0 && asideRule(view.clinic, asides, view.myId, { type: 'SIGNAL', kind: 'moment' }) !== null) return null;
  return (
    <section className="quiet-signals" aria-label={t('quiet.label')} data-testid="quiet-signals">
      <h2 className="quiet-signals-title">{t('quiet.title')}</h2>
      <div className="quiet-signal-grid">
        {SIGNAL_KINDS.map((kind) => {
          const sent = mine.find((signal) => signal.kind === kind);
          return (
            <AsideButton
              key={kind}
              view={view}
              asides={asides}
              aside={sent ? { type: 'WITHDRAW_SIGNAL', signalId: sent.id } : { type: 'SIGNAL', kind }}
              pressed={sent !== undefined}
              variant={sent ? 'primary' : 'secondary'}
            >
              {signalButtonText(kind)}
            </AsideButton>
          );
        })}
      </div>
      <ul className="quiet-signal-status" aria-live="polite">
        {mine.map((signal) => (
          <li key={signal.id} data-testid="signal-status">
            {t(signal.shownToAll ? 'quiet.statusShown' : 'quiet.status', {
              signal: signalButtonText(signal.kind),
              answer: signal.answer ? answerOnPhoneText(signal.answer.kind) : t('quiet.notSeen'),
            })}
          </li>
        ))}
      </ul>
      {mine.length > 0 && <p className="quiet-signals-hint">{t('quiet.takeBack')}</p>}
      {askers.length > 0 && (
        <p className="hand-queue-line" data-testid="case-giver-hands">
          {t('quiet.waitingToAsk', { names: listText(askers) })}
        </p>
      )}
    </section>
  );
}
