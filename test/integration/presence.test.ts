/**
 * Who is online is memory only: a known device coming back or going costs no save, yet every other
 * device sees it at once; what changes the record (a newcomer, a new device token) still saves; and
 * in a storm of reconnects among commands whose saves take a while, every device ends on the
 * server's state, never an older one.
 */
import { isDeepStrictEqual } from 'node:util';
import { describe, expect, it } from 'vitest';
import type { ClinicState } from '../../shared/clinicStateSchema.ts';
import type { FacilitatorCommand } from '../../shared/protocolSchemas.ts';
import type { ClinicStore } from '../../server/store/clinicStore.ts';
import { TestParticipant, createClinicAt } from '../support/participant.ts';
import { useInProcessServer } from '../support/serverFixture.ts';

/** Saves per clinic, and the store underneath, as the server's store sees them. */
const saves = new Map<string, number>();
let store: ClinicStore;
/** Each save waits this long at most, at random, so presence changes land while saves are queued. */
let saveDelayMs = 0;

const fixture = useInProcessServer({
  wrapStore: (inner) => {
    store = inner;
    saves.clear();
    saveDelayMs = 0;
    return {
      ...inner,
      load: (clinicId) => inner.load(clinicId),
      delete: (clinicId) => inner.delete(clinicId),
      deleteExpired: (rule) => inner.deleteExpired(rule),
      close: () => inner.close(),
      async save(record, expectedRevision) {
        saves.set(record.id, (saves.get(record.id) ?? 0) + 1);
        if (saveDelayMs > 0) await new Promise((resolve) => setTimeout(resolve, Math.random() * saveDelayMs));
        return inner.save(record, expectedRevision);
      },
    };
  },
  // Tests click and reconnect far faster than people do.
  limits: { eventBurst: 1_000, eventsPerSecond: 1_000 },
});

const savesOf = (clinicId: string) => saves.get(clinicId) ?? 0;
const isOnline = (state: ClinicState, participantId: string) => state.participants.find((person) => person.id === participantId)?.online;

async function crewOf(names: readonly string[]) {
  const { clinicId, facilitatorKey } = await createClinicAt(fixture.server.url);
  const fran = await fixture.joinAs(clinicId, 'Fran', facilitatorKey);
  const others: TestParticipant[] = [];
  for (const name of names) others.push(await fixture.joinAs(clinicId, name));
  await fran.waitFor((state) => state.participants.length === names.length + 1, 'everyone listed');
  return { clinicId, facilitatorKey, fran, others };
}

async function ok(facilitator: TestParticipant, command: FacilitatorCommand): Promise<number> {
  const reply = await facilitator.command(command);
  if (!reply.ok) throw new Error(`${command.type}: ${reply.error.reason}`);
  return reply.data.revision;
}

/** The network under a device drops; socket.io reconnects by itself and the device rejoins with its token. */
function dropConnection(device: TestParticipant): Promise<void> {
  // The device's own 'connect' listener, registered first, starts its rejoin.
  const back = new Promise<void>((resolve) => device.socket.once('connect', () => resolve()));
  device.socket.io.engine.close();
  return back.then(() => device.rejoining);
}

async function serverState(clinicId: string) {
  const placed = await fixture.server.app.registry.place(clinicId);
  if (!('room' in placed)) throw new Error(`Clinic ${clinicId} does not run on this server`);
  return placed.room.shownState();
}

describe('who is online', () => {
  it('a known device going and coming back saves nothing, and every other device sees it offline, then online', async () => {
    const { clinicId, fran, others } = await crewOf(['Gia', 'Ana']);
    const [gia, ana] = others as [TestParticipant, TestParticipant];
    const revision = fran.state!.revision;
    const savedBefore = savesOf(clinicId);

    // A dropped network: the socket reconnects by itself and rejoins with its token.
    const back = dropConnection(gia);
    await Promise.all([fran, ana].map((device) => device.waitFor((state) => isOnline(state, gia.id) === false, 'Gia offline')));
    await back;
    await Promise.all([fran, ana].map((device) => device.waitFor((state) => isOnline(state, gia.id) === true, 'Gia online again')));

    // A reloaded page: a new connection with the token it kept.
    ana.close();
    await fran.waitFor((state) => isOnline(state, ana.id) === false, 'Ana offline');
    const anaAgain = fixture.track(await TestParticipant.rejoin(fixture.server.url, clinicId, 'Ana', ana.me!.participantToken));
    await Promise.all([fran, gia].map((device) => device.waitFor((state) => isOnline(state, ana.id) === true, 'Ana online again')));
    expect(anaAgain.id).toBe(ana.id);

    expect(savesOf(clinicId)).toBe(savedBefore);
    for (const device of [fran, gia, anaAgain]) expect(device.state!.revision).toBe(revision);
    expect((await store.load(clinicId))!.revision).toBe(revision);
  });

  it('a second device of someone already online sends nobody anything, and only their last device leaving does', async () => {
    const { clinicId, fran, others } = await crewOf(['Gia']);
    const [gia] = others as [TestParticipant];
    let sentToFran = 0;
    fran.socket.on('clinic:state', () => (sentToFran += 1));
    const savedBefore = savesOf(clinicId);
    const phone = fixture.track(await TestParticipant.rejoin(fixture.server.url, clinicId, 'Gia', gia.me!.participantToken));
    gia.close();
    phone.close();
    await fran.waitFor((state) => isOnline(state, gia.id) === false, 'Gia offline once her last device left');
    // One state: Gia offline. Her phone arriving and the first of her two devices leaving sent none.
    expect(sentToFran).toBe(1);
    expect(savesOf(clinicId)).toBe(savedBefore);
  });

  it('a newcomer, and the facilitator link opened on a new device, are saved', async () => {
    const { clinicId, facilitatorKey, fran } = await crewOf(['Gia']);
    let saved = savesOf(clinicId);
    const cy = await fixture.joinAs(clinicId, 'Cy');
    expect(savesOf(clinicId)).toBe(saved + 1);
    expect((await store.load(clinicId))!.participants.map((person) => person.id)).toContain(cy.id);
    await fran.waitFor((state) => isOnline(state, cy.id) === true, 'Cy listed and online');

    // The facilitator link on a laptop: the same participant, with a device token of its own.
    saved = savesOf(clinicId);
    const laptop = await fixture.joinAs(clinicId, 'Fran', facilitatorKey);
    expect(laptop.id).toBe(fran.id);
    expect(savesOf(clinicId)).toBe(saved + 1);
    const stored = (await store.load(clinicId))!.participants.find((person) => person.id === fran.id)!;
    expect(stored.tokenHashes).toHaveLength(2);
  });

  it('in a storm of reconnects among commands, every device ends on the server state and never goes back', async () => {
    const { clinicId, fran, others } = await crewOf(['Gia', 'Ana', 'Ben', 'Cy', 'Dee']);
    const phone = fixture.track(await TestParticipant.rejoin(fixture.server.url, clinicId, 'Gia', others[0]!.me!.participantToken));
    const devices = [fran, ...others, phone];
    /** Every revision each device was sent, in order, over all its connections. */
    const received = devices.map((device) => {
      const revisions: number[] = [];
      device.socket.on('clinic:state', (state) => revisions.push(state.revision));
      return revisions;
    });
    await ok(fran, { type: 'SET_CASE_GIVER', participantId: others[0]!.id });
    await ok(fran, { type: 'START' });
    saveDelayMs = 30;
    const savedBefore = savesOf(clinicId);

    const droppers = [...others, phone];
    let storming = true;
    const storms = Promise.all(
      droppers.map(async (device, index) => {
        for (let round = 0; round < 6; round += 1) {
          await new Promise((resolve) => setTimeout(resolve, ((index * 7 + round * 13) % 20) + 1));
          await dropConnection(device);
        }
      }),
    ).finally(() => (storming = false));
    // Commands go on until the last device is back, so saves are in flight as the last ones return.
    let acknowledged = 0;
    const commands = (async () => {
      for (let round = 0; storming; round += 1) {
        const command: FacilitatorCommand = round % 3 === 2 ? { type: round % 2 === 0 ? 'PAUSE' : 'RESUME' } : { type: 'ADJUST_TIME', deltaMs: round % 2 === 0 ? 60_000 : -30_000 };
        const reply = await fran.command(command);
        if (reply.ok) acknowledged += 1;
        else expect(reply.error.reason).toMatch(/^(ALREADY_PAUSED|NOT_PAUSED)$/);
      }
    })();
    await Promise.all([storms, commands]);

    // Every command and nothing else was saved: the reconnects cost none.
    expect(savesOf(clinicId) - savedBefore).toBe(acknowledged);
    const truth = await serverState(clinicId);
    expect(truth.participants.every((person) => person.online)).toBe(true);
    for (const [index, device] of devices.entries()) {
      await expect.poll(() => isDeepStrictEqual(device.state, truth), { timeout: 5_000 }).toBe(true);
      const revisions = received[index]!;
      expect(revisions.every((revision, at) => at === 0 || revision >= revisions[at - 1]!), `device ${index} was sent ${revisions.join(', ')}`).toBe(true);
    }
  });
});
