/**
 * Brings a stored record of any earlier version up to the current one, then parses it: records are
 * kept for days or weeks, so a deploy meets ones written by the code before it. Each kind of record
 * (clinic, crew) keeps its own append-only list of steps; a new shape is a new step at the end,
 * never an edit of an old one.
 */
import { z } from 'zod';

export type RawRecord = Record<string, unknown>;

export interface RecordMigration {
  /** The version a record has after this step. */
  readonly to: number;
  readonly does: string;
  up(record: RawRecord): RawRecord;
}

export class UnreadableRecordError extends Error {
  override readonly name: string = 'UnreadableRecordError';
}

/**
 * A record of a later schema than this release reads: written by a newer release, as happens
 * while a rolling update runs both. Not a fault of the record; a newer node reads it.
 */
export class NewerRecordError extends UnreadableRecordError {
  override readonly name = 'NewerRecordError';
}

export interface RecordKind<T> {
  /** As error messages name it: "clinic", "crew". */
  readonly name: string;
  readonly version: number;
  readonly migrations: readonly RecordMigration[];
  readonly schema: z.ZodType<T>;
  /** The version of a record written without `schemaVersion`, where there ever were such (the first clinics). */
  readonly unversionedIs?: number;
}

/** Parses a stored record of any known version into the current one; throws what is wrong otherwise. */
export function migrateRecord<T>(raw: unknown, { name, version: current, migrations, schema, unversionedIs }: RecordKind<T>): T {
  if (typeof raw !== 'object' || raw === null) throw new UnreadableRecordError(`A stored ${name} is not an object`);
  let record = raw as RawRecord;
  const version = record.schemaVersion ?? unversionedIs;
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) {
    throw new UnreadableRecordError(`A stored ${name} has an unknown schema version: ${String(version)}`);
  }
  if (version > current) {
    throw new NewerRecordError(`A stored ${name} was written by a newer version (schema ${version}; this one reads up to ${current})`);
  }
  for (const migration of migrations) {
    if (migration.to <= version) continue;
    try {
      record = migration.up(record);
    } catch (error) {
      throw new UnreadableRecordError(`A stored ${name} of schema ${version} could not be brought to ${migration.to}: ${String(error)}`);
    }
  }
  const parsed = schema.safeParse(record);
  if (!parsed.success) throw new UnreadableRecordError(`A stored ${name} does not match schema ${current}: ${z.prettifyError(parsed.error)}`);
  return parsed.data;
}
