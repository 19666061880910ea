/**
 * Commands that move the clinic name the revision they were made against. One made before the
 * clinic last moved (by such a command, or by itself at a hard auto-advance) is stale: a double
 * click, two facilitators pressing Next together, or a Next pressed just as the clinic moved on,
 * must move it only once. Lineup and settings changes state their whole result, and time
 * adjustments add up, so they are never stale and never make a later move stale: "Start" right
 * after reordering the coaches starts, "Resume" right after "+1 min" resumes.
 */
import type { ClinicCommand } from '../../shared/protocolSchemas.ts';
import type { StoredClinic } from '../../shared/storedClinicSchema.ts';

const MOVES_THE_CLINIC = {
  START: true,
  NEXT_PHASE: true,
  NEXT_SPEAKER: true,
  SKIP_SPEAKER: true,
  RETURN_TO_SKIPPED: true,
  BACK: true,
  PAUSE: true,
  RESUME: true,
  // Each tap adds its minute: tapping "+1 min" twice means two minutes, not a double click.
  ADJUST_TIME: false,
  END: true,
  SET_CASE_GIVER: false,
  SET_COACH_ORDER: false,
  SET_ROUND_ORDER: false,
  SET_ROLE: false,
  SET_AUTO_ADVANCE: false,
  SET_CUE_TIMES: false,
} as const satisfies Record<ClinicCommand['type'], boolean>;

export const movesTheClinic = (command: ClinicCommand): boolean => MOVES_THE_CLINIC[command.type];

export const isStale = (record: StoredClinic, command: ClinicCommand, basedOnRevision: number): boolean =>
  movesTheClinic(command) && basedOnRevision < record.lastCommandRevision;

/** What later moves must have seen once `current` is saved as `revision`. */
export function lastCommandRevisionAfter(previous: StoredClinic, current: StoredClinic, revision: number, moved: boolean): number {
  const movedByItself = current.progress.finished.length !== previous.progress.finished.length;
  return moved || movedByItself ? revision : previous.lastCommandRevision;
}
