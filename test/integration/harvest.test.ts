/**
 * The harvest end to end over real sockets, with real Web Crypto on each device: coaches' notes
 * reach the case giver's devices and open there, takeaways come back to the case giver, senders
 * see "delivered" then "read", deletion, and that nothing the server stores or sends holds a note
 * in clear text.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { MAX_NOTE_BYTES } from '../../shared/protocol.ts';
import { commandAndSettle } from '../support/crew.ts';
import { HarvestDevice } from '../support/harvestDevices.ts';
import { createClinicAt, TestParticipant } from '../support/participant.ts';
import { useInProcessServer } from '../support/serverFixture.ts';
import { makeDataDir } from '../support/servers.ts';
import { rawQuery, storedCiphertextsOf, storeHolds, SUITE_STORE } from '../support/testStores.ts';

const NOTES_PER_SENDER = 3;
const { dataDir, remove } = makeDataDir();
afterAll(remove);
const fixture = useInProcessServer({ dataDir, limits: { sealedNotesPerSender: NOTES_PER_SENDER } });

const ANA_NOTE = 'Ana noticed: your voice softened when you talked about the allotment.';
const BEN_NOTE = 'Ben wonders what would happen if you asked your manager first.';
const TAKEAWAY = 'Gia takes away: ask for help before Friday.';

/**
 * Which of `texts` the store holds: with SQLite, anywhere in its files (the write-ahead log
 * included); with Postgres, in any of its rows.
 */
const storedOf = (texts: readonly string[]) => storeHolds(SUITE_STORE, dataDir, texts);

/**
 * Fran facilitates and only listens; Gia brings the case, on a phone and a laptop; Ana and Ben
 * coach. The clinic has run and closed.
 */
async function closedClinic() {
  const { clinicId, facilitatorKey } = await createClinicAt(fixture.server.url, { title: 'Harvest' });
  const fran = await fixture.joinAs(clinicId, 'Fran', facilitatorKey);
  const gia = await fixture.joinAs(clinicId, 'Gia');
  const ana = await fixture.joinAs(clinicId, 'Ana');
  const ben = await fixture.joinAs(clinicId, 'Ben');
  const giaLaptop = fixture.track(await TestParticipant.rejoin(fixture.server.url, clinicId, 'Gia', gia.me!.participantToken));
  const everyone = [fran, gia, ana, ben, giaLaptop];
  await commandAndSettle(fran, everyone, { type: 'SET_CASE_GIVER', participantId: gia.id });
  await commandAndSettle(fran, everyone, { type: 'SET_COACH_ORDER', coachIds: [ana.id, ben.id] });
  await commandAndSettle(fran, everyone, { type: 'START' });
  const devices = {
    fran: new HarvestDevice(fran),
    giaPhone: new HarvestDevice(gia),
    giaLaptop: new HarvestDevice(giaLaptop),
    ana: new HarvestDevice(ana),
    ben: new HarvestDevice(ben),
  };
  return { clinicId, fran, gia, ana, ben, everyone, devices, close: () => commandAndSettle(fran, everyone, { type: 'END' }) };
}

describe('notes to the case giver', () => {
  it("go from two coaches to each of the case giver's devices, open there, and show as read to their senders", async () => {
    const { gia, ana, ben, devices, close } = await closedClinic();
    const { giaPhone, giaLaptop } = devices;
    // Both of Gia's devices publish their keys while the clinic runs; coaches are told.
    expect((await giaPhone.publishKey()).ok).toBe(true);
    expect((await giaLaptop.publishKey()).ok).toBe(true);
    await devices.ana.changed('keys');
    await close();

    const overview = await devices.ana.overview();
    expect(overview).toMatchObject({ ok: true, data: { caseGivers: [{ participantId: gia.id, keys: [{ keyId: giaPhone.keyId }, { keyId: giaLaptop.keyId }] }], sent: [] } });

    const fromAna = await devices.ana.send('note', gia.id, ANA_NOTE);
    const fromBen = await devices.ben.send('note', gia.id, BEN_NOTE);
    if (!fromAna.ok || !fromBen.ok) throw new Error('a note was refused');
    await giaPhone.changed('inbox');
    // Delivered: stored for Gia, not yet read.
    expect(await devices.ana.overview()).toMatchObject({ ok: true, data: { sent: [{ noteId: fromAna.data.noteId, to: gia.id, readAt: null }] } });

    const expected = [
      { noteId: fromAna.data.noteId, kind: 'note', from: ana.id, text: ANA_NOTE },
      { noteId: fromBen.data.noteId, kind: 'note', from: ben.id, text: BEN_NOTE },
    ];
    expect(await giaPhone.inbox()).toEqual(expected);
    expect(await giaLaptop.inbox()).toEqual(expected);

    // Read: each sender is told, and sees it.
    await devices.ana.changed('sent');
    await devices.ben.changed('sent');
    const anaReceipts = await devices.ana.overview();
    expect(anaReceipts.ok && anaReceipts.data.sent).toEqual([{ noteId: fromAna.data.noteId, to: gia.id, sentAt: fromAna.data.sentAt, readAt: expect.any(Number) }]);
    // Each sender sees their own receipts only.
    const benReceipts = await devices.ben.overview();
    expect(benReceipts.ok && benReceipts.data.sent.map((receipt) => receipt.noteId)).toEqual([fromBen.data.noteId]);
  });

  it("let the case giver write takeaways only their own devices open, and delete notes from the server", async () => {
    const { gia, devices, close } = await closedClinic();
    const { giaPhone, giaLaptop } = devices;
    await giaPhone.publishKey();
    await giaLaptop.publishKey();
    await close();
    const note = await devices.ana.send('note', gia.id, ANA_NOTE);
    const takeaway = await giaPhone.send('takeaway', gia.id, TAKEAWAY);
    if (!note.ok || !takeaway.ok) throw new Error('refused');
    expect((await giaLaptop.inbox()).map((item) => [item.kind, item.text])).toEqual([
      ['note', ANA_NOTE],
      ['takeaway', TAKEAWAY],
    ]);
    // A takeaway has no sender to tell: it never shows among a coach's receipts.
    const anaReceipts = await devices.ana.overview();
    expect(anaReceipts.ok && anaReceipts.data.sent).toHaveLength(1);

    const ciphertexts = await storedCiphertextsOf(SUITE_STORE, dataDir, note.data.noteId);
    expect(ciphertexts).toHaveLength(2);
    expect(await storedOf(ciphertexts)).toEqual(ciphertexts);
    expect(await giaPhone.delete([note.data.noteId])).toEqual({ ok: true, data: { deleted: 1 } });
    await giaLaptop.changed('inbox');
    expect((await giaLaptop.inbox()).map((item) => item.text)).toEqual([TAKEAWAY]);
    // Deleting again deletes nothing; the sender still sees it was read.
    expect(await giaPhone.delete([note.data.noteId])).toEqual({ ok: true, data: { deleted: 0 } });
    const receipts = await devices.ana.overview();
    expect(receipts.ok && receipts.data.sent).toEqual([expect.objectContaining({ noteId: note.data.noteId, readAt: expect.any(Number) })]);
    // Deleted ciphertext is gone from the store (SQLite's files, write-ahead log included).
    expect(await storedOf(ciphertexts)).toEqual([]);
  });

  it('reach a device that published its key later only through the devices it was sealed for', async () => {
    const { gia, devices, close, clinicId } = await closedClinic();
    await devices.giaPhone.publishKey();
    await close();
    const note = await devices.ana.send('note', gia.id, ANA_NOTE);
    expect(note.ok).toBe(true);
    const phoneOnly = await devices.ana.keysOf(gia.id);
    const tablet = new HarvestDevice(fixture.track(await TestParticipant.rejoin(fixture.server.url, clinicId, 'Gia', gia.me!.participantToken)));
    await tablet.publishKey();
    expect((await tablet.inbox()).map((item) => item.text)).toEqual([null]);
    expect((await devices.giaPhone.inbox()).map((item) => item.text)).toEqual([ANA_NOTE]);
    // A note sealed for the phone alone is now refused: the tablet could never read it.
    expect(await devices.ana.send('note', gia.id, BEN_NOTE, phoneOnly)).toMatchObject({ ok: false, error: { reason: 'DEVICE_KEYS_CHANGED' } });
    expect(await devices.ana.send('note', gia.id, BEN_NOTE)).toMatchObject({ ok: true });
    expect((await tablet.inbox()).map((item) => item.text)).toEqual([null, BEN_NOTE]);
  });
});

describe('what the server holds and sends', () => {
  it('is ciphertext only: nothing in the store and no packet any device received holds a note', async () => {
    const { gia, devices, close, everyone } = await closedClinic();
    const allDevices = Object.values(devices);
    await devices.giaPhone.publishKey();
    await devices.giaLaptop.publishKey();
    await close();
    await devices.ana.send('note', gia.id, ANA_NOTE);
    await devices.ben.send('note', gia.id, BEN_NOTE);
    await devices.giaPhone.send('takeaway', gia.id, TAKEAWAY);
    // The case giver's devices open them: the plaintext exists, on the devices.
    expect((await devices.giaPhone.inbox()).map((item) => item.text)).toEqual([ANA_NOTE, BEN_NOTE, TAKEAWAY]);
    expect((await devices.giaLaptop.inbox()).map((item) => item.text)).toEqual([ANA_NOTE, BEN_NOTE, TAKEAWAY]);

    const packets = allDevices.flatMap((device) => device.received).join('\n');
    expect(await storedOf(['ciphertext'])).toEqual(['ciphertext']);
    expect(packets).toContain('ciphertext');
    expect(everyone.length).toBe(5);
    for (const text of [ANA_NOTE, BEN_NOTE, TAKEAWAY]) {
      // Whole, or any distinctive part of it.
      const fragments = [text, ...text.split(/[\s:.,]+/).filter((word) => word.length >= 6)];
      expect.soft(await storedOf(fragments), 'what the store holds of a note').toEqual([]);
      for (const fragment of fragments) expect.soft(packets, `a packet holds "${fragment}"`).not.toContain(fragment);
    }
  });
});

describe('limits', () => {
  it(`stop a sender at ${NOTES_PER_SENDER} notes in one clinic, and refuse ciphertext larger than a note can be`, async () => {
    const { gia, devices, close } = await closedClinic();
    await devices.giaPhone.publishKey();
    await close();
    for (let index = 0; index < NOTES_PER_SENDER; index += 1) expect((await devices.ana.send('note', gia.id, `note ${index}`)).ok).toBe(true);
    expect(await devices.ana.send('note', gia.id, 'one too many')).toMatchObject({ ok: false, error: { code: 'RATE_LIMITED', reason: 'TOO_MANY_NOTES' } });
    // Ben's allowance is his own.
    expect((await devices.ben.send('note', gia.id, BEN_NOTE)).ok).toBe(true);
    // A note longer than any the app sends is refused before anything is stored.
    const tooLong = await devices.ben.send('note', gia.id, 'x'.repeat(MAX_NOTE_BYTES + 1));
    expect(tooLong).toMatchObject({ ok: false, error: { code: 'INVALID_PAYLOAD', message: expect.stringContaining('too long') } });
    expect((await devices.giaPhone.inbox()).map((item) => item.text)).toEqual(['note 0', 'note 1', 'note 2', BEN_NOTE]);
  });
});

describe('a deleted clinic', () => {
  const countRows = async (clinicId: string) => {
    const count = async (table: string) => (await rawQuery(SUITE_STORE, dataDir, `SELECT CAST(count(*) AS integer) AS count FROM ${table} WHERE clinic_id = $1`, [clinicId]))[0]!.count;
    return { keys: await count('device_keys'), notes: await count('sealed_notes') };
  };

  it('takes its notes and keys with it, from the files too (with SQLite), when a facilitator deletes it', async () => {
    const { clinicId, gia, fran, devices, close } = await closedClinic();
    await devices.giaPhone.publishKey();
    await close();
    const note = await devices.ana.send('note', gia.id, ANA_NOTE);
    if (!note.ok) throw new Error('refused');
    const ciphertexts = await storedCiphertextsOf(SUITE_STORE, dataDir, note.data.noteId);
    expect(await countRows(clinicId)).toEqual({ keys: 1, notes: 1 });
    expect((await fran.command({ type: 'DELETE_CLINIC' })).ok).toBe(true);
    expect(await countRows(clinicId)).toEqual({ keys: 0, notes: 0 });
    expect(await storedOf(ciphertexts)).toEqual([]);
  });

  it('takes its notes and keys with it when its retention ends', async () => {
    const { clinicId, gia, devices, close } = await closedClinic();
    await devices.giaPhone.publishKey();
    await close();
    await devices.ana.send('note', gia.id, ANA_NOTE);
    const other = await closedClinic();
    await other.devices.giaPhone.publishKey();
    expect(await countRows(clinicId)).toEqual({ keys: 1, notes: 1 });
    // Closed a moment ago: a retention of none deletes it, and only it (the other clinic still runs).
    const expired = await fixture.server.app.registry.deleteExpired(Date.now() + 24 * 3_600_000 + 1);
    expect(expired).toContain(clinicId);
    expect(await countRows(clinicId)).toEqual({ keys: 0, notes: 0 });
    expect(expired).not.toContain(other.clinicId);
    expect(await countRows(other.clinicId)).toEqual({ keys: 1, notes: 0 });
  });
});
