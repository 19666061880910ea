/**
 * Formats a facilitator built and kept on this device, to use again. They live in local storage
 * only; what a clinic runs is sent with it when it is created. Whatever is stored is read with
 * suspicion: an entry that is not a plausible format is left out, never trusted.
 */
import type { ClinicFormat } from '../shared/formatSchema.ts';

const STORAGE_KEY = 'case-clinic:formats';
/** Enough for a facilitator's own variations, too few to fill the storage. */
const MAX_KEPT = 20;

const looksLikeFormat = (value: unknown): value is ClinicFormat =>
  typeof value === 'object' && value !== null && typeof (value as ClinicFormat).id === 'string' && Array.isArray((value as ClinicFormat).phases);

export function keptFormats(): ClinicFormat[] {
  try {
    const stored: unknown = JSON.parse(localStorage.getItem(STORAGE_KEY) ?? '[]');
    return Array.isArray(stored) ? stored.filter(looksLikeFormat) : [];
  } catch {
    return [];
  }
}

/** Keeps `format` (replacing one of the same id), newest first. */
export function keepFormat(format: ClinicFormat): ClinicFormat[] {
  const kept = [format, ...keptFormats().filter((candidate) => candidate.id !== format.id)].slice(0, MAX_KEPT);
  localStorage.setItem(STORAGE_KEY, JSON.stringify(kept));
  return kept;
}

export function forgetFormat(formatId: string): ClinicFormat[] {
  const kept = keptFormats().filter((candidate) => candidate.id !== formatId);
  localStorage.setItem(STORAGE_KEY, JSON.stringify(kept));
  return kept;
}
