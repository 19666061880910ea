/**
 * What only the embedded store does, on a real SQLite file: saves made together are committed
 * together (one transaction, one fsync), each acknowledged only once committed and each failing
 * alone, and a file from the release before gains what it lacks. What every store does is in
 * clinicStore.test.ts.
 */
import { existsSync, readFileSync } from 'node:fs';
import { setTimeout as delay } from 'node:timers/promises';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { StaleWriteError, type ClinicStore } from '../../server/store/clinicStore.ts';
import { openSqliteClinicStore, SQLITE_FILE_NAME } from '../../server/store/sqliteClinicStore.ts';
import { STORED_CLINIC_VERSION } from '../../shared/storedClinicSchema.ts';
import { clinicRecord, NOW } from '../support/dataFiles.ts';
import { makeDataDir } from '../support/servers.ts';

const opened: Array<{ store: ClinicStore; remove: () => void }> = [];

function openStore(options?: { commitWindowMs: number }) {
  const { dataDir, remove } = makeDataDir();
  const store = openSqliteClinicStore(dataDir, options);
  opened.push({ store, remove });
  return { store, dataDir };
}

afterEach(async () => {
  // A window left open by a failed test would hold its store's close for ever.
  if (vi.isFakeTimers()) vi.runOnlyPendingTimers();
  vi.useRealTimers();
  for (const { store, remove } of opened.splice(0)) {
    await store.close().catch(() => undefined);
    remove();
  }
});

describe('a file of the release before', () => {
  it('is brought up to date, so its rows take part in compare-and-set', async () => {
    const { dataDir, remove } = makeDataDir();
    const db = new Database(join(dataDir, SQLITE_FILE_NAME));
    db.exec('CREATE TABLE clinics (id TEXT PRIMARY KEY, record TEXT NOT NULL, updated_at INTEGER NOT NULL, closed_at INTEGER) STRICT');
    const fixture = readFileSync(join(import.meta.dirname, '../fixtures/v1/paused.json'), 'utf8');
    const { id, updatedAt } = JSON.parse(fixture) as { id: string; updatedAt: number };
    db.prepare('INSERT INTO clinics VALUES (?, ?, ?, NULL)').run(id, fixture, updatedAt);
    db.close();
    const store = openSqliteClinicStore(dataDir);
    opened.push({ store, remove });
    const loaded = (await store.load(id))!;
    expect(loaded).toMatchObject({ schemaVersion: STORED_CLINIC_VERSION, revision: 10, stage: 'paused' });
    await expect(store.save({ ...loaded, revision: 11 }, 9)).rejects.toThrow(StaleWriteError);
    await store.save({ ...loaded, revision: 11 }, 10);
    expect((await store.load(id))!.revision).toBe(11);
  });
});

/**
 * How many transactions the write-ahead log holds: SQLite marks the last frame of each commit with
 * the database's size in pages (its other frames hold 0), and frames of an earlier generation of
 * the log carry other salts. With `synchronous = FULL`, one commit is one fsync.
 */
function commitsInLog(dataDir: string): number {
  const path = join(dataDir, `${SQLITE_FILE_NAME}-wal`);
  if (!existsSync(path)) return 0;
  const log = readFileSync(path);
  const HEADER_BYTES = 32;
  const FRAME_HEADER_BYTES = 24;
  if (log.length < HEADER_BYTES) return 0;
  const pageSize = log.readUInt32BE(8);
  const salts = log.subarray(16, 24);
  let commits = 0;
  for (let frame = HEADER_BYTES; frame + FRAME_HEADER_BYTES + pageSize <= log.length; frame += FRAME_HEADER_BYTES + pageSize) {
    if (!log.subarray(frame + 8, frame + 16).equals(salts)) break;
    if (log.readUInt32BE(frame + 4) !== 0) commits += 1;
  }
  return commits;
}

/** Another connection holding the file's write lock, as another process could, until `release`. */
function holdWriteLock(dataDir: string) {
  const other = new Database(join(dataDir, SQLITE_FILE_NAME));
  other.exec('BEGIN IMMEDIATE');
  return () => {
    other.exec('ROLLBACK');
    other.close();
  };
}

/** The revision another connection reads: only what is committed. */
function committedRevision(dataDir: string, clinicId: string): number | null {
  const reader = new Database(join(dataDir, SQLITE_FILE_NAME), { readonly: true });
  try {
    return reader.prepare<[string], { revision: number }>('SELECT revision FROM clinics WHERE id = ?').get(clinicId)?.revision ?? null;
  } finally {
    reader.close();
  }
}

describe('group commit', () => {
  it('commits the saves made together in one transaction, and resolves each', async () => {
    const { store, dataDir } = openStore();
    await store.save(clinicRecord('clinic-first', 1), null);
    const before = commitsInLog(dataDir);
    const records = Array.from({ length: 8 }, (_, index) => clinicRecord(`clinic-together-${index}`, 1));
    await Promise.all(records.map((record) => store.save(record, null)));
    expect(commitsInLog(dataDir) - before).toBe(1);
    for (const record of records) expect(await store.load(record.id)).toMatchObject({ id: record.id, revision: 1 });
  });

  describe('the commit window', () => {
    const WINDOW_MS = 1_000;

    /** A store whose window's timer and clock are simulated, with one save made (at once: nothing came before it). */
    async function storeWithWindow() {
      const opened = openStore({ commitWindowMs: WINDOW_MS });
      vi.useFakeTimers({ toFake: ['setTimeout', 'performance'] });
      await opened.store.save(clinicRecord('clinic-first', 1), null);
      return opened;
    }

    it('holds saves that come thick until it closes, then commits them together', async () => {
      const { store, dataDir } = await storeWithWindow();
      const before = commitsInLog(dataDir);
      const saves: Promise<void>[] = [];
      for (let index = 0; index < 3; index += 1) {
        saves.push(store.save(clinicRecord(`clinic-thick-${index}`, 1), null));
        // Each on a later turn of the event loop: without the window, each turn's saves would go alone.
        await new Promise((resolve) => setImmediate(resolve));
      }
      expect(commitsInLog(dataDir)).toBe(before);
      vi.advanceTimersByTime(WINDOW_MS);
      await Promise.all(saves);
      expect(commitsInLog(dataDir) - before).toBe(1);
    });

    it('lets a save after a quiet spell go at once', async () => {
      const { store, dataDir } = await storeWithWindow();
      vi.advanceTimersByTime(2 * WINDOW_MS);
      const before = commitsInLog(dataDir);
      const saved = store.save(clinicRecord('clinic-after-quiet', 1), null);
      expect(vi.getTimerCount()).toBe(0);
      await saved;
      expect(commitsInLog(dataDir) - before).toBe(1);
    });

    it('lets a read go at once, however soon after a save', async () => {
      const { store } = await storeWithWindow();
      const loaded = store.load('clinic-first');
      expect(vi.getTimerCount()).toBe(0);
      expect(await loaded).toMatchObject({ id: 'clinic-first', revision: 1 });
    });
  });

  it('fails a broken save alone; the rest of its batch still commits in one transaction', async () => {
    const { store, dataDir } = openStore();
    await store.save(clinicRecord('clinic-first', 1), null);
    const before = commitsInLog(dataDir);
    const [broken, fine, alsoFine] = await Promise.allSettled([
      // The column holds whole milliseconds: SQLite refuses this one statement.
      store.save(clinicRecord('clinic-broken', 1, { updatedAt: NOW + 0.5 }), null),
      store.save(clinicRecord('clinic-fine-1', 1), null),
      store.save(clinicRecord('clinic-fine-2', 1), null),
    ]);
    expect(broken).toMatchObject({ status: 'rejected', reason: { code: 'SQLITE_CONSTRAINT_DATATYPE', message: expect.stringMatching(/REAL/) } });
    expect([fine.status, alsoFine.status]).toEqual(['fulfilled', 'fulfilled']);
    expect(commitsInLog(dataDir) - before).toBe(1);
  });

  it('acknowledges a save only once it is committed, and groups the saves made while it waits', async () => {
    const { store, dataDir } = openStore();
    await store.save(clinicRecord('clinic-waiting', 1), null);
    const before = commitsInLog(dataDir);
    const release = holdWriteLock(dataDir);
    let acknowledged = false;
    const first = store.save(clinicRecord('clinic-waiting', 2), 1).then(() => {
      acknowledged = true;
      // Whoever is told it is saved could read it from the file at that very moment.
      expect(committedRevision(dataDir, 'clinic-waiting')).toBe(2);
    });
    await delay(50);
    const meanwhile = Array.from({ length: 5 }, (_, index) => store.save(clinicRecord(`clinic-meanwhile-${index}`, 1), null));
    // The commit waits in the writer thread; the event loop runs on (this timer fires).
    const waitedMs = performance.now();
    await delay(250);
    expect(performance.now() - waitedMs).toBeLessThan(1_000);
    expect(acknowledged).toBe(false);
    expect(committedRevision(dataDir, 'clinic-waiting')).toBe(1);

    release();
    await Promise.all([first, ...meanwhile]);
    expect(acknowledged).toBe(true);
    // The first save alone, then the five that arrived while it waited, together.
    expect(commitsInLog(dataDir) - before).toBe(2);
  });
});
