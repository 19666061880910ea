import { useEffect } from 'react';
import { refusalOf } from '../../shared/commandRules.ts';
import { sendCommand } from '../connection.ts';
import { CONTROL_SELECTOR, shortcutCommand, targetKeepsKey, TEXT_ENTRY_SELECTOR, type KeyTarget } from '../shortcuts.ts';
import type { ClinicView } from './useClinic.ts';

function keyTargetOf(target: EventTarget | null): KeyTarget {
  if (!(target instanceof Element)) return 'page';
  if (target.closest(TEXT_ENTRY_SELECTOR)) return 'textEntry';
  return target.closest(CONTROL_SELECTOR) ? 'control' : 'page';
}

export function useFacilitatorShortcuts(view: ClinicView): void {
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.ctrlKey || event.metaKey || event.altKey || event.repeat) return;
      if (targetKeepsKey(keyTargetOf(event.target), event.key)) return;
      const command = shortcutCommand(event.key, view.clinic);
      if (!command) return;
      event.preventDefault();
      if (refusalOf(view.clinic, view.myId, command) === null) void sendCommand(command);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [view]);
}
