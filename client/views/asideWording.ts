/**
 * The words of the asides: what the case giver's signal buttons say, how the facilitator hears
 * each signal, and what the phone shows once it was answered. Pure, decided in one place.
 */
import type { SignalAnswer, SignalKind } from '../../shared/asidesSchema.ts';
import { MS_PER_MINUTE } from '../../shared/time.ts';
import { t, type MessageId } from '../language.ts';

/** What "+ time" on a signal adds: enough to breathe, small enough not to upset the plan. */
export const SIGNAL_EXTRA_MS = 2 * MS_PER_MINUTE;

/** What the case giver's button says and how the facilitator hears it ("Ana needs a moment"), by signal. */
export const signalButtonText = (kind: SignalKind): string => t(`signal.${kind}.button` satisfies MessageId);
export const signalHeardText = (kind: SignalKind, name: string): string => t(`signal.${kind}.heard` satisfies MessageId, { name });

const EXTRA_MINUTES = SIGNAL_EXTRA_MS / MS_PER_MINUTE;

/** How an answer reads on the case giver's phone, and on the console that gave it. */
export const answerOnPhoneText = (answer: SignalAnswer): string => t(`signal.answer.${answer}.onPhone` satisfies MessageId, { minutes: EXTRA_MINUTES });
export const answerOnConsoleText = (answer: SignalAnswer): string => t(`signal.answer.${answer}.onConsole` satisfies MessageId, { minutes: EXTRA_MINUTES });

/** The facilitator's line about a coach who asked to pass. */
export function passRequestText(name: string, declined: boolean, theirTurnNow: boolean): string {
  if (declined) return t('pass.declined', { name });
  return theirTurnNow ? t('pass.now', { name }) : t('pass.later', { name });
}

/** What the coach who asked to pass sees of the answer. */
export const passStatusText = (declined: boolean): string => (declined ? t('pass.status.declined') : t('pass.status.asked'));

export const readyCountText = (ready: number, coaches: number, phase: string, words: MessageId = 'ready.count'): string => t(words, { ready, coaches, phase });

/** A coach's place in the question queue, from their own point of view. */
export const handPlaceText = (place: number): string => (place === 1 ? t('hand.placeNext') : t('hand.place', { place }));
