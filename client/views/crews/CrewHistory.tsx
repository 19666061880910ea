import type { CrewView } from '../../../shared/crewProtocolSchemas.ts';
import { historyOf } from '../../crewWording.ts';
import { listText, t } from '../../language.ts';

/** Held sessions, planned against actual time: how the weeks went, never what was said in them. */
export function CrewHistory({ crew }: { readonly crew: CrewView }) {
  const lines = historyOf(crew);
  if (lines.length === 0) return null;
  return (
    <section className="card crew-history" aria-labelledby="crew-history-title" data-testid="crew-history">
      <h2 id="crew-history-title">{t('history.title')}</h2>
      <ul className="people">
        {lines.map((line) => (
          <li key={line.index}>
            <span className="person-name">
              {line.title}
              {line.caseGivers.length > 0 && <span className="tags">{t('presenter.tag', { tag: listText(line.caseGivers) })}</span>}
            </span>
            <span className="crew-history-time">
              {t('duration.minutes', { minutes: line.actualMinutes })} <span className="tags">{t('history.ofPlanned', { minutes: line.plannedMinutes })}</span>
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}
