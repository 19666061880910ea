/**
 * The clinic's context and the pure step arithmetic the machine is built from: where the clinic is
 * (phase, and coach turn inside a turns phase), where "next" and "back" lead, and how the timer of
 * each step is kept. No I/O and no clock: every function takes the server time it acts at.
 */
import type { ClinicFormat, SpeakerRule } from './format.ts';
import { MS_PER_MINUTE, remainingMs, startTimer, type Timer } from './time.ts';

/**
 * What happens at time-up: `off` counts into overtime quietly; `soft` also tells everyone "time's
 * up, next when you're ready"; `hard` moves on by itself (coach to coach, phase to phase).
 */
export type AutoAdvance = 'off' | 'soft' | 'hard';

export const AUTO_ADVANCE_MODES: readonly AutoAdvance[] = ['off', 'soft', 'hard'];

export interface PlannedPhase {
  readonly phaseId: string;
  readonly speaker: SpeakerRule;
  /** For `eachCoach` phases, the length of one turn. */
  readonly durationMs: number;
  readonly autoAdvance: AutoAdvance;
}

/** How long before time-up the wrap-up cue shows. */
export interface CueTimes {
  readonly phaseWrapUpMs: number;
  readonly turnWrapUpMs: number;
}

export const DEFAULT_CUE_TIMES: CueTimes = { phaseWrapUpMs: 60_000, turnWrapUpMs: 30_000 };

export interface StepPosition {
  readonly phaseIndex: number;
  /** Which coach's turn inside an `eachCoach` phase; 0 elsewhere. */
  readonly turnIndex: number;
}

interface StepBudget extends StepPosition {
  /** Fixed when the step starts, so later lineup edits never change who had the floor. */
  readonly speakerId: string | null;
  readonly plannedMs: number;
  /** Planned time plus whatever the facilitator added or removed. */
  readonly budgetMs: number;
}

export interface ActiveStep extends StepBudget {
  readonly timer: Timer;
  /**
   * Never moves on by itself: brought back by "back", or already in overtime when its phase was
   * set to move on by itself. A hard auto-advance then behaves as soft.
   */
  readonly waitsForFacilitator: boolean;
}

export interface FinishedStep extends StepBudget {
  /** Time that was left when the step ended; negative if it ran over. */
  readonly remainingMs: number;
  readonly skipped: boolean;
}

/** Time spent on a step that "back" then undid: it still happened, so the summary counts it. */
export interface UndoneStep extends StepPosition {
  readonly spentMs: number;
}

export interface ClinicContext {
  readonly formatId: string;
  readonly plan: readonly PlannedPhase[];
  readonly cueTimes: CueTimes;
  readonly caseGiverId: string | null;
  readonly coachIds: readonly string[];
  /** The step in progress; null before the start and after the close. */
  readonly step: ActiveStep | null;
  /** Steps already left behind, oldest first; "back" pops the last one. */
  readonly finished: readonly FinishedStep[];
  readonly undone: readonly UndoneStep[];
  readonly startedAt: number | null;
  readonly closedAt: number | null;
}

export interface ClinicInput {
  readonly format: ClinicFormat;
  /** Whole minutes per phase id (per turn for `eachCoach` phases); missing ids use the format's defaults. */
  readonly minutes?: Readonly<Record<string, number>>;
  /** Per phase id; missing ids are `off`. */
  readonly autoAdvance?: Readonly<Record<string, AutoAdvance>>;
  readonly cueTimes?: CueTimes;
}

export function initialContext({ format, minutes = {}, autoAdvance = {}, cueTimes = DEFAULT_CUE_TIMES }: ClinicInput): ClinicContext {
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

function phaseAt(context: ClinicContext, phaseIndex: number): PlannedPhase {
  const phase = context.plan[phaseIndex];
  if (!phase) throw new Error(`No phase at index ${phaseIndex}`);
  return phase;
}

const hasTurnsPhase = (context: ClinicContext) => context.plan.some((phase) => phase.speaker === 'eachCoach');

/** A clinic can start once it has a case giver and, if the format has coach turns, a coach. */
export function isLineupReady(context: ClinicContext): boolean {
  return context.caseGiverId !== null && (!hasTurnsPhase(context) || context.coachIds.length > 0);
}

/**
 * The lineup may change until the first coach turn begins: a coach who arrives during the Case
 * still gets a turn, and nobody's turn is rewritten after it started.
 */
export function isLineupEditable(context: ClinicContext): boolean {
  if (context.step === null) return context.startedAt === null;
  const firstTurnsPhase = context.plan.findIndex((phase) => phase.speaker === 'eachCoach');
  return firstTurnsPhase !== -1 && context.step.phaseIndex < firstTurnsPhase;
}

export function isCoachOrderValid(context: ClinicContext, coachIds: readonly string[]): boolean {
  return new Set(coachIds).size === coachIds.length && !coachIds.includes(context.caseGiverId ?? '');
}

export function isInTurnsPhase(context: ClinicContext): boolean {
  return context.step !== null && phaseAt(context, context.step.phaseIndex).speaker === 'eachCoach';
}

/**
 * Where "next" leads from the current step: the next coach's turn when `byTurn` and one is left,
 * otherwise the first step of the next phase; null when the clinic has nowhere further to go.
 */
export function nextPosition(context: ClinicContext, byTurn: boolean): StepPosition | null {
  const step = context.step;
  if (step === null) return null;
  if (byTurn && isInTurnsPhase(context) && step.turnIndex + 1 < context.coachIds.length) {
    return { phaseIndex: step.phaseIndex, turnIndex: step.turnIndex + 1 };
  }
  return step.phaseIndex + 1 < context.plan.length ? { phaseIndex: step.phaseIndex + 1, turnIndex: 0 } : null;
}

export function speakerAt(context: ClinicContext, position: StepPosition): string | null {
  switch (phaseAt(context, position.phaseIndex).speaker) {
    case 'caseGiver':
      return context.caseGiverId;
    case 'eachCoach':
      return context.coachIds[position.turnIndex] ?? null;
    case 'everyone':
      return null;
  }
}

function enterStep(context: ClinicContext, position: StepPosition, at: number): ActiveStep {
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
export function spentMs(step: StepBudget & { readonly timer: Timer }, at: number): number {
  return step.budgetMs - remainingMs(step.timer, at);
}

function requireStep(context: ClinicContext): ActiveStep {
  if (context.step === null) throw new Error('The clinic has no step in progress');
  return context.step;
}

export function startClinic(context: ClinicContext, at: number): ClinicContext {
  return { ...context, step: enterStep(context, { phaseIndex: 0, turnIndex: 0 }, at), finished: [], startedAt: at };
}

/** Leaves the current step (spoken, or skipped) and enters the one `nextPosition` names. */
export function advance(context: ClinicContext, at: number, byTurn: boolean, skipped: boolean): ClinicContext {
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
export function goBack(context: ClinicContext, at: number): ClinicContext {
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

export function closeClinic(context: ClinicContext, at: number): ClinicContext {
  return {
    ...context,
    finished: [...context.finished, finishStep(requireStep(context), at, false)],
    step: null,
    closedAt: at,
  };
}

export function updateTimer(context: ClinicContext, update: (timer: Timer) => Timer, extraBudgetMs = 0): ClinicContext {
  const step = requireStep(context);
  return { ...context, step: { ...step, timer: update(step.timer), budgetMs: step.budgetMs + extraBudgetMs } };
}

export function isPastDeadline(context: ClinicContext, at: number): boolean {
  return context.step !== null && remainingMs(context.step.timer, at) <= 0;
}

/** What happens at the current step's time-up; a step that waits for the facilitator never moves on by itself. */
export function autoAdvanceOfCurrentStep(context: ClinicContext): AutoAdvance {
  if (context.step === null) return 'off';
  const mode = phaseAt(context, context.step.phaseIndex).autoAdvance;
  return context.step.waitsForFacilitator && mode === 'hard' ? 'soft' : mode;
}

/** When the running step's time is up; what a hard auto-advance records as the moment it moved on. */
export function deadlineOf(context: ClinicContext): number {
  const timer = requireStep(context).timer;
  if (timer.status !== 'running') throw new Error('Only a running step has a deadline');
  return timer.deadlineAt;
}

/**
 * Sets what happens at a phase's time-up, from the next time-up on: a step of that phase already
 * in overtime stays until the facilitator moves on, also after a restart re-checks its deadline.
 */
export function setAutoAdvance(context: ClinicContext, phaseId: string, mode: AutoAdvance, at: number): ClinicContext {
  const plan = context.plan.map((phase) => (phase.phaseId === phaseId ? { ...phase, autoAdvance: mode } : phase));
  const step = context.step;
  const overtimeInPhase = step !== null && context.plan[step.phaseIndex]?.phaseId === phaseId && isPastDeadline(context, at);
  return { ...context, plan, step: overtimeInPhase ? { ...step, waitsForFacilitator: true } : step };
}

/**
 * When the whole clinic would end if every remaining step took exactly its budget from now on:
 * the current step's time left (none once in overtime), then every later turn and phase as planned.
 */
export function projectedEndAt(context: ClinicContext, at: number): number | null {
  const step = context.step;
  if (step === null) return context.closedAt;
  let total = at + Math.max(0, remainingMs(step.timer, at));
  for (let position = nextPosition(context, true); position !== null; position = nextPositionAfter(context, position)) {
    total += phaseAt(context, position.phaseIndex).durationMs;
  }
  return total;
}

function nextPositionAfter(context: ClinicContext, position: StepPosition): StepPosition | null {
  return nextPosition({ ...context, step: { ...requireStep(context), ...position } }, true);
}
