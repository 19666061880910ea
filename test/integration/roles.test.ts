import { describe, expect, it } from 'vitest';
import { PROTOCOL_VERSION, type ErrorCode, type GoneNotice } from '../../shared/protocol.ts';
import { createClinicAt, openSocket, TestParticipant } from '../support/participant.ts';
import type { SendSealedPayload } from '../../shared/harvestSchemas.ts';
import { HarvestDevice } from '../support/harvestDevices.ts';
import { useInProcessServer } from '../support/serverFixture.ts';
import type { ClinicCommand, FacilitatorCommand } from '../../shared/protocolSchemas.ts';
import { coachesOf } from '../../shared/lineup.ts';

/** Each role sends every command in a row: a pace no limit is about here (safeguards tests the pace). */
const fixture = useInProcessServer({ limits: { eventBurst: 1_000 } });

const { joinAs } = fixture;

/** Fran facilitates with Cora as co-facilitator; Gia is the case giver, Ana a coach, Lou only listens. */
async function crew() {
  const { clinicId, facilitatorKey } = await createClinicAt(fixture.server.url);
  const fran = await joinAs(clinicId, 'Fran', facilitatorKey);
  const cora = await joinAs(clinicId, 'Cora');
  const gia = await joinAs(clinicId, 'Gia');
  const ana = await joinAs(clinicId, 'Ana');
  const lou = await joinAs(clinicId, 'Lou');
  const rex = await joinAs(clinicId, 'Rex');
  const ok = async (by: TestParticipant, command: FacilitatorCommand) => {
    const reply = await by.command(command);
    if (!reply.ok) throw new Error(`${command.type}: ${reply.error.message}`);
    return reply.data;
  };
  await ok(fran, { type: 'ADD_FACILITATOR', participantId: cora.id });
  await ok(fran, { type: 'SET_CASE_GIVER', participantId: gia.id });
  await ok(fran, { type: 'SET_COACH_ORDER', coachIds: [ana.id, fran.id] });
  await ok(fran, { type: 'REMOVE_PARTICIPANT', participantId: rex.id });
  return { clinicId, facilitatorKey, fran, cora, gia, ana, lou, rex, ok };
}

const everyCommand = (someoneId: string): FacilitatorCommand[] => [
  { type: 'SET_CASE_GIVER', participantId: someoneId },
  { type: 'SET_COACH_ORDER', coachIds: [someoneId] },
  { type: 'START' },
  { type: 'NEXT_PHASE' },
  { type: 'BACK' },
  { type: 'NEXT_SPEAKER' },
  { type: 'SKIP_SPEAKER' },
  { type: 'PAUSE' },
  { type: 'RESUME' },
  { type: 'ADJUST_TIME', deltaMs: 60_000 },
  { type: 'END' },
  { type: 'SET_AUTO_ADVANCE', phaseId: 'case', mode: 'hard' },
  { type: 'SET_CUE_TIMES', cueTimes: { phaseWrapUpMs: 0, turnWrapUpMs: 0 } },
  { type: 'HAND_OVER', participantId: someoneId },
  { type: 'ADD_FACILITATOR', participantId: someoneId },
  { type: 'REMOVE_FACILITATOR', participantId: someoneId },
  { type: 'REMOVE_PARTICIPANT', participantId: someoneId },
  { type: 'ROTATE_FACILITATOR_KEY' },
  { type: 'DELETE_CLINIC' },
];

describe('authorization matrix', () => {
  it('refuses every command from the case giver, a coach, a listener, a removed participant and a stranger', async () => {
    const { fran, gia, ana, lou, rex } = await crew();
    const revision = fran.state!.revision;
    const stranger = openSocket(fixture.server.url);
    fixture.track({ close: () => stranger.disconnect() });
    const refusals: Array<[string, { command: (command: FacilitatorCommand) => Promise<unknown> }, ErrorCode]> = [
      ['case giver', gia, 'NOT_FACILITATOR'],
      ['coach', ana, 'NOT_FACILITATOR'],
      ['listener', lou, 'NOT_FACILITATOR'],
      ['removed participant', rex, 'NOT_JOINED'],
      ['stranger', { command: (command) => stranger.emitWithAck('clinic:command', { command, basedOnRevision: revision }) }, 'NOT_JOINED'],
    ];
    for (const [role, sender, code] of refusals) {
      for (const command of everyCommand(lou.id)) {
        const reply = await sender.command(command);
        expect(reply, `${role} sending ${command.type}`).toMatchObject({ ok: false, error: { code } });
      }
    }
    expect(fran.state!.revision).toBe(revision);
  });

  for (const role of ['facilitator', 'co-facilitator'] as const) {
    it(`lets the ${role} give every command`, async () => {
      const { fran, cora, ana, lou, gia, ok } = await crew();
      const by = role === 'facilitator' ? fran : cora;
      const sequence: FacilitatorCommand[] = [
        { type: 'SET_CASE_GIVER', participantId: gia.id },
        { type: 'SET_COACH_ORDER', coachIds: [ana.id, lou.id] },
        { type: 'START' },
        { type: 'PAUSE' },
        { type: 'ADJUST_TIME', deltaMs: 60_000 },
        { type: 'RESUME' },
        { type: 'NEXT_PHASE' },
        { type: 'NEXT_SPEAKER' },
        { type: 'BACK' },
        { type: 'SKIP_SPEAKER' },
        { type: 'SET_AUTO_ADVANCE', phaseId: 'dialogue', mode: 'soft' },
        { type: 'SET_CUE_TIMES', cueTimes: { phaseWrapUpMs: 120_000, turnWrapUpMs: 15_000 } },
        { type: 'ADD_FACILITATOR', participantId: ana.id },
        { type: 'REMOVE_FACILITATOR', participantId: ana.id },
        { type: 'REMOVE_PARTICIPANT', participantId: lou.id },
        { type: 'ROTATE_FACILITATOR_KEY' },
        { type: 'END' },
        { type: 'HAND_OVER', participantId: ana.id },
      ];
      for (const command of sequence) {
        await ok(by, command);
      }
      expect((await ana.command({ type: 'DELETE_CLINIC' })).ok).toBe(true);
    });
  }
});

describe('authorization matrix of the harvest', () => {
  /** The crew after the clinic: Fran and Ana coached, Gia brought the case, Cora and Lou listened, Rex was removed. */
  async function closedCrew() {
    const people = await crew();
    await people.ok(people.fran, { type: 'START' });
    const devices = Object.fromEntries(
      (['fran', 'cora', 'gia', 'ana', 'lou', 'rex'] as const).map((name) => [name, new HarvestDevice(people[name])]),
    ) as Record<'fran' | 'cora' | 'gia' | 'ana' | 'lou' | 'rex', HarvestDevice>;
    const stranger = openSocket(fixture.server.url);
    fixture.track({ close: () => stranger.disconnect() });
    return { ...people, devices, stranger };
  }

  it("lets only a case giver publish device keys, read their inbox and delete from it", async () => {
    const { devices, gia, ok, fran, stranger } = await closedCrew();
    expect((await devices.gia.publishKey()).ok).toBe(true);
    await ok(fran, { type: 'END' });
    const note = await devices.ana.send('note', gia.id, 'for Gia only');
    if (!note.ok) throw new Error(note.error.reason);
    for (const name of ['fran', 'cora', 'ana', 'lou'] as const) {
      expect(await devices[name].publishKey(), `${name} publishing a key`).toMatchObject({ ok: false, error: { reason: 'NOTES_FOR_CASE_GIVERS' } });
      // Even with the case giver's own key id, another participant reads nothing.
      devices[name].keyId = devices.gia.keyId;
      await expect(devices[name].inbox(), `${name} fetching`).rejects.toThrow('NOTES_FOR_CASE_GIVERS');
      expect(await devices[name].delete([note.data.noteId]), `${name} deleting`).toMatchObject({ ok: false, error: { reason: 'NOTES_FOR_CASE_GIVERS' } });
    }
    expect(await devices.rex.publishKey()).toMatchObject({ ok: false, error: { code: 'NOT_JOINED' } });
    expect(await stranger.emitWithAck('harvest:fetch', { keyId: devices.gia.keyId! })).toMatchObject({ ok: false, error: { code: 'NOT_JOINED' } });
    expect(await stranger.emitWithAck('harvest:delete', { noteIds: [note.data.noteId] })).toMatchObject({ ok: false, error: { code: 'NOT_JOINED' } });
    expect(await stranger.emitWithAck('harvest:overview', {})).toMatchObject({ ok: false, error: { code: 'NOT_JOINED' } });
    // A key id that is not this device's own is refused, so no device reads envelopes meant for another.
    const giaSecondDevice = new HarvestDevice(fixture.track(await TestParticipant.rejoin(fixture.server.url, gia.state!.clinicId, 'Gia', gia.me!.participantToken)));
    giaSecondDevice.keyId = 'AAAAAAAAAAAAAAAAAAAAAA';
    giaSecondDevice.keyPair = devices.gia.keyPair;
    await expect(giaSecondDevice.inbox()).rejects.toThrow('UNKNOWN_DEVICE_KEY');
    expect((await devices.gia.inbox()).map((item) => item.text)).toEqual(['for Gia only']);
  });

  it('lets only a coach send a note, only to the case giver, only after the close; takeaways only to oneself', async () => {
    const { devices, gia, ana, fran, ok, stranger } = await closedCrew();
    await devices.gia.publishKey();
    expect(await devices.ana.send('note', gia.id, 'too early')).toMatchObject({ ok: false, error: { reason: 'NOTES_AFTER_CLOSE' } });
    expect(await devices.gia.send('takeaway', gia.id, 'too early')).toMatchObject({ ok: false, error: { reason: 'NOTES_AFTER_CLOSE' } });
    await ok(fran, { type: 'END' });
    const refusals: Array<[string, Promise<unknown>, string]> = [
      ['a listener sending a note', devices.lou.send('note', gia.id, 'x'), 'NOTES_FROM_COACHES'],
      ['a co-facilitator who listened sending a note', devices.cora.send('note', gia.id, 'x'), 'NOTES_FROM_COACHES'],
      ['the case giver sending a note to herself', devices.gia.send('note', gia.id, 'x'), 'NOT_A_CASE_GIVER'],
      ['a coach sending a note to another coach', devices.ana.send('note', fran.id, 'x', await devices.ana.keysOf(gia.id)), 'NOT_A_CASE_GIVER'],
      ['a coach writing a takeaway', devices.ana.send('takeaway', ana.id, 'x', await devices.ana.keysOf(gia.id)), 'NOTES_FOR_CASE_GIVERS'],
      ["a coach writing the case giver's takeaway", devices.ana.send('takeaway', gia.id, 'x'), 'NOTES_FOR_CASE_GIVERS'],
      ['the case giver sealing a takeaway for a coach', devices.gia.send('takeaway', ana.id, 'x', await devices.gia.keysOf(gia.id)), 'TAKEAWAYS_FOR_YOURSELF'],
      ['a removed participant', devices.rex.send('note', gia.id, 'x', await devices.gia.keysOf(gia.id)), 'NOT_JOINED'],
    ];
    for (const [who, reply, reason] of refusals) expect(await reply, who).toMatchObject({ ok: false, error: { reason } });
    const sealedByStranger: SendSealedPayload = { kind: 'note', to: gia.id, envelopes: [{ keyId: devices.gia.keyId!, ephemeralKey: `B${'A'.repeat(86)}`, iv: 'A'.repeat(16), ciphertext: 'A'.repeat(40) }] };
    expect(await stranger.emitWithAck('harvest:send', sealedByStranger)).toMatchObject({ ok: false, error: { code: 'NOT_JOINED' } });
    expect((await devices.ana.send('note', gia.id, 'from a coach')).ok).toBe(true);
    expect((await devices.fran.send('note', gia.id, 'from the facilitator, who coached')).ok).toBe(true);
    expect((await devices.gia.send('takeaway', gia.id, 'my own')).ok).toBe(true);
    expect((await devices.gia.inbox()).map((item) => [item.kind, item.from, item.text])).toEqual([
      ['note', ana.id, 'from a coach'],
      ['note', fran.id, 'from the facilitator, who coached'],
      ['takeaway', gia.id, 'my own'],
    ]);
  });

  it('keeps each case giver to their own notes where everyone brings a case', async () => {
    const { clinicId, facilitatorKey } = await createClinicAt(fixture.server.url, { formatId: 'troika' });
    const ana = await joinAs(clinicId, 'Ana', facilitatorKey);
    const ben = await joinAs(clinicId, 'Ben');
    const cy = await joinAs(clinicId, 'Cy');
    const [anaDevice, benDevice, cyDevice] = [ana, ben, cy].map((person) => new HarvestDevice(person));
    for (const device of [anaDevice!, benDevice!, cyDevice!]) expect((await device.publishKey()).ok).toBe(true);
    // Into the third round: each case giver's round was reached, so each brought a case.
    const move = async (type: 'START' | 'NEXT_PHASE' | 'END') => {
      const reply = await ana.command({ type });
      if (!reply.ok) throw new Error(reply.error.message);
      await ana.waitForRevision(reply.data.revision);
    };
    await move('START');
    while (ana.state!.progress.step!.roundIndex < 2) await move('NEXT_PHASE');
    await move('END');
    const toBen = await anaDevice!.send('note', ben.id, 'for Ben');
    const toCy = await anaDevice!.send('note', cy.id, 'for Cy');
    if (!toBen.ok || !toCy.ok) throw new Error('refused');
    // Cy, a case giver too, can neither read nor delete Ben's note.
    expect((await cyDevice!.inbox()).map((item) => item.text)).toEqual(['for Cy']);
    expect(await cyDevice!.delete([toBen.data.noteId])).toEqual({ ok: true, data: { deleted: 0 } });
    expect((await benDevice!.inbox()).map((item) => item.text)).toEqual(['for Ben']);
  });

  it("keeps no harvest in a crew's intro or landing, where the host in the case giver's seat brings no case", async () => {
    for (const formatId of ['crewIntro', 'crewLanding']) {
      const { clinicId, facilitatorKey } = await createClinicAt(fixture.server.url, { formatId });
      const host = await joinAs(clinicId, 'Hana', facilitatorKey);
      const ben = await joinAs(clinicId, 'Ben');
      await joinAs(clinicId, 'Cy');
      for (const command of [{ type: 'SET_CASE_GIVER', participantId: host.id }, { type: 'START' }, { type: 'END' }] as const) {
        expect((await host.command(command)).ok, `${formatId}: ${command.type}`).toBe(true);
      }
      const [hostDevice, benDevice] = [host, ben].map((person) => new HarvestDevice(person));
      expect(await hostDevice!.publishKey(), formatId).toMatchObject({ ok: false, error: { reason: 'NOTES_FOR_CASE_GIVERS' } });
      // Nobody is listed to seal notes for, and a note sealed anyway is refused.
      expect(await benDevice!.overview(), formatId).toMatchObject({ ok: true, data: { caseGivers: [] } });
      const envelopes = [{ keyId: 'A'.repeat(22), ephemeralKey: `B${'A'.repeat(86)}`, iv: 'A'.repeat(16), ciphertext: 'A'.repeat(40) }];
      expect(await ben.socket.emitWithAck('harvest:send', { kind: 'note', to: host.id, envelopes }), formatId).toMatchObject({ ok: false, error: { reason: 'NOT_A_CASE_GIVER' } });
      expect(await host.socket.emitWithAck('harvest:send', { kind: 'takeaway', to: host.id, envelopes }), formatId).toMatchObject({ ok: false, error: { reason: 'NOTES_FOR_CASE_GIVERS' } });
    }
  });

  it("hands out takeaways from last time only in a crew's session, to one of its members", async () => {
    const { devices, gia, stranger } = await closedCrew();
    // An ordinary clinic is no crew's session: nobody in it has a last time, the case giver included.
    expect(await devices.gia.lastTime()).toMatchObject({ ok: false, error: { reason: 'NOT_A_CREW_SESSION' } });
    expect(await devices.gia.dismissLastTime([gia.id])).toMatchObject({ ok: false, error: { reason: 'NOT_A_CREW_SESSION' } });
    expect(await stranger.emitWithAck('harvest:lastTime', {})).toMatchObject({ ok: false, error: { code: 'NOT_JOINED' } });
    expect(await stranger.emitWithAck('harvest:dismissLastTime', { noteIds: [gia.id] })).toMatchObject({ ok: false, error: { code: 'NOT_JOINED' } });
  });
});

describe('handing over and keeping control', () => {
  it('moves control to the new facilitator; the old one can take it back only with the facilitator link', async () => {
    const { clinicId, facilitatorKey, fran, ana, ok } = await crew();
    await ok(fran, { type: 'HAND_OVER', participantId: ana.id });
    expect(await fran.command({ type: 'START' })).toMatchObject({ ok: false, error: { code: 'NOT_FACILITATOR' } });
    const state = await ana.waitFor((s) => s.facilitatorIds.includes(ana.id));
    expect(state.facilitatorIds).not.toContain(fran.id);
    await ok(ana, { type: 'START' });
    const franAgain = await joinAs(clinicId, 'Fran', facilitatorKey);
    expect(franAgain.me).toMatchObject({ participantId: fran.id, isFacilitator: true });
  });

  it('keeps a dropped facilitator in control and lets no one else seize it', async () => {
    const { fran, ana, gia } = await crew();
    fran.socket.disconnect();
    await gia.waitFor((s) => !s.participants.find((p) => p.id === fran.id)!.online);
    expect(await ana.command({ type: 'ADD_FACILITATOR', participantId: ana.id })).toMatchObject({ ok: false, error: { code: 'NOT_FACILITATOR' } });
    const reconnected = new Promise((resolve) => fran.socket.once('connect', () => resolve(undefined)));
    fran.socket.connect();
    await reconnected;
    await fran.rejoining;
    expect((await fran.command({ type: 'START' })).ok).toBe(true);
  });

  it('never leaves a clinic without a facilitator', async () => {
    const { fran, cora, ok } = await crew();
    await ok(fran, { type: 'REMOVE_FACILITATOR', participantId: cora.id });
    expect(await fran.command({ type: 'REMOVE_FACILITATOR', participantId: fran.id })).toMatchObject({
      ok: false,
      error: { code: 'NOT_ALLOWED_NOW', message: 'A clinic always needs a facilitator: add or hand over to someone first.' },
    });
  });
});

describe('the facilitator link', () => {
  it('stops working once rotated; the new link restores the facilitator who rotated it', async () => {
    const { clinicId, facilitatorKey, cora, ok } = await crew();
    const { facilitatorKey: newKey } = await ok(cora, { type: 'ROTATE_FACILITATOR_KEY' });
    expect(newKey).toMatch(/^[A-Za-z0-9_-]{32}$/);
    const socket = openSocket(fixture.server.url);
    fixture.track({ close: () => socket.disconnect() });
    expect(await socket.emitWithAck('clinic:join', { protocolVersion: PROTOCOL_VERSION, clinicId, name: 'Old link', facilitatorKey })).toMatchObject({
      ok: false,
      error: { code: 'INVALID_FACILITATOR_KEY' },
    });
    const coraLaptop = await joinAs(clinicId, 'Cora', newKey);
    expect(coraLaptop.me).toMatchObject({ participantId: cora.id, isFacilitator: true });
  });

  it('never shuts out a facilitator device that still holds the replaced link', async () => {
    const { fran, cora, ok } = await crew();
    await ok(cora, { type: 'ROTATE_FACILITATOR_KEY' });
    // Fran's device rejoins with its token and the old key, as after a network drop.
    expect(await fran.join()).toMatchObject({ ok: true, data: { participantId: fran.id, isFacilitator: true } });
    expect((await fran.command({ type: 'START' })).ok).toBe(true);
  });

  it('lets the link open a fresh seat when the person it pointed at was removed', async () => {
    const { clinicId, facilitatorKey, fran, ana, ok } = await crew();
    await ok(fran, { type: 'HAND_OVER', participantId: ana.id });
    await ok(ana, { type: 'REMOVE_PARTICIPANT', participantId: fran.id });
    const first = await joinAs(clinicId, 'Fran again', facilitatorKey);
    const second = await joinAs(clinicId, 'Fran again', facilitatorKey);
    expect(second.me).toMatchObject({ participantId: first.id, isFacilitator: true });
  });
});

describe('removing a participant', () => {
  it('tells their device, keeps them out, and drops them from the lineup', async () => {
    const { clinicId, fran, ana, ok } = await crew();
    const gone = new Promise<GoneNotice>((resolve) => ana.socket.once('clinic:gone', resolve));
    await ok(fran, { type: 'REMOVE_PARTICIPANT', participantId: ana.id });
    expect(await gone).toEqual({ reason: 'removed' });
    const state = await fran.waitFor((s) => !s.participants.some((p) => p.id === ana.id));
    expect(coachesOf(state.progress)).toEqual([fran.id]);
    expect(await ana.join()).toMatchObject({ ok: false, error: { code: 'REMOVED' } });
    expect(await ana.command({ type: 'START' } satisfies ClinicCommand)).toMatchObject({ ok: false, error: { code: 'NOT_JOINED' } });
    expect(clinicId).toBeTruthy();
  });

  it('does not remove the case giver once the clinic has started, nor a facilitator', async () => {
    const { fran, gia, cora, ok } = await crew();
    await ok(fran, { type: 'START' });
    expect(await fran.command({ type: 'REMOVE_PARTICIPANT', participantId: gia.id })).toMatchObject({ ok: false, error: { code: 'NOT_ALLOWED_NOW' } });
    expect(await fran.command({ type: 'REMOVE_PARTICIPANT', participantId: cora.id })).toMatchObject({ ok: false, error: { code: 'NOT_ALLOWED_NOW' } });
  });
});

describe('deleting a clinic', () => {
  it('deletes it at once for everyone when a facilitator asks', async () => {
    const { clinicId, fran, gia, ok } = await crew();
    const told = new Promise<GoneNotice>((resolve) => gia.socket.once('clinic:gone', resolve));
    await ok(fran, { type: 'DELETE_CLINIC' });
    expect(await told).toEqual({ reason: 'deleted' });
    expect(await gia.join()).toMatchObject({ ok: false, error: { code: 'CLINIC_NOT_FOUND' } });
    expect(await fixture.server.app.registry.place(clinicId)).toEqual({ missing: true });
  });

  it('deletes closed clinics after the retention window and untouched ones after the inactivity window', async () => {
    const closed = await crew();
    await closed.ok(closed.fran, { type: 'START' });
    await closed.ok(closed.fran, { type: 'END' });
    const open = await crew();
    const told = new Promise<GoneNotice>((resolve) => closed.gia.socket.once('clinic:gone', resolve));

    const now = Date.now();
    expect(await fixture.server.app.registry.deleteExpired(now + 23 * 3_600_000)).toEqual([]);
    expect(await fixture.server.app.registry.deleteExpired(now + 25 * 3_600_000)).toEqual([closed.clinicId]);
    expect(await told).toEqual({ reason: 'deleted' });
    expect(await fixture.server.app.registry.place(open.clinicId)).toHaveProperty('room');
    expect(await fixture.server.app.registry.deleteExpired(now + 8 * 24 * 3_600_000)).toEqual([open.clinicId]);
  });
});

describe('unknown events', () => {
  it('answers an event the protocol does not have with a clear error', async () => {
    const socket = openSocket(fixture.server.url);
    fixture.track({ close: () => socket.disconnect() });
    const reply = await (socket as unknown as { emitWithAck(event: string, payload: unknown): Promise<unknown> }).emitWithAck('clinic:hack', {});
    expect(reply).toEqual({ ok: false, error: { code: 'UNKNOWN_EVENT', reason: 'UNKNOWN_EVENT', message: 'There is no event called "clinic:hack".' } });
  });
});

describe('a shared screen', () => {
  /** The presenter view opened on a meeting-room computer, joined as a screen. */
  async function screenJoins(clinicId: string) {
    const socket = fixture.track(openSocket(fixture.server.url));
    const reply = await socket.emitWithAck('clinic:join', { protocolVersion: PROTOCOL_VERSION, clinicId, name: 'Meeting room', asScreen: true });
    if (!reply.ok) throw new Error(reply.error.message);
    return reply.data.participantId;
  }

  it('is listed with the crew but never joins the coach order, even when it arrives during the Case', async () => {
    const { clinicId, fran, ok } = await crew();
    const lobbyScreen = await screenJoins(clinicId);
    await ok(fran, { type: 'START' });
    const caseScreen = await screenJoins(clinicId);
    const state = await fran.waitFor((seen) => seen.participants.some((person) => person.id === caseScreen && person.online));
    expect(state.participants.filter((person) => person.screen).map((person) => person.id)).toEqual([lobbyScreen, caseScreen]);
    expect(state.participants.find((person) => person.id === fran.id)!.screen).toBe(false);
    expect(coachesOf(state.progress)).not.toContain(lobbyScreen);
    expect(coachesOf(state.progress)).not.toContain(caseScreen);
  });

  it('cannot be given a turn or a role, and can be removed', async () => {
    const { clinicId, fran, ok } = await crew();
    const screen = await screenJoins(clinicId);
    const giveRole: FacilitatorCommand[] = [
      { type: 'SET_CASE_GIVER', participantId: screen },
      { type: 'SET_COACH_ORDER', coachIds: [fran.id, screen] },
      { type: 'HAND_OVER', participantId: screen },
      { type: 'ADD_FACILITATOR', participantId: screen },
    ];
    for (const command of giveRole) {
      expect(await fran.command(command), command.type).toMatchObject({
        ok: false,
        error: { code: 'NOT_ALLOWED_NOW', message: 'A shared screen only shows the clinic: it cannot take a turn or a role.' },
      });
    }
    await ok(fran, { type: 'REMOVE_PARTICIPANT', participantId: screen });
    expect(fran.state!.participants.map((person) => person.id)).not.toContain(screen);
  });
});
