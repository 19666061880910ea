/**
 * The shared durable store for running several nodes (DATABASE_URL): the clinic, sealed-note and
 * crew stores in one Postgres database, behind the same interfaces as the embedded SQLite store
 * and holding the same versioned JSON records. Every request is its own statement or transaction
 * on a pooled connection, acknowledged once Postgres has committed it; saves arriving together
 * share commits through Postgres's own WAL flushing rather than a batch of ours.
 *
 * A clinic save is a compare-and-set on the revision and, in the same UPDATE, on the writer's
 * fencing token: the token of the claim (a lease) that makes a node the clinic's owner. A save
 * or claim stores its token, and a token lower than the stored one is refused, so a node that
 * lost its claim cannot write once the new owner has claimed the clinic, even before that owner
 * saves anything.
 */
import type pg from 'pg';
import { FencedOffError, StaleWriteError, type ClinicStore } from './clinicStore.ts';
import type { CrewStore } from './crewStore.ts';
import { postgresCrewStore } from './postgresCrewStore.ts';
import { migratePostgres } from './postgresMigrations.ts';
import { CLINIC_TABLES, openPool, STORE_TABLES, vacuum, writeFailure } from './postgresPool.ts';
import { postgresSealedNoteStore } from './postgresSealedNoteStore.ts';
import type { SealedNoteStore } from './sealedNoteStore.ts';
import { clinicFromText } from './storedRecords.ts';

export interface PostgresStoreOptions {
  /** postgres://user:password@host:port/database */
  readonly url: string;
  /**
   * The fencing token this node writes a clinic with. One node alone needs none: every write
   * then carries 0, and only the revision decides.
   */
  readonly fenceOf?: (clinicId: string) => number;
  readonly maxConnections?: number;
}

export interface PostgresStore extends ClinicStore, SealedNoteStore, CrewStore {
  /**
   * Stores this node's token for the clinic, once it has won the claim: from then on a writer
   * with a lower token is refused. Rejects with FencedOffError if a newer claim is already stored.
   */
  claim(clinicId: string): Promise<void>;
}

/** Enough for a node's bursts of saves without crowding a server that several nodes share. */
const DEFAULT_MAX_CONNECTIONS = 10;

/** Why a fenced write did not land: a newer claim, or else a stale revision. */
async function refusal(pool: pg.Pool, clinicId: string, fence: number, expectedRevision: number | null): Promise<Error> {
  const { rows } = await pool.query<{ fence: number }>('SELECT fence FROM clinics WHERE id = $1', [clinicId]);
  const stored = rows[0]?.fence;
  return stored !== undefined && stored > fence ? new FencedOffError(clinicId, fence, stored) : new StaleWriteError(clinicId, expectedRevision);
}

/** Opens the pool and brings the database's tables up to date before the first request. */
export async function openPostgresStore({ url, fenceOf = () => 0, maxConnections = DEFAULT_MAX_CONNECTIONS }: PostgresStoreOptions): Promise<PostgresStore> {
  const pool = openPool(url, maxConnections);
  try {
    // A migration may delete: what it deleted must not wait in dead row versions for autovacuum.
    if ((await migratePostgres(pool)).length > 0) await vacuum(pool, STORE_TABLES);
  } catch (error) {
    await pool.end();
    throw error;
  }
  return {
    ...postgresSealedNoteStore(pool),
    ...postgresCrewStore(pool),
    async load(clinicId) {
      const { rows } = await pool.query<{ record: string }>('SELECT record FROM clinics WHERE id = $1', [clinicId]);
      return clinicFromText(rows[0]?.record ?? null);
    },
    async save(record, expectedRevision) {
      const fence = fenceOf(record.id);
      const columns = [record.id, JSON.stringify(record), record.revision, fence, record.updatedAt, record.closedAt];
      const written =
        expectedRevision === null
          ? pool.query('INSERT INTO clinics (id, record, revision, fence, updated_at, closed_at) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (id) DO NOTHING', columns)
          : pool.query('UPDATE clinics SET record = $2, revision = $3, fence = $4, updated_at = $5, closed_at = $6 WHERE id = $1 AND revision = $7 AND fence <= $4', [
              ...columns,
              expectedRevision,
            ]);
      const { rowCount } = await written.catch((error: unknown) => {
        throw writeFailure(error);
      });
      if (rowCount !== 1) throw await refusal(pool, record.id, fence, expectedRevision);
    },
    async claim(clinicId) {
      const fence = fenceOf(clinicId);
      const { rowCount } = await pool.query('UPDATE clinics SET fence = $2 WHERE id = $1 AND fence <= $2', [clinicId, fence]);
      if (rowCount === 1) return;
      const why = await refusal(pool, clinicId, fence, null);
      // A clinic not stored (yet) has no claim to refuse.
      if (why instanceof FencedOffError) throw why;
    },
    async delete(clinicId) {
      // Its notes and keys go with it (ON DELETE CASCADE).
      await pool.query('DELETE FROM clinics WHERE id = $1', [clinicId]);
      await vacuum(pool, CLINIC_TABLES);
    },
    async deleteExpired({ closedBefore, untouchedSince }) {
      // A crew's clinics go with their crew, not by these rules.
      const { rows } = await pool.query<{ id: string }>('DELETE FROM clinics WHERE crew_id IS NULL AND (closed_at < $1 OR updated_at < $2) RETURNING id', [
        closedBefore,
        untouchedSince,
      ]);
      if (rows.length > 0) await vacuum(pool, CLINIC_TABLES);
      return rows.map((row) => row.id);
    },
    close: () => pool.end(),
  };
}
