/**
 * The steps that bring a stored crew of any earlier version up to the current one (run by
 * `recordMigrations.ts`). Crews are kept for their weeks and after, so a deploy meets records
 * written by the code before it. Append-only.
 */
import type { RecordMigration } from './recordMigrations.ts';

export const CREW_MIGRATIONS: readonly RecordMigration[] = [
  {
    to: 2,
    does: 'records whether someone new may join with the crew link; every crew before could be joined',
    up: (record) => ({ ...record, schemaVersion: 2, openToNewMembers: true }),
  },
];
