/**
 * Benchmark: a node cut off from Redis while it holds most of a cluster's devices, and what its
 * devices see once it hears Redis again (socketHandlers.ts counts each of them again with the
 * clinic's owner), next to the same move reaching them with no cut, in the same run.
 *
 * A local cluster of two built nodes (Postgres, Redis; localCluster.ts). For each device count,
 * N/6 clinics: each facilitator's device on node 1, which runs the clinic, the other five on node
 * 2, each device from an address of its own (the nodes trust one proxy hop, so a header says it).
 * Then, at once in every clinic:
 * - baseline: the facilitator makes a move; how long until each device on node 2 has it.
 * - cut: node 2's subscribing connection to Redis is killed (ioredis reconnects by itself), and
 *   every facilitator makes a move at once: how long from the cut until each device on node 2 has
 *   it, and how many devices were sent away to join again (their connection closed) instead.
 * - after: one more move: that every device is still reached, and how fast.
 * Reported per count: receipt times (p50, p99, the last), devices sent away, moves refused. Not a
 * measure of a node's capacity: both nodes, Postgres, Redis and this load share the machine.
 *
 *   npm run build && npm run bench:rediscut [-- --devices 600,3000,10000]
 *
 * Prints a table, then one JSON object as the last line.
 */
import { parseArgs } from 'node:util';
import Redis from 'ioredis';
import { io, type Socket } from 'socket.io-client';
import type { ClinicState } from '../../shared/clinicStateSchema.ts';
import { PROTOCOL_VERSION, type Ack, type CommandResult, type CreatedClinic, type JoinedClinic } from '../../shared/protocol.ts';
import type { FacilitatorCommand } from '../../shared/protocolSchemas.ts';
import { startLocalCluster, type ClusterNode, type LocalCluster } from '../support/localCluster.ts';
import { wholeCount } from './benchOptions.ts';
import { DEVICES_PER_CLINIC } from './fanoutClinics.ts';
import { inPool } from './pool.ts';
import { percentile } from './stats.ts';

/** Clinics set up at once. */
const CONCURRENCY = 32;
const ANSWER_LIMIT_MS = 20_000;
/** How long the devices have to be reached by a move before the run gives up on them. */
const REACH_LIMIT_MS = 60_000;
const NAMES = ['Fran', 'Gia', 'Ana', 'Ben', 'Cy', 'Dee'];

class Device {
  readonly socket: Socket;
  revision = 0;
  /** When this device first held a revision at least `watchedRevision`. */
  reachedAt: number | null = null;
  watchedRevision = Infinity;
  sentAway = 0;
  /** Views of the asides sent: a device let (back) into its clinic is sent one with the state. */
  asidesViews = 0;
  participantId = '';
  private token = '';

  constructor(
    url: string,
    address: string,
    private readonly clinicId: string,
  ) {
    this.socket = io(url, { transports: ['websocket'], forceNew: true, reconnectionDelay: 200, reconnectionDelayMax: 2_000, extraHeaders: { 'x-forwarded-for': address } });
    this.socket.on('clinic:state', (state: ClinicState) => {
      this.revision = Math.max(this.revision, state.revision);
      if (this.reachedAt === null && this.revision >= this.watchedRevision) this.reachedAt = performance.now();
    });
    this.socket.on('clinic:asides', () => {
      this.asidesViews += 1;
    });
    this.socket.on('disconnect', () => {
      this.sentAway += 1;
    });
    // As the app's page does: back with its token after a reconnect.
    this.socket.on('connect', () => {
      if (this.token) void this.join({ participantToken: this.token }).catch(() => undefined);
    });
  }

  async join(as: { name: string; facilitatorKey?: string } | { participantToken: string }): Promise<void> {
    const reply: Ack<JoinedClinic> = await this.socket.timeout(ANSWER_LIMIT_MS).emitWithAck('clinic:join', { protocolVersion: PROTOCOL_VERSION, clinicId: this.clinicId, ...as });
    if (!reply.ok) throw new Error(`A join was refused: ${reply.error.reason}`);
    this.participantId = reply.data.participantId;
    this.token = reply.data.participantToken;
  }

  /** From now on, notes when this device first holds `revision` (at once if it already does). */
  watchFor(revision: number): void {
    this.watchedRevision = revision;
    this.reachedAt = this.revision >= revision ? performance.now() : null;
  }
}

interface Clinic {
  readonly facilitator: Device;
  /** The devices on node 2. */
  readonly others: Device[];
}

interface MoveFigures {
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly lastMs: number;
  /** Devices on node 2 not reached within the limit. */
  readonly unreached: number;
  readonly refused: number;
  /** Devices on node 2 whose connection was closed meanwhile. */
  readonly sentAway: number;
  /** Devices on node 2 sent a view of their asides meanwhile: let back into the clinic, had the cut happened. */
  readonly letBackIn: number;
}

let addresses = 0;
/** An address of its own for each device: per-address limits are the nodes' business, not this load's. */
function nextAddress(): string {
  addresses += 1;
  return `10.${(addresses >> 16) & 255}.${(addresses >> 8) & 255}.${addresses & 255}`;
}

async function setUpClinic(cluster: LocalCluster): Promise<Clinic> {
  const [first, second] = cluster.nodes as [ClusterNode, ClusterNode];
  const creator = io(first.url, { transports: ['websocket'], forceNew: true, extraHeaders: { 'x-forwarded-for': nextAddress() } });
  let created: Ack<CreatedClinic>;
  try {
    created = await creator.timeout(ANSWER_LIMIT_MS).emitWithAck('clinic:create', { protocolVersion: PROTOCOL_VERSION });
  } finally {
    creator.disconnect();
  }
  if (!created.ok) throw new Error(`A clinic was refused: ${created.error.reason}`);
  const { clinicId, facilitatorKey } = created.data;
  const facilitator = new Device(first.url, nextAddress(), clinicId);
  await facilitator.join({ name: NAMES[0]!, facilitatorKey });
  const others: Device[] = [];
  for (const name of NAMES.slice(1, DEVICES_PER_CLINIC)) {
    const device = new Device(second.url, nextAddress(), clinicId);
    await device.join({ name });
    others.push(device);
  }
  return { facilitator, others };
}

/** Every facilitator's move at once (after `before`, from when it starts): the figures of its reaching node 2's devices. */
async function moveEverywhere(clinics: readonly Clinic[], moveOf: (clinic: Clinic) => FacilitatorCommand, before?: () => Promise<void>): Promise<MoveFigures> {
  const devices = clinics.flatMap(({ others }) => others);
  const sentAwayBefore = devices.reduce((count, device) => count + device.sentAway, 0);
  const asidesBefore = new Map(devices.map((device) => [device, device.asidesViews]));
  const startedAt = performance.now();
  await before?.();
  let refused = 0;
  await Promise.all(
    clinics.map(async (clinic) => {
      const reply: Ack<CommandResult> = await clinic.facilitator.socket.timeout(ANSWER_LIMIT_MS).emitWithAck('clinic:command', { command: moveOf(clinic), basedOnRevision: clinic.facilitator.revision });
      if (!reply.ok) refused += 1;
      else for (const device of clinic.others) device.watchFor(reply.data.revision);
    }),
  );
  const deadline = startedAt + REACH_LIMIT_MS;
  while (devices.some((device) => device.reachedAt === null) && performance.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
  const times = devices.flatMap((device) => (device.reachedAt === null ? [] : [device.reachedAt - startedAt]));
  const round = (value: number) => Math.round(value);
  return {
    p50Ms: times.length ? round(percentile(times, 50)) : NaN,
    p99Ms: times.length ? round(percentile(times, 99)) : NaN,
    lastMs: times.length ? round(Math.max(...times)) : NaN,
    unreached: devices.length - times.length,
    refused,
    sentAway: devices.reduce((count, device) => count + device.sentAway, 0) - sentAwayBefore,
    letBackIn: devices.filter((device) => device.asidesViews > asidesBefore.get(device)!).length,
  };
}

/** Kills node 2's subscribing connection to Redis, as a network blip would. */
async function cutOffSecondNode(redisUrl: string): Promise<void> {
  const redis = new Redis(redisUrl);
  try {
    const clients = String(await redis.client('LIST')).split('\n');
    const subscriber = clients.find((client) => / name=node-2[^ ]*:subscriber /.test(client));
    const address = subscriber && /addr=(\S+)/.exec(subscriber)?.[1];
    if (!address) throw new Error("No subscribing connection of node 2's in Redis's client list");
    await redis.client('KILL', 'ADDR', address);
  } finally {
    redis.disconnect();
  }
}

async function runAt(devices: number) {
  const cluster = await startLocalCluster({ nodes: 2 });
  const clinics: Clinic[] = [];
  try {
    const joinStartedAt = performance.now();
    await inPool(
      Array.from({ length: Math.ceil(devices / DEVICES_PER_CLINIC) }, (_, index) => index),
      CONCURRENCY,
      async () => void clinics.push(await setUpClinic(cluster)),
    );
    const joinSeconds = (performance.now() - joinStartedAt) / 1000;
    const chooseCaseGiver = (clinic: Clinic): FacilitatorCommand => ({ type: 'SET_CASE_GIVER', participantId: clinic.others[0]!.participantId });
    const baseline = await moveEverywhere(clinics, chooseCaseGiver);
    const cut = await moveEverywhere(clinics, (clinic) => ({ type: 'SET_CASE_GIVER', participantId: clinic.others[1]!.participantId }), () => cutOffSecondNode(cluster.redisUrl));
    const after = await moveEverywhere(clinics, () => ({ type: 'START' }));
    return { devices: clinics.length * DEVICES_PER_CLINIC, onSecondNode: clinics.length * (DEVICES_PER_CLINIC - 1), joinSeconds: Math.round(joinSeconds * 10) / 10, baseline, cut, after };
  } finally {
    for (const { facilitator, others } of clinics) for (const device of [facilitator, ...others]) device.socket.disconnect();
    await cluster.stop();
  }
}

function parseOptions() {
  const { values } = parseArgs({ options: { devices: { type: 'string', default: '600,3000' } } });
  return { devices: values.devices.split(',').map((count) => wholeCount('devices', count.trim())) };
}

const { devices: counts } = parseOptions();
const runs = [];
for (const devices of counts) {
  const run = await runAt(devices);
  runs.push(run);
  console.log(`${run.devices} devices (${run.onSecondNode} on node 2), joined in ${run.joinSeconds} s`);
  console.log('  move reaching node 2          p50 ms   p99 ms  last ms  unreached  let back in  sent away  refused');
  for (const [label, figures] of [['baseline: no cut', run.baseline], ['node 2 cut off from Redis', run.cut], ['the move after', run.after]] as const) {
    const cells = [figures.p50Ms, figures.p99Ms, figures.lastMs, figures.unreached, figures.letBackIn, figures.sentAway, figures.refused].map((value, index) => String(value).padStart([9, 9, 9, 11, 13, 11, 9][index]!));
    console.log(`  ${label.padEnd(28)}${cells.join('')}`);
  }
}
console.log(JSON.stringify({ bench: 'rediscut', runs }));
process.exit(0);
