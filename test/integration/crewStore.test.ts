/**
 * Crews in every store, SQLite and Postgres alike, on a real database: a crew's save is a
 * compare-and-set on its revision, its record is read back through the crew schema, pairing codes
 * are used once and only while valid, the clinics its sessions ran as are kept past the clinics'
 * own retention and deleted with it, and a deleted crew leaves nothing of it readable (in SQLite,
 * in no file under the data directory, the write-ahead log included; in Postgres, in no row).
 */
import { describe, expect, it } from 'vitest';
import { StaleWriteError } from '../../server/store/clinicStore.ts';
import { UnreadableRecordError } from '../../shared/recordMigrations.ts';
import { crewOf } from '../support/crewFixture.ts';
import { clinicRecord, NOW } from '../support/dataFiles.ts';
import { deadRowVersions, STORE_KINDS, storesForEachTest } from '../support/testStores.ts';

const DAY_MS = 86_400_000;
const openStore = storesForEachTest();

/** A crew whose id and member names are easy to find in a file's bytes. */
const crewRecord = (id: string, revision: number) => {
  const crew = crewOf(4);
  return { ...crew, id, revision, members: crew.members.map((member) => ({ ...member, name: `${member.name} of ${id}` })) };
};

describe.each(STORE_KINDS)('a crew in the %s store', (kind) => {
  it('is written only over the revision the writer expects, and read back as it was saved', async () => {
    const { store } = await openStore(kind);
    await store.saveCrew(crewRecord('crew-a', 0), null, NOW);
    await expect(store.saveCrew(crewRecord('crew-a', 0), null, NOW)).rejects.toThrow(StaleWriteError);
    await store.saveCrew({ ...crewRecord('crew-a', 1), name: 'Renamed' }, 0, NOW);
    await expect(store.saveCrew({ ...crewRecord('crew-a', 2), name: 'Stale' }, 0, NOW)).rejects.toThrow(/Crew crew-a is not at revision 0/);
    expect(await store.loadCrew('crew-a')).toEqual({ ...crewRecord('crew-a', 1), name: 'Renamed' });
    expect(await store.loadCrew('crew-b')).toBeNull();
  });

  it('refuses a stored record the crew schema does not accept, and leaves it where it is', async () => {
    const { store, query } = await openStore(kind);
    await store.saveCrew(crewRecord('crew-a', 0), null, NOW);
    const unreadable = JSON.stringify({ ...crewRecord('crew-a', 0), weeks: 99 });
    await query('UPDATE crews SET record = $1 WHERE id = $2', [unreadable, 'crew-a']);
    await expect(store.loadCrew('crew-a')).rejects.toThrow(UnreadableRecordError);
    await expect(store.loadCrew('crew-a')).rejects.toThrow(/weeks/);
    expect(await query('SELECT record FROM crews WHERE id = $1', ['crew-a'])).toEqual([{ record: unreadable }]);
  });

  it('lets a pairing code be used once, while it is valid, and drops expired ones', async () => {
    const { store, query } = await openStore(kind);
    const code = (codeHash: string, expiresAt: number) => ({ crewId: 'crew-a', memberId: 'orla', codeHash, expiresAt, replacesDevices: codeHash === 'hash-lost' });
    await store.addPairingCode(code('hash-fresh', NOW + 1_000));
    await store.addPairingCode(code('hash-lost', NOW + 1_000));
    await store.addPairingCode(code('hash-stale', NOW));
    expect(await store.redeemPairingCode('crew-b', 'hash-fresh', NOW)).toBeNull();
    expect(await store.redeemPairingCode('crew-a', 'hash-fresh', NOW)).toEqual(code('hash-fresh', NOW + 1_000));
    expect(await store.redeemPairingCode('crew-a', 'hash-fresh', NOW)).toBeNull();
    expect(await store.redeemPairingCode('crew-a', 'hash-stale', NOW)).toBeNull();
    expect(await query('SELECT code_hash FROM crew_pairing_codes', [])).toEqual([{ code_hash: 'hash-lost' }]);
    expect(await store.redeemPairingCode('crew-a', 'hash-lost', NOW + 999)).toEqual(code('hash-lost', NOW + 1_000));
  });

  it("keeps its sessions' clinics past the clinics' own retention, and deletes them with the crew", async () => {
    const { store, holds, expectNoDeadVersions } = await openStore(kind);
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
    expect(await holds(['crew-a', 'Orla of crew-a', 'Zebulon of crew-clinic'])).toEqual([]);
    await expectNoDeadVersions();
  });

  it('goes, with its clinics, once its last session is longer ago than the retention allows', async () => {
    const { store, holds, expectNoDeadVersions } = await openStore(kind);
    await store.saveCrew(crewRecord('crew-old', 0), null, NOW);
    await store.saveCrew(crewRecord('crew-new', 0), null, NOW + 10 * DAY_MS);
    await store.save(clinicRecord('old-session', 1), null);
    await store.linkClinic('old-session', 'crew-old');
    expect(await store.deleteExpiredCrews(NOW + DAY_MS)).toEqual({ crewIds: ['crew-old'], clinicIds: ['old-session'] });
    expect(await store.loadCrew('crew-new')).not.toBeNull();
    expect(await holds(['Ben of crew-old', 'Zebulon of old-session', 'Ben of crew-new'])).toEqual(['Ben of crew-new']);
    await expectNoDeadVersions();
  });

  it("leaves a member's old name unreadable once what overwrote it is forgotten", async () => {
    const { store, dataDir, holds, expectNoDeadVersions } = await openStore(kind);
    await store.saveCrew(crewRecord('crew-a', 0), null, NOW);
    const renamed = crewRecord('crew-a', 1);
    await store.saveCrew({ ...renamed, members: renamed.members.filter((member) => member.id !== 'ben') }, 0, NOW);
    // Postgres keeps the version it overwrote until told to forget it.
    if (kind === 'postgres') expect(await deadRowVersions(dataDir)).toBeGreaterThan(0);
    await store.forgetOverwritten();
    await expectNoDeadVersions();
    expect(await holds(['Ben of crew-a', 'Orla of crew-a'])).toEqual(['Orla of crew-a']);
  });
});
