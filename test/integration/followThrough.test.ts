/**
 * The follow-through of takeaways in a crew, over real sockets with real Web Crypto: what a case
 * giver sealed for themselves after one session comes back at the check-in of the next session
 * they attend, to their own devices only, opens only with the keys it was sealed to, and goes when
 * dismissed, when the member leaves or is removed, and with the crew; the server holds ciphertext only.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { instantOf } from '../../shared/crewSchedule.ts';
import { createDeviceKeyPair } from '../../shared/sealedNotes.ts';
import { commandAndSettle } from '../support/crew.ts';
import { holdSession, TestCrewMember } from '../support/crewMember.ts';
import { HarvestDevice } from '../support/harvestDevices.ts';
import { TestParticipant } from '../support/participant.ts';
import { useInProcessServer } from '../support/serverFixture.ts';
import { makeDataDir } from '../support/servers.ts';
import { rawQuery, storedCiphertextsOf, storeHolds, SUITE_STORE } from '../support/testStores.ts';

const TAKEAWAY = 'Ben takes away: say no to the Friday rota before Thursday.';
const NOTE = 'Orla noticed you smiled when you said "no".';

let clock = Date.UTC(2027, 1, 20, 12);
const { dataDir, remove } = makeDataDir();
afterAll(remove);
const fixture = useInProcessServer({ dataDir, now: () => clock });

/** Whether a sealed note still holds its envelopes (null: there is no such row). */
async function holdsEnvelopes(noteId: string): Promise<boolean | null> {
  const [row] = await rawQuery(SUITE_STORE, dataDir, 'SELECT envelopes FROM sealed_notes WHERE id = $1', [noteId]);
  return row ? row.envelopes !== null : null;
}

/** Which of `texts` the store holds: with SQLite, anywhere in its files; with Postgres, in any of its rows. */
const storedOf = (texts: readonly string[]) => storeHolds(SUITE_STORE, dataDir, texts);

/**
 * A four-week crew (intro, two case sessions, landing) of Orla (organising), Ben, Cleo and Dev.
 * Week 2 is held with Ben as its case giver: on his phone and his laptop he keeps a takeaway,
 * sealed for both, and Orla sends him a note.
 */
async function afterBensSession() {
  const { url } = fixture.server;
  const { organiser: orla, created } = await TestCrewMember.organise(url, 'Orla', { weeks: 4, formatId: 'classic' });
  fixture.track(orla);
  const others = await Promise.all(['Ben', 'Cleo', 'Dev'].map(async (name) => fixture.track(await TestCrewMember.joinCrew(url, created.crewId, name))));
  const [ben, cleo, dev] = others as [TestCrewMember, TestCrewMember, TestCrewMember];
  const crew = [orla, ben, cleo, dev];
  await orla.waitFor((view) => view.members.length === 4, 'four members');
  await orla.commandAndSee({ type: 'CONFIRM_ROTA', sessionIndex: 1, caseGiverIds: [ben.id], facilitatorId: cleo.id });

  clock = instantOf(orla.crew!.sessions[1]!.scheduled);
  const week2 = await holdSession(crew, 1, fixture.track);
  // Every packet from here on is kept, to be searched for the takeaway's ciphertext.
  const inWeek2 = week2.devices.map((device) => new HarvestDevice(device));
  const benPhone = inWeek2[week2.attending.indexOf(ben)]!;
  const orlaInWeek2 = inWeek2[week2.attending.indexOf(orla)]!;
  const benLaptop = new HarvestDevice(fixture.track(await ben.enterSession(week2.clinicId)));
  expect((await benPhone.publishKey()).ok).toBe(true);
  expect((await benLaptop.publishKey()).ok).toBe(true);
  const takeaway = await benPhone.send('takeaway', ben.id, TAKEAWAY);
  const note = await orlaInWeek2.send('note', ben.id, NOTE);
  if (!takeaway.ok || !note.ok) throw new Error('the harvest was refused');
  clock += 7 * 86_400_000 - 60 * 60_000;
  return { orla, ben, cleo, dev, crew, week2, othersInWeek2: inWeek2.filter((device) => device !== benPhone), benPhone, benLaptop, takeawayId: takeaway.data.noteId, noteId: note.data.noteId };
}

/** Session `index` started by its facilitator; nobody has joined its clinic yet. */
async function startWeek(crew: readonly TestCrewMember[], index: number): Promise<string> {
  const lead = crew.find((member) => member.id === crew[0]!.crew!.sessions[index]!.facilitatorId)!;
  const started = await lead.command({ type: 'START_SESSION', sessionIndex: index });
  if (!started.ok) throw new Error(started.error.reason);
  return started.data.clinicId!;
}

describe('takeaways from last time', () => {
  it("come back at the next session's check-in to the case giver's own devices only, open with the keys they were sealed to, and go when dismissed", async () => {
    const { orla, ben, cleo, dev, crew, week2, othersInWeek2, benPhone, benLaptop, takeawayId, noteId } = await afterBensSession();
    const week3 = await startWeek(crew, 2);
    const inWeek3 = async (member: TestCrewMember) => new HarvestDevice(fixture.track(await member.enterSession(week3)));
    const benPhone3 = await inWeek3(ben);
    const benLaptop3 = await inWeek3(ben);
    const benNewTablet3 = await inWeek3(ben);
    const [orla3, cleo3, dev3] = (await Promise.all([orla, cleo, dev].map(inWeek3))) as [HarvestDevice, HarvestDevice, HarvestDevice];
    const onlooker = new HarvestDevice(fixture.track(await TestParticipant.join(fixture.server.url, week3, 'Onlooker')));
    const phoneKey = { keyId: benPhone.keyId!, keyPair: benPhone.keyPair! };

    // The lobby is the check-in: each of Ben's devices that held a key in week 2 opens it there.
    const lastTime = await benPhone3.lastTime();
    expect(lastTime).toMatchObject({ ok: true, data: { items: [{ noteId: takeawayId, clinicId: week2.clinicId, sessionIndex: 1 }] } });
    expect(await benPhone3.openLastTime(phoneKey)).toEqual([TAKEAWAY]);
    expect(await benLaptop3.openLastTime({ keyId: benLaptop.keyId!, keyPair: benLaptop.keyPair! })).toEqual([TAKEAWAY]);
    // A device that was not there has no key it was sealed to: it is handed the ciphertext and cannot open it.
    expect(await benNewTablet3.openLastTime({ keyId: 'AAAAAAAAAAAAAAAAAAAAAA', keyPair: await createDeviceKeyPair() })).toEqual([null]);
    // Orla's note to Ben is his harvest, not his own words: it does not come back.
    expect(lastTime.ok && lastTime.data.items.map((item) => item.noteId)).not.toContain(noteId);

    // Everyone else in the session hears nothing of it; someone outside the crew may not ask.
    for (const other of [orla3, cleo3, dev3]) expect(await other.lastTime()).toEqual({ ok: true, data: { items: [] } });
    expect(await onlooker.lastTime()).toMatchObject({ ok: false, error: { reason: 'NOT_A_MEMBER' } });
    const ciphertexts = await storedCiphertextsOf(SUITE_STORE, dataDir, takeawayId);
    expect(ciphertexts).toHaveLength(2);
    const othersReceived = [orla3, cleo3, dev3, onlooker, ...othersInWeek2]
      .flatMap((device) => device.received)
      .join('\n');
    for (const ciphertext of ciphertexts) expect(othersReceived).not.toContain(ciphertext);
    expect(await storedOf([TAKEAWAY, 'Friday rota', NOTE])).toEqual([]);

    // The first phase is still the check-in; once the session moves on, they wait no more.
    const lead = [orla3, cleo3, dev3, benPhone3].find((device) => device.participant.me!.isFacilitator)!.participant;
    const everyone = [benPhone3, benLaptop3, benNewTablet3, orla3, cleo3, dev3, onlooker].map((device) => device.participant);
    await commandAndSettle(lead, everyone, { type: 'START' });
    expect(await benLaptop3.openLastTime({ keyId: benLaptop.keyId!, keyPair: benLaptop.keyPair! })).toEqual([TAKEAWAY]);

    // Dismissed on the phone: deleted from the server, and Ben's other devices let go of it.
    expect(await orla3.dismissLastTime([takeawayId])).toEqual({ ok: true, data: { deleted: 0 } });
    expect(await benPhone3.dismissLastTime([takeawayId])).toEqual({ ok: true, data: { deleted: 1 } });
    await benLaptop3.changed('lastTime');
    expect(await benLaptop3.lastTime()).toEqual({ ok: true, data: { items: [] } });
    expect(await holdsEnvelopes(takeawayId)).toBe(false);
    expect(await storedOf(ciphertexts)).toEqual([]);
    // The note stays in Ben's harvest of week 2 until he deletes it there.
    expect(await holdsEnvelopes(noteId)).toBe(true);

    await commandAndSettle(lead, everyone, { type: 'NEXT_PHASE' });
    expect(await benPhone3.lastTime()).toMatchObject({ ok: false, error: { reason: 'LAST_TIME_AT_CHECK_IN' } });
  });

  it('wait for the next session the member attends', async () => {
    const { ben, crew, benPhone, takeawayId } = await afterBensSession();
    await ben.commandAndSee({ type: 'CANNOT_ATTEND', sessionIndex: 2, cannot: true });
    clock = instantOf(ben.crew!.sessions[2]!.scheduled);
    await holdSession(crew, 2, fixture.track);
    clock = instantOf(ben.crew!.sessions[3]!.scheduled);
    const landing = await startWeek(crew, 3);
    const benThere = new HarvestDevice(fixture.track(await ben.enterSession(landing)));
    expect(await benThere.lastTime()).toMatchObject({ ok: true, data: { items: [{ noteId: takeawayId, sessionIndex: 1 }] } });
    expect(await benThere.openLastTime({ keyId: benPhone.keyId!, keyPair: benPhone.keyPair! })).toEqual([TAKEAWAY]);
  });

  for (const how of ['leaves', 'is removed'] as const) {
    it(`go with everything sealed for a member who ${how}, from the files too`, async () => {
      const { orla, ben, takeawayId, noteId } = await afterBensSession();
      const ciphertexts = [...await storedCiphertextsOf(SUITE_STORE, dataDir, takeawayId), ...await storedCiphertextsOf(SUITE_STORE, dataDir, noteId)];
      expect(await storedOf(ciphertexts)).toEqual(ciphertexts);
      if (how === 'leaves') await ben.commandAndSee({ type: 'LEAVE' });
      else await orla.commandAndSee({ type: 'REMOVE_MEMBER', memberId: ben.id });
      await orla.waitFor((view) => view.members.length === 3, 'three members');
      expect([await holdsEnvelopes(takeawayId), await holdsEnvelopes(noteId)]).toEqual([false, false]);
      expect(await storedOf(ciphertexts)).toEqual([]);
    });
  }

  it('go with the crew when it is deleted', async () => {
    const { orla, takeawayId } = await afterBensSession();
    const ciphertexts = await storedCiphertextsOf(SUITE_STORE, dataDir, takeawayId);
    expect((await orla.command({ type: 'DELETE_CREW' })).ok).toBe(true);
    expect(await holdsEnvelopes(takeawayId)).toBeNull();
    expect(await storedOf(ciphertexts)).toEqual([]);
  });
});
