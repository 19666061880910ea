import { useEffect, useState } from 'react';
import { releaseFocusAfterPointer } from './releaseFocus.ts';

const CONFIRM_WINDOW_MS = 4_000;

interface ConfirmButtonProps {
  readonly label: string;
  readonly confirmLabel: string;
  /** A promise it returns holds the button back until it settles, so an impatient click does not send it again. */
  readonly onConfirm: () => void | Promise<unknown>;
  readonly ariaLabel?: string;
  readonly small?: boolean;
  /** `primary` when finishing is the expected next step rather than an emergency stop. */
  readonly tone?: 'destructive' | 'primary';
}

/** For what cannot be undone: a second, deliberate click within a few seconds. */
export function ConfirmButton({ label, confirmLabel, onConfirm, ariaLabel, small = false, tone = 'destructive' }: ConfirmButtonProps) {
  const [confirming, setConfirming] = useState(false);
  const [sending, setSending] = useState(false);

  useEffect(() => {
    if (!confirming) return undefined;
    const handle = window.setTimeout(() => setConfirming(false), CONFIRM_WINDOW_MS);
    return () => window.clearTimeout(handle);
  }, [confirming]);

  const size = small ? ' small' : '';
  return confirming ? (
    <button
      type="button"
      className={`button danger${size}`}
      onClick={(event) => {
        releaseFocusAfterPointer(event);
        // Back to the first step at once: where the button stays (a skipped week's card does), a
        // second click within the window would otherwise do it again.
        setConfirming(false);
        const sent = onConfirm();
        if (sent) {
          setSending(true);
          const settled = () => setSending(false);
          sent.then(settled, settled);
        }
      }}
    >
      {confirmLabel}
    </button>
  ) : (
    <button
      type="button"
      className={`button ${tone === 'primary' ? 'primary' : 'quiet destructive'}${size}`}
      aria-label={ariaLabel}
      // Not `disabled`: that would drop a keyboard user's focus from the button they just pressed.
      aria-disabled={sending || undefined}
      onClick={(event) => {
        releaseFocusAfterPointer(event);
        if (sending) return;
        setConfirming(true);
      }}
    >
      {label}
    </button>
  );
}
