/**
 * The clinic's progress and the pure step arithmetic the machine is built from: where the clinic is
 * (phase, and coach turn inside a turns phase), where "next" and "back" lead, and how the timer of
 * each step is kept. No I/O and no clock: every function takes the server time it acts at.
 */
import type { ActiveStep, AutoAdvance, ClinicProgress, CueTimes, FinishedStep, PlannedPhase, StepPosition, Timer } from './clinicStateSchema.ts';
import type { ClinicFormat } from './format.ts';
import { MS_PER_MINUTE, remainingMs, startTimer } from './time.ts';

export const DEFAULT_CUE_TIMES: CueTimes = { phaseWrapUpMs: 60_000, turnWrapUpMs: 30_000 };

export interface ClinicInput {
  readonly format: ClinicFormat;
  /** Whole minutes per phase id (per turn for `eachCoach` phases); missing ids use the format's defaults. */
  readonly minutes?: Readonly<Record<string, number>>;
  /** Per phase id; missing ids are `off`. */
  readonly autoAdvance?: Readonly<Record<string, AutoAdvance>>;
  readonly cueTimes?: CueTimes;
}

export function initialContext({ format, minutes = {}, autoAdvance = {}, cueTimes = DEFAULT_CUE_TIMES }: ClinicInput): ClinicProgress {
  return {
    formatId: format.id,
    plan: format.phases.map((phase) => ({
      phaseId: phase.id,
      speaker: phase.speaker,
      durationMs: (minutes[phase.id] ?? phase.defaultMinutes) * MS_PER_MINUTE,
      autoAdvance: autoAdvance[phase.id] ?? 'off',
    })),
    cueTimes,
    caseGiverId: null,
    coachIds: [],
    step: null,
    finished: [],
    undone: [],
    startedAt: null,
    closedAt: null,
  };
}

function phaseAt(context: ClinicProgress, phaseIndex: number): PlannedPhase {
  const phase = context.plan[phaseIndex];
  if (!phase) throw new Error(`No phase at index ${phaseIndex}`);
  return phase;
}

const hasTurnsPhase = (context: ClinicProgress) => context.plan.some((phase) => phase.speaker === 'eachCoach');

/** A clinic can start once it has a case giver and, if the format has coach turns, a coach. */
export function isLineupReady(context: ClinicProgress): boolean {
  return context.caseGiverId !== null && (!hasTurnsPhase(context) || context.coachIds.length > 0);
}

/**
 * The lineup may change until the first coach turn begins: a coach who arrives during the Case
 * still gets a turn, and nobody's turn is rewritten after it started.
 */
export function isLineupEditable(context: ClinicProgress): boolean {
  if (context.step === null) return context.startedAt === null;
  const firstTurnsPhase = context.plan.findIndex((phase) => phase.speaker === 'eachCoach');
  return firstTurnsPhase !== -1 && context.step.phaseIndex < firstTurnsPhase;
}

export function isCoachOrderValid(context: ClinicProgress, coachIds: readonly string[]): boolean {
  return new Set(coachIds).size === coachIds.length && !coachIds.includes(context.caseGiverId ?? '');
}

export function isInTurnsPhase(context: ClinicProgress): boolean {
  return context.step !== null && phaseAt(context, context.step.phaseIndex).speaker === 'eachCoach';
}

/**
 * Where "next" leads from the current step: the next coach's turn when `byTurn` and one is left,
 * otherwise the first step of the next phase; null when the clinic has nowhere further to go.
 */
export function nextPosition(context: ClinicProgress, byTurn: boolean): StepPosition | null {
  const step = context.step;
  if (step === null) return null;
  if (byTurn && isInTurnsPhase(context) && step.turnIndex + 1 < context.coachIds.length) {
    return { phaseIndex: step.phaseIndex, turnIndex: step.turnIndex + 1 };
  }
  return step.phaseIndex + 1 < context.plan.length ? { phaseIndex: step.phaseIndex + 1, turnIndex: 0 } : null;
}

export function speakerAt(context: ClinicProgress, position: StepPosition): string | null {
  switch (phaseAt(context, position.phaseIndex).speaker) {
    case 'caseGiver':
      return context.caseGiverId;
    case 'eachCoach':
      return context.coachIds[position.turnIndex] ?? null;
    case 'everyone':
      return null;
  }
}

function enterStep(context: ClinicProgress, position: StepPosition, at: number): ActiveStep {
  const plannedMs = phaseAt(context, position.phaseIndex).durationMs;
  return {
    ...position,
    speakerId: speakerAt(context, position),
    plannedMs,
    budgetMs: plannedMs,
    timer: startTimer(plannedMs, at),
    waitsForFacilitator: false,
  };
}

function finishStep(step: ActiveStep, at: number, skipped: boolean): FinishedStep {
  const { timer, waitsForFacilitator: _waits, ...budget } = step;
  return { ...budget, remainingMs: remainingMs(timer, at), skipped };
}

/**
 * Whether the clinic left this step by itself at its deadline (a hard auto-advance): that records
 * exactly no time to spare, while a facilitator's move records the time left or the overtime.
 */
export function movedOnByItself(step: FinishedStep): boolean {
  return step.remainingMs === 0 && !step.skipped;
}

/** Time a step has been running (pauses excluded), counting any time added or removed. */
export function spentMs(step: Omit<ActiveStep, 'waitsForFacilitator'>, at: number): number {
  return step.budgetMs - remainingMs(step.timer, at);
}

function requireStep(context: ClinicProgress): ActiveStep {
  if (context.step === null) throw new Error('The clinic has no step in progress');
  return context.step;
}

export function startClinic(context: ClinicProgress, at: number): ClinicProgress {
  return { ...context, step: enterStep(context, { phaseIndex: 0, turnIndex: 0 }, at), finished: [], startedAt: at };
}

/** Leaves the current step (spoken, or skipped) and enters the one `nextPosition` names. */
export function advance(context: ClinicProgress, at: number, byTurn: boolean, skipped: boolean): ClinicProgress {
  const next = nextPosition(context, byTurn);
  if (next === null) throw new Error('There is no next step');
  return {
    ...context,
    finished: [...context.finished, finishStep(requireStep(context), at, skipped)],
    step: enterStep(context, next, at),
  };
}

/**
 * Undoes the last move: the previous step comes back with the time it had left when it was left,
 * and waits for the facilitator (after a hard auto-advance it would otherwise leave again at once).
 */
export function goBack(context: ClinicProgress, at: number): ClinicProgress {
  const previous = context.finished.at(-1);
  if (!previous) throw new Error('There is no previous step');
  const current = requireStep(context);
  const { remainingMs: leftMs, skipped: _skipped, ...budget } = previous;
  return {
    ...context,
    finished: context.finished.slice(0, -1),
    undone: [...context.undone, { phaseIndex: current.phaseIndex, turnIndex: current.turnIndex, spentMs: spentMs(current, at) }],
    step: { ...budget, timer: startTimer(leftMs, at), waitsForFacilitator: true },
  };
}

export function closeClinic(context: ClinicProgress, at: number): ClinicProgress {
  return {
    ...context,
    finished: [...context.finished, finishStep(requireStep(context), at, false)],
    step: null,
    closedAt: at,
  };
}

export function updateTimer(context: ClinicProgress, update: (timer: Timer) => Timer, extraBudgetMs = 0): ClinicProgress {
  const step = requireStep(context);
  return { ...context, step: { ...step, timer: update(step.timer), budgetMs: step.budgetMs + extraBudgetMs } };
}

export function isPastDeadline(context: ClinicProgress, at: number): boolean {
  return context.step !== null && remainingMs(context.step.timer, at) <= 0;
}

/** What happens at the current step's time-up; a step that waits for the facilitator never moves on by itself. */
export function autoAdvanceOfCurrentStep(context: ClinicProgress): AutoAdvance {
  if (context.step === null) return 'off';
  const mode = phaseAt(context, context.step.phaseIndex).autoAdvance;
  return context.step.waitsForFacilitator && mode === 'hard' ? 'soft' : mode;
}

/** When the running step's time is up; what a hard auto-advance records as the moment it moved on. */
export function deadlineOf(context: ClinicProgress): number {
  const timer = requireStep(context).timer;
  if (timer.status !== 'running') throw new Error('Only a running step has a deadline');
  return timer.deadlineAt;
}

/**
 * Sets what happens at a phase's time-up, from the next time-up on: a step of that phase already
 * in overtime stays until the facilitator moves on, also after a restart re-checks its deadline.
 */
export function setAutoAdvance(context: ClinicProgress, phaseId: string, mode: AutoAdvance, at: number): ClinicProgress {
  const plan = context.plan.map((phase) => (phase.phaseId === phaseId ? { ...phase, autoAdvance: mode } : phase));
  const step = context.step;
  const overtimeInPhase = step !== null && context.plan[step.phaseIndex]?.phaseId === phaseId && isPastDeadline(context, at);
  return { ...context, plan, step: overtimeInPhase ? { ...step, waitsForFacilitator: true } : step };
}

/**
 * When the whole clinic would end if every remaining step took exactly its budget from now on:
 * the current step's time left (none once in overtime), then every later turn and phase as planned.
 */
export function projectedEndAt(context: ClinicProgress, at: number): number | null {
  const step = context.step;
  if (step === null) return context.closedAt;
  let total = at + Math.max(0, remainingMs(step.timer, at));
  for (let position = nextPosition(context, true); position !== null; position = nextPositionAfter(context, position)) {
    total += phaseAt(context, position.phaseIndex).durationMs;
  }
  return total;
}

function nextPositionAfter(context: ClinicProgress, position: StepPosition): StepPosition | null {
  return nextPosition({ ...context, step: { ...requireStep(context), ...position } }, true);
}
