/**
 * What a crew keeps of a session once its clinic has closed: planned against actual time per
 * round and phase, and each round's case giver. Nothing anyone said, no notes, no speaker order:
 * the crew page's history shows how the weeks went, never what was in them.
 */
import type { ClinicProgress } from './clinicStateSchema.ts';
import { timeline } from './clinicView.ts';
import type { CrewSession, SessionSummary } from './crewSchema.ts';
import { roundLineup } from './lineup.ts';

/** The summary of a closed clinic; throws for one still open, whose times are not final. */
export function sessionSummaryOf(progress: ClinicProgress): SessionSummary {
  const { startedAt, closedAt } = progress;
  if (startedAt === null || closedAt === null) throw new Error('Only a clinic that has closed has a summary');
  const entries = timeline(progress, closedAt);
  const roundIndexes = [...new Set(entries.map((entry) => entry.roundIndex))];
  return {
    startedAt,
    closedAt,
    rounds: roundIndexes.map((roundIndex) => ({
      caseGiverId: roundLineup(progress, roundIndex).caseGiverId,
      phases: entries
        .filter((entry) => entry.roundIndex === roundIndex)
        .map((entry) => ({ phaseId: entry.phase.phaseId, title: entry.phase.title, plannedMs: entry.plannedMs, actualMs: entry.actualMs })),
    })),
  };
}

/**
 * A session as the crew keeps it once its clinic has closed: with its summary, where a round's case
 * giver is named only if they are one of `memberIds` (someone who joined the clinic without being
 * in the crew is not named in its history); and no longer listing as absent anyone who said they
 * could not make it but came after all: one of `participantIds`, who joined the clinic, whether or
 * not they ended up in its lineup.
 */
export function heldSession(session: CrewSession, progress: ClinicProgress, memberIds: ReadonlySet<string>, participantIds: readonly string[]): CrewSession {
  const summary = sessionSummaryOf(progress);
  return {
    ...session,
    cannotAttendIds: session.cannotAttendIds.filter((id) => !participantIds.includes(id)),
    summary: { ...summary, rounds: summary.rounds.map((round) => (round.caseGiverId !== null && !memberIds.has(round.caseGiverId) ? { ...round, caseGiverId: null } : round)) },
  };
}
