/**
 * Read-only questions about a clinic that views ask: which phase and round it is in, who holds the
 * floor and who is next, each person's place, and the planned-against-actual timeline. Everything
 * is derived from the domain state every device holds; nothing here changes state. What is allowed
 * is `commandRules.ts`.
 */
import type { ClinicProgress, PlannedPhase, StepPosition } from './clinicStateSchema.ts';
import { firstTurnsPhase, nextPosition, speakerAt, spentMs } from './clinicSteps.ts';
import { currentLineup, roundCount, roundLineup } from './lineup.ts';

export function phaseOf(progress: ClinicProgress, phaseIndex: number): PlannedPhase {
  const phase = progress.plan[phaseIndex];
  if (!phase) throw new Error(`No phase at index ${phaseIndex}`);
  return phase;
}

export interface UpNext {
  readonly phase: PlannedPhase;
  /** Null when nobody in particular holds the floor next. */
  readonly speakerId: string | null;
  /** True when "next" stays inside the current phase (the next coach's turn). */
  readonly sameTurnsPhase: boolean;
  /** Set when "next" begins another round: its case giver. */
  readonly newRoundCaseGiverId: string | null;
}

/** What "next speaker" (or, outside coach turns, "next phase") leads to; null at the last step. */
export function upNext(progress: ClinicProgress): UpNext | null {
  const next = nextPosition(progress, true);
  if (!next) return null;
  const step = progress.step;
  const newRound = next.roundIndex !== step?.roundIndex;
  return {
    phase: phaseOf(progress, next.phaseIndex),
    speakerId: speakerAt(progress, next),
    sameTurnsPhase: !newRound && next.phaseIndex === step?.phaseIndex,
    newRoundCaseGiverId: newRound ? roundLineup(progress, next.roundIndex).caseGiverId : null,
  };
}

/** Where the coaches' turns are still ahead: that phase's index, so a place says what it is in; null in it. */
type TurnsAhead = { readonly turnsIn: number | null };

export type Standing =
  | { readonly kind: 'caseGiver' }
  | { readonly kind: 'speaking' }
  | ({ readonly kind: 'next' } & TurnsAhead)
  /** `place` is 1-based among the coaches still to speak, counting from the one after the next. */
  | ({ readonly kind: 'waiting'; readonly place: number; readonly of: number } & TurnsAhead)
  | { readonly kind: 'spoken' }
  | { readonly kind: 'skipped' }
  /** A coach outside the turns: nothing to say about their place. */
  | { readonly kind: 'coaching' }
  | { readonly kind: 'listening' };

/** Whether a coach's turn in this turns phase was skipped and not yet given back. */
function isStillSkipped(progress: ClinicProgress, position: Omit<StepPosition, 'turnIndex'>, participantId: string): boolean {
  const inPhase = (step: StepPosition & { readonly speakerId: string | null }) => step.roundIndex === position.roundIndex && step.phaseIndex === position.phaseIndex && step.speakerId === participantId;
  const skips = progress.finished.filter((done) => inPhase(done) && done.skipped).length;
  const turns = progress.finished.filter((done) => inPhase(done) && !done.skipped).length;
  return skips > turns;
}

/** Where one participant stands in the current round: the case giver, a coach's place in the turns, or listening. */
export function standingOf(progress: ClinicProgress, participantId: string): Standing {
  const { caseGiverId, coachIds } = currentLineup(progress);
  if (caseGiverId === participantId) return { kind: 'caseGiver' };
  const order = coachIds.indexOf(participantId);
  if (order === -1) return { kind: 'listening' };
  const step = progress.step;
  const turnsFrom = firstTurnsPhase(progress);
  const ahead = { turnsIn: turnsFrom === -1 ? null : turnsFrom };
  if (step === null) return progress.closedAt === null ? { kind: 'waiting', place: order + 1, of: coachIds.length, ...ahead } : { kind: 'coaching' };
  const inTurns = progress.plan[step.phaseIndex]?.floor.kind === 'eachCoach';
  if (inTurns && step.speakerId === participantId) return { kind: 'speaking' };
  if (upNext(progress)?.speakerId === participantId && (inTurns || step.phaseIndex + 1 === turnsFrom)) return { kind: 'next', turnsIn: inTurns ? null : turnsFrom };
  if (step.phaseIndex < turnsFrom) return { kind: 'waiting', place: order + 1, of: coachIds.length, ...ahead };
  if (!inTurns) return { kind: 'coaching' };
  if (order > step.turnIndex) return { kind: 'waiting', place: order - step.turnIndex, of: coachIds.length - step.turnIndex - 1, turnsIn: null };
  return isStillSkipped(progress, step, participantId) ? { kind: 'skipped' } : { kind: 'spoken' };
}

/** The names of the roles of its format this participant holds, in the format's order: in a small crew one person may hold two. */
export const roleNamesOf = (progress: ClinicProgress, participantId: string): string[] =>
  progress.format.roles.filter((role) => progress.roleHolders[role.id] === participantId).map((role) => role.name);

export interface TimelineEntry {
  readonly roundIndex: number;
  readonly phaseIndex: number;
  readonly phase: PlannedPhase;
  readonly plannedMs: number;
  /** Time spent so far, excluding pauses, including time Back undid; 0 for phases not reached. */
  readonly actualMs: number;
  readonly status: 'done' | 'current' | 'upcoming' | 'notReached';
}

type Where = { readonly roundIndex: number; readonly phaseIndex: number; readonly turnIndex?: number };
/** Whether `step` is in that phase of that round, and on that turn if one is named. */
export const isAt = (step: StepPosition, { roundIndex, phaseIndex, turnIndex }: Where) =>
  step.roundIndex === roundIndex && step.phaseIndex === phaseIndex && (turnIndex === undefined || step.turnIndex === turnIndex);

/** Time spent in a phase (or on one turn of it) on steps that Back then undid. */
function undoneMs(progress: ClinicProgress, where: Where): number {
  return progress.undone.filter((step) => isAt(step, where)).reduce((sum, step) => sum + step.spentMs, 0);
}

/** Planned against actual time for every phase of every round, as of server time `at`. */
export function timeline(progress: ClinicProgress, at: number): TimelineEntry[] {
  return Array.from({ length: roundCount(progress) }, (_, roundIndex) =>
    progress.plan.map((planned, phaseIndex): TimelineEntry => {
      const where = { roundIndex, phaseIndex };
      const perStep = planned.floor.kind === 'eachCoach' ? roundLineup(progress, roundIndex).coachIds.length : 1;
      const finished = progress.finished.filter((step) => isAt(step, where));
      const current = progress.step && isAt(progress.step, where) ? progress.step : null;
      const actualMs =
        finished.reduce((sum, step) => sum + step.budgetMs - step.remainingMs, 0) + undoneMs(progress, where) + (current ? spentMs(current, at) : 0);
      let status: TimelineEntry['status'];
      if (current) status = 'current';
      else if (finished.length > 0 || (progress.closedAt !== null && actualMs !== 0)) status = 'done';
      else status = progress.closedAt === null ? 'upcoming' : 'notReached';
      return { roundIndex, phaseIndex, phase: planned, plannedMs: planned.durationMs * perStep, actualMs, status };
    }),
  ).flat();
}

/** When each timeline entry begins, in ms after the start, if every step before it keeps its plan. */
export const plannedStartsOf = (entries: readonly Pick<TimelineEntry, 'plannedMs'>[]): number[] =>
  entries.map((_, index) => entries.slice(0, index).reduce((sum, entry) => sum + entry.plannedMs, 0));

export interface TurnEntry {
  readonly turnIndex: number;
  readonly speakerId: string | null;
  readonly plannedMs: number;
  /** Null for a turn not taken yet. */
  readonly actualMs: number | null;
  readonly status: 'done' | 'skipped' | 'current' | 'upcoming' | 'notReached';
}

/**
 * The coaches' turns inside one coach-turns phase of one round: those taken (or skipped), the one
 * in progress, and, while the clinic runs, those still to come. Times are counted as `timeline`
 * counts them, a turn's including any time on it that "back" undid, so the turns add up to the phase.
 */
export function turnTimeline(progress: ClinicProgress, roundIndex: number, phaseIndex: number, at: number): TurnEntry[] {
  const undoneOnTurn = (turnIndex: number) => undoneMs(progress, { roundIndex, phaseIndex, turnIndex });
  const taken: TurnEntry[] = progress.finished
    .filter((step) => isAt(step, { roundIndex, phaseIndex }))
    .map((step) => ({
      turnIndex: step.turnIndex,
      speakerId: step.speakerId,
      plannedMs: step.plannedMs,
      actualMs: step.budgetMs - step.remainingMs + undoneOnTurn(step.turnIndex),
      status: step.skipped ? 'skipped' : 'done',
    }));
  const step = progress.step && isAt(progress.step, { roundIndex, phaseIndex }) ? progress.step : null;
  if (step) {
    taken.push({ turnIndex: step.turnIndex, speakerId: step.speakerId, plannedMs: step.plannedMs, actualMs: spentMs(step, at) + undoneOnTurn(step.turnIndex), status: 'current' });
  }
  const plannedMs = progress.plan[phaseIndex]?.durationMs ?? 0;
  // Turns not taken (again): while the clinic runs, every one still to come. Once it has closed,
  // one that only had time Back undid keeps that time under its coach, and the others were not
  // reached, so the turns still add up to what was planned; a phase never entered lists none,
  // its own row says so.
  const firstToCome = step ? step.turnIndex + 1 : taken.length;
  const untaken = roundLineup(progress, roundIndex)
    .coachIds.map((speakerId, turnIndex): TurnEntry => {
      const undone = undoneOnTurn(turnIndex);
      const actualMs = undone > 0 ? undone : null;
      const status = progress.closedAt === null ? 'upcoming' : actualMs === null ? 'notReached' : 'done';
      return { turnIndex, speakerId, plannedMs, actualMs, status };
    })
    .filter((turn) => turn.turnIndex >= firstToCome);
  const entered = taken.length > 0 || untaken.some((turn) => turn.actualMs !== null);
  return [...taken, ...untaken.filter((turn) => turn.status !== 'notReached' || entered)];
}

export type CoachTurnStatus = 'done' | 'skipped' | 'current' | 'upcoming';

/** Each coach's turn in the current phase, in their order: spoken, skipped, speaking, or still to come. */
export function coachTurnsOf(progress: ClinicProgress, coachIds: readonly string[]): { readonly coachId: string; readonly status: CoachTurnStatus }[] {
  const step = progress.step;
  if (step === null) return [];
  const skippedTurns = new Set(progress.finished.filter((done) => done.skipped && isAt(done, { roundIndex: step.roundIndex, phaseIndex: step.phaseIndex })).map((done) => done.turnIndex));
  return coachIds.map((coachId, index) => ({
    coachId,
    // A coach skipped earlier may be speaking now, in a turn given back past the order.
    status: coachId === step.speakerId ? 'current' : index > step.turnIndex ? 'upcoming' : skippedTurns.has(index) ? 'skipped' : 'done',
  }));
}
