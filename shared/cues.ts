/**
 * Time cues: people should notice time through calm signals rather than by watching a clock. The
 * wrap-up cue shows a little before time-up (by default a minute for phases, 30 s for a coach's
 * turn), then the time-up cue. Pure: derived from the step and the server time.
 */
import type { ClinicProgress } from './clinicStateSchema.ts';
import { autoAdvanceOfCurrentStep, isInTurnsPhase } from './clinicSteps.ts';
import { remainingMs } from './time.ts';

export type TimeCue = 'none' | 'wrapUp' | 'timeUp';

export function timeCueOf(context: ClinicProgress, at: number): TimeCue {
  const step = context.step;
  if (step === null) return 'none';
  const left = remainingMs(step.timer, at);
  if (left <= 0) return 'timeUp';
  const lead = isInTurnsPhase(context) ? context.cueTimes.turnWrapUpMs : context.cueTimes.phaseWrapUpMs;
  return left <= lead ? 'wrapUp' : 'none';
}

/** Whether time-up should tell everyone "next when you're ready" (soft auto-advance). */
export function showsTimeUpPrompt(context: ClinicProgress, at: number): boolean {
  return autoAdvanceOfCurrentStep(context) === 'soft' && timeCueOf(context, at) === 'timeUp';
}
