/**
 * Which chime, if any, a device gives as the clinic goes on, decided from what it saw at its last
 * look and what it sees now: wrap-up and time-up for everyone with sound on (vibrating only the
 * speaker's phone), also when the clinic moved on by itself at time-up, and "you're up" for the
 * coach whose turn starts. Only changes seen live count, so opening the page mid-overtime stays
 * quiet. Pure, so it can be checked under a fake clock.
 */
import type { ClinicProgress } from '../shared/clinicStateSchema.ts';
import { movedOnByItself } from '../shared/clinicSteps.ts';
import { standingOf } from '../shared/clinicView.ts';
import { timeCueOf, type TimeCue } from '../shared/cues.ts';
import type { CueSound } from './chime.ts';

/** What one device sees of the clinic at one moment, as far as signals go. */
export interface CueMoment {
  /** The step shown, by phase and turn; null outside a running clinic. */
  readonly stepKey: string | null;
  /** The step last left, if the clinic left it by itself at its deadline (hard auto-advance). */
  readonly ranOutStepKey: string | null;
  readonly cue: TimeCue;
  /** This person is the coach whose turn it is. */
  readonly speaking: boolean;
  /** This person speaks in the step shown, coach or case giver: their phone vibrates. */
  readonly isSpeaker: boolean;
}

export interface CueSignal {
  readonly sound: CueSound;
  readonly vibrate: boolean;
}

const keyOf = ({ phaseIndex, turnIndex }: { readonly phaseIndex: number; readonly turnIndex: number }) => `${phaseIndex}:${turnIndex}`;

export function cueMomentOf(progress: ClinicProgress, myId: string, at: number): CueMoment {
  const step = progress.step;
  const previous = progress.finished.at(-1);
  return {
    stepKey: step ? keyOf(step) : null,
    ranOutStepKey: previous && movedOnByItself(previous) ? keyOf(previous) : null,
    cue: timeCueOf(progress, at),
    speaking: standingOf(progress, myId).kind === 'speaking',
    isSpeaker: step !== null && step.speakerId === myId,
  };
}

/** The signal to give now, or null; `before` is null on the first look. */
export function cueSignalOf(before: CueMoment | null, now: CueMoment, soundOn: boolean): CueSignal | null {
  if (!before || !soundOn) return null;
  if (now.speaking && !before.speaking) return { sound: 'yourTurn', vibrate: true };
  if (now.stepKey === before.stepKey) {
    return now.cue !== before.cue && now.cue !== 'none' ? { sound: now.cue, vibrate: now.isSpeaker } : null;
  }
  // The step seen last ran out and the clinic moved on: its time-up, unless it was already given.
  const ranOut = before.stepKey !== null && now.ranOutStepKey === before.stepKey && before.cue !== 'timeUp';
  return ranOut ? { sound: 'timeUp', vibrate: before.isSpeaker } : null;
}
