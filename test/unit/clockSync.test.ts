import { describe, expect, it } from 'vitest';
import { ClockOffsetEstimator, estimateOffset, type ClockSample } from '../../shared/clockSync.ts';

/** A ping over a link with the given one-way delays, from a client whose clock is `skewMs` off. */
function ping(serverTime: number, skewMs: number, upMs: number, downMs: number): ClockSample {
  return { sentAt: serverTime + skewMs, serverNow: serverTime + upMs, receivedAt: serverTime + upMs + downMs + skewMs };
}

describe('clock offset estimation', () => {
  it('recovers the offset exactly over a symmetric link, whatever the skew', () => {
    for (const skew of [-600_000, -3, 0, 42, 600_000]) {
      expect(estimateOffset([ping(1e12, skew, 40, 40)])).toBeCloseTo(-skew, 9);
    }
  });

  it('prefers the quickest round trips, whose error is smallest', () => {
    const skew = 123_456;
    // Most samples are slow on the way back, as on a congested uplink; two were quick.
    const samples = [ping(1e12, skew, 10, 300), ping(1e12 + 1_000, skew, 12, 280), ping(1e12 + 2_000, skew, 9, 260), ping(1e12 + 3_000, skew, 6, 8), ping(1e12 + 4_000, skew, 7, 7)];
    const error = Math.abs(estimateOffset(samples)! - -skew);
    expect(error).toBeLessThanOrEqual(1);
    // Taking every sample would have been dragged far off by the lopsided ones.
    expect(Math.abs(estimateOffset(samples, samples.length)! - -skew)).toBeGreaterThan(1);
  });

  it('has no estimate without samples and ignores impossible ones', () => {
    expect(estimateOffset([])).toBeNull();
    expect(estimateOffset([{ sentAt: 10, serverNow: 0, receivedAt: 5 }])).toBeNull();
  });

  it('follows a clock that jumped, once old samples roll out of the window', () => {
    const estimator = new ClockOffsetEstimator(4);
    for (let i = 0; i < 4; i += 1) estimator.add(ping(1e12 + i * 1_000, 0, 20, 20));
    expect(estimator.offsetMs).toBe(0);
    for (let i = 0; i < 4; i += 1) estimator.add(ping(1e12 + 10_000 + i * 1_000, 60_000, 30, 30));
    expect(estimator.offsetMs).toBe(-60_000);
    estimator.reset();
    expect(estimator.offsetMs).toBeNull();
  });
});
