import { timeline, turnTimeline, type TimelineEntry, type TurnEntry } from '../../shared/clinicView.ts';
import { roundCount, roundLineup } from '../../shared/lineup.ts';
import { formatMinutes } from '../../shared/time.ts';
import type { ClinicView } from './useClinic.ts';

/** Only what a row's numbers do not already say: done rows have an actual time, upcoming ones a dash. */
const STATUS_LABEL: Record<TurnEntry['status'] | TimelineEntry['status'], string> = {
  done: '',
  skipped: 'skipped',
  current: 'now',
  upcoming: '',
  notReached: 'not reached',
};

function StatusLabel({ status }: { readonly status: keyof typeof STATUS_LABEL }) {
  return STATUS_LABEL[status] ? <span className="timeline-status">{STATUS_LABEL[status]}</span> : null;
}

/** Planned against actual time for each phase (and each coach's turn), as of `at` (server time). */
export function Timeline({ view, at }: { readonly view: ClinicView; readonly at: number }) {
  const { progress, nameOf } = view;
  const entries = timeline(progress, at);
  const rounds = roundCount(progress);
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
      {entries.map((entry) => (
        <tbody key={`${entry.roundIndex}:${entry.phaseIndex}`}>
          {rounds > 1 && entry.phaseIndex === 0 && (
            <tr className="timeline-round">
              <th scope="rowgroup" colSpan={3}>
                Round {entry.roundIndex + 1}: {nameOf(roundLineup(progress, entry.roundIndex).caseGiverId)}
              </th>
            </tr>
          )}
          <tr className={`timeline-${entry.status}`}>
            <th scope="row">
              {entry.phase.title}
              <StatusLabel status={entry.status} />
            </th>
            <td>{formatMinutes(entry.plannedMs)}</td>
            {/* A phase still to come shows time only if Back undid some spent in it. */}
            <td>{(entry.status === 'upcoming' || entry.status === 'notReached') && entry.actualMs === 0 ? '–' : formatMinutes(entry.actualMs)}</td>
          </tr>
          {entry.phase.floor.kind === 'eachCoach' &&
            turnTimeline(progress, entry.roundIndex, entry.phaseIndex, at).map((turn) => (
              <tr key={turn.turnIndex} className={`timeline-turn timeline-${turn.status}`}>
                <th scope="row">
                  {nameOf(turn.speakerId)}
                  <StatusLabel status={turn.status} />
                </th>
                <td>{formatMinutes(turn.plannedMs)}</td>
                <td>{turn.actualMs === null ? '–' : formatMinutes(turn.actualMs)}</td>
              </tr>
            ))}
        </tbody>
      ))}
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
