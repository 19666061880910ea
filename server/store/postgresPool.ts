/**
 * The connections of the Postgres store: a pool (node-postgres), epoch milliseconds read back as
 * numbers, and a helper for the requests that must change several rows together or not at all.
 */
import pg from 'pg';

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
  await pool.query(`VACUUM ${tables.join(', ')}`);
}
