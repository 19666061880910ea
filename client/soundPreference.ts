/**
 * Whether this device chimes and vibrates. Each person decides on their own device; the case
 * giver's device starts silent, everyone else's with sound, until they choose.
 */
import { useSyncExternalStore } from 'react';

const STORAGE_KEY = 'case-clinic:sound';
const listeners = new Set<() => void>();

function storedChoice(): boolean | null {
  const stored = localStorage.getItem(STORAGE_KEY);
  return stored === null ? null : stored === 'on';
}

export function setSoundOn(on: boolean): void {
  localStorage.setItem(STORAGE_KEY, on ? 'on' : 'off');
  for (const listener of listeners) listener();
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function useSoundOn(isCaseGiver: boolean): boolean {
  const choice = useSyncExternalStore(subscribe, storedChoice);
  return choice ?? !isCaseGiver;
}
