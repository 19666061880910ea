/**
 * The Postgres store's tables, as versioned migrations applied when a store opens. Each migration
 * runs once, in its own transaction, and is recorded in `schema_migrations`; an advisory lock lets
 * nodes that start together take turns, so the second finds the first one's work done.
 * Append-only: a released migration is never edited, the next change is the next entry.
 */
import type { Pool } from 'pg';

/** Step N brings a database to version N. */
export const POSTGRES_MIGRATIONS: readonly string[] = [
  // Each clinic is one row holding its versioned record as JSON text, beside the columns the store
  // itself queries: the revision and fencing token every save compares and sets, and what expiry
  // and crews look at. Notes and keys hang off their clinic and go with it.
  `CREATE TABLE clinics (
    id text PRIMARY KEY,
    record text NOT NULL,
    revision integer NOT NULL,
    fence bigint NOT NULL DEFAULT 0,
    updated_at bigint NOT NULL,
    closed_at bigint,
    crew_id text
  );
  CREATE INDEX clinics_by_crew ON clinics (crew_id);
  CREATE TABLE device_keys (
    clinic_id text NOT NULL REFERENCES clinics (id) ON DELETE CASCADE,
    participant_id text NOT NULL,
    key_id text NOT NULL,
    public_key text NOT NULL,
    published_at bigint NOT NULL,
    PRIMARY KEY (clinic_id, participant_id, key_id)
  );
  CREATE TABLE sealed_notes (
    id text PRIMARY KEY,
    clinic_id text NOT NULL REFERENCES clinics (id) ON DELETE CASCADE,
    kind text NOT NULL,
    sender_id text NOT NULL,
    recipient_id text NOT NULL,
    sent_at bigint NOT NULL,
    read_at bigint,
    envelopes text
  );
  CREATE INDEX sealed_notes_by_clinic ON sealed_notes (clinic_id, recipient_id);
  CREATE TABLE crews (
    id text PRIMARY KEY,
    record text NOT NULL,
    revision integer NOT NULL,
    last_session_at bigint NOT NULL
  );
  CREATE TABLE crew_pairing_codes (
    code_hash text PRIMARY KEY,
    crew_id text NOT NULL,
    member_id text NOT NULL,
    expires_at bigint NOT NULL,
    replaces_devices boolean NOT NULL
  )`,
  // A crew's intro and landing keep no harvest (their host brings no case): what was sealed or
  // published for one before goes, rather than wait unread for its crew's retention. Records of
  // before schema 5 name them by format only.
  // A record that is not JSON is none of them (and stays where it is): the cast would fail the migration.
  `CREATE FUNCTION pg_temp.is_hosted(record text) RETURNS boolean LANGUAGE plpgsql AS $$
   BEGIN
     RETURN coalesce((record::jsonb #>> '{progress,format,caseGiverSeat}') = 'host' OR (record::jsonb #>> '{progress,format,id}') IN ('crewIntro', 'crewLanding'), false);
   EXCEPTION WHEN invalid_text_representation THEN
     RETURN false;
   END $$;
   DELETE FROM sealed_notes WHERE clinic_id IN (SELECT id FROM clinics WHERE pg_temp.is_hosted(record));
   DELETE FROM device_keys WHERE clinic_id IN (SELECT id FROM clinics WHERE pg_temp.is_hosted(record))`,
];

/** Any fixed number will do, as long as nothing else in the database locks on it. */
const MIGRATION_LOCK = 0x6361_7365;

/** Brings the database to the last version; resolves with the versions it applied. */
export async function migratePostgres(pool: Pool, migrations: readonly string[] = POSTGRES_MIGRATIONS): Promise<number[]> {
  const client = await pool.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    await client.query('CREATE TABLE IF NOT EXISTS schema_migrations (version integer PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())');
    const { rows } = await client.query<{ version: number }>('SELECT version FROM schema_migrations');
    const done = new Set(rows.map((row) => row.version));
    const applied: number[] = [];
    for (const [index, sql] of migrations.entries()) {
      const version = index + 1;
      if (done.has(version)) continue;
      await client.query('BEGIN');
      try {
        await client.query(sql);
        await client.query('INSERT INTO schema_migrations (version) VALUES ($1)', [version]);
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK');
        throw new Error(`Postgres migration ${version} failed: ${(error as Error).message}`, { cause: error });
      }
      applied.push(version);
    }
    return applied;
  } finally {
    // A connection whose unlock failed is closed rather than pooled: ending its session frees the lock.
    const unlocked = await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).then(
      () => undefined,
      (error: Error) => error,
    );
    client.release(unlocked);
  }
}
