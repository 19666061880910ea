/**
 * The words of the asides: what the case giver's signal buttons say, how the facilitator hears
 * each signal, and what the phone shows once it was answered. Pure, decided in one place.
 */
import type { SignalAnswer, SignalKind } from '../../shared/asidesSchema.ts';
import { MS_PER_MINUTE } from '../../shared/time.ts';
import { ordinal } from './liveWording.ts';

/** What "+ time" on a signal adds: enough to breathe, small enough not to upset the plan. */
export const SIGNAL_EXTRA_MS = 2 * MS_PER_MINUTE;

export const SIGNAL_WORDS: Readonly<Record<SignalKind, { readonly button: string; readonly heard: string }>> = {
  moment: { button: 'I need a moment', heard: 'needs a moment' },
  moreTime: { button: 'More time, please', heard: 'would like more time' },
  slowDown: { button: 'Slow down, please', heard: 'asks to slow down' },
  complete: { button: "I'm complete", heard: 'is complete' },
};

const EXTRA_MINUTES = SIGNAL_EXTRA_MS / MS_PER_MINUTE;

/** How an answer reads on the case giver's phone, and on the console that gave it. */
export const ANSWER_WORDS: Readonly<Record<SignalAnswer, { readonly onPhone: string; readonly onConsole: string }>> = {
  seen: { onPhone: 'seen by the facilitator', onConsole: 'you answered: seen' },
  paused: { onPhone: 'seen, and paused for you', onConsole: 'you paused' },
  addedTime: { onPhone: `seen, and ${EXTRA_MINUTES} minutes added`, onConsole: `you added ${EXTRA_MINUTES} minutes` },
};

/** The facilitator's line about a coach who asked to pass. */
export function passRequestText(name: string, declined: boolean, theirTurnNow: boolean): string {
  if (declined) return `${name} would like to pass (you asked to hear them)`;
  return theirTurnNow ? `${name} would like to pass.` : `${name} would like to pass when their turn comes.`;
}

/** What the coach who asked to pass sees of the answer. */
export const passStatusText = (declined: boolean): string => (declined ? 'The facilitator would like to hear from you.' : 'You asked to pass; the facilitator decides.');

export const readyCountText = (ready: number, coaches: number): string => `${ready} of ${coaches} coaches ready`;

/** A coach's place in the question queue, from their own point of view. */
export const handPlaceText = (place: number): string => (place === 1 ? 'Your hand is up: you ask next.' : `Your hand is up: ${ordinal(place)} in the queue.`);

/** "Ana", "Ana and Bo", "Ana, Bo and Cy". */
export function namesInOrder(names: readonly string[]): string {
  if (names.length <= 1) return names.join('');
  return `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
}
