/**
 * The fan-out benchmark's load generator as several processes on the load core, each with its
 * share of the clinics (fanoutLoad.ts), asked the same things together and their answers put
 * together: counts summed, latency percentiles over every receipt, CPU over the one core they share.
 *
 * Why several: one process holding every device stalls in its own major collections (started by
 * the socket buffers it reads), and every receipt it times in a stall is late by it, for the app
 * and bare alike. Smaller heaps stall for less, and each stall delays only its own share of the
 * receipts, so p99 and the command ceiling measure the servers more than the generator.
 */
import type { ClinicState } from '../../shared/clinicStateSchema.ts';
import { DEVICES_PER_CLINIC } from './fanoutClinics.ts';
import type { DrainCheck, Joined, LoadSetup, RunCounts, RunPart, RunRequest, Started, Target } from './fanoutLoad.ts';
import { startPinnedProcess, type PinnedProcess } from './pinnedProcess.ts';
import { percentile, sumOf } from './stats.ts';

/** Creations and joins in flight at once over every process: a crowd arriving, not one by one, nor all in a millisecond. */
const CONCURRENCY = 64;

export interface RunSummary extends RunCounts {
  readonly targetRate: number;
  readonly sentRate: number;
  readonly seconds: number;
  readonly receipts: number;
  readonly p50Ms: number;
  readonly p95Ms: number;
  readonly p99Ms: number;
  readonly maxMs: number;
  /** The generator's processes' CPU time over the run's wall time, summed: near 1, they were the limit. */
  readonly generatorCpu: number;
  /** How late the generator's timers ran, at p99 in its latest process: it adds to every latency. */
  readonly generatorLoopDelayP99Ms: number;
}

export interface GeneratorSetup {
  readonly urls: readonly string[];
  readonly target: Target;
  readonly devices: number;
  readonly addOnly: boolean;
  /** Each clinic's devices on one node, as a balancer routing by route key puts them; spread over the nodes otherwise. */
  readonly routedByClinic: boolean;
}

export interface LoadGenerators {
  /** How many processes share the clinics. */
  readonly processes: number;
  prepare(setup: GeneratorSetup, limitMs: number): Promise<void>;
  join(limitMs: number): Promise<Joined>;
  start(limitMs: number): Promise<Started>;
  /** Commands at `request.rate` a second in all, each process sending its share. */
  run(request: RunRequest, limitMs: number): Promise<RunSummary>;
  rejoinAndCheck(restart: { readonly url: string; readonly signalledAtEpochMs: number }, limitMs: number): Promise<DrainCheck>;
  stop(): Promise<void>;
}

const round1 = (value: number) => Math.round(value * 10) / 10;

function countsTogether(counts: ReadonlyArray<Readonly<Record<string, number>>>): Record<string, number> {
  const together: Record<string, number> = {};
  for (const [key, count] of counts.flatMap((each) => Object.entries(each))) together[key] = (together[key] ?? 0) + count;
  return together;
}

/** The clinics `processes` processes take in turn: as even as whole clinics allow, none empty. */
export function shareClinics(clinics: number, processes: number): Array<{ readonly firstClinic: number; readonly clinics: number }> {
  const used = Math.max(1, Math.min(processes, clinics));
  return Array.from({ length: used }, (_, index) => {
    const firstClinic = Math.floor((index * clinics) / used);
    return { firstClinic, clinics: Math.floor(((index + 1) * clinics) / used) - firstClinic };
  });
}

/** One run as every process measured it, as one. */
export function runTogether(rate: number, parts: readonly RunPart[]): RunSummary {
  const receipts = parts.flatMap((part) => Array.from(part.receiptsMs));
  const at = (p: number) => (receipts.length > 0 ? round1(percentile(receipts, p)) : NaN);
  const sum = (figure: (part: RunPart) => number) => sumOf(parts.map(figure));
  const sendingSeconds = Math.max(...parts.map((part) => part.sendingSeconds));
  const counts: RunCounts = {
    sent: sum((part) => part.sent),
    acknowledged: sum((part) => part.acknowledged),
    failed: sum((part) => part.failed),
    failedBy: countsTogether(parts.map((part) => part.failedBy)),
    lost: sum((part) => part.lost),
    revisionsGained: sum((part) => part.revisionsGained),
    missed: sum((part) => part.missed),
    devicesReceiving: sum((part) => part.devicesReceiving),
  };
  return {
    ...counts,
    targetRate: rate,
    sentRate: Math.round(counts.sent / sendingSeconds),
    seconds: round1(sendingSeconds),
    receipts: receipts.length,
    p50Ms: at(50),
    p95Ms: at(95),
    p99Ms: at(99),
    maxMs: at(100),
    generatorCpu: Math.round(sum((part) => part.cpuShare) * 100) / 100,
    generatorLoopDelayP99Ms: round1(Math.max(...parts.map((part) => part.loopDelayP99Ms))),
  };
}

function joinedTogether(parts: readonly Joined[]): Joined {
  return { joined: sumOf(parts.map((part) => part.joined)), refused: countsTogether(parts.map((part) => part.refused)), seconds: Math.max(...parts.map((part) => part.seconds)) };
}

function startedTogether(parts: readonly Started[]): Started {
  const state: ClinicState | null = parts.find((part) => part.state !== null)?.state ?? null;
  return { state, clinics: sumOf(parts.map((part) => part.clinics)), leftOut: countsTogether(parts.map((part) => part.leftOut)) };
}

function checkedTogether(parts: readonly DrainCheck[]): DrainCheck {
  const sum = (figure: (part: DrainCheck) => number) => sumOf(parts.map(figure));
  return {
    sent: sum((part) => part.sent),
    acknowledged: sum((part) => part.acknowledged),
    acknowledgedAfterSignal: sum((part) => part.acknowledgedAfterSignal),
    refusals: countsTogether(parts.map((part) => part.refusals)),
    unanswered: sum((part) => part.unanswered),
    dropped: countsTogether(parts.map((part) => part.dropped)),
    lastDroppedMs: Math.max(...parts.map((part) => part.lastDroppedMs)),
    rejoined: sum((part) => part.rejoined),
    rejoinSeconds: Math.max(...parts.map((part) => part.rejoinSeconds)),
    devicesMissingCommands: sum((part) => part.devicesMissingCommands),
    acknowledgedLost: sum((part) => part.acknowledgedLost),
  };
}

/**
 * The generator's processes share one core, where V8's garbage-collection helper threads take it
 * from their event loops while they mark; a stalled process then sends its commands in a burst.
 * Collecting on each process's own thread instead roughly halved their loop delay p99 at 10,000
 * devices (3.6 to 7.8 ms in seven runs, 8 to 17.9 ms in four without).
 */
const LOAD_GENERATOR_NODE_FLAGS = ['--single-threaded-gc'];

/** Starts `processes` load generator processes on `core`; `prepare` may use fewer when there are fewer clinics. */
export function startLoadGenerators(processes: number, core: number): LoadGenerators {
  const started = Array.from({ length: processes }, () => startPinnedProcess('./fanoutLoad.ts', core, LOAD_GENERATOR_NODE_FLAGS));
  let working: readonly PinnedProcess[] = started;
  const askEach = <T>(type: string, payload: unknown, limitMs: number) => Promise.all(working.map((each) => each.ask<T>(type, payload, limitMs)));
  /** Each working process's clinics, set up in full: the commands of a run are shared out by them. */
  let clinicShares: number[] = [];
  return {
    processes,
    async prepare({ devices, ...setup }, limitMs) {
      const shares = shareClinics(Math.ceil(devices / DEVICES_PER_CLINIC), processes);
      // A process with no clinics would only add noise: it stops here.
      await Promise.all(started.slice(shares.length).map((idle) => idle.stop()));
      working = started.slice(0, shares.length);
      const concurrency = Math.ceil(CONCURRENCY / shares.length);
      await Promise.all(working.map((each, index) => each.ask('prepare', { ...setup, ...shares[index]!, concurrency } satisfies LoadSetup, limitMs)));
    },
    join: async (limitMs) => joinedTogether(await askEach<Joined>('join', undefined, limitMs)),
    async start(limitMs) {
      const parts = await askEach<Started>('start', undefined, limitMs);
      clinicShares = parts.map((part) => part.clinics);
      return startedTogether(parts);
    },
    async run(request, limitMs) {
      const total = sumOf(clinicShares);
      const parts = await Promise.all(working.map((each, index) => each.ask<RunPart>('run', { ...request, rate: (request.rate * clinicShares[index]!) / total } satisfies RunRequest, limitMs)));
      return runTogether(request.rate, parts);
    },
    rejoinAndCheck: async (restart, limitMs) => checkedTogether(await askEach<DrainCheck>('rejoinAndCheck', restart, limitMs)),
    stop: async () => void (await Promise.all(started.map((each) => each.stop()))),
  };
}
