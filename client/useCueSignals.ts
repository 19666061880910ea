/** Plays the chime and vibration `cueSignalOf` calls for, each time the clinic page looks again. */
import { useEffect, useRef } from 'react';
import type { ClinicContext } from '../shared/clinicSteps.ts';
import { playChime, vibrate } from './chime.ts';
import { cueMomentOf, cueSignalOf, type CueMoment } from './cueSignal.ts';

export function useCueSignals(context: ClinicContext, myId: string, soundOn: boolean, serverTime: number): void {
  const now = cueMomentOf(context, myId, serverTime);
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
