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
 * Then, with the clinics started, moves that keep coming: each facilitator adds or takes back a
 * minute every 2 s (the fan-out benchmark's pace), one move in flight a clinic, for `--steady-s`
 * (default 15) with no cut, then as long again with node 2 cut off a third of the way in: how long
 * from each move's sending until each device on node 2 has it.
 * Reported per count: receipt times (p50, p99, the last), devices not reached, let back in and sent
 * away, moves refused (and, while moves keep coming, moves not sent because the one before was
 * still unanswered). Not a measure of a node's capacity: both nodes, Postgres, Redis and this load
 * share the machine.
 *
 *   npm run build && npm run bench:rediscut [-- --devices 600,3000,10000 --steady-s 15]
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
/** Each facilitator's pace while moves keep coming, as in the fan-out benchmark. */
const MOVE_EVERY_MS = 2_000;
const MINUTE_MS = 60_000;
const NAMES = ['Fran', 'Gia', 'Ana', 'Ben', 'Cy', 'Dee'];

class Device {
  readonly socket: Socket;
  revision = 0;
  /** Each revision this device came to hold, and when: whatever reached it, a broadcast or a join's state. */
  readonly held: Array<{ readonly revision: number; readonly at: number }> = [];
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
      if (state.revision > this.revision) this.held.push({ revision: state.revision, at: performance.now() });
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

  /** When this device first held `revision` or a later one; null if it never did. */
  heldSince(revision: number): number | null {
    return this.held.find((entry) => entry.revision >= revision)?.at ?? null;
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
  /** Receipts that never came within the limit: each device on node 2 that a move did not reach, once per move. */
  readonly unreached: number;
  /** Moves refused, or not answered within `ANSWER_LIMIT_MS`. */
  readonly refused: number;
  /** Devices on node 2 whose connection was closed meanwhile. */
  readonly sentAway: number;
  /** Devices on node 2 sent a view of their asides meanwhile: let back into the clinic, had the cut happened. */
  readonly letBackIn: number;
}

/** Moves that kept coming for a while: how each reached node 2's devices. */
interface SteadyFigures extends MoveFigures {
  readonly moves: number;
  /** Moves not sent when their turn came: the clinic's one before was still unanswered. */
  readonly notSent: number;
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

/** From now on, how many of `devices` are sent away to join again, and let back into their clinic. */
function talliesFrom(devices: readonly Device[]): () => Pick<MoveFigures, 'sentAway' | 'letBackIn'> {
  const sentAwayBefore = devices.reduce((count, device) => count + device.sentAway, 0);
  const asidesBefore = new Map(devices.map((device) => [device, device.asidesViews]));
  return () => ({
    sentAway: devices.reduce((count, device) => count + device.sentAway, 0) - sentAwayBefore,
    letBackIn: devices.filter((device) => device.asidesViews > asidesBefore.get(device)!).length,
  });
}

/** Every facilitator's move at once (after `before`, from when it starts): the figures of its reaching node 2's devices. */
async function moveEverywhere(clinics: readonly Clinic[], moveOf: (clinic: Clinic) => FacilitatorCommand, before?: () => Promise<void>): Promise<MoveFigures> {
  const devices = clinics.flatMap(({ others }) => others);
  const tallies = talliesFrom(devices);
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
  return {
    ...receiptFigures(times),
    unreached: devices.length - times.length,
    refused,
    ...tallies(),
  };
}

/**
 * Each facilitator adds a minute, then takes it back, every `MOVE_EVERY_MS` for `seconds`, the
 * clinics' turns spread over the interval, one move in flight a clinic; `during` runs `atS` in.
 * Each move counts from its sending until each device on node 2 first holds its revision or a later one.
 */
async function moveSteadily(clinics: readonly Clinic[], seconds: number, during?: { readonly atS: number; readonly run: () => Promise<void> }): Promise<SteadyFigures> {
  const tallies = talliesFrom(clinics.flatMap(({ others }) => others));
  const moves: Array<{ readonly clinic: Clinic; readonly sentAt: number; readonly revision: number }> = [];
  let refused = 0;
  let notSent = 0;
  const startedAt = performance.now();
  const endsAt = startedAt + seconds * 1_000;
  // Its failure is kept for after the moves, not left unheard meanwhile (which would end the process).
  const duringDone = during ? new Promise<unknown>((resolve) => setTimeout(() => during.run().then(() => null, (error: unknown) => error).then(resolve), during.atS * 1_000)) : Promise.resolve(null);
  await Promise.all(
    clinics.map(async (clinic, index) => {
      let turn = startedAt + (index / clinics.length) * MOVE_EVERY_MS;
      for (let moved = 0; turn < endsAt; moved += 1, turn += MOVE_EVERY_MS) {
        await new Promise((resolve) => setTimeout(resolve, Math.max(0, turn - performance.now())));
        // The previous move took the whole interval and more: this turn is missed, not crowded in.
        if (performance.now() > turn + MOVE_EVERY_MS) {
          notSent += 1;
          continue;
        }
        const sentAt = performance.now();
        const deltaMs = moved % 2 === 0 ? MINUTE_MS : -MINUTE_MS;
        const reply: Ack<CommandResult> | null = await clinic.facilitator.socket
          .timeout(ANSWER_LIMIT_MS)
          .emitWithAck('clinic:command', { command: { type: 'ADJUST_TIME', deltaMs }, basedOnRevision: clinic.facilitator.revision })
          .catch(() => null);
        if (reply?.ok) moves.push({ clinic, sentAt, revision: reply.data.revision });
        else refused += 1;
      }
    }),
  );
  const duringFailure = await duringDone;
  if (duringFailure) throw duringFailure;
  const lastOf = new Map(moves.map(({ clinic, revision }) => [clinic, revision]));
  const deadline = performance.now() + REACH_LIMIT_MS;
  const behind = () => clinics.some((clinic) => clinic.others.some((device) => device.revision < (lastOf.get(clinic) ?? 0)));
  while (behind() && performance.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
  const times: number[] = [];
  let unreached = 0;
  for (const { clinic, sentAt, revision } of moves) {
    for (const device of clinic.others) {
      const at = device.heldSince(revision);
      if (at === null) unreached += 1;
      else times.push(at - sentAt);
    }
  }
  return {
    ...receiptFigures(times),
    unreached,
    refused,
    ...tallies(),
    moves: moves.length,
    notSent,
  };
}

/** p50, p99 and the last of receipt times, in whole ms. */
function receiptFigures(times: readonly number[]): Pick<MoveFigures, 'p50Ms' | 'p99Ms' | 'lastMs'> {
  if (times.length === 0) return { p50Ms: NaN, p99Ms: NaN, lastMs: NaN };
  return { p50Ms: Math.round(percentile(times, 50)), p99Ms: Math.round(percentile(times, 99)), lastMs: Math.round(Math.max(...times)) };
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

async function runAt(devices: number, steadySeconds: number) {
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
    const steady = await moveSteadily(clinics, steadySeconds);
    const steadyCut = await moveSteadily(clinics, steadySeconds, { atS: steadySeconds / 3, run: () => cutOffSecondNode(cluster.redisUrl) });
    return { devices: clinics.length * DEVICES_PER_CLINIC, onSecondNode: clinics.length * (DEVICES_PER_CLINIC - 1), joinSeconds: Math.round(joinSeconds * 10) / 10, baseline, cut, after, steady, steadyCut };
  } finally {
    for (const { facilitator, others } of clinics) for (const device of [facilitator, ...others]) device.socket.disconnect();
    await cluster.stop();
  }
}

/** A table under a heading row: each row's label, then its cells right-aligned under their headings. */
function printTable(title: string, headings: readonly string[], rows: ReadonlyArray<readonly [string, readonly number[]]>): void {
  const labelWidth = Math.max(title.length, ...rows.map(([label]) => label.length)) + 2;
  const widths = headings.map((heading) => Math.max(9, heading.length + 2));
  const line = (label: string, cells: ReadonlyArray<string | number>) => `  ${label.padEnd(labelWidth)}${cells.map((cell, index) => String(cell).padStart(widths[index]!)).join('')}`;
  console.log(line(title, headings));
  for (const [label, cells] of rows) console.log(line(label, cells));
}

function parseOptions() {
  const { values } = parseArgs({ options: { devices: { type: 'string', default: '600,3000' }, 'steady-s': { type: 'string', default: '15' } } });
  return { devices: values.devices.split(',').map((count) => wholeCount('devices', count.trim())), steadySeconds: wholeCount('steady-s', values['steady-s']) };
}

const { devices: counts, steadySeconds } = parseOptions();
const runs = [];
for (const devices of counts) {
  const run = await runAt(devices, steadySeconds);
  runs.push(run);
  console.log(`${run.devices} devices (${run.onSecondNode} on node 2), joined in ${run.joinSeconds} s`);
  const reached = (figures: MoveFigures) => [figures.p50Ms, figures.p99Ms, figures.lastMs, figures.unreached, figures.letBackIn, figures.sentAway, figures.refused];
  const reachedHeadings = ['p50 ms', 'p99 ms', 'last ms', 'unreached', 'let back in', 'sent away', 'refused'];
  printTable('move reaching node 2', reachedHeadings, [
    ['baseline: no cut', reached(run.baseline)],
    ['node 2 cut off from Redis', reached(run.cut)],
    ['the move after', reached(run.after)],
  ]);
  const keptComing = (figures: SteadyFigures) => [figures.moves, figures.notSent, ...reached(figures)];
  printTable(`moves that keep coming, ${steadySeconds} s`, ['moves', 'not sent', ...reachedHeadings], [
    ['no cut', keptComing(run.steady)],
    [`node 2 cut off at ${Math.round(steadySeconds / 3)} s`, keptComing(run.steadyCut)],
  ]);
}
console.log(JSON.stringify({ bench: 'rediscut', runs }));
process.exit(0);
