/**
 * A coach's private notepad for one clinic, on this device only (localStorage): nothing in it
 * reaches the server unless its writer seals and sends it. A note leaves the pad once sent, and
 * the whole pad goes with the clinic, or when it has not been touched for longer than any clinic
 * is kept.
 */
import { useSyncExternalStore } from 'react';
import { randomHex } from './randomHex.ts';

export interface PadNote {
  readonly id: string;
  readonly text: string;
}

interface StoredPad {
  readonly touchedAt: number;
  readonly notes: readonly PadNote[];
}

const PREFIX = 'case-clinic-notepad:';
const storageKey = (clinicId: string) => `${PREFIX}${clinicId}`;
/** Longer than the server keeps a clinic nobody touches (INACTIVE_DAYS, 7). */
const FORGOTTEN_AFTER_MS = 8 * 24 * 3_600_000;
const NO_NOTES: readonly PadNote[] = [];

const listeners = new Set<() => void>();
/** Parsed pads by clinic, so a render reads the same array until the pad changes. */
const cache = new Map<string, readonly PadNote[]>();

function readPad(clinicId: string): StoredPad | null {
  try {
    const parsed = JSON.parse(localStorage.getItem(storageKey(clinicId)) ?? 'null') as StoredPad | null;
    return parsed && Array.isArray(parsed.notes) ? parsed : null;
  } catch {
    return null;
  }
}

export function notesOf(clinicId: string): readonly PadNote[] {
  if (!cache.has(clinicId)) cache.set(clinicId, readPad(clinicId)?.notes ?? NO_NOTES);
  return cache.get(clinicId)!;
}

function writePad(clinicId: string, notes: readonly PadNote[], now = Date.now()): void {
  if (notes.length === 0) localStorage.removeItem(storageKey(clinicId));
  else localStorage.setItem(storageKey(clinicId), JSON.stringify({ touchedAt: now, notes } satisfies StoredPad));
  cache.set(clinicId, notes.length === 0 ? NO_NOTES : notes);
  for (const listener of listeners) listener();
}

const newNoteId = () => randomHex(9);

export function addNote(clinicId: string, text: string): void {
  const trimmed = text.trim();
  if (trimmed === '') return;
  writePad(clinicId, [...notesOf(clinicId), { id: newNoteId(), text: trimmed }]);
}

export function removeNotes(clinicId: string, noteIds: readonly string[]): void {
  writePad(clinicId, notesOf(clinicId).filter((note) => !noteIds.includes(note.id)));
}

/** The clinic is gone: so is the pad. */
export function forgetNotepad(clinicId: string): void {
  writePad(clinicId, []);
}

/** Drops pads of clinics nobody has touched for longer than the server keeps one. */
export function sweepOldNotepads(now = Date.now()): void {
  for (const key of Object.keys(localStorage)) {
    if (!key.startsWith(PREFIX)) continue;
    const pad = readPad(key.slice(PREFIX.length));
    if (!pad || now - pad.touchedAt > FORGOTTEN_AFTER_MS) localStorage.removeItem(key);
  }
}

const subscribe = (listener: () => void) => {
  listeners.add(listener);
  return () => listeners.delete(listener);
};

/** The pad's notes, re-rendering when they change. */
export function useNotepad(clinicId: string): readonly PadNote[] {
  return useSyncExternalStore(subscribe, () => notesOf(clinicId));
}
