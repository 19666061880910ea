import { useEffect } from 'react';
import { refusalOf } from '../../shared/commandRules.ts';
import { CONTROL_SELECTOR, shortcutCommand, targetKeepsKey, TEXT_ENTRY_SELECTOR, type KeyTarget } from '../shortcuts.ts';
import type { Act } from './CommandButton.tsx';
import type { ClinicView } from './useClinic.ts';

function keyTargetOf(target: EventTarget | null): KeyTarget {
  if (!(target instanceof Element)) return 'page';
  if (target.closest(TEXT_ENTRY_SELECTOR)) return 'textEntry';
  return target.closest(CONTROL_SELECTOR) ? 'control' : 'page';
}

/** The console's keys; `act` sends what they mean, as the buttons do, so both say what they did. */
export function useFacilitatorShortcuts(view: ClinicView, act: Act): void {
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.ctrlKey || event.metaKey || event.altKey || event.repeat) return;
      if (targetKeepsKey(keyTargetOf(event.target), event.key)) return;
      const command = shortcutCommand(event.key, view.clinic);
      if (!command) return;
      event.preventDefault();
      if (refusalOf(view.clinic, view.myId, command) === null) void act(command);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [view, act]);
}
