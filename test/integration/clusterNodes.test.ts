/**
 * Nodes of a cluster in one test process: each a real app with its own Redis connections and
 * Postgres pool, sharing one database schema and one Redis (the throwaway servers of
 * postgresSetup.ts and redisSetup.ts). Devices connect to whichever node a test picks, as they
 * would through a balancer, and the clinic runs on one of them.
 */
import { basename } from 'node:path';
import { Redis } from 'ioredis';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { createApp, type ClinicApp } from '../../server/app.ts';
import { DEFAULT_LIMITS, type Limits } from '../../server/limits.ts';
import { createLogger, type Logger } from '../../server/logger.ts';
import { openRedisNetwork } from '../../server/cluster/redisNetwork.ts';
import type { LeaseTiming } from '../../server/cluster/clinicLeases.ts';
import { openPostgresStore } from '../../server/store/postgresClinicStore.ts';
import { CLASSIC } from '../../shared/formats/classic.ts';
import { PROTOCOL_VERSION } from '../../shared/protocol.ts';
import { capturedLogs } from '../support/capturedLogs.ts';
import { TestCrewMember } from '../support/crewMember.ts';
import { createClinicAt, createClinicsFrom, openSocket, previewAt, TestParticipant } from '../support/participant.ts';
import { openRedisGate, type RedisGate } from '../support/redisGate.ts';
import { CLIENT_BUILD_DIR, makeDataDir } from '../support/servers.ts';
import { postgresUrlFor, withClient } from '../support/testStores.ts';

const DAY_MS = 24 * 3_600_000;
/** Short, so a stopped node's clinics move within a test's patience; long enough that a busy machine's pauses do not lose a lease. */
const LEASE_TIMING: LeaseTiming = { leaseMs: 1_500, renewEveryMs: 300 };

interface TestNode {
  readonly url: string;
  readonly app: ClinicApp;
  readonly nodeId: string;
  close(): Promise<void>;
}

const running: TestNode[] = [];
const opened: TestParticipant[] = [];
const crews: TestCrewMember[] = [];
const removals: Array<() => void> = [];
const gates: RedisGate[] = [];

afterEach(async () => {
  // A node cannot quit Redis through a gate that holds it.
  await Promise.all(gates.map((gate) => gate.release()));
  for (const participant of opened.splice(0)) participant.close();
  for (const member of crews.splice(0)) member.close();
  await Promise.all(running.splice(0).map((node) => node.close().catch(() => undefined)));
  await Promise.all(gates.splice(0).map((gate) => gate.close()));
  for (const remove of removals.splice(0)) remove();
});

/** What a test's nodes share and no other test's do: a database schema and a Redis namespace. */
interface Shared {
  readonly databaseUrl: string;
  readonly namespace: string;
}

async function sharedPlace(): Promise<Shared> {
  const { dataDir, remove } = makeDataDir();
  removals.push(remove);
  return { databaseUrl: await postgresUrlFor(dataDir), namespace: `test-${basename(dataDir)}` };
}

interface NodeSettings {
  readonly limits?: Partial<Limits>;
  readonly leaseTiming?: LeaseTiming;
  readonly logger?: Logger;
  /** Where the node reaches Redis: the tests' own Redis, unless through a gate. */
  readonly redisUrl?: string;
  /** How long the node waits before reconnecting to Redis. */
  readonly reconnectAfterMs?: number;
  /** How long it waits for another node's answer to one call. */
  readonly answerWithinMs?: number;
  /** How long a request keeps looking for its clinic's owner, asking again. */
  readonly handoverWithinMs?: number;
}

async function startNode({ databaseUrl, namespace }: Shared, name: string, { limits = {}, leaseTiming = LEASE_TIMING, logger = createLogger('silent'), redisUrl = inject('redisUrl'), reconnectAfterMs, answerWithinMs, handoverWithinMs }: NodeSettings = {}): Promise<TestNode> {
  const network = await openRedisNetwork({
    url: redisUrl,
    namespace,
    nodeName: name,
    leaseTiming,
    reconnectAfterMs: reconnectAfterMs === undefined ? undefined : () => reconnectAfterMs,
    answerWithinMs,
    log: () => undefined,
  });
  const store = await openPostgresStore({ url: databaseUrl, fenceOf: (clinicId) => network.ownership.fenceOf(clinicId) });
  const app = createApp({
    store,
    notes: store,
    crews: store,
    claim: store.claim,
    network,
    clientDir: CLIENT_BUILD_DIR,
    logger,
    limits: { ...DEFAULT_LIMITS, ...limits },
    handoverWithinMs,
  });
  const port = await app.listen(0);
  const node = { url: `http://127.0.0.1:${port}`, app, nodeId: network.nodeId, close: () => app.close() };
  running.push(node);
  return node;
}

async function join(url: string, clinicId: string, name: string, facilitatorKey?: string): Promise<TestParticipant> {
  const participant = await TestParticipant.join(url, clinicId, name, facilitatorKey);
  opened.push(participant);
  return participant;
}

async function storedFence({ databaseUrl }: Shared, clinicId: string): Promise<number> {
  return withClient(databaseUrl, async (client) => Number((await client.query<{ fence: string }>('SELECT fence FROM clinics WHERE id = $1', [clinicId])).rows[0]!.fence));
}

/** A started clinic of a minute's case that node a runs (Dee, on a, asked first), Fran facilitating from `franAt`, Gia its case giver from `giaAt`. */
async function startedOnNodeA(a: TestNode, franAt: TestNode, giaAt: TestNode) {
  const { clinicId, facilitatorKey } = await createClinicAt(a.url, { minutes: { case: 1 } });
  await join(a.url, clinicId, 'Dee');
  const fran = await join(franAt.url, clinicId, 'Fran', facilitatorKey);
  const gia = await join(giaAt.url, clinicId, 'Gia');
  expect(a.app.registry.liveCount).toBe(1);
  expect((await fran.command({ type: 'SET_CASE_GIVER', participantId: gia.id })).ok).toBe(true);
  expect((await fran.command({ type: 'START' })).ok).toBe(true);
  return { clinicId, fran, gia };
}

/** Why the device's connection drops next. */
const nextDrop = (device: TestParticipant) => new Promise((resolve) => device.socket.once('disconnect', resolve));

/** What the device's join is answered once its socket has connected again. */
async function joinOnceReconnected(device: TestParticipant) {
  await new Promise<void>((resolve) => device.socket.once('connect', () => resolve()));
  return device.join();
}

const onlineOf = (participant: TestParticipant, name: string) => participant.state?.participants.find((person) => person.name === name)?.online;

describe('a clinic across nodes', () => {
  it('runs on one node while devices on the others join, command, and see every change', async () => {
    const database = await sharedPlace();
    const [a, b] = [await startNode(database, 'a'), await startNode(database, 'b')];
    const { clinicId, facilitatorKey } = await createClinicAt(a.url);
    // The first device to ask decides where the clinic runs: Gia's, on node a.
    const gia = await join(a.url, clinicId, 'Gia');
    const fran = await join(b.url, clinicId, 'Fran', facilitatorKey);
    const ana = await join(b.url, clinicId, 'Ana');
    await fran.waitFor((state) => state.participants.length === 3, 'three joined');

    // Fran's commands travel from node b to node a, which owns the clinic.
    expect((await fran.command({ type: 'SET_CASE_GIVER', participantId: gia.id })).ok).toBe(true);
    expect((await fran.command({ type: 'START' })).ok).toBe(true);
    for (const device of [fran, gia, ana]) await device.waitFor((state) => state.stage === 'running', 'the clinic running');
    expect('room' in (await a.app.registry.place(clinicId, { load: false }))).toBe(true);
    expect(b.app.registry.liveCount).toBe(0);

    // Who is online is known to the owner whichever node a device is on.
    ana.close();
    await gia.waitFor((state) => onlineOf(gia, 'Ana') === false, 'Ana offline');
    expect(onlineOf(gia, 'Fran')).toBe(true);
  });

  it('shows every device that joins at once the same newest state, on the owner and elsewhere', async () => {
    const shared = await sharedPlace();
    const [a, b] = [await startNode(shared, 'a'), await startNode(shared, 'b')];
    const { clinicId } = await createClinicAt(a.url);
    const names = Array.from({ length: 12 }, (_, index) => `Person ${index + 1}`);
    const devices = await Promise.all(names.map((name, index) => join(index % 3 === 2 ? b.url : a.url, clinicId, name)));
    for (const device of devices) await device.waitFor((state) => state.participants.filter((person) => person.online).length === names.length, 'everyone online');
    expect(new Set(devices.map((device) => device.state!.revision)).size).toBe(1);
  });

  it('moves to a node with devices in it when its owner stops, with every acknowledged command kept and the timer running', async () => {
    const database = await sharedPlace();
    const [a, b] = [await startNode(database, 'a'), await startNode(database, 'b')];
    const { fran, gia } = await startedOnNodeA(a, b, b);
    const added = await fran.command({ type: 'ADJUST_TIME', deltaMs: 60_000 });
    expect(added.ok).toBe(true);
    const revision = added.ok ? added.data.revision : -1;

    await a.close();
    // Node b has devices in the clinic: it takes the clinic on and tells them, with nothing lost.
    const after = await gia.waitFor((state) => state.revision > revision && state.stage === 'running', 'the clinic on node b');
    // A minute planned and a minute added: the acknowledged change is there once.
    expect(after.progress.step!.budgetMs).toBe(2 * 60_000);
    expect((await fran.command({ type: 'PAUSE' })).ok).toBe(true);
    await gia.waitFor((state) => state.stage === 'paused', 'paused from node b');
    expect(onlineOf(gia, 'Fran')).toBe(true);
  });

  it('is run by the node its first device joins on, not by the node that created it', async () => {
    const database = await sharedPlace();
    const [a, b] = [await startNode(database, 'a'), await startNode(database, 'b')];
    const { clinicId, facilitatorKey } = await createClinicAt(a.url);
    expect(a.app.registry.liveCount).toBe(0);

    const fran = await join(b.url, clinicId, 'Fran', facilitatorKey);
    expect(b.app.registry.liveCount).toBe(1);
    // A device on the creating node is then forwarded to node b like any other.
    const gia = await join(a.url, clinicId, 'Gia');
    expect((await fran.command({ type: 'SET_CASE_GIVER', participantId: gia.id })).ok).toBe(true);
    await gia.waitFor((state) => state.progress.caseGiverIds.includes(gia.id), 'Gia the case giver');
    expect(a.app.registry.liveCount).toBe(0);
  });

  it('sends nothing through Redis while all its devices are on its node, and every change while one is on another', async () => {
    const shared = await sharedPlace();
    const [a, b] = [await startNode(shared, 'a'), await startNode(shared, 'b')];
    const { clinicId, facilitatorKey } = await createClinicAt(a.url, { minutes: { case: 1 } });
    const fran = await join(a.url, clinicId, 'Fran', facilitatorKey);
    const gia = await join(a.url, clinicId, 'Gia');
    expect((await fran.command({ type: 'SET_CASE_GIVER', participantId: gia.id })).ok).toBe(true);
    expect((await fran.command({ type: 'START' })).ok).toBe(true);

    // Every message published for the clinic's rooms, and a marker after each command, so that
    // what the command published has arrived by the time the marker has.
    const listener = new Redis(inject('redisUrl'));
    const published: string[] = [];
    listener.on('pmessage', (_pattern: string, channel: string) => published.push(channel));
    await listener.psubscribe(`${shared.namespace}:socket.io#/#*${clinicId}*`, `${shared.namespace}:marker`);
    const marker = new Redis(inject('redisUrl'));
    const publishedByCommand = async () => {
      published.length = 0;
      const added = await fran.command({ type: 'ADJUST_TIME', deltaMs: 60_000 });
      if (!added.ok) throw new Error(added.error.message);
      await gia.waitForRevision(added.data.revision);
      await marker.publish(`${shared.namespace}:marker`, 'after');
      await expect.poll(() => published.at(-1)).toBe(`${shared.namespace}:marker`);
      return published.length - 1;
    };
    try {
      // Once the cluster has answered that no device of the clinic is on another node.
      await expect.poll(publishedByCommand).toBe(0);

      const ana = await join(b.url, clinicId, 'Ana');
      expect(await publishedByCommand()).toBeGreaterThan(0);
      await ana.waitForRevision(gia.state!.revision);
      expect((await fran.command({ type: 'PAUSE' })).ok).toBe(true);
      await ana.waitFor((state) => state.stage === 'paused', 'paused, seen on node b');

      // Once she has gone, the clinic's devices are all on node a again.
      ana.close();
      await gia.waitFor((state) => onlineOf(gia, 'Ana') === false, 'Ana offline');
      expect((await fran.command({ type: 'RESUME' })).ok).toBe(true);
      await expect.poll(publishedByCommand).toBe(0);
    } finally {
      listener.disconnect();
      marker.disconnect();
    }
  });

  it('keeps reaching devices on other nodes after a takeover, even when Redis lost who was online', async () => {
    const shared = await sharedPlace();
    const [a, b, c] = [await startNode(shared, 'a'), await startNode(shared, 'b'), await startNode(shared, 'c')];
    const { clinicId, fran, gia } = await startedOnNodeA(a, b, c);
    const redis = new Redis(inject('redisUrl'));
    await redis.del(`${shared.namespace}:presence:${clinicId}`);
    redis.disconnect();

    await a.close();
    // Node b or c takes the clinic on knowing nobody online; the cluster tells it of the device on the other.
    const owner = async () => (await Promise.all([b, c].map((node) => node.app.registry.place(clinicId, { load: false })))).findIndex((placed) => 'room' in placed);
    await expect.poll(owner, { timeout: 10_000 }).not.toBe(-1);
    for (const type of ['PAUSE', 'RESUME'] as const) {
      const answered = await fran.command({ type });
      if (!answered.ok) throw new Error(answered.error.message);
      for (const device of [fran, gia]) await device.waitForRevision(answered.data.revision);
    }
  });

  /**
   * Nodes a and b, b reaching Redis through a gate, and what cuts a node off: its subscribing
   * connection to Redis killed. Node b, cut off, hears Redis again only once the test lets it
   * (`letBHear`), so a change goes by meanwhile however slow the machine is.
   */
  async function nodeBOnAGate({ a: settingsOfA, b: settingsOfB }: { a?: NodeSettings; b?: NodeSettings } = {}) {
    const shared = await sharedPlace();
    const gate = await openRedisGate(inject('redisUrl'));
    gates.push(gate);
    const [a, b] = [await startNode(shared, 'a', settingsOfA), await startNode(shared, 'b', { redisUrl: gate.url, reconnectAfterMs: 50, ...settingsOfB })];
    const redis = new Redis(inject('redisUrl'));
    /** The address of one of a node's connections to Redis, while it has it. */
    const addressOf = async (node: TestNode, role: 'subscriber' | 'commands') => {
      const line = String(await redis.client('LIST'))
        .split('\n')
        .find((client) => client.includes(` name=${node.nodeId}:${role} `));
      return line && /addr=(\S+)/.exec(line)?.[1];
    };
    const kill = async (node: TestNode, role: 'subscriber' | 'commands') => void (await redis.client('KILL', 'ADDR', (await addressOf(node, role))!));
    const cutOff = (node: TestNode) => kill(node, 'subscriber');
    const cutBOff = async () => {
      gate.hold();
      await cutOff(b);
    };
    /** Node b's requests to Redis fail for as long as the gate is shut. */
    const takeRedisFromB = async () => {
      await gate.shut();
      await kill(b, 'commands');
    };
    /** What Redis sends node b's subscriber, the answers to b's calls among it, waits until let go. */
    const stallBsHearing = async () => gate.stall((await addressOf(b, 'subscriber'))!);
    return { a, b, redis, subscriberOfB: () => addressOf(b, 'subscriber'), cutBOff, takeRedisFromB, letBHear: () => gate.release(), cutOff, stallBsHearing };
  }

  it('brings a device up to date once its node hears Redis again, and keeps it so', async () => {
    const { a, b, redis, subscriberOfB, cutBOff, letBHear } = await nodeBOnAGate();
    const { clinicId, facilitatorKey } = await createClinicAt(a.url);
    const fran = await join(a.url, clinicId, 'Fran', facilitatorKey);
    const gia = await join(b.url, clinicId, 'Gia');
    let giaDropped = false;
    gia.socket.on('disconnect', () => (giaDropped = true));
    try {
      await cutBOff();
      // What node a publishes for the clinic while b is away never reaches Gia.
      const chosen = await fran.command({ type: 'SET_CASE_GIVER', participantId: gia.id });
      if (!chosen.ok) throw new Error(chosen.error.message);
      expect(await subscriberOfB()).toBeFalsy();
      await letBHear();
      // Once b hears Redis again, Gia is counted again and sent the state she missed, and what follows.
      await gia.waitForRevision(chosen.data.revision);
      expect((await fran.command({ type: 'START' })).ok).toBe(true);
      await gia.waitFor((state) => state.stage === 'running', 'the clinic running');
      // Let back in where she was, not sent away to join again.
      expect(giaDropped).toBe(false);
    } finally {
      redis.disconnect();
    }
  });

  it('sends away a device removed while its node could not hear Redis, once it hears again: its join says why, and nothing more of the clinic reaches it', async () => {
    const { a, b, redis, subscriberOfB, cutBOff, letBHear } = await nodeBOnAGate();
    const { clinicId, facilitatorKey } = await createClinicAt(a.url);
    const fran = await join(a.url, clinicId, 'Fran', facilitatorKey);
    const [gia, ana] = [await join(b.url, clinicId, 'Gia'), await join(b.url, clinicId, 'Ana')];
    const dropped = nextDrop(gia);
    try {
      await cutBOff();
      expect((await fran.command({ type: 'REMOVE_PARTICIPANT', participantId: gia.id })).ok).toBe(true);
      expect(await subscriberOfB()).toBeFalsy();
      await letBHear();
      // A closed transport, which Socket.IO reconnects by itself (a server's disconnect would be final).
      expect(await dropped).toBe('transport close');
      const rejoined = await joinOnceReconnected(gia);
      expect(rejoined.ok || rejoined.error.reason).toBe('REMOVED');

      // Ana, on node b too, sees the next change; Gia's phone neither sees it nor may act.
      const chosen = await fran.command({ type: 'SET_CASE_GIVER', participantId: ana.id });
      if (!chosen.ok) throw new Error(chosen.error.message);
      await ana.waitForRevision(chosen.data.revision);
      const refused = await gia.command({ type: 'START' });
      expect(refused.ok || refused.error.reason).toBe('NOT_JOINED');
      expect(gia.state!.revision).toBeLessThan(chosen.data.revision);
    } finally {
      redis.disconnect();
    }
  });

  it('sends away a device removed after its node heard Redis again but before its turn to be counted came', async () => {
    // Node b is back a second after the cut (its retry delay: the gate opens as soon as Gia's command
    // is sent); that command, made while b was away, waits 2.5 s for an answer that was lost.
    const { a, b, redis, subscriberOfB, cutBOff, letBHear } = await nodeBOnAGate({ b: { reconnectAfterMs: 1_000, answerWithinMs: 2_500 } });
    const { clinicId, facilitatorKey } = await createClinicAt(a.url);
    const fran = await join(a.url, clinicId, 'Fran', facilitatorKey);
    const gia = await join(b.url, clinicId, 'Gia');
    const dropped = nextDrop(gia);
    try {
      await cutBOff();
      const unanswered = gia.command({ type: 'START' });
      await letBHear();
      await expect.poll(subscriberOfB, { interval: 20, timeout: 5_000 }).toBeTruthy();
      // Her turn to be counted again comes after that command's: she is removed meanwhile.
      expect((await fran.command({ type: 'REMOVE_PARTICIPANT', participantId: gia.id })).ok).toBe(true);
      expect(await dropped).toBe('transport close');
      expect(await unanswered).toMatchObject({ ok: false });
      const rejoined = await joinOnceReconnected(gia);
      expect(rejoined.ok || rejoined.error.reason).toBe('REMOVED');
    } finally {
      redis.disconnect();
    }
  });

  it('sends away a device it cannot count again once it hears Redis, which joins again once its clinic can be reached', async () => {
    // Node a hears nothing for 4 s; node b is back after 0.3 s and gives up on a within a second.
    const { a, b, redis, cutOff } = await nodeBOnAGate({ a: { reconnectAfterMs: 4_000 }, b: { reconnectAfterMs: 300, answerWithinMs: 300, handoverWithinMs: 1_000 } });
    const { clinicId, facilitatorKey } = await createClinicAt(a.url);
    const fran = await join(a.url, clinicId, 'Fran', facilitatorKey);
    const gia = await join(b.url, clinicId, 'Gia');
    const dropped = nextDrop(gia);
    try {
      await cutOff(a);
      await cutOff(b);
      expect(await dropped).toBe('transport close');
      // Her join is answered once node a hears Redis again (the app's page asks again by itself).
      await expect.poll(async () => (await gia.join()).ok, { timeout: 15_000 }).toBe(true);
      const chosen = await fran.command({ type: 'SET_CASE_GIVER', participantId: gia.id });
      if (!chosen.ok) throw new Error(chosen.error.message);
      await gia.waitForRevision(chosen.data.revision);
    } finally {
      redis.disconnect();
    }
  });

  it("records a device's going from a node whose requests to Redis failed for a moment, once they get through", async () => {
    const { lines, logger } = capturedLogs();
    // Leases long enough that node b is never taken for stopped here: that would count Gia out another way.
    const leaseTiming = { leaseMs: 10_000, renewEveryMs: 1_000 };
    // Node b asks again for longer than the test could take to see it asking.
    const { a, b, redis, takeRedisFromB, letBHear } = await nodeBOnAGate({ a: { leaseTiming }, b: { leaseTiming, logger, handoverWithinMs: 20_000 } });
    const { clinicId, facilitatorKey } = await createClinicAt(a.url);
    const fran = await join(a.url, clinicId, 'Fran', facilitatorKey);
    const gia = await join(b.url, clinicId, 'Gia');
    await fran.waitFor(() => onlineOf(fran, 'Gia') === true, 'Gia online');
    try {
      await takeRedisFromB();
      gia.close();
      // Node b could not learn where the clinic runs, so nothing of her going reached node a yet.
      await expect.poll(() => lines.some((line) => line.includes('could not learn where a clinic runs')), { timeout: 5_000 }).toBe(true);
      expect(onlineOf(fran, 'Gia')).toBe(true);
      await letBHear();
      await fran.waitFor(() => onlineOf(fran, 'Gia') === false, 'Gia offline');
    } finally {
      redis.disconnect();
    }
  });

  it("gives up the place of a device let in only after its node answered that the join's outcome was not known", async () => {
    const database = await sharedPlace();
    // Node b waits no time for an answer: each join it sends on is let in after it gave up.
    const [a, b] = [await startNode(database, 'a'), await startNode(database, 'b', { answerWithinMs: 1, handoverWithinMs: 1_000 })];
    const { clinicId, facilitatorKey } = await createClinicAt(a.url);
    const fran = await join(a.url, clinicId, 'Fran', facilitatorKey);
    const gia = new TestParticipant(b.url, clinicId, 'Gia');
    opened.push(gia);
    const reply = await gia.join();
    expect(reply.ok || reply.error.reason).toBe('OUTCOME_UNKNOWN');
    // The owner let her in, then hears she is not in after all: Fran sees her offline...
    await fran.waitFor((state) => state.participants.some((person) => person.name === 'Gia' && !person.online), 'Gia let in, then gone');
    // ...and her phone's connection is in none of the clinic's rooms, so nothing of it reaches her.
    const rooms = b.app.io.of('/').sockets.get(gia.socket.id!)!.rooms;
    expect([...rooms].filter((room) => room !== gia.socket.id)).toEqual([]);
  });

  describe('a device that joins again before its node hears that its first join was let in late', () => {
    /** Node b waits 1.5 s for an answer: time enough for a join once its answer is let go. */
    const stalledNodeB = () => nodeBOnAGate({ b: { answerWithinMs: 1_500 } });
    const roomsOf = (node: TestNode, device: TestParticipant) => [...node.app.io.of('/').sockets.get(device.socket.id!)!.rooms].filter((room) => room !== device.socket.id).sort();

    it('keeps its place when it joined again as itself', async () => {
      const { a, b, redis, stallBsHearing } = await stalledNodeB();
      const { clinicId, facilitatorKey } = await createClinicAt(a.url);
      const fran = await join(a.url, clinicId, 'Fran', facilitatorKey);
      const before = await join(b.url, clinicId, 'Gia');
      const { participantId, participantToken } = before.me!;
      before.close();
      await fran.waitFor(() => onlineOf(fran, 'Gia') === false, 'Gia gone');
      // Her page, reloaded, comes back with her token, on node b.
      const gia = new TestParticipant(b.url, clinicId, 'Gia');
      opened.push(gia);
      const asGia = () => gia.socket.timeout(10_000).emitWithAck('clinic:join', { protocolVersion: PROTOCOL_VERSION, clinicId, participantToken });
      try {
        const stalled = await stallBsHearing();
        const first = await asGia();
        expect(first.ok || first.error.reason).toBe('OUTCOME_UNKNOWN');
        const again = asGia();
        stalled.letGo();
        expect((await again).ok).toBe(true);
        // Her next aside goes after whatever node b did about the late answer, and reaches Fran after it.
        expect((await gia.aside({ type: 'SET_READY', ready: true })).ok).toBe(true);
        await fran.waitForAsides((view) => view.readyIds.includes(participantId), 'Gia ready');
        expect(onlineOf(fran, 'Gia')).toBe(true);
        expect(roomsOf(b, gia)).toEqual([`clinic:${clinicId}`, `participant:${clinicId}:${participantId}`]);
      } finally {
        redis.disconnect();
      }
    });

    it('gives up only the first place when it joined again as someone else', async () => {
      const { a, b, redis, stallBsHearing } = await stalledNodeB();
      const { clinicId, facilitatorKey } = await createClinicAt(a.url);
      const fran = await join(a.url, clinicId, 'Fran', facilitatorKey);
      const phone = new TestParticipant(b.url, clinicId, 'Hal');
      opened.push(phone);
      try {
        const stalled = await stallBsHearing();
        const first = await phone.join();
        expect(first.ok || first.error.reason).toBe('OUTCOME_UNKNOWN');
        const asIvy = phone.socket.timeout(10_000).emitWithAck('clinic:join', { protocolVersion: PROTOCOL_VERSION, clinicId, name: 'Ivy' });
        // Node a has let Ivy in, so node b is waiting for that answer when the late one comes first.
        await fran.waitFor(() => onlineOf(fran, 'Ivy') === true, 'Ivy let in');
        stalled.letGo();
        const ivy = await asIvy;
        if (!ivy.ok) throw new Error(ivy.error.message);
        await fran.waitFor(() => onlineOf(fran, 'Hal') === false, 'Hal gone');
        expect(onlineOf(fran, 'Ivy')).toBe(true);
        expect(roomsOf(b, phone)).toEqual([`clinic:${clinicId}`, `participant:${clinicId}:${ivy.data.participantId}`]);
      } finally {
        redis.disconnect();
      }
    });
  });

  it('is run by the node whose devices call first when nobody runs it, and by no other', async () => {
    const database = await sharedPlace();
    const [a, b, c] = [await startNode(database, 'a'), await startNode(database, 'b'), await startNode(database, 'c')];
    const { clinicId, facilitatorKey } = await createClinicAt(a.url);
    await a.close();
    const devices = await Promise.all([join(b.url, clinicId, 'Fran', facilitatorKey), join(c.url, clinicId, 'Gia'), join(b.url, clinicId, 'Ana')]);
    await devices[0]!.waitFor((state) => state.participants.filter((person) => person.online).length === 3, 'three online');
    const runners = [b, c].filter((node) => node.app.registry.liveCount > 0);
    expect(runners).toHaveLength(1);
  });
});

describe('what a clinic leaves in Redis', () => {
  it('opens again after Redis lost everything, with a token above the one Postgres holds', async () => {
    const shared = await sharedPlace();
    const a = await startNode(shared, 'a');
    // Each claim draws a token from one counter: the two clinics before drew theirs first.
    await createClinicsFrom(a.url, 2);
    const { clinicId, facilitatorKey } = await createClinicAt(a.url);
    await join(a.url, clinicId, 'Fran', facilitatorKey);
    await a.close();
    const before = await storedFence(shared, clinicId);
    // Redis restarted empty: its fencing counter starts again below the claims stored in Postgres.
    const redis = new Redis(inject('redisUrl'));
    const keys = await redis.keys(`${shared.namespace}:*`);
    if (keys.length > 0) await redis.del(...keys);
    redis.disconnect();

    const b = await startNode(shared, 'b');
    // A newcomer's join is saved, which only a claim above the stored one may do.
    const gia = await join(b.url, clinicId, 'Gia');
    expect(gia.state?.participants.map((person) => person.name)).toEqual(['Fran', 'Gia']);
    expect(await storedFence(shared, clinicId)).toBeGreaterThan(before);
  });

  it('gives up a deleted clinic, and is not taken on by a look from outside', async () => {
    const shared = await sharedPlace();
    const [a, b] = [await startNode(shared, 'a'), await startNode(shared, 'b')];
    const { clinicId, facilitatorKey } = await createClinicAt(a.url, { title: 'Thursday' });
    const kept = await createClinicAt(a.url, { title: 'Friday' });
    // A crew's week 3, started as the crew desk starts it.
    const crewSession = await a.app.registry.create({ title: 'Tuesday crew', crewWeek: 3, format: CLASSIC }, { people: [], caseGiverIds: [], facilitatorId: null });
    await a.close();
    const runsAnywhere = async (id: string) => !('missing' in (await b.app.registry.place(id, { load: false })));
    // A look from node b reads the title, and a crew session's week; nobody runs the clinic for it.
    expect(await previewAt(b.url, kept.clinicId)).toEqual({ ok: true, data: { title: 'Friday', crewWeek: null } });
    expect(await previewAt(b.url, crewSession.clinicId)).toEqual({ ok: true, data: { title: 'Tuesday crew', crewWeek: 3 } });
    expect(await runsAnywhere(kept.clinicId)).toBe(false);

    const fran = await join(b.url, clinicId, 'Fran', facilitatorKey);
    expect(await runsAnywhere(clinicId)).toBe(true);
    expect((await fran.command({ type: 'DELETE_CLINIC' })).ok).toBe(true);
    // Its lease is given up with it: no node holds a clinic that is gone.
    expect(await runsAnywhere(clinicId)).toBe(false);
    expect(b.app.registry.liveCount).toBe(0);
  });
});

describe('a crew across nodes', () => {
  it('shows each change to members on every node, and its deletion: the organiser answered and told, members elsewhere told, the link dead everywhere', async () => {
    const shared = await sharedPlace();
    const [a, b] = [await startNode(shared, 'a'), await startNode(shared, 'b')];
    const { organiser, created } = await TestCrewMember.organise(a.url, 'Orla');
    crews.push(organiser);
    const ben = await TestCrewMember.joinCrew(b.url, created.crewId, 'Ben');
    crews.push(ben);
    await organiser.waitFor((crew) => crew.members.length === 2, 'Ben, who joined on node b');

    await organiser.commandAndSee({ type: 'OPEN_TO_NEW_MEMBERS', open: false });
    await ben.waitFor((crew) => !crew.openToNewMembers, 'the crew closed to new members, on node b');

    expect(await organiser.command({ type: 'DELETE_CREW' })).toMatchObject({ ok: true });
    for (const member of [organiser, ben]) {
      await member.waitUntil(() => member.gone.some((notice) => notice.crewId === created.crewId && notice.reason === 'deleted'), `the deletion, on ${member.name}'s node`);
    }
    for (const url of [a.url, b.url]) {
      const later = new TestCrewMember(url, 'Ben again');
      crews.push(later);
      expect(await later.join(created.crewId, { memberToken: ben.joined!.memberToken })).toMatchObject({ ok: false, error: { reason: 'CREW_NOT_FOUND' } });
    }
  });
});

describe('what nodes share', () => {
  it('gives a chore one turn per period across nodes, whichever asks first', async () => {
    const { namespace } = await sharedPlace();
    const networks = await Promise.all(['a', 'b', 'c'].map((nodeName) => openRedisNetwork({ url: inject('redisUrl'), namespace, nodeName, log: () => undefined })));
    try {
      const turns = await Promise.all(networks.map((network) => network.takeTurn('retention-sweep', DAY_MS)));
      expect(turns.filter(Boolean)).toHaveLength(1);
      // Later in the same period, nobody gets another.
      expect(await Promise.all(networks.map((network) => network.takeTurn('retention-sweep', DAY_MS)))).toEqual([false, false, false]);
    } finally {
      await Promise.all(networks.map((network) => network.close()));
    }
  });

  it('counts a per-address limit across nodes', async () => {
    const database = await sharedPlace();
    const limits = { clinicsPerAddressPerHour: 3 };
    const [a, b] = [await startNode(database, 'a', { limits }), await startNode(database, 'b', { limits })];
    const fromA = await createClinicsFrom(a.url, 2);
    const fromB = await createClinicsFrom(b.url, 2);
    expect([...fromA, ...fromB].map((answer) => (answer.ok ? 'ok' : answer.error.reason))).toEqual(['ok', 'ok', 'ok', 'TOO_MANY_CLINICS']);
  });
});
