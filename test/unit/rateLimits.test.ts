import { describe, expect, it } from 'vitest';
import { ConcurrencyLimit, SlidingWindow, TokenBucket } from '../../server/rateLimits.ts';

describe('token bucket', () => {
  it('allows a burst up to its capacity, then refills at its rate', () => {
    const bucket = new TokenBucket(5, 2, 0);
    expect(Array.from({ length: 6 }, () => bucket.take(0))).toEqual([true, true, true, true, true, false]);
    expect(bucket.take(499)).toBe(false);
    expect(bucket.take(500)).toBe(true);
    expect(bucket.take(500)).toBe(false);
    expect(Array.from({ length: 6 }, () => bucket.take(60_000)).filter(Boolean)).toHaveLength(5);
  });
});

describe('sliding window', () => {
  it('caps hits within the window and forgets them after it', () => {
    const limit = new SlidingWindow(2, 1_000);
    expect(limit.allow(0)).toBe(true);
    expect(limit.allow(10)).toBe(true);
    expect(limit.allow(20)).toBe(false);
    expect(limit.allow(1_000)).toBe(true);
    expect(limit.allow(1_005)).toBe(false);
    expect(limit.allow(1_010)).toBe(true);
  });
});

describe('concurrency limit', () => {
  it('holds at most its limit per key at once, and frees a place on release', () => {
    const limit = new ConcurrencyLimit(2);
    expect([limit.acquire('a'), limit.acquire('a'), limit.acquire('a'), limit.acquire('b')]).toEqual([true, true, false, true]);
    limit.release('a');
    expect([limit.acquire('a'), limit.acquire('a')]).toEqual([true, false]);
  });
});
