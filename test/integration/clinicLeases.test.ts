/**
 * Clinic leases on the throwaway Redis (redisSetup.ts): one holder at a time, kept while renewed,
 * lapsing when not, each new claim with a higher fencing token. Leases here are short, and waits
 * poll for the lapse rather than sleep a guess.
 */
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterEach, describe, expect, inject, it, vi } from 'vitest';
import { ClinicLeases, type LeaseTiming } from '../../server/cluster/clinicLeases.ts';

const opened: Array<{ leases: ClinicLeases; redis: Redis }> = [];

afterEach(async () => {
  for (const { leases, redis } of opened.splice(0)) {
    await leases.releaseAll();
    redis.disconnect();
  }
});

/** A node's leases on a key space of this test's own; `renewEveryMs` long means it never renews, like a paused node. */
function node(nodeId: string, namespace: string, timing: LeaseTiming): ClinicLeases {
  const redis = new Redis(inject('redisUrl'), { keyPrefix: `${namespace}:` });
  const leases = new ClinicLeases(redis, nodeId, timing);
  opened.push({ leases, redis });
  return leases;
}

/** Renewed many times per lease, so a busy machine's pauses do not lose one. */
const RENEWING: LeaseTiming = { leaseMs: 1_000, renewEveryMs: 100 };
const NEVER_RENEWING: LeaseTiming = { leaseMs: 400, renewEveryMs: 60_000 };

describe('clinic leases', () => {
  it('are held by one node at a time; the others learn which', async () => {
    const namespace = randomUUID();
    const [a, b] = [node('a', namespace, RENEWING), node('b', namespace, RENEWING)];
    const results = await Promise.all([a.acquire('clinic-1'), b.acquire('clinic-1')]);
    expect(results.filter((holder) => holder === null)).toHaveLength(1);
    const winner = results[0] === null ? 'a' : 'b';
    expect(results).toContain(winner);
    expect(await a.holders(['clinic-1', 'clinic-2'])).toEqual([winner, null]);
  });

  it('last while their holder renews them, and go to another node at once when released', async () => {
    const namespace = randomUUID();
    const [a, b] = [node('a', namespace, RENEWING), node('b', namespace, RENEWING)];
    expect(await a.acquire('clinic-1')).toBeNull();
    const fence = a.fenceOf('clinic-1');
    // Two lease lengths later it is still a's: renewals kept it.
    await new Promise((resolve) => setTimeout(resolve, 2 * RENEWING.leaseMs));
    expect(await b.acquire('clinic-1')).toBe('a');
    expect(a.holds('clinic-1')).toBe(true);

    await a.release('clinic-1');
    expect(a.holds('clinic-1')).toBe(false);
    expect(await b.acquire('clinic-1')).toBeNull();
    expect(b.fenceOf('clinic-1')).toBeGreaterThan(fence);
  });

  it('lapse when not renewed: the holder stops counting on it, and the next claim outranks it', async () => {
    const namespace = randomUUID();
    const [paused, b] = [node('paused', namespace, NEVER_RENEWING), node('b', namespace, RENEWING)];
    expect(await paused.acquire('clinic-1')).toBeNull();
    const fence = paused.fenceOf('clinic-1');
    await vi.waitFor(async () => expect(await b.acquire('clinic-1')).toBeNull(), { timeout: 4 * NEVER_RENEWING.leaseMs, interval: 50 });
    expect(b.fenceOf('clinic-1')).toBeGreaterThan(fence);
    // By its own clock the paused node knows its lease ran out, before anyone tells it.
    expect(paused.holds('clinic-1')).toBe(false);
    // Asking again, it finds the clinic b's (the registry then stops its room).
    expect(await paused.acquire('clinic-1')).toBe('b');
  });

  it('report a lease taken over at the next renewal', async () => {
    const namespace = randomUUID();
    const [a, b] = [node('a', namespace, RENEWING), node('b', namespace, RENEWING)];
    const lost = vi.fn();
    a.onLost(lost);
    expect(await a.acquire('clinic-1')).toBeNull();
    // Another node's claim replaces a's lease behind its back (as after a partition).
    const redis = new Redis(inject('redisUrl'), { keyPrefix: `${namespace}:` });
    await redis.set('lease:clinic-1', 'b|999', 'PX', 5_000);
    redis.disconnect();
    await vi.waitFor(() => expect(lost).toHaveBeenCalledWith('clinic-1'), { timeout: 2_000 });
    expect(a.holds('clinic-1')).toBe(false);
    expect(await b.holders(['clinic-1'])).toEqual(['b']);
  });
});
