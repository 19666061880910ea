import type { ClinicContext } from '../../shared/clinicSteps.ts';
import { timeline } from '../../shared/clinicView.ts';
import { formatMinutes, remainingMs } from '../../shared/time.ts';
import type { ClinicView } from './useClinic.ts';

type RowStatus = 'done' | 'skipped' | 'current' | 'upcoming' | 'notReached';

/** Only what a row's numbers do not already say: done rows have an actual time, upcoming ones a dash. */
const STATUS_LABEL: Record<RowStatus, string> = { done: '', skipped: 'skipped', current: 'now', upcoming: '', notReached: 'not reached' };

interface TurnRow {
  readonly key: string;
  readonly speakerId: string | null;
  readonly plannedMs: number;
  /** Null for a turn not taken yet. */
  readonly actualMs: number | null;
  readonly status: RowStatus;
}

/**
 * The coaches' turns inside one coach-turns phase: those taken (or skipped), the one in progress,
 * and, while the clinic runs, those still to come. Times are counted as `timeline` counts them.
 */
function turnsOf(context: ClinicContext, phaseIndex: number, at: number): TurnRow[] {
  const taken: TurnRow[] = context.finished
    .filter((step) => step.phaseIndex === phaseIndex)
    .map((step) => ({
      key: `turn-${step.turnIndex}`,
      speakerId: step.speakerId,
      plannedMs: step.plannedMs,
      actualMs: step.budgetMs - step.remainingMs,
      status: step.skipped ? 'skipped' : 'done',
    }));
  const step = context.step?.phaseIndex === phaseIndex ? context.step : null;
  if (step) {
    taken.push({ key: `turn-${step.turnIndex}`, speakerId: step.speakerId, plannedMs: step.plannedMs, actualMs: step.budgetMs - remainingMs(step.timer, at), status: 'current' });
  }
  if (context.closedAt !== null) return taken;
  const firstToCome = step ? step.turnIndex + 1 : taken.length;
  const plannedMs = context.plan[phaseIndex]?.durationMs ?? 0;
  const toCome = context.coachIds.slice(firstToCome).map((speakerId, offset): TurnRow => ({
    key: `turn-${firstToCome + offset}`,
    speakerId,
    plannedMs,
    actualMs: null,
    status: 'upcoming',
  }));
  return [...taken, ...toCome];
}

function StatusLabel({ status }: { readonly status: RowStatus }) {
  return STATUS_LABEL[status] ? <span className="timeline-status">{STATUS_LABEL[status]}</span> : null;
}

/** Planned against actual time for each phase (and each coach's turn), as of `at` (server time). */
export function Timeline({ view, at }: { readonly view: ClinicView; readonly at: number }) {
  const { context, nameOf } = view;
  const entries = timeline(context, at);
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
      {entries.map((entry, phaseIndex) => (
        <tbody key={entry.phase.id}>
          <tr className={`timeline-${entry.status}`}>
            <th scope="row">
              {entry.phase.title}
              <StatusLabel status={entry.status} />
            </th>
            <td>{formatMinutes(entry.plannedMs)}</td>
            <td>{entry.status === 'upcoming' || entry.status === 'notReached' ? '–' : formatMinutes(entry.actualMs)}</td>
          </tr>
          {entry.phase.speaker === 'eachCoach' &&
            turnsOf(context, phaseIndex, at).map((turn) => (
              <tr key={turn.key} className={`timeline-turn timeline-${turn.status}`}>
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
