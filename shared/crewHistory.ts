/**
 * What a crew keeps of a session once its clinic has closed: planned against actual time per
 * round and phase, and each round's case giver. Nothing anyone said, no notes, no speaker order:
 * the crew page's history shows how the weeks went, never what was in them.
 */
import type { ClinicProgress } from './clinicStateSchema.ts';
import { timeline } from './clinicView.ts';
import type { SessionSummary } from './crewSchema.ts';
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
