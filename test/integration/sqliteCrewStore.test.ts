/**
 * Crews in the embedded store, on a real SQLite file: a crew's save is a compare-and-set on its
 * revision, its record is read back through the crew schema, the clinics its sessions ran as are
 * kept past the clinics' own retention and deleted with it, and a deleted crew leaves nothing
 * readable in any file under the data directory (the write-ahead log included).
 */
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { StaleWriteError } from '../../server/store/clinicStore.ts';
import { openSqliteClinicStore, SQLITE_FILE_NAME } from '../../server/store/sqliteClinicStore.ts';
import { UnreadableRecordError } from '../../shared/storedClinicMigrations.ts';
import { crewOf } from '../support/crewFixture.ts';
import { clinicRecord, NOW, readableIn } from '../support/dataFiles.ts';
import { makeDataDir } from '../support/servers.ts';

const DAY_MS = 86_400_000;
const opened: Array<{ close: () => Promise<void>; remove: () => void }> = [];

function openStore() {
  const { dataDir, remove } = makeDataDir();
  const store = openSqliteClinicStore(dataDir);
  opened.push({ close: () => store.close(), remove });
  return { store, dataDir };
}

afterEach(async () => {
  for (const { close, remove } of opened.splice(0)) {
    await close().catch(() => undefined);
    remove();
  }
});

/** A crew whose id and member names are easy to find in a file's bytes. */
const crewRecord = (id: string, revision: number) => {
  const crew = crewOf(4);
  return { ...crew, id, revision, members: crew.members.map((member) => ({ ...member, name: `${member.name} of ${id}` })) };
};

describe('a crew in the store', () => {
  it('is written only over the revision the writer expects, and read back as it was saved', async () => {
    const { store } = openStore();
    await store.saveCrew(crewRecord('crew-a', 0), null, NOW);
    await expect(store.saveCrew(crewRecord('crew-a', 0), null, NOW)).rejects.toThrow(StaleWriteError);
    await store.saveCrew({ ...crewRecord('crew-a', 1), name: 'Renamed' }, 0, NOW);
    await expect(store.saveCrew({ ...crewRecord('crew-a', 2), name: 'Stale' }, 0, NOW)).rejects.toThrow(/Crew crew-a is not at revision 0/);
    expect(await store.loadCrew('crew-a')).toEqual({ ...crewRecord('crew-a', 1), name: 'Renamed' });
    expect(await store.loadCrew('crew-b')).toBeNull();
  });

  it('refuses a stored record the crew schema does not accept, and leaves it where it is', async () => {
    const { store, dataDir } = openStore();
    await store.saveCrew(crewRecord('crew-a', 0), null, NOW);
    await store.close();
    const db = new Database(join(dataDir, SQLITE_FILE_NAME));
    db.prepare("UPDATE crews SET record = json_set(record, '$.weeks', 99) WHERE id = 'crew-a'").run();
    db.close();
    const reopened = openSqliteClinicStore(dataDir);
    opened.push({ close: () => reopened.close(), remove: () => undefined });
    await expect(reopened.loadCrew('crew-a')).rejects.toThrow(UnreadableRecordError);
    await expect(reopened.loadCrew('crew-a')).rejects.toThrow(/weeks/);
  });

  it("keeps its sessions' clinics past the clinics' own retention, and deletes them with the crew", async () => {
    const { store, dataDir } = openStore();
    await store.saveCrew(crewRecord('crew-a', 0), null, NOW);
    await store.save(clinicRecord('crew-clinic', 1, { closedAt: NOW }), null);
    await store.save(clinicRecord('lone-clinic', 1, { closedAt: NOW }), null);
    expect(await store.linkClinic('crew-clinic', 'crew-a')).toBe(true);
    expect(await store.linkClinic('no-such-clinic', 'crew-a')).toBe(false);
    expect(await store.crewOfClinic('crew-clinic')).toBe('crew-a');
    expect(await store.crewOfClinic('lone-clinic')).toBeNull();

    expect(await store.deleteExpired({ closedBefore: NOW + DAY_MS, untouchedSince: NOW + DAY_MS })).toEqual(['lone-clinic']);
    expect(await store.load('crew-clinic')).not.toBeNull();

    expect(await store.deleteCrew('crew-a')).toEqual(['crew-clinic']);
    expect([await store.loadCrew('crew-a'), await store.load('crew-clinic')]).toEqual([null, null]);
    expect(readableIn(dataDir, ['crew-a', 'Orla of crew-a', 'Zebulon of crew-clinic'])).toEqual([]);
  });

  it('goes, with its clinics, once its last session is longer ago than the retention allows', async () => {
    const { store, dataDir } = openStore();
    await store.saveCrew(crewRecord('crew-old', 0), null, NOW);
    await store.saveCrew(crewRecord('crew-new', 0), null, NOW + 10 * DAY_MS);
    await store.save(clinicRecord('old-session', 1), null);
    await store.linkClinic('old-session', 'crew-old');
    expect(await store.deleteExpiredCrews(NOW + DAY_MS)).toEqual({ crewIds: ['crew-old'], clinicIds: ['old-session'] });
    expect(await store.loadCrew('crew-new')).not.toBeNull();
    expect(readableIn(dataDir, ['Ben of crew-old', 'Zebulon of old-session', 'Ben of crew-new'])).toEqual(['Ben of crew-new']);
  });
});
