import { timeline } from '../../shared/clinicView.ts';
import { formatMinutes } from '../../shared/time.ts';
import type { ClinicView } from './useClinic.ts';

const STATUS_LABEL = { done: 'done', current: 'now', upcoming: '', notReached: 'not reached' } as const;

/** Planned against actual time for each phase, as of `at` (server time). */
export function Timeline({ view, at }: { readonly view: ClinicView; readonly at: number }) {
  const entries = timeline(view.context, at);
  const planned = entries.reduce((sum, entry) => sum + entry.plannedMs, 0);
  const actual = entries.reduce((sum, entry) => sum + entry.actualMs, 0);
  return (
    <table className="timeline">
      <thead>
        <tr>
          <th scope="col">Phase</th>
          <th scope="col">Planned</th>
          <th scope="col">Actual</th>
        </tr>
      </thead>
      <tbody>
        {entries.map((entry) => (
          <tr key={entry.phase.id} className={`timeline-${entry.status}`}>
            <th scope="row">
              {entry.phase.title}
              {STATUS_LABEL[entry.status] && <span className="timeline-status">{STATUS_LABEL[entry.status]}</span>}
            </th>
            <td>{formatMinutes(entry.plannedMs)}</td>
            <td>{entry.status === 'upcoming' || entry.status === 'notReached' ? '–' : formatMinutes(entry.actualMs)}</td>
          </tr>
        ))}
      </tbody>
      <tfoot>
        <tr>
          <th scope="row">Total</th>
          <td>{formatMinutes(planned)}</td>
          <td>{formatMinutes(actual)}</td>
        </tr>
      </tfoot>
    </table>
  );
}
