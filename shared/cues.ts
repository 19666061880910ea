/**
 * Time cues: people should notice time through calm signals rather than by watching a clock. The
 * wrap-up cue shows a little before time-up (by default a minute for phases, 30 s for a coach's
 * turn, but never for more than the last quarter of a step), then the time-up cue. Pure: derived
 * from the step and the server time.
 */
import type { ActiveStep, ClinicProgress } from './clinicStateSchema.ts';
import { autoAdvanceOfCurrentStep, isInTurnsPhase } from './clinicSteps.ts';
import { remainingMs } from './time.ts';

export type TimeCue = 'none' | 'wrapUp' | 'timeUp';

/**
 * The most of a step, as planned, that the wrap-up cue takes: a one-minute silence is not all
 * wrapping up from its first second. As planned, so a step cut short still gets its whole lead.
 */
const MAX_WRAP_UP_SHARE = 0.25;

/** How long before time-up the wrap-up cue shows: a coach's turn has its own, shorter lead; a short step, a share of itself. */
function wrapUpLeadMs(context: ClinicProgress, step: ActiveStep): number {
  const lead = isInTurnsPhase(context) ? context.cueTimes.turnWrapUpMs : context.cueTimes.phaseWrapUpMs;
  return Math.min(lead, step.plannedMs * MAX_WRAP_UP_SHARE);
}

export function timeCueOf(context: ClinicProgress, at: number): TimeCue {
  const step = context.step;
  if (step === null) return 'none';
  const left = remainingMs(step.timer, at);
  if (left <= 0) return 'timeUp';
  return left <= wrapUpLeadMs(context, step) ? 'wrapUp' : 'none';
}

/** Whether time-up should tell everyone "next when you're ready" (soft auto-advance). */
export function showsTimeUpPrompt(context: ClinicProgress, at: number): boolean {
  return autoAdvanceOfCurrentStep(context) === 'soft' && timeCueOf(context, at) === 'timeUp';
}

/** How far the step in progress has come, as fractions of its budget, for a progress bar. */
export interface StepProgress {
  /** Share of the budget used, 0 to 1; stays at 1 in overtime. */
  readonly used: number;
  /** Where the wrap-up zone begins, 0 to 1: the wrap-up cue shows from here on. */
  readonly wrapUpFrom: number;
  readonly overtime: boolean;
}

const clampFraction = (value: number) => Math.min(1, Math.max(0, value));

/**
 * The step in progress (a coach's turn where coaches take turns, else the phase) against its
 * budget, planned time plus time added or removed: the same time and the same wrap-up lead as the
 * countdown and the cue, so the bar, the digits and the cue never disagree. Null with no step.
 */
export function stepProgressOf(context: ClinicProgress, at: number): StepProgress | null {
  const step = context.step;
  if (step === null) return null;
  const left = remainingMs(step.timer, at);
  const overtime = left <= 0;
  // Removing minutes can leave a budget of nothing: the whole of it is then used and wrapping up.
  if (step.budgetMs <= 0) return { used: 1, wrapUpFrom: 0, overtime };
  return {
    used: clampFraction(1 - left / step.budgetMs),
    wrapUpFrom: clampFraction(1 - wrapUpLeadMs(context, step) / step.budgetMs),
    overtime,
  };
}
