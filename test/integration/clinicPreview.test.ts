/**
 * What a join link's page learns before it asks for a name: whether the clinic is there, and its
 * title. Nothing else about the clinic, and nothing changes by asking.
 */
import { describe, expect, it } from 'vitest';
import { PROTOCOL_VERSION, type Ack, type ClinicPreview } from '../../shared/protocol.ts';
import type { PreviewClinicPayload } from '../../shared/protocolSchemas.ts';
import { createClinicAt, openSocket, TestParticipant, type TestSocket } from '../support/participant.ts';
import { useInProcessServer } from '../support/serverFixture.ts';
import { makeDataDir, startInProcessServer } from '../support/servers.ts';

const fixture = useInProcessServer();

function stranger(url = fixture.server.url): TestSocket {
  const socket = openSocket(url);
  fixture.track({ close: () => socket.disconnect() });
  return socket;
}

const preview = (socket: TestSocket, payload: unknown): Promise<Ack<ClinicPreview>> =>
  // The payload is what a client might send, valid or not.
  socket.timeout(5_000).emitWithAck('clinic:preview', payload as PreviewClinicPayload);

describe('clinic:preview', () => {
  it("tells a link holder the clinic's title, and only that, however many have joined", async () => {
    const { clinicId, facilitatorKey } = await createClinicAt(fixture.server.url, { title: 'Tuesday crew' });
    const fran = await fixture.joinAs(clinicId, 'Fran Facilitator', facilitatorKey);
    await fixture.joinAs(clinicId, 'Gia Giver');
    await fran.waitFor((state) => state.participants.length === 2);

    const reply = await preview(stranger(), { protocolVersion: PROTOCOL_VERSION, clinicId });
    expect(reply).toEqual({ ok: true, data: { title: 'Tuesday crew', crewWeek: null } });
    const said = JSON.stringify(reply);
    for (const secret of ['Fran', 'Gia', fran.id, facilitatorKey, 'lobby', 'classic']) expect(said).not.toContain(secret);
  });

  it('answers null for a clinic without a title', async () => {
    const { clinicId } = await createClinicAt(fixture.server.url);
    expect(await preview(stranger(), { protocolVersion: PROTOCOL_VERSION, clinicId })).toEqual({ ok: true, data: { title: null, crewWeek: null } });
  });

  it('neither joins nor changes the clinic: no state is sent, and the revision stays', async () => {
    const { clinicId, facilitatorKey } = await createClinicAt(fixture.server.url, { title: 'Quiet look' });
    const fran = await fixture.joinAs(clinicId, 'Fran', facilitatorKey);
    const before = fran.state!.revision;
    const socket = stranger();
    let statesSeen = 0;
    socket.on('clinic:state', () => (statesSeen += 1));
    expect((await preview(socket, { protocolVersion: PROTOCOL_VERSION, clinicId })).ok).toBe(true);
    // Whatever the server would broadcast has been sent by the time a later answer arrives.
    expect((await socket.timeout(5_000).emitWithAck('clock:ping')).ok).toBe(true);
    expect(statesSeen).toBe(0);
    expect(fran.state!.revision).toBe(before);
    expect(fran.state!.participants).toHaveLength(1);
    // A command from the socket that only looked is refused: it never joined.
    const command = await socket.timeout(5_000).emitWithAck('clinic:command', { command: { type: 'START' }, basedOnRevision: before });
    expect(command).toMatchObject({ ok: false, error: { reason: 'NOT_JOINED' } });
  });

  it('says CLINIC_NOT_FOUND for an id nobody created and for a deleted clinic', async () => {
    const socket = stranger();
    expect(await preview(socket, { protocolVersion: PROTOCOL_VERSION, clinicId: 'NoSuchClinic0000000000' })).toMatchObject({
      ok: false,
      error: { code: 'CLINIC_NOT_FOUND', reason: 'CLINIC_NOT_FOUND' },
    });

    const { clinicId, facilitatorKey } = await createClinicAt(fixture.server.url, { title: 'Short-lived' });
    const fran = await fixture.joinAs(clinicId, 'Fran', facilitatorKey);
    expect((await fran.command({ type: 'DELETE_CLINIC' })).ok).toBe(true);
    expect(await preview(socket, { protocolVersion: PROTOCOL_VERSION, clinicId })).toMatchObject({ ok: false, error: { reason: 'CLINIC_NOT_FOUND' } });
  });

  it('says CLINIC_CLOSED once the clinic has ended, while it runs here and as stored after a restart, and lets nobody new in', async () => {
    const { dataDir, remove } = makeDataDir();
    const devices: TestParticipant[] = [];
    try {
      const first = await startInProcessServer({ dataDir });
      const { clinicId, facilitatorKey } = await createClinicAt(first.url, { title: 'Over now' });
      const fran = await TestParticipant.join(first.url, clinicId, 'Fran', facilitatorKey);
      const gia = await TestParticipant.join(first.url, clinicId, 'Gia');
      devices.push(fran, gia);
      await fran.waitFor((state) => state.participants.length === 2);
      for (const command of [{ type: 'SET_CASE_GIVER', participantId: gia.id }, { type: 'START' }, { type: 'END' }] as const) {
        expect(await fran.command(command)).toMatchObject({ ok: true });
      }
      const ended = { ok: false, error: { code: 'NOT_ALLOWED_NOW', reason: 'CLINIC_CLOSED' } };
      const look = (url: string) => preview(stranger(url), { protocolVersion: PROTOCOL_VERSION, clinicId });
      expect(await look(first.url)).toMatchObject(ended);
      fran.close();
      await first.close();

      const second = await startInProcessServer({ dataDir });
      fixture.track(second);
      expect(await look(second.url)).toMatchObject(ended);
      const newcomer = new TestParticipant(second.url, clinicId, 'Newcomer');
      devices.push(newcomer);
      expect(await newcomer.join()).toMatchObject(ended);
      // Fran, who was in it, comes back to its summary.
      const franAgain = await TestParticipant.rejoin(second.url, clinicId, 'Fran', fran.me!.participantToken);
      devices.push(franAgain);
      await franAgain.waitFor((state) => state.stage === 'closed', 'the ended clinic');
    } finally {
      for (const device of devices) device.close();
      remove();
    }
  });

  it('refuses a malformed id, an unknown field and another protocol version, naming the problem', async () => {
    const socket = stranger();
    const badId = await preview(socket, { protocolVersion: PROTOCOL_VERSION, clinicId: 'bad!chars' });
    expect(badId).toMatchObject({ ok: false, error: { code: 'INVALID_PAYLOAD', message: 'clinicId: That link or key is not valid.' } });
    const { clinicId, facilitatorKey } = await createClinicAt(fixture.server.url);
    // The preview never weighs a key: it has nothing to say about one.
    const withKey = await preview(socket, { protocolVersion: PROTOCOL_VERSION, clinicId, facilitatorKey });
    expect(withKey).toMatchObject({ ok: false, error: { code: 'INVALID_PAYLOAD' } });
    const oldClient = await preview(socket, { protocolVersion: PROTOCOL_VERSION - 1, clinicId });
    expect(oldClient).toMatchObject({ ok: false, error: { code: 'PROTOCOL_MISMATCH' } });
  });

  it("counts towards the connection's pace: a flood of previews is refused with RATE_LIMITED", async () => {
    const { clinicId } = await createClinicAt(fixture.server.url, { title: 'Popular' });
    const socket = stranger();
    const replies = await Promise.all(Array.from({ length: 30 }, () => preview(socket, { protocolVersion: PROTOCOL_VERSION, clinicId })));
    // The burst the pace allows is answered; the rest of the flood is not.
    expect(replies.slice(0, 20).every((reply) => reply.ok)).toBe(true);
    const limited = replies.filter((reply) => !reply.ok && reply.error.reason === 'RATE_LIMITED');
    expect(limited.length).toBeGreaterThanOrEqual(5);
    expect(limited.length + replies.filter((reply) => reply.ok).length).toBe(30);
  });
});
