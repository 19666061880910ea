/**
 * The asides' fixed lists, free of any validator so views can import them: the case giver's
 * signal kinds, a facilitator's answers, and the asides of a clinic where nothing was asked yet.
 */
import type { AsidesView, StoredAsides } from './asidesSchema.ts';

/** One tap each on the case giver's phone. */
export const SIGNAL_KINDS = ['moment', 'moreTime', 'slowDown', 'complete'] as const;

/** How a facilitator answered a signal: seen, or seen and acted on. */
export const SIGNAL_ANSWERS = ['seen', 'paused', 'addedTime'] as const;

export const NO_ASIDES: StoredAsides = { signals: [], readyIds: [], passRequests: [], hands: [], questionsAnswered: {} };

/** What a device shows before the server has sent its view of the asides. */
export const NO_ASIDES_VIEW: AsidesView = { revision: 0, signals: [], readyIds: [], hands: [], passRequests: [] };
