/**
 * Read-only questions about a clinic that views ask: who is speaking and who is next, each
 * person's place, and the planned-against-actual timeline. Everything is derived from the domain
 * state every device holds; nothing here changes state. What is allowed is `commandRules.ts`.
 */
import type { ClinicProgress } from './clinicStateSchema.ts';
import { nextPosition, speakerAt, spentMs } from './clinicSteps.ts';
import { getFormat, type PhaseDefinition } from './format.ts';

export function phaseDefinition(context: ClinicProgress, phaseIndex: number): PhaseDefinition {
  const phaseId = context.plan[phaseIndex]?.phaseId;
  const phase = getFormat(context.formatId).phases.find((candidate) => candidate.id === phaseId);
  if (!phase) throw new Error(`No phase at index ${phaseIndex}`);
  return phase;
}

export function currentPhase(context: ClinicProgress): PhaseDefinition | null {
  return context.step ? phaseDefinition(context, context.step.phaseIndex) : null;
}

export interface UpNext {
  readonly phase: PhaseDefinition;
  /** Null when the next step is an open conversation. */
  readonly speakerId: string | null;
  /** True when "next" stays inside the current phase (the next coach's turn). */
  readonly sameTurnsPhase: boolean;
}

/** What "next speaker" (or, outside coach turns, "next phase") leads to; null at the last step. */
export function upNext(context: ClinicProgress): UpNext | null {
  const next = nextPosition(context, true);
  if (!next) return null;
  return {
    phase: phaseDefinition(context, next.phaseIndex),
    speakerId: speakerAt(context, next),
    sameTurnsPhase: next.phaseIndex === context.step?.phaseIndex,
  };
}

export type Standing =
  | { readonly kind: 'caseGiver' }
  | { readonly kind: 'speaking' }
  | { readonly kind: 'next' }
  /** `place` is 1-based among the coaches still to speak, counting from the one after the next. */
  | { readonly kind: 'waiting'; readonly place: number; readonly of: number }
  | { readonly kind: 'spoken' }
  | { readonly kind: 'listening' };

/** Where one participant stands: the case giver, a coach's place in the order, or just listening. */
export function standingOf(context: ClinicProgress, participantId: string): Standing {
  if (context.caseGiverId === participantId) return { kind: 'caseGiver' };
  const order = context.coachIds.indexOf(participantId);
  if (order === -1) return { kind: 'listening' };
  const step = context.step;
  if (step === null) {
    return context.closedAt === null ? { kind: 'waiting', place: order + 1, of: context.coachIds.length } : { kind: 'spoken' };
  }
  const inTurns = context.plan[step.phaseIndex]?.speaker === 'eachCoach';
  if (inTurns && step.speakerId === participantId) return { kind: 'speaking' };
  if (upNext(context)?.speakerId === participantId) return { kind: 'next' };
  const firstTurnsPhase = context.plan.findIndex((phase) => phase.speaker === 'eachCoach');
  if (step.phaseIndex < firstTurnsPhase) return { kind: 'waiting', place: order + 1, of: context.coachIds.length };
  if (inTurns && order > step.turnIndex) return { kind: 'waiting', place: order - step.turnIndex, of: context.coachIds.length - step.turnIndex - 1 };
  return { kind: 'spoken' };
}

export interface TimelineEntry {
  readonly phase: PhaseDefinition;
  readonly plannedMs: number;
  /** Time spent so far, excluding pauses, including time Back undid; 0 for phases not reached. */
  readonly actualMs: number;
  readonly status: 'done' | 'current' | 'upcoming' | 'notReached';
}

/** Time spent in a phase (or on one turn of it) on steps that Back then undid. */
function undoneMs(context: ClinicProgress, phaseIndex: number, turnIndex?: number): number {
  return context.undone
    .filter((step) => step.phaseIndex === phaseIndex && (turnIndex === undefined || step.turnIndex === turnIndex))
    .reduce((sum, step) => sum + step.spentMs, 0);
}

/** Planned against actual time for every phase, as of server time `at`. */
export function timeline(context: ClinicProgress, at: number): TimelineEntry[] {
  return context.plan.map((planned, phaseIndex) => {
    const perStep = planned.speaker === 'eachCoach' ? context.coachIds.length : 1;
    const finished = context.finished.filter((step) => step.phaseIndex === phaseIndex);
    const current = context.step?.phaseIndex === phaseIndex ? context.step : null;
    const actualMs =
      finished.reduce((sum, step) => sum + step.budgetMs - step.remainingMs, 0) +
      undoneMs(context, phaseIndex) +
      (current ? spentMs(current, at) : 0);
    let status: TimelineEntry['status'];
    if (current) status = 'current';
    else if (finished.length > 0 || (context.closedAt !== null && actualMs !== 0)) status = 'done';
    else status = context.closedAt === null ? 'upcoming' : 'notReached';
    return { phase: phaseDefinition(context, phaseIndex), plannedMs: planned.durationMs * perStep, actualMs, status };
  });
}

export interface TurnEntry {
  readonly turnIndex: number;
  readonly speakerId: string | null;
  readonly plannedMs: number;
  /** Null for a turn not taken yet. */
  readonly actualMs: number | null;
  readonly status: 'done' | 'skipped' | 'current' | 'upcoming';
}

/**
 * The coaches' turns inside one coach-turns phase: those taken (or skipped), the one in progress,
 * and, while the clinic runs, those still to come. Times are counted as `timeline` counts them,
 * a turn's including any time on it that "back" undid, so the turns add up to the phase.
 */
export function turnTimeline(context: ClinicProgress, phaseIndex: number, at: number): TurnEntry[] {
  const undoneOnTurn = (turnIndex: number) => undoneMs(context, phaseIndex, turnIndex);
  const taken: TurnEntry[] = context.finished
    .filter((step) => step.phaseIndex === phaseIndex)
    .map((step) => ({
      turnIndex: step.turnIndex,
      speakerId: step.speakerId,
      plannedMs: step.plannedMs,
      actualMs: step.budgetMs - step.remainingMs + undoneOnTurn(step.turnIndex),
      status: step.skipped ? 'skipped' : 'done',
    }));
  const step = context.step?.phaseIndex === phaseIndex ? context.step : null;
  if (step) {
    taken.push({ turnIndex: step.turnIndex, speakerId: step.speakerId, plannedMs: step.plannedMs, actualMs: spentMs(step, at) + undoneOnTurn(step.turnIndex), status: 'current' });
  }
  const plannedMs = context.plan[phaseIndex]?.durationMs ?? 0;
  // Turns not taken (again): while the clinic runs, every one still to come; once it has closed,
  // those that only had time Back undid, so that time still shows under its coach.
  const firstToCome = step ? step.turnIndex + 1 : taken.length;
  const untaken = context.coachIds
    .map((speakerId, turnIndex): TurnEntry => {
      const undone = undoneOnTurn(turnIndex);
      const status = context.closedAt === null ? 'upcoming' : 'done';
      return { turnIndex, speakerId, plannedMs, actualMs: undone > 0 ? undone : null, status };
    })
    .filter((turn) => turn.turnIndex >= firstToCome && (turn.status === 'upcoming' || turn.actualMs !== null));
  return [...taken, ...untaken];
}
