/**
 * Who owns each clinic in a cluster: a lease in Redis, held by one node, kept alive while the node
 * runs and lapsing a few seconds after it stops. Winning a lease yields a fencing token from one
 * counter for every clinic, so each claim's token is higher than every claim before it; the node
 * stores it with the clinic (`claim` in the Postgres store) and every save carries it, so a node
 * that lost its lease (paused, cut off) cannot write once the next owner has claimed.
 *
 * A node also keeps its own reckoning of how long each lease surely lasts, counted from before it
 * asked Redis: past that it may not write without renewing first, even if it has not heard yet.
 */
import type { Redis } from 'ioredis';
import type { ClinicOwnership } from '../nodeNetwork.ts';

const leaseKey = (clinicId: string) => `lease:${clinicId}`;
const FENCE_COUNTER = 'fence';

/** Returns {1, fence} when the caller holds the lease now (taken or already its own), else {0, holder}. */
const ACQUIRE = `
local held = redis.call('GET', KEYS[1])
if held then
  local holder, fence = string.match(held, '^(.*)|(%d+)$')
  if holder == ARGV[1] then
    redis.call('PEXPIRE', KEYS[1], ARGV[2])
    return {1, fence}
  end
  return {0, holder}
end
local fence = redis.call('INCR', KEYS[2])
redis.call('SET', KEYS[1], ARGV[1] .. '|' .. fence, 'PX', ARGV[2])
return {1, tostring(fence)}`;

/** Extends each lease still held as ARGV says (holder|fence); 1 for each kept, 0 for each lost. */
const RENEW = `
local kept = {}
for i, key in ipairs(KEYS) do
  if redis.call('GET', key) == ARGV[i + 1] then
    redis.call('PEXPIRE', key, ARGV[1])
    kept[i] = 1
  else
    kept[i] = 0
  end
end
return kept`;

/** Re-issues the caller's lease with a token above ARGV[3] (the store's), raising the counter first; nil if the lease is not the caller's. */
const OUTRANK = `
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return false end
if tonumber(redis.call('GET', KEYS[2]) or '0') < tonumber(ARGV[3]) then redis.call('SET', KEYS[2], ARGV[3]) end
local fence = redis.call('INCR', KEYS[2])
redis.call('SET', KEYS[1], ARGV[2] .. '|' .. fence, 'PX', ARGV[4])
return tostring(fence)`;

const RELEASE = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0`;

export interface LeaseTiming {
  /** How long a lease lasts unless renewed: how long a stopped node's clinics wait for a new owner. */
  readonly leaseMs: number;
  /** How often held leases are renewed: a few times per lease, so one slow round is no loss. */
  readonly renewEveryMs: number;
}

export const DEFAULT_LEASE_TIMING: LeaseTiming = { leaseMs: 3_000, renewEveryMs: 1_000 };

interface Held {
  readonly fence: number;
  /** performance.now() until which the lease surely lasts. */
  until: number;
}

export class ClinicLeases implements ClinicOwnership {
  private readonly held = new Map<string, Held>();
  private readonly lostListeners: Array<(clinicId: string) => void> = [];
  private readonly renewal: NodeJS.Timeout;

  constructor(
    private readonly redis: Redis,
    private readonly nodeId: string,
    private readonly timing: LeaseTiming = DEFAULT_LEASE_TIMING,
    private readonly log: (message: string, error?: unknown) => void = () => undefined,
  ) {
    this.renewal = setInterval(() => void this.renewAll(), timing.renewEveryMs);
    this.renewal.unref();
  }

  async acquire(clinicId: string): Promise<string | null> {
    const asked = performance.now();
    const [won, fenceOrHolder] = (await this.redis.eval(ACQUIRE, 2, leaseKey(clinicId), FENCE_COUNTER, this.nodeId, this.timing.leaseMs)) as [number, string];
    if (won !== 1) {
      this.held.delete(clinicId);
      return fenceOrHolder;
    }
    const fence = Number(fenceOrHolder);
    const before = this.held.get(clinicId);
    if (before && before.fence !== fence) this.lost(clinicId);
    this.held.set(clinicId, { fence, until: asked + this.timing.leaseMs });
    return null;
  }

  holds(clinicId: string): boolean {
    const held = this.held.get(clinicId);
    return held !== undefined && held.until > performance.now();
  }

  fenceOf(clinicId: string): number {
    const held = this.held.get(clinicId);
    if (!held) throw new Error(`This node holds no lease on clinic ${clinicId}`);
    return held.fence;
  }

  async outrank(clinicId: string, storedFence: number): Promise<boolean> {
    const held = this.held.get(clinicId);
    if (!held) return false;
    const asked = performance.now();
    const fence = (await this.redis.eval(OUTRANK, 2, leaseKey(clinicId), FENCE_COUNTER, `${this.nodeId}|${held.fence}`, this.nodeId, storedFence, this.timing.leaseMs)) as string | null;
    if (fence === null) return false;
    this.held.set(clinicId, { fence: Number(fence), until: asked + this.timing.leaseMs });
    return true;
  }

  async release(clinicId: string): Promise<void> {
    const held = this.held.get(clinicId);
    if (!held) return;
    this.held.delete(clinicId);
    await this.redis.eval(RELEASE, 1, leaseKey(clinicId), `${this.nodeId}|${held.fence}`);
  }

  onLost(listener: (clinicId: string) => void): void {
    this.lostListeners.push(listener);
  }

  async holders(clinicIds: readonly string[]): Promise<Array<string | null>> {
    if (clinicIds.length === 0) return [];
    const leases = await this.redis.mget(clinicIds.map(leaseKey));
    return leases.map((lease) => (lease === null ? null : lease.slice(0, lease.lastIndexOf('|'))));
  }

  /** Lets go of every lease, for a node that stops: the others take its clinics at once. */
  async releaseAll(): Promise<void> {
    clearInterval(this.renewal);
    await Promise.all([...this.held.keys()].map((clinicId) => this.release(clinicId)));
  }

  /** Renews every lease held in one round trip; a lease that lapsed or was taken is lost. */
  private async renewAll(): Promise<void> {
    const clinicIds = [...this.held.keys()];
    if (clinicIds.length === 0) return;
    const asked = performance.now();
    const values = clinicIds.map((clinicId) => `${this.nodeId}|${this.held.get(clinicId)!.fence}`);
    let kept: number[];
    try {
      kept = (await this.redis.eval(RENEW, clinicIds.length, ...clinicIds.map(leaseKey), this.timing.leaseMs, ...values)) as number[];
    } catch (error) {
      // Not renewed is not lost: each lease lasts until its own reckoning runs out, and saves check it.
      this.log('could not renew clinic leases', error);
      return;
    }
    clinicIds.forEach((clinicId, index) => {
      const held = this.held.get(clinicId);
      // Released or taken again meanwhile: this round's answer is not about that claim.
      if (!held || `${this.nodeId}|${held.fence}` !== values[index]) return;
      if (kept[index] === 1) held.until = asked + this.timing.leaseMs;
      else {
        this.held.delete(clinicId);
        this.lost(clinicId);
      }
    });
  }

  private lost(clinicId: string): void {
    for (const listener of this.lostListeners) listener(clinicId);
  }
}
