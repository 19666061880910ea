import { timeline, turnTimeline, type TimelineEntry, type TurnEntry } from '../../shared/clinicView.ts';
import { roundCount, roundLineup } from '../../shared/lineup.ts';
import { t, type MessageId } from '../language.ts';
import { durationText } from './timeWording.ts';
import type { ClinicView } from './useClinic.ts';

/** Only what a row's numbers do not already say: done rows have an actual time, upcoming ones a dash. */
const PHASE_LABEL: Record<TimelineEntry['status'], MessageId | null> = {
  done: null,
  current: 'timeline.now',
  upcoming: null,
  notReached: 'timeline.notReached',
};
/** A turn that never came is said of its coach ("didn't get a turn"), not as of a place not reached. */
const TURN_LABEL: Record<TurnEntry['status'], MessageId | null> = { ...PHASE_LABEL, skipped: 'timeline.skipped', notReached: 'timeline.turnNotReached' };

function StatusLabel({ label }: { readonly label: MessageId | null }) {
  // The space keeps a screen reader from reading the name and its label as one word.
  return label ? (
    <>
      {' '}
      <span className="timeline-status">{t(label)}</span>
    </>
  ) : null;
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
          <th scope="col">{t('timeline.phase')}</th>
          <th scope="col">{t('timeline.planned')}</th>
          <th scope="col">{t('timeline.actual')}</th>
        </tr>
      </thead>
      {entries.map((entry) => (
        <tbody key={`${entry.roundIndex}:${entry.phaseIndex}`}>
          {rounds > 1 && entry.phaseIndex === 0 && (
            <tr className="timeline-round">
              <th scope="rowgroup" colSpan={3}>
                {t('timeline.round', { round: entry.roundIndex + 1, name: nameOf(roundLineup(progress, entry.roundIndex).caseGiverId) })}
              </th>
            </tr>
          )}
          <tr className={`timeline-${entry.status}`}>
            <th scope="row">
              {entry.phase.title}
              <StatusLabel label={PHASE_LABEL[entry.status]} />
            </th>
            <td>{durationText(entry.plannedMs)}</td>
            {/* A phase still to come shows time only if Back undid some spent in it. */}
            <td>{(entry.status === 'upcoming' || entry.status === 'notReached') && entry.actualMs === 0 ? '–' : durationText(entry.actualMs)}</td>
          </tr>
          {entry.phase.floor.kind === 'eachCoach' &&
            turnTimeline(progress, entry.roundIndex, entry.phaseIndex, at).map((turn) => (
              <tr key={turn.turnIndex} className={`timeline-turn timeline-${turn.status}`}>
                <th scope="row">
                  {nameOf(turn.speakerId)}
                  <StatusLabel label={TURN_LABEL[turn.status]} />
                </th>
                <td>{durationText(turn.plannedMs)}</td>
                <td>{turn.actualMs === null ? '–' : durationText(turn.actualMs)}</td>
              </tr>
            ))}
        </tbody>
      ))}
      <tfoot>
        <tr>
          <th scope="row">{t('timeline.total')}</th>
          <td>{durationText(planned)}</td>
          <td>{durationText(actual)}</td>
        </tr>
      </tfoot>
    </table>
  );
}
