import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { retryWithBackoff } from '../../client/retryWithBackoff.ts';

const NO_ANSWER = new Error('no answer');

/** A request that goes unanswered `lost` times, then is answered; it records when it was sent. */
function request(lost: number) {
  const sentAt: number[] = [];
  const attempt = () => {
    sentAt.push(Date.now());
    return sentAt.length > lost ? Promise.resolve('joined') : Promise.reject(NO_ANSWER);
  };
  return { attempt, sentAt };
}

describe('retrying a request whose answer was lost', () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: 0 });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('asks again, waiting longer each time up to a cap, until it is answered', async () => {
    const { attempt, sentAt } = request(7);
    const answer = retryWithBackoff(attempt, () => true);
    await vi.runAllTimersAsync();
    await expect(answer).resolves.toBe('joined');
    const waits = sentAt.slice(1).map((at, i) => at - sentAt[i]!);
    expect(waits).toEqual([1_000, 2_000, 4_000, 8_000, 16_000, 16_000, 16_000]);
  });

  it('stops as soon as the answer is no longer wanted, so retries never pile up', async () => {
    const { attempt, sentAt } = request(Infinity);
    let wanted = true;
    const answer = retryWithBackoff(attempt, () => wanted);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(sentAt).toEqual([0, 1_000]);
    // E.g. the socket reconnected, which rejoins by itself.
    wanted = false;
    await vi.runAllTimersAsync();
    await expect(answer).resolves.toBeUndefined();
    expect(sentAt).toEqual([0, 1_000]);
  });

  it('waits out an answer it is told to ask again after, like a lost one, and resolves with the first other answer', async () => {
    const answers = ['busy', 'busy', 'joined'];
    const sentAt: number[] = [];
    const answer = retryWithBackoff(
      async () => {
        sentAt.push(Date.now());
        return answers[sentAt.length - 1]!;
      },
      () => true,
      { askAgain: (reply) => reply === 'busy' },
    );
    await vi.runAllTimersAsync();
    await expect(answer).resolves.toBe('joined');
    expect(sentAt).toEqual([0, 1_000, 3_000]);
  });
});
