/**
 * Rate limits, pure and clock-free: callers pass the time. A token bucket paces each connection's
 * events (short bursts are fine, floods are not); a sliding window caps its asides, keeping just
 * the times of its hits, since every connection has one; a concurrency cap limits the connections
 * one address holds open at once.
 */

export class TokenBucket {
  private tokens: number;
  private refilledAt: number;

  constructor(
    private readonly capacity: number,
    private readonly refillPerSecond: number,
    now: number,
  ) {
    this.tokens = capacity;
    this.refilledAt = now;
  }

  /** Takes one token if there is one. */
  take(now: number): boolean {
    const elapsedSeconds = Math.max(0, now - this.refilledAt) / 1_000;
    this.tokens = Math.min(this.capacity, this.tokens + elapsedSeconds * this.refillPerSecond);
    this.refilledAt = now;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}

export class SlidingWindow {
  /** The times of the hits counted, some perhaps already out of the window. */
  private hits: number[] = [];

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
  ) {}

  /** Counts a hit unless there were already `limit` hits within the window. */
  allow(now: number): boolean {
    this.hits = this.hits.filter((at) => now - at < this.windowMs);
    const allowed = this.hits.length < this.limit;
    if (allowed) this.hits.push(now);
    return allowed;
  }
}

export class ConcurrencyLimit {
  private readonly open = new Map<string, number>();

  constructor(private readonly limit: number) {}

  /** Takes a place for `key` unless it already holds `limit`; give it back with `release`. */
  acquire(key: string): boolean {
    const held = this.open.get(key) ?? 0;
    if (held >= this.limit) return false;
    this.open.set(key, held + 1);
    return true;
  }

  release(key: string): void {
    const held = (this.open.get(key) ?? 0) - 1;
    if (held > 0) this.open.set(key, held);
    else this.open.delete(key);
  }
}
