import { useEffect, useState } from 'react';
import { sendCommand } from '../connection.ts';

const CONFIRM_WINDOW_MS = 4_000;

/** Ending is final, so it takes a second, deliberate click within a few seconds. */
export function EndClinicButton() {
  const [confirming, setConfirming] = useState(false);

  useEffect(() => {
    if (!confirming) return undefined;
    const handle = window.setTimeout(() => setConfirming(false), CONFIRM_WINDOW_MS);
    return () => window.clearTimeout(handle);
  }, [confirming]);

  return confirming ? (
    <button type="button" className="button danger" onClick={() => void sendCommand({ type: 'END' })}>
      Confirm end
    </button>
  ) : (
    <button type="button" className="button quiet" onClick={() => setConfirming(true)}>
      End clinic
    </button>
  );
}
