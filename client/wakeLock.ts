/**
 * Keeps the screen on while a clinic runs (a phone on the table must not dim), re-acquiring the
 * lock whenever the page becomes visible again, since browsers release it when a tab is hidden.
 */
import { useEffect, useState } from 'react';

export type WakeLockStatus = 'off' | 'on' | 'unsupported' | 'refused';

export function useScreenWakeLock(wanted: boolean): WakeLockStatus {
  const [status, setStatus] = useState<WakeLockStatus>('off');

  useEffect(() => {
    if (!wanted) {
      setStatus('off');
      return undefined;
    }
    if (!('wakeLock' in navigator)) {
      setStatus('unsupported');
      return undefined;
    }
    let sentinel: WakeLockSentinel | null = null;
    let cancelled = false;
    const acquire = async () => {
      if (document.visibilityState !== 'visible' || (sentinel && !sentinel.released)) return;
      try {
        sentinel = await navigator.wakeLock.request('screen');
        if (cancelled) void sentinel.release();
        else setStatus('on');
      } catch {
        // Refused, e.g. battery saver: the clinic works without it; the view says so quietly.
        if (!cancelled) setStatus('refused');
      }
    };
    void acquire();
    document.addEventListener('visibilitychange', acquire);
    return () => {
      cancelled = true;
      document.removeEventListener('visibilitychange', acquire);
      void sentinel?.release();
    };
  }, [wanted]);

  return status;
}
