/**
 * Brings a stored clinic of any earlier version up to the current one. Clinics are kept for days,
 * so a deploy meets records written by the code before it. Append-only: a new shape is a new step
 * at the end, never an edit of an old one. Version 1 had no `schemaVersion`.
 */
import { z } from 'zod';
import { STORED_CLINIC_VERSION, storedClinicSchema, type StoredClinic } from './storedClinicSchema.ts';

type RawRecord = Record<string, unknown>;

interface Migration {
  /** The version a record has after this step. */
  readonly to: number;
  readonly does: string;
  up(record: RawRecord): RawRecord;
}

/** XState's persisted state values of the version-1 machine, by the stage they stand for. */
function stageOfMachineValue(value: unknown): string {
  if (value === 'lobby' || value === 'closed') return value;
  const live = (value as { live?: unknown } | null)?.live;
  if (live === 'paused') return 'paused';
  const running = (live as { running?: unknown } | null)?.running;
  if (running === 'overtime') return 'overtime';
  if (running === 'onTime' || running === 'checkingDeadline') return 'running';
  throw new Error(`A stored clinic has a machine state no version knew: ${JSON.stringify(value)}`);
}

export const MIGRATIONS: readonly Migration[] = [
  {
    to: 2,
    does: "keeps the clinic's domain state (stage and progress) instead of XState's persisted snapshot",
    up: ({ machine, ...record }) => {
      const { value, context } = machine as { value: unknown; context: RawRecord };
      // Records saved before `undone` existed have none.
      return { ...record, schemaVersion: 2, stage: stageOfMachineValue(value), progress: { undone: [], ...context } };
    },
  },
];

export class UnreadableRecordError extends Error {
  override readonly name = 'UnreadableRecordError';
}

/** Parses a stored record of any known version into the current one; throws what is wrong otherwise. */
export function migrateStoredClinic(raw: unknown): StoredClinic {
  if (typeof raw !== 'object' || raw === null) throw new UnreadableRecordError('A stored clinic is not an object');
  let record = raw as RawRecord;
  const version = record.schemaVersion ?? 1;
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) {
    throw new UnreadableRecordError(`A stored clinic has an unknown schema version: ${String(version)}`);
  }
  if (version > STORED_CLINIC_VERSION) {
    throw new UnreadableRecordError(`A stored clinic was written by a newer version (schema ${version}; this one reads up to ${STORED_CLINIC_VERSION})`);
  }
  for (const migration of MIGRATIONS) {
    if (migration.to <= version) continue;
    try {
      record = migration.up(record);
    } catch (error) {
      throw new UnreadableRecordError(`A stored clinic of schema ${version} could not be brought to ${migration.to}: ${String(error)}`);
    }
  }
  const parsed = storedClinicSchema.safeParse(record);
  if (!parsed.success) throw new UnreadableRecordError(`A stored clinic does not match schema ${STORED_CLINIC_VERSION}: ${z.prettifyError(parsed.error)}`);
  return parsed.data;
}
