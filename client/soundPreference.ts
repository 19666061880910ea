/**
 * Whether this device chimes and vibrates in a clinic. Each person decides on their own device,
 * for each clinic: the case giver's device starts silent, everyone else's with sound, until they
 * choose there, so being the case giver in a later clinic starts silent again.
 */
import { useSyncExternalStore } from 'react';

const storageKey = (clinicId: string) => `case-clinic:sound:${clinicId}`;
const listeners = new Set<() => void>();

export function isSoundOn(clinicId: string, isCaseGiver: boolean): boolean {
  const stored = localStorage.getItem(storageKey(clinicId));
  return stored === null ? !isCaseGiver : stored === 'on';
}

export function setSoundOn(clinicId: string, on: boolean): void {
  localStorage.setItem(storageKey(clinicId), on ? 'on' : 'off');
  for (const listener of listeners) listener();
}

/** The clinic is gone for this device: so is its choice there. */
export function forgetSoundChoice(clinicId: string): void {
  localStorage.removeItem(storageKey(clinicId));
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function useSoundOn(clinicId: string, isCaseGiver: boolean): boolean {
  return useSyncExternalStore(subscribe, () => isSoundOn(clinicId, isCaseGiver));
}
