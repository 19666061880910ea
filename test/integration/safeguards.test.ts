import { io } from 'socket.io-client';
import { describe, expect, it } from 'vitest';
import { MAX_PARTICIPANTS } from '../../shared/protocol.ts';
import { createClinicAt, createClinicsFrom, openSocket, TestParticipant } from '../support/participant.ts';
import { useInProcessServer } from '../support/serverFixture.ts';
import { coachesOf } from '../../shared/lineup.ts';

/** Small enough to reach at once, large enough for a full clinic (16) from this one address. */
const CLINICS_PER_ADDRESS_PER_HOUR = 3;
const CONNECTIONS_PER_ADDRESS = 20;
const fixture = useInProcessServer({ limits: { clinicsPerAddressPerHour: CLINICS_PER_ADDRESS_PER_HOUR, connectionsPerAddress: CONNECTIONS_PER_ADDRESS } });

/** Resolves once the server holds exactly `count` engine connections. */
async function serverHolds(count: number) {
  await expect.poll(() => fixture.server.app.io.engine.clientsCount).toBe(count);
}

async function startedClinic() {
  const { clinicId, facilitatorKey } = await createClinicAt(fixture.server.url);
  const fran = await fixture.joinAs(clinicId, 'Fran', facilitatorKey);
  const gia = await fixture.joinAs(clinicId, 'Gia');
  await fran.command({ type: 'SET_CASE_GIVER', participantId: gia.id });
  const started = await fran.command({ type: 'START' });
  if (!started.ok) throw new Error(started.error.message);
  return { clinicId, facilitatorKey, fran, gia, revision: started.data.revision };
}

describe('commands made against an old state', () => {
  it('moves the clinic once on a double click and tells the second click it was stale', async () => {
    const { fran, gia, revision } = await startedClinic();
    const [first, second] = await Promise.all([
      fran.command({ type: 'NEXT_PHASE' }, revision),
      fran.command({ type: 'NEXT_PHASE' }, revision),
    ]);
    expect(first.ok).toBe(true);
    expect(second).toMatchObject({ ok: false, error: { code: 'STALE_COMMAND' } });
    const state = await gia.waitForRevision(first.ok ? first.data.revision : 0);
    expect(state.progress.step!.phaseIndex).toBe(1);
  });

  it('lets only one of two facilitator devices pressing next at the same moment through', async () => {
    const { clinicId, facilitatorKey, fran, gia, revision } = await startedClinic();
    const franPhone = await fixture.joinAs(clinicId, 'Fran', facilitatorKey);
    const replies = await Promise.all([fran.command({ type: 'NEXT_PHASE' }, revision), franPhone.command({ type: 'NEXT_PHASE' }, revision)]);
    expect(replies.filter((reply) => reply.ok)).toHaveLength(1);
    expect(replies.filter((reply) => !reply.ok && reply.error.code === 'STALE_COMMAND')).toHaveLength(1);
    const accepted = replies.find((reply) => reply.ok)!;
    const state = await gia.waitForRevision(accepted.ok ? accepted.data.revision : 0);
    expect(state.progress.step!.phaseIndex).toBe(1);
  });

  it('starts when Start is pressed before the reordered lineup arrived: lineup changes never make a move stale', async () => {
    const { clinicId, facilitatorKey } = await createClinicAt(fixture.server.url);
    const fran = await fixture.joinAs(clinicId, 'Fran', facilitatorKey);
    const [gia, ana, ben] = [await fixture.joinAs(clinicId, 'Gia'), await fixture.joinAs(clinicId, 'Ana'), await fixture.joinAs(clinicId, 'Ben')];
    await fran.command({ type: 'SET_CASE_GIVER', participantId: gia.id });
    const seen = fran.state!.revision;
    const reordered = await fran.command({ type: 'SET_COACH_ORDER', coachIds: [ben.id, ana.id] }, seen);
    const started = await fran.command({ type: 'START' }, seen);
    expect([reordered.ok, started.ok]).toEqual([true, true]);
    const state = await ana.waitFor((candidate) => candidate.stage === 'running', 'the start');
    expect(coachesOf(state.progress)).toEqual([ben.id, ana.id]);
  });

  it('keeps the first of two coach orders made against the same lineup on two facilitator devices, and tells the second why', async () => {
    const { clinicId, facilitatorKey } = await createClinicAt(fixture.server.url);
    const fran = await fixture.joinAs(clinicId, 'Fran', facilitatorKey);
    const [gia, ana, ben, cy] = [await fixture.joinAs(clinicId, 'Gia'), await fixture.joinAs(clinicId, 'Ana'), await fixture.joinAs(clinicId, 'Ben'), await fixture.joinAs(clinicId, 'Cy')];
    await fran.command({ type: 'SET_CASE_GIVER', participantId: gia.id });
    const franPhone = await fixture.joinAs(clinicId, 'Fran', facilitatorKey);
    const seen = fran.state!.revision;
    // One takes Cy out, the other Ana: whichever lands second would put back whom the first took out.
    const replies = await Promise.all([
      fran.command({ type: 'SET_COACH_ORDER', coachIds: [fran.id, ana.id, ben.id] }, seen),
      franPhone.command({ type: 'SET_COACH_ORDER', coachIds: [fran.id, ben.id, cy.id] }, seen),
    ]);
    const accepted = replies.filter((reply) => reply.ok);
    expect(accepted).toHaveLength(1);
    const refused = replies.find((reply) => !reply.ok);
    expect(refused).toMatchObject({ ok: false, error: { code: 'STALE_COMMAND', reason: 'LINEUP_CHANGED' } });
    const state = await gia.waitForRevision(accepted[0]!.ok ? accepted[0]!.data.revision : 0);
    expect(coachesOf(state.progress)).toHaveLength(3);
    expect([[fran.id, ana.id, ben.id], [fran.id, ben.id, cy.id]]).toContainEqual(coachesOf(state.progress));
  });

  it('accepts a command made against the latest state even after presence changes', async () => {
    const { clinicId, fran, revision } = await startedClinic();
    await fixture.joinAs(clinicId, 'Late Lou');
    await fran.waitFor((state) => state.participants.length === 3);
    expect((await fran.command({ type: 'PAUSE' }, revision)).ok).toBe(true);
  });
});

describe('rate limits', () => {
  it('slows a flooding connection with a clear error while the clinic carries on for others', async () => {
    const { fran, gia } = await startedClinic();
    const flooder = openSocket(fixture.server.url);
    fixture.track({ close: () => flooder.disconnect() });
    const replies = await Promise.all(Array.from({ length: 60 }, () => flooder.timeout(5_000).emitWithAck('clock:ping')));
    const limited = replies.filter((reply) => !reply.ok);
    expect(limited.length).toBeGreaterThan(0);
    expect(limited[0]).toEqual({ ok: false, error: { code: 'RATE_LIMITED', reason: 'RATE_LIMITED', message: 'Too many requests at once. Wait a moment and try again.' } });
    const paused = await fran.command({ type: 'PAUSE' });
    expect(paused.ok).toBe(true);
    await gia.waitFor((state) => state.progress.step?.timer.status === 'paused');
  });

  it('caps clinics created from one address per hour, whatever address the client claims', async () => {
    const replies = await createClinicsFrom(fixture.server.url, CLINICS_PER_ADDRESS_PER_HOUR + 1);
    expect(replies.slice(0, CLINICS_PER_ADDRESS_PER_HOUR).every((reply) => reply.ok)).toBe(true);
    expect(replies.at(-1)).toMatchObject({ ok: false, error: { code: 'RATE_LIMITED' } });
    // No proxy is trusted by default, so a forged header does not make a new address.
    const [forged] = await createClinicsFrom(fixture.server.url, 1, { 'x-forwarded-for': '203.0.113.9' });
    expect(forged).toMatchObject({ ok: false, error: { code: 'RATE_LIMITED' } });
  });

  it('turns away connections beyond the cap for one address, and lets one in when another leaves', async () => {
    const opened = Array.from({ length: CONNECTIONS_PER_ADDRESS + 1 }, () => fixture.track(openSocket(fixture.server.url)));
    const outcomes = await Promise.all(
      opened.map(
        (socket) =>
          new Promise<string>((resolve) => {
            socket.once('connect', () => resolve('connected'));
            socket.once('connect_error', (error) => resolve(error.message));
          }),
      ),
    );
    expect(outcomes.filter((outcome) => outcome === 'connected')).toHaveLength(CONNECTIONS_PER_ADDRESS);
    expect(outcomes.filter((outcome) => outcome !== 'connected')).toEqual([
      `Too many connections from your address (at most ${CONNECTIONS_PER_ADDRESS}). Close some tabs and try again.`,
    ]);
    // When one of the others leaves, a newcomer gets its place.
    for (const socket of opened.filter((candidate) => !candidate.connected)) socket.disconnect();
    opened.find((socket) => socket.connected)!.disconnect();
    await serverHolds(CONNECTIONS_PER_ADDRESS - 1);
    const [late] = await createClinicsFrom(fixture.server.url, 1);
    expect(late).toMatchObject({ ok: true });
  });

  it('does not lose a place to a connection that closes while it is being opened', async () => {
    // One polling request that asks to connect and closes in the same breath, cap times over.
    for (let i = 0; i < CONNECTIONS_PER_ADDRESS; i += 1) {
      const handshake = await (await fetch(`${fixture.server.url}/socket.io/?EIO=4&transport=polling`)).text();
      const { sid } = JSON.parse(handshake.slice(1)) as { sid: string };
      await fetch(`${fixture.server.url}/socket.io/?EIO=4&transport=polling&sid=${sid}`, { method: 'POST', body: '40\x1e1' });
    }
    await serverHolds(0);
    const [afterwards] = await createClinicsFrom(fixture.server.url, 1);
    expect(afterwards).toMatchObject({ ok: true });
  });

  it('turns away a participant beyond the clinic size limit', async () => {
    const { clinicId } = await createClinicAt(fixture.server.url);
    for (let i = 0; i < MAX_PARTICIPANTS; i += 1) await fixture.joinAs(clinicId, `P${i}`);
    const extra = fixture.track(new TestParticipant(fixture.server.url, clinicId, 'One too many'));
    expect(await extra.join()).toMatchObject({ ok: false, error: { code: 'CLINIC_FULL' } });
  });
});

describe('web security', () => {
  it('refuses sockets opened from another site', async () => {
    const foreign = io(fixture.server.url, { transports: ['websocket'], forceNew: true, reconnection: false, extraHeaders: { origin: 'https://elsewhere.example' } });
    fixture.track({ close: () => foreign.disconnect() });
    await expect(new Promise((resolve, reject) => {
      foreign.once('connect', () => resolve('connected'));
      foreign.once('connect_error', reject);
    })).rejects.toThrow();
  });

  it('accepts sockets from its own origin', async () => {
    const own = io(fixture.server.url, { transports: ['websocket'], forceNew: true, reconnection: false, extraHeaders: { origin: fixture.server.url } });
    fixture.track({ close: () => own.disconnect() });
    await new Promise((resolve, reject) => {
      own.once('connect', () => resolve(undefined));
      own.once('connect_error', reject);
    });
  });

  it('serves pages with a content security policy and no referrer', async () => {
    const response = await fetch(`${fixture.server.url}/healthz`);
    expect(response.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(response.headers.get('referrer-policy')).toBe('no-referrer');
    expect(response.headers.get('x-powered-by')).toBeNull();
  });
});
