/**
 * The steps that bring a stored crew of any earlier version up to the current one (run by
 * `recordMigrations.ts`). Crews are kept for their weeks and after, so a deploy meets records
 * written by the code before it. Append-only.
 */
import type { RecordMigration } from './recordMigrations.ts';

export const CREW_MIGRATIONS: readonly RecordMigration[] = [
  {
    to: 2,
    does: 'records whether someone new may join with the crew link: closed where someone has left or was removed, who still has the link',
    // The record does not tell a removal from a leaving: closed either way, and the organiser can open it.
    up: (record) => ({ ...record, schemaVersion: 2, openToNewMembers: (record.departedTokenHashes as unknown[]).length === 0 }),
  },
];
