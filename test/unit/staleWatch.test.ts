import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { StaleWatch, UNANSWERED_PING_LIMIT_MS } from '../../client/staleWatch.ts';

function watch(limitMs?: number) {
  const reports: boolean[] = [];
  const stale = new StaleWatch((value) => reports.push(value), limitMs);
  return { stale, reports };
}

describe('the "may be out of date" watch', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('says nothing while pings are answered in time', () => {
    const { stale, reports } = watch(3_000);
    for (let round = 0; round < 5; round += 1) {
      stale.pingSent();
      vi.advanceTimersByTime(2_999);
      stale.answered();
    }
    vi.advanceTimersByTime(60_000);
    expect(reports).toEqual([]);
  });

  it('turns stale when a ping goes unanswered past its limit, and fresh at the next answer', () => {
    const { stale, reports } = watch(3_000);
    stale.pingSent();
    vi.advanceTimersByTime(2_999);
    expect(reports).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(reports).toEqual([true]);
    // Further pings while stale do not repeat the news.
    stale.pingSent();
    vi.advanceTimersByTime(10_000);
    expect(reports).toEqual([true]);
    stale.answered();
    expect(reports).toEqual([true, false]);
  });

  it('counts from the oldest unanswered ping, not the latest', () => {
    const { stale, reports } = watch(3_000);
    stale.pingSent();
    vi.advanceTimersByTime(2_000);
    stale.pingSent();
    vi.advanceTimersByTime(1_000);
    expect(reports).toEqual([true]);
  });

  it('is stale at once on disconnect and fresh again on reconnect', () => {
    const { stale, reports } = watch(3_000);
    stale.pingSent();
    stale.connectionChanged(false);
    expect(reports).toEqual([true]);
    // The ping lost with the connection does not keep the screen stale after reconnecting.
    vi.advanceTimersByTime(5_000);
    stale.connectionChanged(true);
    expect(reports).toEqual([true, false]);
    vi.advanceTimersByTime(5_000);
    expect(reports).toEqual([true, false]);
  });

  it('waits a few seconds by default, and stops its timer when stopped', () => {
    expect(UNANSWERED_PING_LIMIT_MS).toBeGreaterThanOrEqual(2_000);
    expect(UNANSWERED_PING_LIMIT_MS).toBeLessThanOrEqual(10_000);
    const { stale, reports } = watch();
    stale.pingSent();
    vi.advanceTimersByTime(UNANSWERED_PING_LIMIT_MS);
    expect(reports).toEqual([true]);
    const second = watch();
    second.stale.pingSent();
    second.stale.stop();
    vi.advanceTimersByTime(UNANSWERED_PING_LIMIT_MS * 2);
    expect(second.reports).toEqual([]);
  });
});
