/**
 * Every clinic store, SQLite and Postgres alike, on a real database: saves are a compare-and-set
 * on the revision, a deleted or expired clinic leaves nothing of it readable (in SQLite, in no
 * file under the data directory, the write-ahead log included; in Postgres, in no row), sealed
 * notes and device keys live and go with their clinic, and a record it cannot read is refused
 * with a clear error and left where it is.
 */
import { describe, expect, it } from 'vitest';
import { StaleWriteError } from '../../server/store/clinicStore.ts';
import type { SealedNoteRow } from '../../server/store/sealedNoteStore.ts';
import { initialContext } from '../../shared/clinicSteps.ts';
import { CREW_INTRO as CREW_INTRO_FORMAT } from '../../shared/formats/crewIntro.ts';
import { CREW_LANDING as CREW_LANDING_FORMAT } from '../../shared/formats/crewLanding.ts';
import { STORED_CLINIC_VERSION, type StoredClinic } from '../../shared/storedClinicSchema.ts';
import { clinicRecord, NOW } from '../support/dataFiles.ts';
import { openStoreIn, STORE_KINDS, storesForEachTest } from '../support/testStores.ts';

const openStore = storesForEachTest();

const noteTo = (recipientId: string, id: string, clinicId: string, senderId = 'participant-1'): SealedNoteRow => ({
  id,
  clinicId,
  kind: 'note',
  senderId,
  recipientId,
  sentAt: NOW,
  readAt: null,
  envelopes: [{ keyId: 'key-1', ephemeralKey: 'ephemeral', iv: 'iv', ciphertext: `Ciphertext of ${id}` }],
});

describe.each(STORE_KINDS)('the %s store', (kind) => {
  describe('saving', () => {
    it('writes only over the revision the writer expects', async () => {
      const { store } = await openStore(kind);
      await store.save(clinicRecord('clinic-a', 1), null);
      await expect(store.save(clinicRecord('clinic-a', 1), null)).rejects.toThrow(StaleWriteError);
      await store.save(clinicRecord('clinic-a', 2, { title: 'Second' }), 1);
      // A writer that missed revision 2 (another process, or a change rolled back) cannot land.
      await expect(store.save(clinicRecord('clinic-a', 3, { title: 'Stale' }), 1)).rejects.toThrow(StaleWriteError);
      expect(await store.load('clinic-a')).toMatchObject({ revision: 2, title: 'Second' });
    });

    it('fails a stale or broken save alone; the saves made with it land', async () => {
      const { store } = await openStore(kind);
      await store.save(clinicRecord('clinic-moved-on', 2), null);
      const outcomes = await Promise.allSettled([
        store.save(clinicRecord('clinic-fine-1', 1), null),
        // The stored record is at revision 2, not 1.
        store.save(clinicRecord('clinic-moved-on', 3, { title: 'Stale' }), 1),
        // The column holds whole milliseconds: the database refuses this one statement.
        store.save(clinicRecord('clinic-broken', 1, { updatedAt: NOW + 0.5 }), null),
        store.save(clinicRecord('clinic-fine-2', 1), null),
      ]);
      expect(outcomes.map((outcome) => outcome.status)).toEqual(['fulfilled', 'rejected', 'rejected', 'fulfilled']);
      expect((outcomes[1] as PromiseRejectedResult).reason).toBeInstanceOf(StaleWriteError);
      expect((outcomes[2] as PromiseRejectedResult).reason).not.toBeInstanceOf(StaleWriteError);
      expect(await store.load('clinic-fine-1')).toMatchObject({ revision: 1 });
      expect(await store.load('clinic-fine-2')).toMatchObject({ revision: 1 });
      expect(await store.load('clinic-moved-on')).toMatchObject({ revision: 2, title: 'Title of clinic-moved-on' });
      expect(await store.load('clinic-broken')).toBeNull();
    });
  });

  describe('forgetting', () => {
    it('leaves nothing of a deleted clinic readable, its notes and keys included', async () => {
      const { store, holds, expectNoDeadVersions } = await openStore(kind);
      const gone = clinicRecord('clinic-gone-42', 1);
      const kept = clinicRecord('clinic-kept-77', 1);
      await store.save(kept, null);
      await store.save(gone, null);
      for (let revision = 2; revision <= 5; revision += 1) await store.save({ ...gone, revision, updatedAt: NOW + revision }, revision - 1);
      await store.publishKey({ clinicId: gone.id, participantId: 'participant-1', keyId: 'key-1', publicKey: 'Public key of gone', publishedAt: NOW }, 2);
      expect(await store.addSealedNote(noteTo('participant-1', 'note-1', gone.id), 5)).toBe('stored');
      const traces = [gone.id, gone.participants[0]!.name, gone.title!, 'Public key of gone', 'Ciphertext of note-1'];
      expect(await holds(traces)).toEqual(traces);

      await store.delete(gone.id);
      expect(await holds(traces)).toEqual([]);
      await expectNoDeadVersions();
      expect(await store.load(gone.id)).toBeNull();
      expect(await store.deviceKeys(gone.id)).toEqual([]);
      expect(await store.load(kept.id)).toMatchObject({ id: kept.id });
      expect(await holds([kept.participants[0]!.name])).toHaveLength(1);
    });

    it('does the same for clinics that expired', async () => {
      const { store, holds, expectNoDeadVersions } = await openStore(kind);
      const closed = clinicRecord('clinic-closed-13', 1, { closedAt: NOW, stage: 'closed' });
      const fresh = clinicRecord('clinic-fresh-21', 1, { updatedAt: NOW + 1_000 });
      await store.save(closed, null);
      await store.save(fresh, null);
      expect(await store.addSealedNote(noteTo('participant-1', 'note-of-closed', closed.id), 5)).toBe('stored');
      expect(await store.deleteExpired({ closedBefore: NOW + 1, untouchedSince: NOW - 1 })).toEqual([closed.id]);
      expect(await holds([closed.id, closed.participants[0]!.name, 'Ciphertext of note-of-closed'])).toEqual([]);
      await expectNoDeadVersions();
      expect(await store.load(fresh.id)).toMatchObject({ id: fresh.id });
    });
  });

  describe('sealed notes and device keys', () => {
    it("are kept only while their clinic is stored, up to the sender's cap and the newest keys", async () => {
      const { store } = await openStore(kind);
      await store.save(clinicRecord('clinic-notes', 1), null);
      const key = (keyId: string, publishedAt: number) => ({ clinicId: 'clinic-notes', participantId: 'gia', keyId, publicKey: `public ${keyId}`, publishedAt });
      expect(await store.publishKey(key('key-a', NOW), 2)).toBe(true);
      expect(await store.publishKey(key('key-b', NOW + 1), 2)).toBe(true);
      expect(await store.publishKey(key('key-c', NOW + 2), 2)).toBe(true);
      expect((await store.deviceKeys('clinic-notes')).map((row) => row.keyId)).toEqual(['key-b', 'key-c']);
      expect(await store.publishKey({ ...key('key-d', NOW), clinicId: 'no-such-clinic' }, 2)).toBe(false);

      // Sent at once, as from several devices (or nodes): the cap holds all the same.
      const notes = ['note-1', 'note-2', 'note-3'].map((id) => noteTo('gia', id, 'clinic-notes'));
      const outcomes = await Promise.all(notes.map((note) => store.addSealedNote(note, 2)));
      expect([...outcomes].sort()).toEqual(['full', 'stored', 'stored']);
      const stored = notes.filter((_note, index) => outcomes[index] === 'stored').map((note) => note.id);
      expect(await store.addSealedNote(noteTo('gia', 'note-4', 'no-such-clinic'), 2)).toBe('gone');
      const inbox = await store.openInbox('clinic-notes', 'gia', NOW + 10);
      expect(inbox.map((note) => [note.id, note.readAt, note.envelopes?.[0]?.ciphertext])).toEqual(stored.map((id) => [id, NOW + 10, `Ciphertext of ${id}`]));
      expect(await store.deleteSealedNotes('clinic-notes', 'gia', [...stored, 'note-9'])).toEqual(['participant-1', 'participant-1']);
      expect(await store.openInbox('clinic-notes', 'gia', NOW + 20)).toEqual([]);
      // The receipts stay, without what they said.
      expect((await store.sentNotes('clinic-notes', 'participant-1')).map((note) => [note.id, note.readAt, note.envelopes])).toEqual(stored.map((id) => [id, NOW + 10, null]));
    });

    it("give a crew member back their own takeaways across the crew's clinics, and let them go", async () => {
      const { store, holds } = await openStore(kind);
      for (const id of ['week-1', 'week-2', 'elsewhere']) await store.save(clinicRecord(id, 1), null);
      const takeaway = (id: string, clinicId: string, senderId = 'ben'): SealedNoteRow => ({ ...noteTo('ben', id, clinicId, senderId), kind: 'takeaway' });
      for (const note of [takeaway('own-1', 'week-1'), takeaway('own-2', 'week-2'), takeaway('own-elsewhere', 'elsewhere'), noteTo('ben', 'orlas-note', 'week-1', 'orla')]) {
        expect(await store.addSealedNote(note, 5)).toBe('stored');
      }
      const crewClinics = ['week-1', 'week-2'];
      expect((await store.takeawaysOf(crewClinics, 'ben')).map((note) => [note.id, note.envelopes?.[0]?.ciphertext])).toEqual([
        ['own-1', 'Ciphertext of own-1'],
        ['own-2', 'Ciphertext of own-2'],
      ]);
      expect(await store.takeawaysOf(crewClinics, 'orla')).toEqual([]);
      expect(await store.dropTakeaways(crewClinics, 'ben', ['own-1', 'orlas-note', 'own-elsewhere'])).toEqual(['week-1']);
      expect((await store.takeawaysOf(crewClinics, 'ben')).map((note) => note.id)).toEqual(['own-2']);

      // Ben left the crew: nothing sealed for him in its clinics can be opened any more.
      await store.dropSealedFor(crewClinics, 'ben');
      expect(await holds(['Ciphertext of own-1', 'Ciphertext of own-2', 'Ciphertext of orlas-note', 'Ciphertext of own-elsewhere'])).toEqual(['Ciphertext of own-elsewhere']);
    });
  });

  describe('upgraded', () => {
    it("drops what was sealed or published for a crew's intro or landing before they kept no harvest", async () => {
      const { store, dataDir, holds, query, expectNoDeadVersions } = await openStore(kind);
      const landing = CREW_LANDING_FORMAT.id;
      const hosted = clinicRecord('clinic-hosted', 1, { progress: initialContext({ format: { ...CREW_INTRO_FORMAT, caseGiverSeat: 'host' } }) });
      const hostedBefore = clinicRecord('clinic-hosted-before', 1, { progress: initialContext({ format: { ...CREW_LANDING_FORMAT, caseGiverSeat: undefined } }) });
      const clinic = clinicRecord('clinic-classic', 1);
      for (const record of [hosted, hostedBefore, clinic]) {
        await store.save(record, null);
        await store.publishKey({ clinicId: record.id, participantId: 'participant-1', keyId: 'key-1', publicKey: `Public key of ${record.id}`, publishedAt: NOW }, 2);
        expect(await store.addSealedNote(noteTo('participant-1', `note-of-${record.id}`, record.id), 5)).toBe('stored');
      }
      // Saved before schema 5, when the seat had no name: the format alone tells.
      await query('UPDATE clinics SET record = $1 WHERE id = $2', [JSON.stringify({ ...hostedBefore, schemaVersion: 4 }), hostedBefore.id]);
      await query("INSERT INTO clinics (id, record, revision, updated_at, closed_at) VALUES ('clinic-junk', 'not JSON', 1, 0, NULL)");
      expect(await holds(['Ciphertext of note-of-clinic-hosted-before'])).toHaveLength(1);
      await store.close();
      // The data as it stood before this release's migration: reopened, the store upgrades it.
      await query(kind === 'sqlite' ? 'PRAGMA user_version = 4' : 'DELETE FROM schema_migrations WHERE version = 2');
      const upgraded = await openStoreIn(kind, dataDir);
      // Only the version this test took back is left as a dead row.
      if (kind === 'postgres') await query('VACUUM schema_migrations');
      try {
        expect(await holds([hosted, hostedBefore].flatMap(({ id }) => [`Ciphertext of note-of-${id}`, `Public key of ${id}`]))).toEqual([]);
        await expectNoDeadVersions();
        expect(await upgraded.deviceKeys(clinic.id)).toHaveLength(1);
        expect((await upgraded.openInbox(clinic.id, 'participant-1', NOW)).map((note) => note.id)).toEqual(['note-of-clinic-classic']);
        expect(await upgraded.load(hostedBefore.id)).toMatchObject({ progress: { format: { id: landing, caseGiverSeat: 'host' } } });
        expect(await query("SELECT record FROM clinics WHERE id = 'clinic-junk'")).toEqual([{ record: 'not JSON' }]);
      } finally {
        await upgraded.close();
      }
    });
  });

  describe('a record it cannot read', () => {
    it.each([
      ['written by a newer version', (record: StoredClinic) => JSON.stringify({ ...record, schemaVersion: STORED_CLINIC_VERSION + 1 }), /newer version/],
      ['not matching its schema', (record: StoredClinic) => JSON.stringify({ ...record, stage: 'dancing' }), /stage/],
      ['not JSON at all', () => '{"id": "clinic-bad", ', /JSON/],
    ])('is refused with a clear error when %s, and kept as it is', async (_case, corrupt, why) => {
      const { store, query } = await openStore(kind);
      await store.save(clinicRecord('clinic-bad', 1), null);
      const text = corrupt(clinicRecord('clinic-bad', 1));
      await query('UPDATE clinics SET record = $1 WHERE id = $2', [text, 'clinic-bad']);
      await expect(store.load('clinic-bad')).rejects.toThrow(why);
      expect(await query('SELECT record FROM clinics WHERE id = $1', ['clinic-bad'])).toEqual([{ record: text }]);
    });
  });
});
