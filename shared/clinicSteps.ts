/**
 * The clinic's progress and the pure step arithmetic the machine is built from: where the clinic is
 * (round, phase, and coach turn inside a turns phase), where "next" and "back" lead, and how the
 * timer of each step is kept. No I/O and no clock: every function takes the server time it acts at.
 */
import type { ActiveStep, AutoAdvance, ClinicProgress, CueTimes, FinishedStep, PlannedPhase, StepPosition, Timer } from './clinicStateSchema.ts';
import type { ClinicFormat } from './formatSchema.ts';
import { roundCount, roundLineup } from './lineup.ts';
import { adjustTimer, MS_PER_MINUTE, remainingMs, startTimer } from './time.ts';

export const DEFAULT_CUE_TIMES: CueTimes = { phaseWrapUpMs: 60_000, turnWrapUpMs: 30_000 };

export interface ClinicInput {
  readonly format: ClinicFormat;
  /** Whole minutes per phase id (per turn for `eachCoach` phases); missing ids use the format's defaults. */
  readonly minutes?: Readonly<Record<string, number>>;
  /** Per phase id; missing ids keep the format's own. */
  readonly autoAdvance?: Readonly<Record<string, AutoAdvance>>;
  readonly cueTimes?: CueTimes;
}

/** The format's phases as this clinic will run them: lengths and time-up cues as chosen. */
export function planOf({ format, minutes = {}, autoAdvance = {} }: ClinicInput): PlannedPhase[] {
  return format.phases.map((phase) => ({
    phaseId: phase.id,
    title: phase.title,
    purpose: phase.purpose,
    floor: phase.floor,
    caseGiverTurnsAway: phase.caseGiverTurnsAway ?? false,
    clarifyingQuestions: phase.clarifyingQuestions ?? false,
    guidance: phase.guidance,
    durationMs: (minutes[phase.id] ?? phase.defaultMinutes) * MS_PER_MINUTE,
    minimumMs: phase.minimumMinutes * MS_PER_MINUTE,
    autoAdvance: autoAdvance[phase.id] ?? phase.autoAdvance,
  }));
}

export function initialContext(input: ClinicInput): ClinicProgress {
  const { id, name, rounds, roles, caseGiverSeat } = input.format;
  return {
    // Absent unless the format names it, as in records made before the seat had a name.
    format: { id, name, rounds, roles, ...(caseGiverSeat === undefined ? {} : { caseGiverSeat }) },
    plan: planOf(input),
    cueTimes: input.cueTimes ?? DEFAULT_CUE_TIMES,
    lineup: [],
    caseGiverIds: [],
    roleHolders: {},
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

const isTurnsPhase = (phase: PlannedPhase | undefined) => phase?.floor.kind === 'eachCoach';
/** The index of the first phase where each coach takes a turn; -1 for a format without one. */
export const firstTurnsPhase = (context: Pick<ClinicProgress, 'plan'>) => context.plan.findIndex(isTurnsPhase);

/** Roles that take the floor in some phase: the clinic cannot start until someone holds each. */
function rolesWithTheFloor(context: ClinicProgress): string[] {
  return [...new Set(context.plan.flatMap((phase) => (phase.floor.kind === 'role' ? [phase.floor.roleId] : [])))];
}

/** A clinic needs a case giver and, if the format has coach turns, a coach in every round. */
export function isLineupReady(context: ClinicProgress): boolean {
  if (context.caseGiverIds.length === 0) return false;
  const needsCoaches = firstTurnsPhase(context) !== -1;
  return context.caseGiverIds.every((_, round) => !needsCoaches || roundLineup(context, round).coachIds.length > 0);
}

/** Every role that takes the floor has someone to hold it. */
export const areFloorRolesHeld = (context: ClinicProgress): boolean => rolesWithTheFloor(context).every((roleId) => context.roleHolders[roleId] !== undefined);

/**
 * The lineup may change until the first coach turn begins: a coach who arrives during the first
 * Case still gets a turn, and nobody's turn is rewritten after it started.
 */
export function isLineupEditable(context: ClinicProgress): boolean {
  if (context.step === null) return context.startedAt === null;
  const turnsFrom = firstTurnsPhase(context);
  return turnsFrom !== -1 && context.step.roundIndex === 0 && context.step.phaseIndex < turnsFrom;
}

export function isInTurnsPhase(context: ClinicProgress): boolean {
  return context.step !== null && isTurnsPhase(phaseAt(context, context.step.phaseIndex));
}

/**
 * Where "next" leads from the current step: the next coach's turn when `byTurn` and one is left,
 * otherwise the first step of the next phase, or of the next round; null at the very end.
 */
export function nextPosition(context: ClinicProgress, byTurn: boolean): StepPosition | null {
  const step = context.step;
  if (step === null) return null;
  const { roundIndex, phaseIndex, turnIndex } = step;
  if (byTurn && isInTurnsPhase(context) && turnIndex + 1 < roundLineup(context, roundIndex).coachIds.length) {
    return { roundIndex, phaseIndex, turnIndex: turnIndex + 1 };
  }
  if (phaseIndex + 1 < context.plan.length) return { roundIndex, phaseIndex: phaseIndex + 1, turnIndex: 0 };
  return roundIndex + 1 < roundCount(context) ? { roundIndex: roundIndex + 1, phaseIndex: 0, turnIndex: 0 } : null;
}

type PhaseOfRound = Pick<StepPosition, 'roundIndex' | 'phaseIndex'>;
const inPhase = (step: StepPosition, { roundIndex, phaseIndex }: PhaseOfRound) => step.roundIndex === roundIndex && step.phaseIndex === phaseIndex;

/** Coaches whose turn in this phase of this round was skipped, in the order of their turns. */
export function skippedCoaches(context: ClinicProgress, where: PhaseOfRound): string[] {
  const turns = roundLineup(context, where.roundIndex).coachIds.length;
  return context.finished.filter((done) => inPhase(done, where) && done.skipped && done.turnIndex < turns && done.speakerId !== null).map((done) => done.speakerId!);
}

/**
 * Where "back to a skipped coach" leads: once the order's last turn has come, a turn for the next
 * coach who was skipped and has not been given one back yet; null when there is none.
 */
export function nextReturnPosition(context: ClinicProgress): StepPosition | null {
  const step = context.step;
  if (step === null || !isInTurnsPhase(context)) return null;
  const turns = roundLineup(context, step.roundIndex).coachIds.length;
  if (step.turnIndex < turns - 1) return null;
  const givenBack = [...context.finished, step].filter((taken) => inPhase(taken, step) && taken.turnIndex >= turns).length;
  return givenBack < skippedCoaches(context, step).length ? { ...step, turnIndex: turns + givenBack } : null;
}

/** Who holds the floor at `position`; null for an open conversation or stillness. */
export function speakerAt(context: ClinicProgress, position: StepPosition): string | null {
  const { floor } = phaseAt(context, position.phaseIndex);
  const { caseGiverId, coachIds } = roundLineup(context, position.roundIndex);
  switch (floor.kind) {
    case 'caseGiver':
      return caseGiverId;
    case 'eachCoach':
      // Past the round's order come the turns given back to coaches who were skipped.
      return coachIds[position.turnIndex] ?? skippedCoaches(context, position)[position.turnIndex - coachIds.length] ?? null;
    case 'role':
      return context.roleHolders[floor.roleId] ?? null;
    case 'everyone':
    case 'nobody':
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
  return { ...context, step: enterStep(context, { roundIndex: 0, phaseIndex: 0, turnIndex: 0 }, at), finished: [], startedAt: at };
}

/** Leaves the current step (spoken, or skipped) and enters the next one, or the turn given back to a skipped coach. */
export function advance(context: ClinicProgress, at: number, byTurn: boolean, skipped: boolean, toSkipped = false): ClinicProgress {
  const next = toSkipped ? nextReturnPosition(context) : nextPosition(context, byTurn);
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
    undone: [...context.undone, { roundIndex: current.roundIndex, phaseIndex: current.phaseIndex, turnIndex: current.turnIndex, spentMs: spentMs(current, at) }],
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

/**
 * The current step's time moved by `deltaMs` at `at`, its budget with it, so the timeline plans
 * what was added. Time taken off stops at what is left: a step is never sent into time it did not
 * have, which would start the next one late when the step moves on by itself.
 */
export function adjustTime(context: ClinicProgress, deltaMs: number, at: number): ClinicProgress {
  const appliedMs = Math.max(deltaMs, -Math.max(0, remainingMs(requireStep(context).timer, at)));
  return updateTimer(context, (timer) => adjustTimer(timer, appliedMs), appliedMs);
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
