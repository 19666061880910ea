/**
 * The connections of the Postgres store: a pool (node-postgres), epoch milliseconds read back as
 * numbers, and a helper for the requests that must change several rows together or not at all.
 */
import pg from 'pg';
import { OutcomeUnknownError } from './clinicStore.ts';

const INT8 = 20;
/** A request that cannot get a connection by then fails (its command is refused) rather than hang its clinic. */
const CONNECT_TIMEOUT_MS = 10_000;

export function openPool(url: string, maxConnections: number): pg.Pool {
  const pool = new pg.Pool({
    connectionString: url,
    max: maxConnections,
    connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
    // Notices a server or network that went away while a connection sat idle.
    keepAlive: true,
    // bigint columns hold epoch milliseconds and counts, well inside a double's exact range.
    types: { getTypeParser: (oid: number, format?: 'text' | 'binary') => (oid === INT8 ? Number : pg.types.getTypeParser(oid, format as 'text')) },
  });
  // An idle connection the server dropped is taken out of the pool, and the next request opens a
  // new one (or fails itself); unheard, the error would end the process.
  pool.on('error', () => undefined);
  return pool;
}

/**
 * Whether Postgres itself refused a statement, so it surely did not take effect: it answered with
 * an error of its own, other than a lost connection's (SQLSTATE class 08) or a server shutting down
 * or cutting the statement off (57). Anything else (a socket error, a connection ended without an
 * answer) may have landed.
 */
export function refusedByPostgres(error: unknown): boolean {
  return error instanceof pg.DatabaseError && typeof error.code === 'string' && !/^(08|57)/.test(error.code);
}

/** How a store reports a write that failed: Postgres's own refusal as it is, anything else as an outcome not known. */
export const writeFailure = (error: unknown): unknown => (refusedByPostgres(error) ? error : new OutcomeUnknownError(error));

export async function inTransaction<T>(pool: pg.Pool, work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const result = await work(client);
    await client.query('COMMIT');
    client.release();
    return result;
  } catch (error) {
    const rolledBack = await client.query('ROLLBACK').then(
      () => undefined,
      (rollbackError: Error) => rollbackError,
    );
    client.release(rolledBack);
    throw error;
  }
}

/** The store's tables, for requests that touch them all. */
export const STORE_TABLES = ['clinics', 'device_keys', 'sealed_notes', 'crews', 'crew_pairing_codes'] as const;
/** What hangs off a clinic, with it. */
export const CLINIC_TABLES = ['clinics', 'device_keys', 'sealed_notes'] as const;

/**
 * Takes the row versions that deletes and overwrites left behind out of the tables' pages now,
 * rather than whenever autovacuum comes by, as the SQLite store does for its file. (Postgres
 * neither wipes the freed space nor its write-ahead log: see README, "Running on Postgres".)
 */
export async function vacuum(pool: pg.Pool, tables: readonly (typeof STORE_TABLES)[number][]): Promise<void> {
  await untilEarlierTransactionsEnd(pool);
  await pool.query(`VACUUM ${tables.join(', ')}`);
}

/** How long a vacuum waits for earlier transactions; past it, it runs anyway and autovacuum takes the rest later. */
const EARLIER_TRANSACTIONS_LIMIT_MS = 5_000;
const EARLIER_TRANSACTIONS_POLL_MS = 20;

/**
 * Waits until no other session is still in a transaction it began before now: VACUUM keeps every
 * row version such a transaction might still read, so it would keep what was just deleted (another
 * node's save that overlapped the deletion, say). Autovacuum's workers count too: the snapshot of
 * one analysing another table holds back what VACUUM may remove just the same. Sessions of other
 * roles are not shown and so not waited for.
 */
async function untilEarlierTransactionsEnd(pool: pg.Pool): Promise<void> {
  const started = Date.now();
  const { rows } = await pool.query<{ now: Date }>('SELECT clock_timestamp() AS now');
  const now = rows[0]!.now;
  while (Date.now() - started < EARLIER_TRANSACTIONS_LIMIT_MS) {
    const { rowCount } = await pool.query(
      `SELECT 1 FROM pg_stat_activity
       WHERE datname = current_database() AND pid <> pg_backend_pid() AND backend_type IN ('client backend', 'autovacuum worker')
         AND backend_xmin IS NOT NULL AND xact_start < $1 LIMIT 1`,
      [now],
    );
    if (rowCount === 0) return;
    await new Promise((resolve) => setTimeout(resolve, EARLIER_TRANSACTIONS_POLL_MS));
  }
}
