/**
 * How every store reads its records back: they go in as JSON text and come out through their
 * schemas and migrations, the same in the SQLite and the Postgres store.
 */
import { readStoredCrew, type StoredCrew } from '../../shared/crewSchema.ts';
import { migrateStoredClinic } from '../../shared/storedClinicMigrations.ts';
import type { StoredClinic } from '../../shared/storedClinicSchema.ts';

/** A stored clinic brought up to the current schema version; null if there is none. */
export const clinicFromText = (record: string | null): StoredClinic | null => (record === null ? null : migrateStoredClinic(JSON.parse(record)));

/** A stored crew parsed with the crew schema; null if there is none. */
export const crewFromText = (record: string | null): StoredCrew | null => (record === null ? null : readStoredCrew(JSON.parse(record)));
