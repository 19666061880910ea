import { describe, expect, it } from 'vitest';
import { PROTOCOL_VERSION } from '../../shared/protocol.ts';
import { createClinicAt, openSocket, TestParticipant } from '../support/participant.ts';
import { useInProcessServer } from '../support/serverFixture.ts';
import type { ClinicCommand } from '../../shared/protocolSchemas.ts';
import type { ClinicState } from '../../shared/clinicStateSchema.ts';
import { coachesOf } from '../../shared/lineup.ts';

const fixture = useInProcessServer();
const { joinAs } = fixture;

/** A facilitator (Fran) and three participants in the lobby, everyone's view settled. */
async function lobbyOfFour() {
  const { clinicId, facilitatorKey } = await createClinicAt(fixture.server.url, { title: 'Tuesday crew', minutes: { case: 15 } });
  const fran = await joinAs(clinicId, 'Fran', facilitatorKey);
  const gia = await joinAs(clinicId, 'Gia');
  const ana = await joinAs(clinicId, 'Ana');
  const ben = await joinAs(clinicId, 'Ben');
  const crew = [fran, gia, ana, ben];
  await Promise.all(crew.map((member) => member.waitFor((state) => state.participants.filter((p) => p.online).length === 4)));
  return { clinicId, facilitatorKey, fran, gia, ana, ben, crew };
}

/** Sends a command as the facilitator and waits until every client holds the same, new state. */
async function drive(facilitator: TestParticipant, crew: TestParticipant[], command: ClinicCommand): Promise<ClinicState> {
  const reply = await facilitator.command(command);
  if (!reply.ok) throw new Error(`${command.type} refused: ${reply.error.message}`);
  const states = await Promise.all(crew.map((member) => member.waitForRevision(reply.data.revision)));
  for (const state of states) expect(state).toEqual(states[0]);
  expect(states[0]!.revision).toBe(reply.data.revision);
  return states[0]!;
}

const where = (state: ClinicState) => {
  const { step, plan } = state.progress;
  return step ? `${plan[step.phaseIndex]!.phaseId}:${step.speakerId ?? 'all'}` : state.stage;
};

describe('a whole clinic over real sockets', () => {
  it('runs every phase with every client holding identical state after each command', async () => {
    const { fran, gia, ana, ben, crew } = await lobbyOfFour();
    expect(fran.me!.isFacilitator).toBe(true);
    expect(gia.me!.isFacilitator).toBe(false);

    let state = await drive(fran, crew, { type: 'SET_CASE_GIVER', participantId: gia.id });
    expect(coachesOf(state.progress)).toEqual([fran.id, ana.id, ben.id]);
    state = await drive(fran, crew, { type: 'SET_COACH_ORDER', coachIds: [ana.id, ben.id, fran.id] });

    state = await drive(fran, crew, { type: 'START' });
    expect(where(state)).toBe(`case:${gia.id}`);
    const step = state.progress.step!;
    expect(step.timer.status === 'running' && step.timer.deadlineAt - state.progress.startedAt!).toBe(15 * 60_000);

    state = await drive(fran, crew, { type: 'NEXT_PHASE' });
    expect(where(state)).toBe(`reflections:${ana.id}`);
    state = await drive(fran, crew, { type: 'PAUSE' });
    expect(state.stage).toBe('paused');
    state = await drive(fran, crew, { type: 'ADJUST_TIME', deltaMs: 60_000 });
    expect(state.progress.step!.timer).toEqual({ status: 'paused', remainingMs: expect.any(Number) });
    state = await drive(fran, crew, { type: 'RESUME' });
    state = await drive(fran, crew, { type: 'NEXT_SPEAKER' });
    expect(where(state)).toBe(`reflections:${ben.id}`);
    state = await drive(fran, crew, { type: 'BACK' });
    expect(where(state)).toBe(`reflections:${ana.id}`);
    state = await drive(fran, crew, { type: 'NEXT_SPEAKER' });
    state = await drive(fran, crew, { type: 'SKIP_SPEAKER' });
    expect(where(state)).toBe(`reflections:${fran.id}`);
    state = await drive(fran, crew, { type: 'NEXT_SPEAKER' });
    expect(where(state)).toBe(`response:${gia.id}`);
    state = await drive(fran, crew, { type: 'ADJUST_TIME', deltaMs: -60_000 });
    state = await drive(fran, crew, { type: 'NEXT_PHASE' });
    expect(where(state)).toBe('dialogue:all');
    state = await drive(fran, crew, { type: 'NEXT_PHASE' });
    expect(where(state)).toBe('closed');
    expect(state.progress.finished.map((finished) => finished.speakerId)).toEqual([gia.id, ana.id, ben.id, fran.id, gia.id, null]);
    expect(state.progress.finished.find((finished) => finished.speakerId === ben.id)!.skipped).toBe(true);
  });

  it('explains a command the clinic cannot take right now', async () => {
    const { clinicId, facilitatorKey } = await createClinicAt(fixture.server.url);
    const fran = await joinAs(clinicId, 'Fran', facilitatorKey);
    expect(await fran.command({ type: 'START' })).toEqual({
      ok: false,
      error: { code: 'NOT_ALLOWED_NOW', reason: 'LINEUP_NOT_READY', message: 'Choose a case giver and at least one coach first.' },
    });
    expect(await fran.command({ type: 'NEXT_PHASE' })).toMatchObject({ ok: false, error: { code: 'NOT_ALLOWED_NOW', message: 'The clinic has not started yet.' } });
    expect(await fran.command({ type: 'SET_CASE_GIVER', participantId: 'nobody-here-at-all' })).toMatchObject({
      ok: false,
      error: { code: 'UNKNOWN_PARTICIPANT' },
    });
  });
});

describe('identity', () => {
  it('rejoins a reloaded device as the same participant, never a duplicate', async () => {
    const { clinicId, fran, gia, crew } = await lobbyOfFour();
    const token = gia.me!.participantToken;
    gia.close();
    await fran.waitFor((state) => state.participants.find((p) => p.id === gia.id)!.online === false, 'Gia offline');

    const reloaded = await joinAs(clinicId, 'ignored');
    reloaded.me = { participantId: gia.id, participantToken: token, isFacilitator: false };
    const reply = await reloaded.join();
    expect(reply).toMatchObject({ ok: true, data: { participantId: gia.id, participantToken: token } });
    const state = await fran.waitFor((s) => s.participants.find((p) => p.id === gia.id)!.online, 'Gia back');
    // 'ignored' joined by name first, so five people: the reload itself added nobody.
    expect(state.participants.map((p) => p.name)).toEqual(['Fran', 'Gia', 'Ana', 'Ben', 'ignored']);
    expect(crew).toHaveLength(4);
  });

  it('restores facilitator control on another device through the facilitator link', async () => {
    const { clinicId, facilitatorKey, fran } = await lobbyOfFour();
    const laptop = await joinAs(clinicId, 'Fran on the laptop', facilitatorKey);
    expect(laptop.me).toMatchObject({ participantId: fran.id, isFacilitator: true });
    expect(laptop.me!.participantToken).not.toBe(fran.me!.participantToken);
    const reply = await laptop.command({ type: 'SET_COACH_ORDER', coachIds: [] });
    expect(reply.ok).toBe(true);
  });

  it('does not accept a wrong facilitator key or an unknown token', async () => {
    const { clinicId } = await lobbyOfFour();
    const socket = openSocket(fixture.server.url);
    try {
      const wrongKey = await socket.emitWithAck('clinic:join', { protocolVersion: PROTOCOL_VERSION, clinicId, name: 'Mallory', facilitatorKey: 'A'.repeat(32) });
      expect(wrongKey).toMatchObject({ ok: false, error: { code: 'INVALID_FACILITATOR_KEY' } });
      const wrongToken = await socket.emitWithAck('clinic:join', { protocolVersion: PROTOCOL_VERSION, clinicId, participantToken: 'B'.repeat(32) });
      expect(wrongToken).toMatchObject({ ok: false, error: { code: 'UNKNOWN_PARTICIPANT' } });
      const unknownClinic = await socket.emitWithAck('clinic:join', { protocolVersion: PROTOCOL_VERSION, clinicId: 'C'.repeat(22), name: 'Mallory' });
      expect(unknownClinic).toMatchObject({ ok: false, error: { code: 'CLINIC_NOT_FOUND' } });
      const noName = await socket.emitWithAck('clinic:join', { protocolVersion: PROTOCOL_VERSION, clinicId });
      expect(noName).toMatchObject({ ok: false, error: { code: 'NAME_REQUIRED', message: 'Please enter your name to join.' } });
      const notJoined = await socket.emitWithAck('clinic:command', { command: { type: 'START' }, basedOnRevision: 0 });
      expect(notJoined).toMatchObject({ ok: false, error: { code: 'NOT_JOINED' } });
    } finally {
      socket.disconnect();
    }
  });
});

describe('bad input', () => {
  it('answers malformed payloads with a readable error and keeps serving', async () => {
    const { clinicId, fran, crew } = await lobbyOfFour();
    const socket = openSocket(fixture.server.url);
    try {
      const emptyName = await socket.emitWithAck('clinic:join', { protocolVersion: PROTOCOL_VERSION, clinicId, name: ' \u0007 ' });
      expect(emptyName).toEqual({ ok: false, error: { code: 'INVALID_PAYLOAD', reason: 'INVALID_PAYLOAD', message: 'name: Your name cannot be empty.' } });
      const extraField = await socket.emitWithAck('clinic:join', { protocolVersion: PROTOCOL_VERSION, clinicId, name: 'Eve', admin: true } as never);
      expect(extraField).toMatchObject({ ok: false, error: { code: 'INVALID_PAYLOAD' } });
      const badCommand = await fran.socket.emitWithAck('clinic:command', { command: { type: 'ADJUST_TIME', deltaMs: 'lots' } } as never);
      expect(badCommand).toMatchObject({ ok: false, error: { code: 'INVALID_PAYLOAD' } });
      const unknownCommand = await fran.socket.emitWithAck('clinic:command', { command: { type: 'SELF_DESTRUCT' } } as never);
      expect(unknownCommand).toMatchObject({ ok: false, error: { code: 'INVALID_PAYLOAD' } });
      // A command must say which state it was made against, or a double click could move the clinic twice.
      const pingWithPayload = await (socket.emitWithAck as (event: string, payload: unknown) => Promise<unknown>)('clock:ping', 'now please');
      expect(pingWithPayload).toMatchObject({ ok: false, error: { code: 'INVALID_PAYLOAD' } });
      const ping = await socket.emitWithAck('clock:ping');
      expect(ping).toMatchObject({ ok: true, data: { serverNow: expect.any(Number) } });
      const unanchored = await fran.socket.emitWithAck('clinic:command', { command: { type: 'START' } } as never);
      expect(unanchored).toMatchObject({ ok: false, error: { code: 'INVALID_PAYLOAD', message: expect.stringContaining('basedOnRevision') } });
      const badMinutes = await socket.emitWithAck('clinic:create', { protocolVersion: PROTOCOL_VERSION, minutes: { case: 0, lunch: 5 } });
      expect(badMinutes).toMatchObject({ ok: false, error: { code: 'INVALID_PAYLOAD' } });
      const joined = await socket.emitWithAck('clinic:join', { protocolVersion: PROTOCOL_VERSION, clinicId, name: '  Eve\n  the   coach ' });
      expect(joined.ok).toBe(true);
      const state = await fran.waitFor((s) => s.participants.length === 5);
      expect(state.participants.at(-1)!.name).toBe('Eve the coach');
      expect(crew.every((member) => member.socket.connected)).toBe(true);
    } finally {
      socket.disconnect();
    }
  });
});

describe('presence', () => {
  it('shows everyone who went offline and who came back', async () => {
    const { ana, fran, gia } = await lobbyOfFour();
    ana.socket.disconnect();
    await gia.waitFor((state) => state.participants.find((p) => p.id === ana.id)!.online === false, 'Ana offline');
    ana.socket.connect();
    await ana.waitFor((state) => state.participants.find((p) => p.id === ana.id)!.online, 'Ana online');
    await fran.waitFor((state) => state.participants.find((p) => p.id === ana.id)!.online, 'Ana online to Fran');
  });
});

describe('http', () => {
  it('answers the health check', async () => {
    const response = await fetch(`${fixture.server.url}/healthz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ ok: true });
  });
});
