import type { CrewView } from '../../../shared/crewProtocolSchemas.ts';
import { LANDING_DECISIONS, type LandingDecision as Decision } from '../../../shared/crewSchema.ts';
import { deleteCrew, sendCrewCommand } from '../../crewConnection.ts';
import { mayDo } from '../../crewWording.ts';
import { ConfirmButton } from '../ConfirmButton.tsx';
import { CrewCommandButton } from './CrewCommandButton.tsx';
import { t, type MessageId } from '../../language.ts';

const DECISION_WORDS: Record<Decision, MessageId> = {
  end: 'landing.end',
  anotherCycle: 'landing.anotherCycle',
  seedNewCrews: 'landing.seedNewCrews',
};

/** What the crew decided at its landing; once the landing has started, the organiser records it. */
export function LandingDecision({ crew, me, at }: { readonly crew: CrewView; readonly me: string; readonly at: number }) {
  const mayRecord = mayDo(crew, me, { type: 'RECORD_LANDING', decision: 'end' }, at);
  if (!crew.landing && !mayRecord) return null;
  return (
    <section className="card" aria-labelledby="crew-landing-title" data-testid="crew-landing">
      <h2 id="crew-landing-title">{t('landing.title')}</h2>
      {crew.landing && <p data-testid="landing-decision">{t('landing.decided', { decision: t(DECISION_WORDS[crew.landing.decision]) })}</p>}
      {mayRecord && crew.landing && <p className="hint">{t('landing.change')}</p>}
      {mayRecord && (
        <div className="crew-button-column landing-choices">
          {LANDING_DECISIONS.filter((decision) => decision !== crew.landing?.decision).map((decision) => (
            <CrewCommandButton key={decision} crew={crew} me={me} at={at} command={{ type: 'RECORD_LANDING', decision }} small>
              {t(DECISION_WORDS[decision])}
            </CrewCommandButton>
          ))}
        </div>
      )}
    </section>
  );
}

/** Leaving the crew (a member), or deleting it (the organiser): each with a second, deliberate click. */
export function CrewEnd({ crew, me, at }: { readonly crew: CrewView; readonly me: string; readonly at: number }) {
  const mayLeave = mayDo(crew, me, { type: 'LEAVE' }, at);
  const mayDelete = mayDo(crew, me, { type: 'DELETE_CREW' }, at);
  return (
    <section className="crew-end" aria-label={t('crewEnd.label')}>
      {mayLeave && (
        <ConfirmButton label={t('crewEnd.leave')} confirmLabel={t('crewEnd.confirmLeave')} small onConfirm={() => sendCrewCommand({ type: 'LEAVE' })} />
      )}
      {mayDelete && (
        <ConfirmButton label={t('crewEnd.delete')} confirmLabel={t('crewEnd.confirmDelete')} small onConfirm={() => deleteCrew()} />
      )}
      {mayLeave && <p className="hint">{t('crewEnd.leaveHint')}</p>}
      {mayDelete && <p className="hint">{t('crewEnd.deleteHint')}</p>}
    </section>
  );
}
