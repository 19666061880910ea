/**
 * The embedded store on a real SQLite file: saves are a compare-and-set on the revision, saves
 * made together are committed together (one transaction, one fsync), each acknowledged only once
 * committed and each failing alone, a file from the release before gains what it lacks, a deleted
 * or expired clinic leaves nothing readable in any file under the data directory (the write-ahead
 * log included), and a record it cannot read is refused with a clear error and left where it is.
 */
import { existsSync, readFileSync } from 'node:fs';
import { setTimeout as delay } from 'node:timers/promises';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { StaleWriteError, type ClinicStore } from '../../server/store/clinicStore.ts';
import { openSqliteClinicStore, SQLITE_FILE_NAME } from '../../server/store/sqliteClinicStore.ts';
import { STORED_CLINIC_VERSION, type StoredClinic } from '../../shared/storedClinicSchema.ts';
import { clinicRecord, NOW, readableIn } from '../support/dataFiles.ts';
import { makeDataDir } from '../support/servers.ts';

const opened: Array<{ store: ClinicStore; remove: () => void }> = [];

function openStore() {
  const { dataDir, remove } = makeDataDir();
  const store = openSqliteClinicStore(dataDir);
  opened.push({ store, remove });
  return { store, dataDir };
}

afterEach(async () => {
  for (const { store, remove } of opened.splice(0)) {
    await store.close().catch(() => undefined);
    remove();
  }
});

describe('saving', () => {
  it('writes only over the revision the writer expects', async () => {
    const { store } = openStore();
    await store.save(clinicRecord('clinic-a', 1), null);
    await expect(store.save(clinicRecord('clinic-a', 1), null)).rejects.toThrow(StaleWriteError);
    await store.save(clinicRecord('clinic-a', 2, { title: 'Second' }), 1);
    // A writer that missed revision 2 (another process, or a change rolled back) cannot land.
    await expect(store.save(clinicRecord('clinic-a', 3, { title: 'Stale' }), 1)).rejects.toThrow(StaleWriteError);
    expect(await store.load('clinic-a')).toMatchObject({ revision: 2, title: 'Second' });
  });

  it('brings a file of the release before up to date, so its rows take part in compare-and-set', async () => {
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

  it('fails a stale or failing save alone; the rest of its batch commits', async () => {
    const { store, dataDir } = openStore();
    await store.save(clinicRecord('clinic-moved-on', 2), null);
    const before = commitsInLog(dataDir);
    const outcomes = await Promise.allSettled([
      store.save(clinicRecord('clinic-fine-1', 1), null),
      // The stored record is at revision 2, not 1.
      store.save(clinicRecord('clinic-moved-on', 3, { title: 'Stale' }), 1),
      // The column holds whole milliseconds: SQLite refuses this one statement.
      store.save(clinicRecord('clinic-broken', 1, { updatedAt: NOW + 0.5 }), null),
      store.save(clinicRecord('clinic-fine-2', 1), null),
    ]);
    expect(outcomes.map((outcome) => outcome.status)).toEqual(['fulfilled', 'rejected', 'rejected', 'fulfilled']);
    expect((outcomes[1] as PromiseRejectedResult).reason).toBeInstanceOf(StaleWriteError);
    expect((outcomes[2] as PromiseRejectedResult).reason).toMatchObject({ code: 'SQLITE_CONSTRAINT_DATATYPE', message: expect.stringMatching(/REAL/) });
    expect(commitsInLog(dataDir) - before).toBe(1);
    expect(await store.load('clinic-fine-1')).toMatchObject({ revision: 1 });
    expect(await store.load('clinic-fine-2')).toMatchObject({ revision: 1 });
    expect(await store.load('clinic-moved-on')).toMatchObject({ revision: 2, title: 'Title of clinic-moved-on' });
    expect(await store.load('clinic-broken')).toBeNull();
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

describe('forgetting', () => {
  it('leaves nothing of a deleted clinic readable in any file, the write-ahead log included', async () => {
    const { store, dataDir } = openStore();
    const gone = clinicRecord('clinic-gone-42', 1);
    const kept = clinicRecord('clinic-kept-77', 1);
    await store.save(kept, null);
    await store.save(gone, null);
    for (let revision = 2; revision <= 5; revision += 1) await store.save({ ...gone, revision, updatedAt: NOW + revision }, revision - 1);
    const traces = [gone.id, gone.participants[0]!.name, gone.title!];
    expect(readableIn(dataDir, traces)).toEqual(traces);

    await store.delete(gone.id);
    expect(readableIn(dataDir, traces)).toEqual([]);
    expect(await store.load(gone.id)).toBeNull();
    expect(await store.load(kept.id)).toMatchObject({ id: kept.id });
    expect(readableIn(dataDir, [kept.participants[0]!.name])).toHaveLength(1);
  });

  it('does the same for clinics that expired', async () => {
    const { store, dataDir } = openStore();
    const closed = clinicRecord('clinic-closed-13', 1, { closedAt: NOW, stage: 'closed' });
    const fresh = clinicRecord('clinic-fresh-21', 1, { updatedAt: NOW + 1_000 });
    await store.save(closed, null);
    await store.save(fresh, null);
    expect(await store.deleteExpired({ closedBefore: NOW + 1, untouchedSince: NOW - 1 })).toEqual([closed.id]);
    expect(readableIn(dataDir, [closed.id, closed.participants[0]!.name])).toEqual([]);
    expect(await store.load(fresh.id)).toMatchObject({ id: fresh.id });
  });
});

describe('a record it cannot read', () => {
  it.each([
    ['written by a newer version', (record: StoredClinic) => JSON.stringify({ ...record, schemaVersion: STORED_CLINIC_VERSION + 1 }), /newer version/],
    ['not matching its schema', (record: StoredClinic) => JSON.stringify({ ...record, stage: 'dancing' }), /stage/],
    ['not JSON at all', () => '{"id": "clinic-bad", ', /JSON/],
  ])('is refused with a clear error when %s, and kept as it is', async (_case, corrupt, why) => {
    const { store, dataDir } = openStore();
    await store.save(clinicRecord('clinic-bad', 1), null);
    const text = corrupt(clinicRecord('clinic-bad', 1));
    const db = new Database(join(dataDir, SQLITE_FILE_NAME));
    db.prepare('UPDATE clinics SET record = ? WHERE id = ?').run(text, 'clinic-bad');
    db.close();
    await expect(store.load('clinic-bad')).rejects.toThrow(why);
    const check = new Database(join(dataDir, SQLITE_FILE_NAME), { readonly: true });
    expect(check.prepare('SELECT record FROM clinics WHERE id = ?').get('clinic-bad')).toEqual({ record: text });
    check.close();
  });
});
