/**
 * One process of the fan-out benchmark's load generator, on the load core beside the others: it
 * creates its share of the clinics, joins six devices to each, starts them, then sends facilitator
 * commands at the rate it is asked for, timing each from its sending to every device's receipt of
 * the state it produced. It measures its own CPU too, so a run where the generator, not the server,
 * was the limit shows as such. fanoutGenerators.ts shares the clinics out and puts the answers
 * together.
 *
 * Given several nodes of a cluster, it spreads each clinic over them as a round-robin balancer
 * would: clinic i (numbered across every process) is created on node i mod n, and its devices go to
 * the nodes in turn from a node that moves on every n clinics. The facilitators join first, as they
 * do in life, so the node a clinic's facilitator is on runs it (the creating node lets it go): the
 * facilitator's commands stay there, the other devices' requests are forwarded to it, and every
 * state reaches devices on every node. Routed by clinic, as a balancer routing by route key puts
 * them, clinic i's devices all go to node i mod n instead, which then runs it.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { ClinicState } from '../../shared/clinicStateSchema.ts';
import { PROTOCOL_VERSION, type Ack, type CommandResult, type CreatedClinic, type JoinedClinic } from '../../shared/protocol.ts';
import { BenchClinic, DEVICES_PER_CLINIC, Device, Tally, type Seen } from './fanoutClinics.ts';
import { answerRequests } from './pinnedProcess.ts';
import { inPool } from './pool.ts';
import { lateBeyondSampling, LOOP_DELAY_RESOLUTION_MS } from './stats.ts';

export type Target = 'app' | 'bare';

/** What a run's commands came to: one process's, or every process's summed. */
export interface RunCounts {
  readonly sent: number;
  readonly acknowledged: number;
  /** Refused, or not answered in time. */
  readonly failed: number;
  /** The failed by why: a refusal's reason, or UNANSWERED (no answer within 20 s). */
  readonly failedBy: Readonly<Record<string, number>>;
  /** Answered, but some device was never sent its state. */
  readonly lost: number;
  /**
   * Revisions the clinics moved on by during the run, as their facilitators were sent them: one
   * per command applied. More than the commands acknowledged means commands applied that their
   * sender was told failed, or applied twice.
   */
  readonly revisionsGained: number;
  /** Turns at which every clinic still had a command in flight. */
  readonly missed: number;
  /** Devices that were sent the state of at least one command of the run. */
  readonly devicesReceiving: number;
}

/** What one process measured over a run: fanoutGenerators.ts sums them and takes percentiles over every receipt. */
export interface RunPart extends RunCounts {
  readonly sendingSeconds: number;
  /** Each device receipt's latency (ms). */
  readonly receiptsMs: Float64Array;
  /** This process's CPU time over the run's wall time. */
  readonly cpuShare: number;
  /** How late this process's own timers ran at p99 (garbage collection, a full loop): it adds to every latency. */
  readonly loopDelayP99Ms: number;
}

/** How long a run waits for the states of its last commands to arrive. */
const STRAGGLERS_MS = 10_000;
const TICK_MS = 5;
const ADJUST_MS = 60_000;

let target: Target;
/** The server's address, or its nodes' addresses. */
let urls: readonly string[];
/** The number, across every process, of this process's first clinic. */
let firstClinic = 0;
/** Creations and joins this process has in flight at once. */
let concurrency = 1;
/** The drain mode's commands only add time, so the time a state shows counts the commands it holds. */
let addOnly = false;
let routedByClinic = false;
let clinics: BenchClinic[] = [];
/** Each app clinic's first step's budget once started, before any command adjusted it. */
const budgetAtStart = new Map<BenchClinic, number>();
let tally = new Tally();
const currentTally = () => tally;

function dataOf<T>(answer: Ack<T>, what: string): T {
  if (!answer.ok) throw new Error(`${what} was refused: ${answer.error.reason}`);
  return answer.data;
}

export interface LoadSetup {
  /** The server's address, or each node's of a cluster. */
  readonly urls: readonly string[];
  readonly target: Target;
  /** This process's share: `clinics` clinics numbered from `firstClinic` across every process. */
  readonly firstClinic: number;
  readonly clinics: number;
  /** Its share of the creations and joins in flight at once. */
  readonly concurrency: number;
  readonly addOnly: boolean;
  /** Each clinic's devices all on one node (see above). */
  readonly routedByClinic: boolean;
}

/** The node that creates the clinic at `index`. */
const creatingNode = (index: number) => (firstClinic + index) % urls.length;
/**
 * The node a seat's device connects to: routed by clinic, the creating node; otherwise the seats of
 * a clinic in turn over the nodes, from a node that moves on every n clinics.
 */
const seatNode = (index: number, seat: number) => (routedByClinic ? creatingNode(index) : (Math.floor((firstClinic + index) / urls.length) + seat) % urls.length);

async function prepare(setup: LoadSetup): Promise<void> {
  ({ urls, target, addOnly, firstClinic, concurrency, routedByClinic } = setup);
  const count = setup.clinics;
  if (target === 'bare') {
    clinics = Array.from({ length: count }, (_, index) => new BenchClinic(`clinic-${firstClinic + index}`, currentTally));
    return;
  }
  // One creator per lane, as a handful of facilitators' browsers would, the lanes in turn over the nodes (at least one on each).
  const creators = await Promise.all(Array.from({ length: Math.max(concurrency, urls.length) }, (_, lane) => Device.connect(urls[lane % urls.length]!, new BenchClinic('creator', currentTally))));
  const creatorsOf = (node: number) => creators.filter((_, lane) => lane % urls.length === node);
  const slots = Array.from({ length: count }, (_, index) => index);
  await inPool(slots, concurrency, async (index) => {
    const onNode = creatorsOf(creatingNode(index));
    const creator = onNode[Math.floor(index / urls.length) % onNode.length]!;
    const { clinicId, facilitatorKey } = dataOf(await creator.ask<CreatedClinic>('clinic:create', { protocolVersion: PROTOCOL_VERSION }), 'clinic:create');
    clinics[index] = new BenchClinic(clinicId, currentTally, facilitatorKey);
  });
  for (const creator of creators) creator.socket.disconnect();
}

function joinPayload(clinic: BenchClinic, seat: number) {
  if (target === 'bare') return { clinicId: clinic.id };
  const name = seat === 0 ? 'Facilitator' : `Person ${seat}`;
  return { protocolVersion: PROTOCOL_VERSION, clinicId: clinic.id, name, ...(seat === 0 ? { facilitatorKey: clinic.facilitatorKey } : {}) };
}

/** Why a request of the setup got no answer it could use: the refusal's reason, or UNANSWERED. */
async function refusalOf<T>(asking: Promise<Ack<T>>, use: (data: T) => void): Promise<string | null> {
  try {
    const answer = await asking;
    if (!answer.ok) return answer.error.reason;
    use(answer.data);
    return null;
  } catch {
    return 'UNANSWERED';
  }
}

function countIn(counts: Record<string, number>, key: string): void {
  counts[key] = (counts[key] ?? 0) + 1;
}

/** Clinics a join or a starting command of which was refused, by why: left out whole, so every clinic measured has all its devices. */
const leftOut: Record<string, number> = {};

function leaveOut(refused: ReadonlyMap<BenchClinic, string>): void {
  for (const [clinic, why] of refused) {
    countIn(leftOut, why);
    for (const device of clinic.devices) device?.socket.disconnect();
  }
  clinics = clinics.filter((clinic) => !refused.has(clinic));
}

export interface Joined {
  /** Devices admitted. */
  readonly joined: number;
  /** Joins refused, by reason (UNANSWERED: no answer in time). */
  readonly refused: Readonly<Record<string, number>>;
  readonly seconds: number;
}

async function joinAll(): Promise<Joined> {
  const seats = clinics.flatMap((clinic, index) => Array.from({ length: DEVICES_PER_CLINIC }, (_, seat) => ({ clinic, seat, url: urls[seatNode(index, seat)]! })));
  const refused: Record<string, number> = {};
  const refusedClinics = new Map<BenchClinic, string>();
  let joined = 0;
  const started = performance.now();
  // The facilitators (seat 0) first, so which node runs each clinic does not change from run to run.
  const joinEach = (some: typeof seats) => inPool(some, concurrency, async ({ clinic, seat, url }) => {
    const device = await Device.connect(url, clinic);
    clinic.devices[seat] = device;
    const why = await refusalOf(device.ask<JoinedClinic>('clinic:join', joinPayload(clinic, seat)), (data) => {
      ({ participantId: device.participantId, participantToken: device.participantToken } = data);
      joined += 1;
    });
    if (why === null) return;
    countIn(refused, why);
    refusedClinics.set(clinic, `a join ${why}`);
  });
  await joinEach(seats.filter(({ seat }) => seat === 0));
  await joinEach(seats.filter(({ seat }) => seat !== 0));
  const seconds = (performance.now() - started) / 1_000;
  leaveOut(refusedClinics);
  return { joined, refused, seconds };
}

export interface Started {
  /** A state the app sent, for the bare server to fan out; null from the bare server. */
  readonly state: ClinicState | null;
  /** Clinics set up, every device joined and started: those the runs send commands to. */
  readonly clinics: number;
  /** Clinics left out, by why. */
  readonly leftOut: Readonly<Record<string, number>>;
}

/** The app's clinics get a case giver and start, so commands move a running timer; returns a state to fan out. */
async function startClinics(): Promise<Started> {
  const template = target === 'bare' ? null : await startAppClinics();
  for (const clinic of clinics) {
    budgetAtStart.set(clinic, clinic.seen?.budgetMs ?? NaN);
    clinic.stopKeepingState();
  }
  return { state: template, clinics: clinics.length, leftOut };
}

async function startAppClinics(): Promise<ClinicState | null> {
  const refusedClinics = new Map<BenchClinic, string>();
  await inPool(clinics, concurrency, async (clinic) => {
    for (const command of [{ type: 'SET_CASE_GIVER', participantId: clinic.devices[1]!.participantId }, { type: 'START' }]) {
      const why = await refusalOf(clinic.facilitator.ask<CommandResult>('clinic:command', { command, basedOnRevision: clinic.seen?.revision ?? 0 }), () => undefined);
      if (why === null) continue;
      refusedClinics.set(clinic, `${command.type} ${why}`);
      return;
    }
  });
  leaveOut(refusedClinics);
  if (clinics.length === 0) throw new Error(`no clinic could be set up: ${JSON.stringify(leftOut)}`);
  // Every device has the started clinic before anything is timed.
  await new Promise((resolve) => setTimeout(resolve, 1_000));
  return clinics[0]!.latestState;
}

/** What the server under test takes as a facilitator command: for the app, a minute on and off in turn (only on, with `addOnly`). */
function commandPayload(clinic: BenchClinic) {
  if (target === 'bare') return {};
  const deltaMs = addOnly || clinic.commands % 2 === 0 ? ADJUST_MS : -ADJUST_MS;
  return { command: { type: 'ADJUST_TIME', deltaMs }, basedOnRevision: clinic.seen?.revision ?? 0 };
}

export interface RunRequest {
  readonly rate: number;
  readonly seconds: number;
  /**
   * For the drain mode: a clinic whose facilitator's connection the server closed is passed over,
   * nothing is awaited from it, and the run ends once every one is closed.
   */
  readonly untilDisconnected?: boolean;
}

/**
 * Sends `rate` commands a second for `seconds`, to the clinics in turn, each clinic with at most one
 * in flight (a turn at which all are busy is missed), then waits for the stragglers.
 */
async function runAt({ rate, seconds, untilDisconnected = false }: RunRequest): Promise<RunPart> {
  const reachable = (clinic: BenchClinic) => !untilDisconnected || clinic.facilitator.socket.connected;
  tally = new Tally();
  const runTally = tally;
  const revisionNow = () => clinics.reduce((sum, clinic) => sum + (clinic.seen?.revision ?? 0), 0);
  const revisionBefore = revisionNow();
  const cpuBefore = process.cpuUsage();
  const loopDelay = monitorEventLoopDelay({ resolution: LOOP_DELAY_RESOLUTION_MS });
  loopDelay.enable();
  const started = performance.now();
  let due = 0;
  let cursor = 0;
  let missed = 0;
  let last = started;
  await new Promise<void>((resolve) => {
    const ticker = setInterval(() => {
      const now = performance.now();
      due += (rate * (now - last)) / 1_000;
      last = now;
      for (; due >= 1; due -= 1) {
        let clinic: BenchClinic | undefined;
        for (let tried = 0; tried < clinics.length && !clinic; tried += 1) {
          const candidate = clinics[cursor++ % clinics.length]!;
          if (candidate.isFree(now) && reachable(candidate)) clinic = candidate;
        }
        if (clinic) clinic.send(commandPayload(clinic));
        else missed += 1;
      }
      if (now - started >= seconds * 1_000 || !clinics.some(reachable)) {
        clearInterval(ticker);
        resolve();
      }
    }, TICK_MS);
  });
  const sendingSeconds = (performance.now() - started) / 1_000;
  const drainUntil = performance.now() + STRAGGLERS_MS;
  while (clinics.some((clinic) => clinic.busy && reachable(clinic)) && performance.now() < drainUntil) await new Promise((resolve) => setTimeout(resolve, 20));
  const cpu = process.cpuUsage(cpuBefore);
  loopDelay.disable();
  return {
    sent: runTally.sent,
    sendingSeconds,
    acknowledged: runTally.acknowledged,
    failed: runTally.failed,
    failedBy: runTally.failedBy,
    lost: runTally.lost,
    revisionsGained: revisionNow() - revisionBefore,
    missed,
    receiptsMs: Float64Array.from(runTally.receiptsMs),
    devicesReceiving: runTally.receivers.size,
    cpuShare: (cpu.user + cpu.system) / 1_000 / (performance.now() - started),
    loopDelayP99Ms: lateBeyondSampling(loopDelay.percentile(99)),
  };
}


export interface DrainCheck {
  readonly sent: number;
  readonly acknowledged: number;
  /** Acknowledged once the server had been sent SIGTERM: answered while it drained. */
  readonly acknowledgedAfterSignal: number;
  /** Refusals by reason (SERVER_RESTARTING: sent while the server drained). */
  readonly refusals: Record<string, number>;
  /** Never answered: the connection closed first (the server may or may not have it). */
  readonly unanswered: number;
  /** Devices whose connection dropped, by why (`transport close`: the server closed it, as a drain does). */
  readonly dropped: Record<string, number>;
  /** From SIGTERM to the last device's connection dropping. */
  readonly lastDroppedMs: number;
  readonly rejoined: number;
  readonly rejoinSeconds: number;
  /** Devices whose state, after rejoining, lacks a command their clinic had acknowledged. */
  readonly devicesMissingCommands: number;
  /** Acknowledged commands missing from what some device of their clinic was shown after rejoining. */
  readonly acknowledgedLost: number;
}

function countBy(keys: readonly string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const key of keys) counts[key] = (counts[key] ?? 0) + 1;
  return counts;
}

/** How long the rejoined devices have to be sent their clinics' states. */
const SETTLE_LIMIT_MS = 10_000;

/** Acknowledged commands of `clinic` that `state` does not hold, by its revision and by the minutes they added. */
function acknowledgedMissingFrom(clinic: BenchClinic, seen: Seen | null): number {
  const { acknowledged } = clinic.outcomes;
  if (!seen) return acknowledged.length;
  const pastItsRevision = acknowledged.filter(({ revision }) => revision > seen.revision).length;
  const minutesAdded = Math.round((seen.budgetMs - budgetAtStart.get(clinic)!) / ADJUST_MS);
  return Math.max(pastItsRevision, acknowledged.length - minutesAdded, 0);
}

/**
 * After the drain mode's restart: every device joins the restarted server at `url` again with its
 * token, on a new connection, and checks that the state it is sent holds every command its clinic
 * had acknowledged.
 */
async function rejoinAndCheck({ url, signalledAtEpochMs }: { url: string; signalledAtEpochMs: number }): Promise<DrainCheck> {
  const seats = clinics.flatMap((clinic) => clinic.devices.map((device, seat) => ({ clinic, seat, token: device.participantToken })));
  const drops = clinics.flatMap((clinic) => clinic.devices.flatMap((device) => (device.dropped ? [device.dropped] : [])));
  const started = performance.now();
  await inPool(seats, concurrency, async ({ clinic, seat, token }) => {
    const device = await Device.connect(url, clinic);
    clinic.devices[seat] = device;
    dataOf(await device.ask<JoinedClinic>('clinic:join', { protocolVersion: PROTOCOL_VERSION, clinicId: clinic.id, participantToken: token }), 'clinic:join again');
  });
  const rejoinSeconds = (performance.now() - started) / 1_000;
  const missing = (clinic: BenchClinic) => clinic.devices.map((device) => acknowledgedMissingFrom(clinic, device.seen));
  const settleUntil = performance.now() + SETTLE_LIMIT_MS;
  while (clinics.some((clinic) => missing(clinic).some((count) => count > 0)) && performance.now() < settleUntil) {
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  const outcomes = clinics.map((clinic) => clinic.outcomes);
  const acknowledged = outcomes.flatMap((outcome) => outcome.acknowledged);
  return {
    sent: clinics.reduce((sum, clinic) => sum + clinic.commands, 0),
    acknowledged: acknowledged.length,
    acknowledgedAfterSignal: acknowledged.filter(({ atEpochMs }) => atEpochMs >= signalledAtEpochMs).length,
    refusals: countBy(outcomes.flatMap((outcome) => outcome.refusals)),
    dropped: countBy(drops.map(({ reason }) => reason)),
    lastDroppedMs: Math.max(...drops.map(({ atEpochMs }) => atEpochMs - signalledAtEpochMs)),
    unanswered: outcomes.reduce((sum, outcome) => sum + outcome.unanswered, 0),
    rejoined: seats.length,
    rejoinSeconds: Math.round(rejoinSeconds * 10) / 10,
    devicesMissingCommands: clinics.flatMap(missing).filter((count) => count > 0).length,
    acknowledgedLost: clinics.reduce((sum, clinic) => sum + Math.max(...missing(clinic)), 0),
  };
}

answerRequests({ prepare, join: joinAll, start: startClinics, run: runAt, rejoinAndCheck });
