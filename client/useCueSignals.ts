/** Plays the chime and vibration `cueSignalOf` calls for, each time the clinic page looks again. */
import { useEffect, useRef } from 'react';
import type { ClinicProgress } from '../shared/clinicStateSchema.ts';
import { playChime, vibrate } from './chime.ts';
import { cueMomentOf, cueSignalOf, type CueMoment } from './cueSignal.ts';

export function useCueSignals(progress: ClinicProgress, myId: string, soundOn: boolean, serverTime: number): void {
  const now = cueMomentOf(progress, myId, serverTime);
  const seen = useRef<CueMoment | null>(null);

  // After every render: comparing two moments is cheap, and no change is missed.
  useEffect(() => {
    const signal = cueSignalOf(seen.current, now, soundOn);
    seen.current = now;
    if (!signal) return;
    playChime(signal.sound);
    if (signal.vibrate) vibrate(signal.sound);
  });
}
