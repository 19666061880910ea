/**
 * The stores the tests run against. The store tests run on each kind; the integration suite runs
 * on SQLite, and again on Postgres in the `integration-postgres` project, which sets
 * CASE_CLINIC_TEST_STORE. A test's data directory is its place either way: in Postgres it names a
 * schema of its own in the throwaway server (postgresSetup.ts), so a server restarted on the same
 * directory finds what the one before saved, and tests running side by side never meet.
 */
import { basename, join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { afterEach, expect, inject } from 'vitest';
import type { ClinicStore } from '../../server/store/clinicStore.ts';
import type { CrewStore } from '../../server/store/crewStore.ts';
import { openPostgresStore, type PostgresStoreOptions } from '../../server/store/postgresClinicStore.ts';
import type { SealedNoteStore } from '../../server/store/sealedNoteStore.ts';
import { openSqliteClinicStore, SQLITE_FILE_NAME } from '../../server/store/sqliteClinicStore.ts';
import { readableIn } from './dataFiles.ts';
import { makeDataDir } from './servers.ts';

export type StoreKind = 'sqlite' | 'postgres';
export const STORE_KINDS: readonly StoreKind[] = ['sqlite', 'postgres'];

/** What the integration suite runs on in this project. */
export const SUITE_STORE: StoreKind = process.env.CASE_CLINIC_TEST_STORE === 'postgres' ? 'postgres' : 'sqlite';

export type TestStore = ClinicStore & SealedNoteStore & CrewStore;

export async function withClient<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client(url);
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

const schemaOf = (dataDir: string) => `test_${basename(dataDir).replace(/[^a-zA-Z0-9]/g, '_').toLowerCase()}`;

/** The address of the data directory's schema, made if it is new; Postgres tables go in it. */
export async function postgresUrlFor(dataDir: string): Promise<string> {
  const url = inject('postgresUrl');
  const schema = schemaOf(dataDir);
  await withClient(url, (client) => client.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`));
  return `${url}?options=${encodeURIComponent(`-c search_path=${schema}`)}`;
}

/** Opens a store of the kind in the data directory, as the server would. */
export async function openStoreIn(kind: StoreKind, dataDir: string, options: Omit<PostgresStoreOptions, 'url'> = {}): Promise<TestStore> {
  return kind === 'sqlite' ? openSqliteClinicStore(dataDir) : openPostgresStore({ ...options, url: await postgresUrlFor(dataDir) });
}

/** The environment that points a server process at the store. */
export async function storeEnvironment(kind: StoreKind, dataDir: string): Promise<Record<string, string>> {
  // Empty, DATABASE_URL picks SQLite, whatever the tests' own environment says.
  return { DATA_DIR: dataDir, DATABASE_URL: kind === 'sqlite' ? '' : await postgresUrlFor(dataDir) };
}

/**
 * Which of `needles` the store still holds: in SQLite, anywhere in the files under the data
 * directory (its write-ahead log included); in Postgres, in any row of any of the store's tables.
 */
export async function storeHolds(kind: StoreKind, dataDir: string, needles: readonly string[]): Promise<string[]> {
  if (kind === 'sqlite') return readableIn(dataDir, needles);
  const rows = await withClient(await postgresUrlFor(dataDir), async (client) => {
    const tables = await client.query<{ name: string }>("SELECT table_name AS name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'");
    const texts = await Promise.all(tables.rows.map(({ name }) => client.query<{ text: string }>(`SELECT t::text AS text FROM ${name} t`)));
    return texts.flatMap((result) => result.rows.map((row) => row.text));
  });
  return needles.filter((needle) => rows.some((row) => row.includes(needle)));
}

/** The ciphertexts stored for one sealed note, one per device it was sealed for (none once deleted). */
export async function storedCiphertextsOf(kind: StoreKind, dataDir: string, noteId: string): Promise<string[]> {
  const [row] = await rawQuery(kind, dataDir, 'SELECT envelopes FROM sealed_notes WHERE id = $1', [noteId]);
  return (JSON.parse((row?.envelopes as string | null | undefined) ?? '[]') as Array<{ ciphertext: string }>).map((envelope) => envelope.ciphertext);
}

/**
 * How many dead row versions (left by deletes and overwrites) the Postgres tables of the data
 * directory's schema, their TOAST tables included, still hold in their pages: Postgres keeps them
 * until a VACUUM, compressed or not, so this counts them rather than searching them.
 */
export async function deadRowVersions(dataDir: string): Promise<number> {
  const [row] = await rawQuery(
    'postgres',
    dataDir,
    `WITH tables AS (SELECT oid, reltoastrelid FROM pg_class WHERE relnamespace = current_schema()::regnamespace AND relkind = 'r'),
          relations AS (SELECT oid FROM tables UNION ALL SELECT reltoastrelid FROM tables WHERE reltoastrelid <> 0)
     SELECT count(*)::int AS dead FROM relations,
       generate_series(0, pg_relation_size(relations.oid) / current_setting('block_size')::int - 1) AS block,
       LATERAL public.heap_page_items(public.get_raw_page(relations.oid::regclass::text, block::int)) AS item
     -- A normal item whose deleting transaction is neither missing, aborted (XMAX_INVALID) nor a mere lock (XMAX_LOCK_ONLY).
     WHERE item.lp_flags = 1 AND item.t_xmax::text <> '0' AND item.t_infomask & 2048 = 0 AND item.t_infomask & 128 = 0`,
  );
  return row!.dead as number;
}

/**
 * What a deletion or overwrite left is gone from the tables' pages too: in SQLite, storeHolds
 * already searched every byte of the files; in Postgres, no dead row version may remain.
 */
export async function expectNoDeadRowVersions(kind: StoreKind, dataDir: string): Promise<void> {
  if (kind === 'postgres') expect(await deadRowVersions(dataDir)).toBe(0);
}

/** Runs SQL on the store's database behind its back, as another program could. */
export async function rawQuery(kind: StoreKind, dataDir: string, sql: string, params: readonly unknown[] = []): Promise<Record<string, unknown>[]> {
  if (kind === 'postgres') return withClient(await postgresUrlFor(dataDir), async (client) => (await client.query(sql, [...params])).rows);
  const db = new Database(join(dataDir, SQLITE_FILE_NAME));
  try {
    // The same SQL on both: Postgres numbers its parameters, which tests use in order.
    const statement = db.prepare(sql.replace(/\$\d+/g, '?'));
    return statement.reader ? (statement.all(...params) as Record<string, unknown>[]) : (statement.run(...params), []);
  } finally {
    db.close();
  }
}

/**
 * For a test file of store tests: opens a store of the kind in a fresh data directory, with what
 * the test looks at it through, and closes and removes it after each test.
 */
export function storesForEachTest() {
  const opened: Array<{ store: TestStore; remove: () => void }> = [];
  afterEach(async () => {
    for (const { store, remove } of opened.splice(0)) {
      await store.close().catch(() => undefined);
      remove();
    }
  });
  return async (kind: StoreKind) => {
    const { dataDir, remove } = makeDataDir();
    const store = await openStoreIn(kind, dataDir);
    opened.push({ store, remove });
    return {
      store,
      dataDir,
      holds: (needles: readonly string[]) => storeHolds(kind, dataDir, needles),
      query: (sql: string, params: readonly unknown[] = []) => rawQuery(kind, dataDir, sql, params),
      expectNoDeadVersions: () => expectNoDeadRowVersions(kind, dataDir),
    };
  };
}
