/**
 * The fan-out benchmark's load generator, a process of its own on its own core: it creates the
 * clinics, joins six devices to each, starts them, then sends facilitator commands at the rate it
 * is asked for, timing each from its sending to every device's receipt of the state it produced.
 * It measures its own CPU too, so a run where it, not the server, was the limit shows as such.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { ClinicState } from '../../shared/clinicStateSchema.ts';
import { PROTOCOL_VERSION, type Ack, type CommandResult, type CreatedClinic, type JoinedClinic } from '../../shared/protocol.ts';
import { BenchClinic, DEVICES_PER_CLINIC, Device, Tally } from './fanoutClinics.ts';
import { answerRequests } from './pinnedProcess.ts';
import { inPool } from './pool.ts';
import { percentile } from './stats.ts';

export type Target = 'app' | 'bare';

export interface RunSummary {
  readonly targetRate: number;
  readonly sentRate: number;
  readonly seconds: number;
  readonly sent: number;
  readonly acknowledged: number;
  readonly failed: number;
  readonly lost: number;
  /** Turns at which every clinic still had a command in flight. */
  readonly missed: number;
  readonly receipts: number;
  readonly p50Ms: number;
  readonly p95Ms: number;
  readonly p99Ms: number;
  readonly maxMs: number;
  /** This process's CPU time over the run's wall time: near 1, it was the limit. */
  readonly generatorCpu: number;
  /** How late this process's own timers ran (garbage collection, a full loop): it adds to every latency. */
  readonly generatorLoopDelayP99Ms: number;
}

/** Creations and joins in flight at once: a crowd arriving, not one by one, nor all in a millisecond. */
const CONCURRENCY = 64;
/** How long a run waits for the states of its last commands to arrive. */
const STRAGGLERS_MS = 10_000;
const TICK_MS = 5;
const LOOP_DELAY_RESOLUTION_MS = 10;
const ADJUST_MS = 60_000;

let target: Target;
let url: string;
let clinics: BenchClinic[] = [];
let tally = new Tally();
const currentTally = () => tally;

function dataOf<T>(answer: Ack<T>, what: string): T {
  if (!answer.ok) throw new Error(`${what} was refused: ${answer.error.reason}`);
  return answer.data;
}

async function prepare(setup: { url: string; target: Target; devices: number }): Promise<{ clinics: number }> {
  ({ url, target } = setup);
  const count = Math.ceil(setup.devices / DEVICES_PER_CLINIC);
  if (target === 'bare') {
    clinics = Array.from({ length: count }, (_, index) => new BenchClinic(`clinic-${index}`, currentTally));
    return { clinics: count };
  }
  // One creator per lane, as a handful of facilitators' browsers would.
  const creators = await Promise.all(Array.from({ length: CONCURRENCY }, () => Device.connect(url, new BenchClinic('creator', currentTally))));
  const slots = Array.from({ length: count }, (_, index) => index);
  let lane = 0;
  await inPool(slots, CONCURRENCY, async (index) => {
    const creator = creators[lane++ % creators.length]!;
    const { clinicId, facilitatorKey } = dataOf(await creator.ask<CreatedClinic>('clinic:create', { protocolVersion: PROTOCOL_VERSION }), 'clinic:create');
    clinics[index] = new BenchClinic(clinicId, currentTally, facilitatorKey);
  });
  for (const creator of creators) creator.socket.disconnect();
  return { clinics: count };
}

function joinPayload(clinic: BenchClinic, seat: number) {
  if (target === 'bare') return { clinicId: clinic.id };
  const name = seat === 0 ? 'Facilitator' : `Person ${seat}`;
  return { protocolVersion: PROTOCOL_VERSION, clinicId: clinic.id, name, ...(seat === 0 ? { facilitatorKey: clinic.facilitatorKey } : {}) };
}

async function joinAll(): Promise<{ joined: number; seconds: number }> {
  const seats = clinics.flatMap((clinic) => Array.from({ length: DEVICES_PER_CLINIC }, (_, seat) => ({ clinic, seat })));
  const started = performance.now();
  await inPool(seats, CONCURRENCY, async ({ clinic, seat }) => {
    const device = await Device.connect(url, clinic);
    clinic.devices[seat] = device;
    device.participantId = dataOf(await device.ask<JoinedClinic>('clinic:join', joinPayload(clinic, seat)), 'clinic:join').participantId;
  });
  return { joined: seats.length, seconds: (performance.now() - started) / 1_000 };
}

/** The app's clinics get a case giver and start, so commands move a running timer; returns a state to fan out. */
async function startClinics(): Promise<{ state: ClinicState | null }> {
  if (target === 'bare') return { state: null };
  await inPool(clinics, CONCURRENCY, async (clinic) => {
    for (const command of [{ type: 'SET_CASE_GIVER', participantId: clinic.devices[1]!.participantId }, { type: 'START' }]) {
      dataOf(await clinic.facilitator.ask<CommandResult>('clinic:command', { command, basedOnRevision: clinic.latest?.revision ?? 0 }), command.type);
    }
  });
  // Every device has the started clinic before anything is timed.
  await new Promise((resolve) => setTimeout(resolve, 1_000));
  return { state: clinics[0]!.latest };
}

/** What the server under test takes as a facilitator command: for the app, a minute on and off in turn. */
function commandPayload(clinic: BenchClinic) {
  if (target === 'bare') return {};
  const deltaMs = clinic.commands % 2 === 0 ? ADJUST_MS : -ADJUST_MS;
  return { command: { type: 'ADJUST_TIME', deltaMs }, basedOnRevision: clinic.latest?.revision ?? 0 };
}

/**
 * Sends `rate` commands a second for `seconds`, to the clinics in turn, each clinic with at most one
 * in flight (a turn at which all are busy is missed), then waits for the stragglers.
 */
async function runAt({ rate, seconds }: { rate: number; seconds: number }): Promise<RunSummary> {
  tally = new Tally();
  const runTally = tally;
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
          if (candidate.isFree(now)) clinic = candidate;
        }
        if (clinic) clinic.send(commandPayload(clinic));
        else missed += 1;
      }
      if (now - started >= seconds * 1_000) {
        clearInterval(ticker);
        resolve();
      }
    }, TICK_MS);
  });
  const sendingSeconds = (performance.now() - started) / 1_000;
  const drainUntil = performance.now() + STRAGGLERS_MS;
  while (clinics.some((clinic) => clinic.busy) && performance.now() < drainUntil) await new Promise((resolve) => setTimeout(resolve, 20));
  const cpu = process.cpuUsage(cpuBefore);
  loopDelay.disable();
  const receipts = runTally.receiptsMs;
  const at = (p: number) => (receipts.length > 0 ? Math.round(percentile(receipts, p) * 10) / 10 : NaN);
  return {
    targetRate: rate,
    sentRate: Math.round(runTally.sent / sendingSeconds),
    seconds: Math.round(sendingSeconds * 10) / 10,
    sent: runTally.sent,
    acknowledged: runTally.acknowledged,
    failed: runTally.failed,
    lost: runTally.lost,
    missed,
    receipts: receipts.length,
    p50Ms: at(50),
    p95Ms: at(95),
    p99Ms: at(99),
    maxMs: at(100),
    generatorCpu: Math.round(((cpu.user + cpu.system) / 1_000 / (performance.now() - started)) * 100) / 100,
    // The histogram holds whole intervals between its checks: what is late is beyond the interval.
    generatorLoopDelayP99Ms: Math.round(Math.max(0, loopDelay.percentile(99) / 1e6 - LOOP_DELAY_RESOLUTION_MS) * 10) / 10,
  };
}

answerRequests({ prepare, join: joinAll, start: startClinics, run: runAt });
