/**
 * Asks again when an answer is lost, waiting longer before each retry: soon at first, since one
 * lost answer is the usual case, then never longer than a cap, so a struggling server is not
 * pressed harder yet a recovered one is reached within seconds.
 */
const FIRST_WAIT_MS = 1_000;
const LONGEST_WAIT_MS = 16_000;

export const retryWaitMs = (retry: number) => Math.min(FIRST_WAIT_MS * 2 ** retry, LONGEST_WAIT_MS);

export interface RetryOptions<T> {
  /** Picks an answer to be waited out like a lost one (a momentary refusal). */
  readonly askAgain?: (answer: T) => boolean;
  /** Called before each wait to ask again, while the answer is still wanted (to say so on screen). */
  readonly whileWaiting?: () => void;
}

/**
 * Resolves with the first answer `attempt` gets that `askAgain` does not pick, or undefined once
 * `stillWanted` says the answer no longer matters. `attempt` rejects when no answer came.
 */
export async function retryWithBackoff<T>(attempt: () => Promise<T>, stillWanted: () => boolean, { askAgain = () => false, whileWaiting = () => undefined }: RetryOptions<T> = {}): Promise<T | undefined> {
  for (let retry = 0; ; retry += 1) {
    try {
      const answer = await attempt();
      if (!askAgain(answer)) return answer;
    } catch {
      // No answer: wait, as for an answer asked again.
    }
    if (!stillWanted()) return undefined;
    whileWaiting();
    await new Promise((resolve) => setTimeout(resolve, retryWaitMs(retry)));
    if (!stillWanted()) return undefined;
  }
}
