import type { CrewView } from '../../../shared/crewProtocolSchemas.ts';
import { caseStandings } from '../../../shared/crewRota.ts';
import { nameOf, rulesCrewOf, stageOf, standingText } from '../../crewWording.ts';
import { listText, t } from '../../language.ts';

/** Who has brought a case, who is planned to and who has not yet, and who is suggested next. */
export function CaseRota({ crew, me }: { readonly crew: CrewView; readonly me: string }) {
  const standings = caseStandings(rulesCrewOf(crew));
  const next = crew.sessions.find((session) => session.kind === 'case' && stageOf(session) === 'upcoming' && session.caseGiverIds.length > 0);
  return (
    <section className="card crew-rota" aria-labelledby="crew-rota-title" data-testid="case-rota">
      <h2 id="crew-rota-title">{t('rota.title')}</h2>
      {next && (
        <p className="crew-rota-next" data-testid="rota-next">
          {next.confirmed ? t('rota.next') : t('rota.suggestedNext')}
          <strong>{listText(next.caseGiverIds.map((id) => nameOf(crew, id)))}</strong>
          {t('rota.week', { week: next.index + 1 })}
        </p>
      )}
      <ul className="people crew-standings">
        {standings.map(({ memberId, ...standing }) => (
          <li key={memberId}>
            <span className="person-name">
              {nameOf(crew, memberId)}
              {memberId === me && <span className="tags">{t('rota.you')}</span>}
            </span>
            <span className={`crew-standing${standing.stage === 'brought' ? ' crew-standing-done' : ''}`}>
              {standingText(standing)}
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}
