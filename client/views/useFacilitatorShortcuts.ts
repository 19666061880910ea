import { useEffect } from 'react';
import { serverNow } from '../clinicStore.ts';
import { sendCommand } from '../connection.ts';
import { shortcutCommand } from '../shortcuts.ts';
import type { ClinicView } from './useClinic.ts';

/** Keys typed into a field or on a focused control belong to that element, not to the clinic. */
const OWN_KEYS = 'input, textarea, select, button, a, [contenteditable="true"]';

export function useFacilitatorShortcuts(view: ClinicView): void {
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.ctrlKey || event.metaKey || event.altKey || event.repeat) return;
      if (event.target instanceof Element && event.target.closest(OWN_KEYS)) return;
      const command = shortcutCommand(event.key, view.snapshot);
      if (!command) return;
      event.preventDefault();
      if (view.snapshot.can({ ...command, at: serverNow() })) void sendCommand(command);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [view]);
}
