/**
 * The embedded store on a real SQLite file: saves are a compare-and-set on the revision, a file
 * from the release before gains what it lacks, a deleted or expired clinic leaves nothing readable
 * in any file under the data directory (the write-ahead log included), and a record it cannot
 * read is refused with a clear error and left where it is.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { hashSecret } from '../../server/secrets.ts';
import { StaleWriteError, type ClinicStore } from '../../server/store/clinicStore.ts';
import { openSqliteClinicStore, SQLITE_FILE_NAME } from '../../server/store/sqliteClinicStore.ts';
import { initialContext } from '../../shared/clinicSteps.ts';
import { CLASSIC as CLASSIC_FORMAT } from '../../shared/formats/classic.ts';
import { STORED_CLINIC_VERSION, type StoredClinic } from '../../shared/storedClinicSchema.ts';
import { makeDataDir } from '../support/servers.ts';

const NOW = 1_800_000_000_000;

/** A clinic whose id and names are easy to find in a file's bytes. */
function clinicRecord(id: string, revision: number, changes: Partial<StoredClinic> = {}): StoredClinic {
  return {
    schemaVersion: STORED_CLINIC_VERSION,
    id,
    title: `Title of ${id}`,
    createdAt: NOW,
    updatedAt: NOW,
    closedAt: null,
    facilitatorKeyHash: hashSecret('facilitator-key'),
    keyOwnerId: null,
    facilitatorIds: [],
    participants: [{ id: 'participant-1', name: `Zebulon of ${id}`, tokenHashes: [hashSecret('token')], screen: false }],
    removedTokenHashes: [],
    revision,
    lastCommandRevision: 0,
    stage: 'lobby',
    progress: initialContext({ format: CLASSIC_FORMAT }),
    ...changes,
  };
}

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

/** Which of `needles` some file under `dataDir` still holds, in UTF-8 as SQLite writes text. */
function readableIn(dataDir: string, needles: readonly string[]): string[] {
  const bytes = readdirSync(dataDir).map((file) => readFileSync(join(dataDir, file)));
  return needles.filter((needle) => bytes.some((content) => content.includes(Buffer.from(needle, 'utf8'))));
}

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
