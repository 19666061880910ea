/**
 * Re-renders exactly when a countdown's reading changes. The time left is always recomputed from
 * the deadline and the measured server clock, never by counting ticks, so a tab that was asleep is
 * right on its first frame back.
 */
import { useEffect, useReducer } from 'react';
import type { Timer } from '../shared/clinicStateSchema.ts';
import { msUntilNextFlip, remainingMs } from '../shared/time.ts';
import { serverNow, useClinicStore } from './clinicStore.ts';

/** A few ms past the flip, so the redraw lands after it rather than a hair before. */
const FLIP_MARGIN_MS = 5;

export function useRemainingMs(timer: Timer | null): number | null {
  const [, redraw] = useReducer((count: number) => count + 1, 0);
  // Subscribing to the offset redraws as soon as a fresh clock measurement arrives.
  useClinicStore((state) => state.clockOffsetMs);
  const left = timer ? remainingMs(timer, serverNow()) : null;

  useEffect(() => {
    if (left === null || timer?.status !== 'running') return undefined;
    const handle = window.setTimeout(redraw, msUntilNextFlip(left) + FLIP_MARGIN_MS);
    return () => window.clearTimeout(handle);
  });

  useEffect(() => {
    const onVisible = () => document.visibilityState === 'visible' && redraw();
    document.addEventListener('visibilitychange', onVisible);
    return () => document.removeEventListener('visibilitychange', onVisible);
  }, []);

  return left;
}

/** Server time now, refreshed every second: for views that show elapsed totals. */
export function useServerNowEverySecond(): number {
  const [, redraw] = useReducer((count: number) => count + 1, 0);
  useEffect(() => {
    const handle = window.setInterval(redraw, 1_000);
    return () => window.clearInterval(handle);
  }, []);
  return serverNow();
}
