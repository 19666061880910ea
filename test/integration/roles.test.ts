import { describe, expect, it } from 'vitest';
import { PROTOCOL_VERSION, type ErrorCode, type GoneNotice } from '../../shared/protocol.ts';
import { createClinicAt, openSocket, TestParticipant } from '../support/participant.ts';
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
    expect(await fixture.server.app.registry.open(clinicId)).toBeNull();
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
    expect(await fixture.server.app.registry.open(open.clinicId)).not.toBeNull();
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
