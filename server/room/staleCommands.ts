/**
 * Commands name the revision they were made against, and some are refused when what they were
 * made against has changed since: they would otherwise undo what the sender had not yet seen.
 *
 * - A move made before the clinic last moved (by such a command, or by itself at a hard
 *   auto-advance) is stale: a double click, two facilitators pressing Next together, or a Next
 *   pressed just as the clinic moved on, must move it only once.
 * - A new coach or round order states the whole list as its sender saw it, so one made before the
 *   lineup last changed (by another order, a new case giver, someone arriving or removed) is stale:
 *   it would put back whom the other change took out, or leave out whom it brought in.
 * - A time adjustment made before the clinic last moved is stale too, though it moves nothing
 *   itself: taking off the time left ends a step that moves on by itself, and a second tap made
 *   before that was seen would take a minute off the next coach's turn. Taps made on the same
 *   step add up: two taps on "+1 min" are two minutes.
 * - Everything else is never stale: it names what it changes (a case giver, a role, a phase's
 *   setting), or is the two cue times, which the console makes from the latest state and two
 *   facilitators hardly change at once. Lineup changes never make a move stale: "Start" right after
 *   reordering the coaches starts; nor do moves make a lineup change stale.
 */
import type { ClinicCommand } from '../../shared/protocolSchemas.ts';
import type { Reason } from '../../shared/reasons.ts';
import type { StoredClinic } from '../../shared/storedClinicSchema.ts';
import { sameIdsInOrder } from './idLists.ts';

type StaleAfter = 'move' | 'afterMove' | 'lineupChange' | 'never';

const STALE_AFTER = {
  START: 'move',
  NEXT_PHASE: 'move',
  NEXT_SPEAKER: 'move',
  SKIP_SPEAKER: 'move',
  RETURN_TO_SKIPPED: 'move',
  BACK: 'move',
  PAUSE: 'move',
  RESUME: 'move',
  ADJUST_TIME: 'afterMove',
  END: 'move',
  SET_CASE_GIVER: 'never',
  SET_COACH_ORDER: 'lineupChange',
  SET_ROUND_ORDER: 'lineupChange',
  SET_ROLE: 'never',
  SET_AUTO_ADVANCE: 'never',
  SET_CUE_TIMES: 'never',
} as const satisfies Record<ClinicCommand['type'], StaleAfter>;

export const movesTheClinic = (command: ClinicCommand): boolean => STALE_AFTER[command.type] === 'move';

/** Why `command`, made against `basedOnRevision`, may not be applied to `record`; null if it may. */
export function stalenessOf(record: StoredClinic, command: ClinicCommand, basedOnRevision: number): Reason | null {
  switch (STALE_AFTER[command.type]) {
    case 'move':
    case 'afterMove':
      return basedOnRevision < record.lastCommandRevision ? 'STALE_COMMAND' : null;
    case 'lineupChange':
      return basedOnRevision < record.lastLineupRevision ? 'LINEUP_CHANGED' : null;
    case 'never':
      return null;
  }
}

/** What later moves and lineup changes must have seen once `current` is saved as `revision`. */
export function stalenessMarksAfter(
  previous: StoredClinic,
  current: StoredClinic,
  revision: number,
  moved: boolean,
): Pick<StoredClinic, 'lastCommandRevision' | 'lastLineupRevision'> {
  const movedByItself = current.progress.finished.length !== previous.progress.finished.length;
  return {
    lastCommandRevision: moved || movedByItself ? revision : previous.lastCommandRevision,
    lastLineupRevision: lineupChanged(previous, current) ? revision : previous.lastLineupRevision,
  };
}

const lineupChanged = ({ progress: before }: StoredClinic, { progress: after }: StoredClinic) =>
  !sameIdsInOrder(before.lineup, after.lineup) || !sameIdsInOrder(before.caseGiverIds, after.caseGiverIds);
