/**
 * The follow-through of takeaways in a crew: what a case giver sealed for themselves after one
 * session comes back to them, privately, at the check-in of the next crew session they attend.
 * Pure rules: the server asks them before it hands anything out; views ask the same to know when
 * to show the card.
 */
import type { ClinicState } from './clinicStateSchema.ts';
import type { CrewSession } from './crewSchema.ts';
import type { Reason } from './reasons.ts';

/** The check-in: the lobby, or the first phase of the first round while it runs. */
export function isCheckIn(state: Pick<ClinicState, 'stage' | 'progress'>): boolean {
  if (state.stage === 'lobby') return true;
  if (state.stage === 'closed') return false;
  const step = state.progress.step;
  return step !== null && step.roundIndex === 0 && step.phaseIndex === 0;
}

/** Takeaways come back at the check-in only; once the session has moved on they wait no more on screen. */
export function lastTimeRefusal(state: Pick<ClinicState, 'stage' | 'progress'>): Reason | null {
  return isCheckIn(state) ? null : 'LAST_TIME_AT_CHECK_IN';
}

export interface EarlierSession {
  readonly sessionIndex: number;
  readonly clinicId: string;
}

/**
 * The crew's sessions started before the one that runs as `clinicId`, oldest first: where
 * takeaways still waiting to come back were written. Empty if `clinicId` is none of the crew's
 * sessions.
 */
export function earlierSessions(sessions: readonly Pick<CrewSession, 'index' | 'clinicId'>[], clinicId: string): EarlierSession[] {
  const current = sessions.find((session) => session.clinicId === clinicId);
  if (!current) return [];
  return sessions.flatMap((session) => (session.index < current.index && session.clinicId !== null ? [{ sessionIndex: session.index, clinicId: session.clinicId }] : []));
}
