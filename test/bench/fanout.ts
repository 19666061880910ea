/**
 * Benchmark: how many devices can one node serve, next to a bare Socket.IO server doing the same
 * fan-out in the same run?
 *
 * For each device count: N/6 clinics of 6 devices (socket.io-client, websocket) against the app
 * (createApp with its SQLite store on disk, node given the flags `npm start` gives it), then against
 * a bare Socket.IO server (node's defaults) that fans out a real ClinicState the app sent, of the
 * same size. The server runs in one process on one core and the load generator in another on the
 * other core (taskset; without it, they share the cores and the report says so). Each target: the
 * devices join (joins per second); one facilitator command per clinic every 2 s for a while
 * (latency from sending to each device's receipt: p50, p95, p99; the server's CPU as it measures
 * itself, and its event loop's thread's share; resident memory per connection); then the rate grows
 * step by step until p99 passes the bound, or commands fail or cannot be sent at the rate, and one
 * step more halfway back (the command ceiling is the fastest rate that held; below a steady phase
 * that did not hold, the rate falls instead). Every phase is bounded in time and count.
 *
 * The load generator is `--generators` processes (default 4) sharing its core, each with its share
 * of the clinics (fanoutGenerators.ts says why).
 *
 * `BENCH_NODE_FLAGS` passes flags to node in the server and load generator processes. With
 * `--perf`, Linux perf samples each server over its steady run, and two tables give where its CPU
 * went, in microseconds a command, side by side: by what ran (the kernel, the collector, JSON, each
 * package's and source file's JavaScript) and by the JavaScript it ran for (perfCategories.ts;
 * perfRecording.ts says why perf and not V8's profiler).
 *
 *   npm run bench:fanout [-- --devices 600,3000,10000,15000 --steady-s 20 --p99-bound-ms 250 --generators 4 --rounds 1]
 *
 * Prints a table per device count, then one JSON object as the last line. With `--rounds n`, each
 * device count is measured n times, the app and bare taking turns, then each app/bare ratio's
 * median over the rounds is printed too. With `--baseline <commit>`, each round also measures the
 * app on that commit's server and shared sources (baselineTree.ts), the two apps taking turns to go
 * first, and prints this tree's figures over the baseline's: a change measured side by side.
 *
 * With `--soak`, the app, then bare Socket.IO, at one device count (default 10000) get one
 * command per clinic every 2 s for `--soak-s` (default 600) each, while the server reports its RSS
 * and heap every 10 s: memory over time, the first minute's average against the last's, and
 * whether the app's stays within 10 %, with the latency over the whole soak, side by side. Bare's
 * drift shows how much of the app's is the runtime's own settling.
 *
 *   npm run bench:fanout -- --soak [--devices 10000 --soak-s 600]
 *
 * With `--drain`, the app alone at one device count (default 10000), on a data directory the
 * benchmark keeps, gets one command per clinic every 2 s (each adding a minute) and, after
 * `--signal-after-s` (default 10), SIGTERM while they keep coming; it drains and exits. The app is
 * started again on the same data, every device joins it again with its token, and each checks that
 * the state it is sent holds every command its clinic had acknowledged (by revision and by the
 * minutes added): acknowledged commands lost, with the drain's time and exit code.
 *
 *   npm run bench:fanout -- --drain [--devices 10000 --signal-after-s 10]
 *
 * With `--nodes n`, at each device count (default 10000), one app node on SQLite, one node of a
 * cluster on Postgres and Redis, and n nodes of it, each clinic's devices spread over the nodes,
 * get one command per clinic every 2 s for `--steady-s`: latency, the CPU of every server-side
 * process (nodes, Postgres, Redis) and the load generator's, devices carried, joins per second,
 * and n nodes over one (fanoutNodes.ts).
 *
 *   npm run bench:fanout -- --nodes 3 [--devices 10000 --steady-s 20]
 */
import { parseArgs } from 'node:util';
import { DRAIN_LIMIT_MS } from '../../server/drainOnSignal.ts';
import type { ClinicState } from '../../shared/clinicStateSchema.ts';
import type { ProcessExit } from '../support/childProcesses.ts';
import { makeDataDir, PROJECT_ROOT } from '../support/servers.ts';
import { commitNamed, sourceTreeOf } from './baselineTree.ts';
import { DEVICES_PER_CLINIC } from './fanoutClinics.ts';
import { stopEveryDeployment } from './fanoutDeployments.ts';
import { compareNodeCounts } from './fanoutNodes.ts';
import type { ServerUsage } from './benchServer.ts';
import type { RunSummary } from './fanoutGenerators.ts';
import type { DrainCheck, Target } from './fanoutLoad.ts';
import {
  COMMAND_INTERVAL_S,
  cpuBetween,
  DEFAULT_GENERATORS,
  joinLimitMs,
  joinsPerSecond,
  LOAD_CORE,
  runLoad,
  SERVER_CORE,
  startOneServer,
  withJoinedTarget,
  type JoinedTarget,
  type OneServer,
} from './fanoutTargets.ts';
import { PERF_NODE_FLAGS, perfUnavailable, recordPerf, type PerfBreakdown } from './perfRecording.ts';
import { perfTables } from './perfTable.ts';
import { CAN_PIN } from './pinnedProcess.ts';
import { mediansOf, ratio } from './stats.ts';

/** Ceiling steps: each this much faster than the one before, the steady phase first. */
const CEILING_GROWTH = 1.5;
/** Steps below the steady rate when even that did not hold. */
const MAX_STEPS_DOWN = 2;
/** A step holds if at least this share of its commands could be sent (one in flight per clinic). */
const SENT_SHARE_TO_HOLD = 0.9;
const COMPARED_DEVICES = '600,3000';
/** The one device count of a soak or a drain, and the nodes mode's, unless `--devices` names others. */
const ONE_COUNT_DEVICES = '10000';
const SOAK_SAMPLE_S = 10;
/** More nodes than this on one machine measure little but the machine's crowding. */
const MAX_NODES = 8;
/** Past this, the generator's processes crowd its one core more than their stalls cost. */
const MAX_GENERATORS = 16;
/** Enough for a median that one noisy run does not move; more only makes the run long. */
const MAX_ROUNDS = 9;
/** First and last minute of a soak, or each half of a soak shorter than two minutes. */
const SOAK_WINDOW_S = 60;
/** The issue's target: memory flat over the soak, within this much of its first minute. */
const SOAK_GROWTH_LIMIT_PERCENT = 10;

interface Options {
  readonly devices: readonly number[];
  readonly steadySeconds: number;
  readonly p99BoundMs: number;
  readonly stepSeconds: number;
  readonly maxSteps: number;
  /** Seconds of the soak; null when comparing with the bare server. */
  readonly soakSeconds: number | null;
  /** Seconds of commands before SIGTERM in the drain mode; null in the other modes. */
  readonly signalAfterSeconds: number | null;
  /** The nodes of the cluster the nodes mode compares with one; null in the other modes. */
  readonly nodes: number | null;
  /** The load generator's processes. */
  readonly generators: number;
  /** Times each device count is measured, the app and bare taking turns. */
  readonly rounds: number;
  /** A commit whose app each round measures too, or null. */
  readonly baselineCommit: string | null;
  /** Where each server's CPU went over the steady run, sampled by perf. */
  readonly perf: boolean;
}

function parseOptions(): Options {
  const { values } = parseArgs({
    options: {
      devices: { type: 'string' },
      'steady-s': { type: 'string', default: '20' },
      'p99-bound-ms': { type: 'string', default: '250' },
      'step-s': { type: 'string', default: '4' },
      'max-steps': { type: 'string', default: '10' },
      soak: { type: 'boolean', default: false },
      'soak-s': { type: 'string', default: '600' },
      drain: { type: 'boolean', default: false },
      'signal-after-s': { type: 'string', default: '10' },
      nodes: { type: 'string' },
      generators: { type: 'string', default: String(DEFAULT_GENERATORS) },
      rounds: { type: 'string', default: '1' },
      baseline: { type: 'string' },
      perf: { type: 'boolean', default: false },
    },
  });
  if ([values.soak, values.drain, values.nodes !== undefined].filter(Boolean).length > 1) throw new Error('--soak, --drain and --nodes are modes of their own: pass one');
  const oneCount = values.soak || values.drain;
  const positive = (name: string, raw: string) => {
    const value = Number(raw);
    if (!(value > 0)) throw new Error(`--${name} must be a positive number, not ${raw}`);
    return value;
  };
  const devices = (values.devices ?? (oneCount || values.nodes !== undefined ? ONE_COUNT_DEVICES : COMPARED_DEVICES))
    .split(',')
    .map((count) => Math.ceil(positive('devices', count) / DEVICES_PER_CLINIC) * DEVICES_PER_CLINIC);
  const soakSeconds = positive('soak-s', values['soak-s']);
  if (oneCount && devices.length !== 1) throw new Error(`--${values.soak ? 'soak' : 'drain'} runs at one device count`);
  // Fewer samples than two leave no first and last window to compare.
  if (values.soak && soakSeconds < 2 * SOAK_SAMPLE_S) throw new Error(`--soak-s must be at least ${2 * SOAK_SAMPLE_S}`);
  const nodes = values.nodes === undefined ? null : Number(values.nodes);
  if (nodes !== null && !(Number.isInteger(nodes) && nodes >= 2 && nodes <= MAX_NODES)) throw new Error(`--nodes must be a whole number from 2 to ${MAX_NODES}, not ${values.nodes}`);
  const generators = Number(values.generators);
  if (!(Number.isInteger(generators) && generators >= 1 && generators <= MAX_GENERATORS)) throw new Error(`--generators must be a whole number from 1 to ${MAX_GENERATORS}, not ${values.generators}`);
  const rounds = Number(values.rounds);
  if (!(Number.isInteger(rounds) && rounds >= 1 && rounds <= MAX_ROUNDS)) throw new Error(`--rounds must be a whole number from 1 to ${MAX_ROUNDS}, not ${values.rounds}`);
  if (rounds > 1 && (oneCount || nodes !== null)) throw new Error('--rounds repeats the comparison with bare Socket.IO: --soak, --drain and --nodes run once');
  if (values.baseline !== undefined && (oneCount || nodes !== null)) throw new Error('--baseline joins the comparison with bare Socket.IO: --soak, --drain and --nodes measure this tree alone');
  if (values.perf && (oneCount || nodes !== null)) throw new Error('--perf profiles the comparison with bare Socket.IO: --soak, --drain and --nodes take no profile');
  const perfRefusal = values.perf ? perfUnavailable() : null;
  if (perfRefusal !== null) throw new Error(`--perf: ${perfRefusal}`);
  return {
    devices,
    steadySeconds: positive('steady-s', values['steady-s']),
    p99BoundMs: positive('p99-bound-ms', values['p99-bound-ms']),
    stepSeconds: positive('step-s', values['step-s']),
    maxSteps: positive('max-steps', values['max-steps']),
    soakSeconds: values.soak ? soakSeconds : null,
    signalAfterSeconds: values.drain ? positive('signal-after-s', values['signal-after-s']) : null,
    nodes,
    generators,
    rounds,
    baselineCommit: values.baseline === undefined ? null : commitNamed(values.baseline),
    perf: values.perf,
  };
}

const megabytes = (bytes: number) => Math.round(bytes / 1e5) / 10;

/** A run of commands on one server, with how that server fared over it. */
interface ServerRun extends RunSummary {
  readonly serverCpu: number;
  /**
   * The share of a core its event loop's thread used (null where /proc is not there); the rest of
   * `serverCpu` is its other threads: the app's SQLite writer, V8's collector helpers.
   */
  readonly serverEventLoopCpu: number | null;
  /**
   * How late the server's own timers ran (ms): its event loop held up, by garbage collection or by
   * work. A stall is one late timer however long it lasts, so a rare long one shows in the most.
   */
  readonly serverLoopDelayP99Ms: number;
  readonly serverLoopDelayMaxMs: number;
  /** The server's garbage collection pauses over the run, in ms a second, and the longest. */
  readonly serverGcMsPerS: number;
  readonly serverLongestGcMs: number;
  /**
   * Major collections over the run. On one core, V8's marking threads take the core from the event
   * loop while they mark (at 10,000 devices a scheduler trace showed the app's loop with a fifth of
   * the core for 400 ms), so whether a run has one shows in its p99, the app's and bare's alike.
   */
  readonly serverMajorGcs: number;
}

interface CeilingStep extends ServerRun {
  /** Why the step did not hold; null if it held. */
  readonly missedBy: string | null;
}

function missedBy(step: RunSummary, rate: number, options: Options): string | null {
  if (step.failed + step.lost > 0) return `${step.failed} failed, ${step.lost} lost`;
  if (step.p99Ms > options.p99BoundMs) return `p99 ${step.p99Ms} ms`;
  if (step.sent < SENT_SHARE_TO_HOLD * rate * step.seconds) return `only ${step.sentRate}/s could be sent`;
  return null;
}

/** Where the climb stands: the fastest step that held (the rate it sent, and the one it aimed at), and the slowest that did not. */
interface Climb {
  readonly ceiling: number | null;
  readonly heldTarget: number | null;
  readonly lowestMiss: CeilingStep | null;
}

function withStep(climb: Climb, step: CeilingStep): Climb {
  const { ceiling, heldTarget, lowestMiss } = climb;
  if (!step.missedBy) return { ceiling: Math.max(ceiling ?? 0, step.sentRate), heldTarget: Math.max(heldTarget ?? 0, step.targetRate), lowestMiss };
  return { ...climb, lowestMiss: lowestMiss === null || step.targetRate < lowestMiss.targetRate ? step : lowestMiss };
}

interface TargetResult {
  readonly joinsPerSecond: number;
  readonly joinServerCpu: number;
  readonly steady: ServerRun;
  readonly rssIdleMb: number;
  readonly rssJoinedMb: number;
  readonly rssAfterSteadyMb: number;
  /** Resident memory after the steady phase, above the idle server's, per connection. */
  readonly kbPerConnection: number;
  /**
   * The JavaScript heap kept alive after a forced full collection at the end, above the idle
   * server's, per connection: none of the garbage that resident memory carries until a collection
   * happens to run, and none of the sockets' native memory or buffers either. It also spreads over
   * the connections what the server keeps once it has served at all (compiled code, say), so a
   * small device count overstates it.
   */
  readonly keptHeapKbPerConnection: number;
  /** Commands a second at the last step that held; null if none did. */
  readonly ceiling: number | null;
  /** What ended the climb, and how busy the load generator was then. */
  readonly ceilingEnd: string;
  /** The machine's load average over the last minute as the target started: other work skews every figure. */
  readonly loadAverageAtStart: number;
  readonly ceilingSteps: readonly CeilingStep[];
  /** With `--perf`: where the server's CPU went over the steady run; null if it handled no command then. */
  readonly perf: PerfBreakdown | null;
}

/** Where the app's sources come from: this tree, or a baseline commit's unpacked (label 'baseline'). */
interface AppSources {
  readonly label: string;
  readonly root: string;
}

async function measure(target: Target, devices: number, options: Options, { template, sources }: { template?: ClinicState; sources?: AppSources } = {}) {
  const startServer = () => startOneServer(target, target === 'app' ? {} : template!, { sourceRoot: sources?.root, alsoNodeFlags: options.perf ? PERF_NODE_FLAGS : [] });
  let keptHeapIdleBytes = 0;
  const atIdle = async (server: OneServer) => {
    keptHeapIdleBytes = await server.process.ask<number>('keptHeap');
  };
  const label = sources?.label ?? target;
  return withJoinedTarget({ target, label, devices, generators: options.generators, startServer, atIdle }, async (on) => {
    const steadyRate = on.clinics / COMMAND_INTERVAL_S;
    // The server's figures since its reading before the run (each reading starts a new window).
    const serverRun = async (rate: number, seconds: number) => {
      const { summary, before, after } = await runLoad(on, rate, seconds);
      const run: ServerRun = {
        ...summary,
        serverEventLoopCpu: eventLoopCpuBetween(before, after),
        serverLoopDelayP99Ms: after.loopDelayP99Ms,
        serverLoopDelayMaxMs: after.loopDelayMaxMs,
        serverGcMsPerS: Math.round((after.gcPauseMs / summary.seconds) * 10) / 10,
        serverLongestGcMs: after.longestGcPauseMs,
        serverMajorGcs: after.majorGcs - before.majorGcs,
      };
      return { run, after };
    };
    const perfRecording = options.perf ? await recordPerf(on.server.process.child.pid!, LOAD_CORE, sources?.root ?? PROJECT_ROOT) : null;
    const { run: steady, after: afterSteady } = await serverRun(steadyRate, options.steadySeconds).catch(async (error: unknown) => {
      await perfRecording?.abandon();
      throw error;
    });
    const perf = perfRecording ? await perfRecording.finish(steady.acknowledged) : null;
    console.log(`  ${label}: steady p99 ${steady.p99Ms} ms at ${steady.sentRate}/s, server loop delay p99 ${steady.serverLoopDelayP99Ms} ms`);

    const ceilingSteps: CeilingStep[] = [];
    const tryRate = async (rate: number) => {
      const { run } = await serverRun(Math.round(rate), options.stepSeconds);
      const step = { ...run, missedBy: missedBy(run, rate, options) };
      ceilingSteps.push(step);
      console.log(
        `  ${label}: ${step.sentRate}/s for ${step.seconds} s: p99 ${step.p99Ms} ms, server CPU ${step.serverCpu} and loop delay p99 ${step.serverLoopDelayP99Ms} ms, generator CPU ${step.generatorCpu}` +
          (step.missedBy ? ` (did not hold: ${step.missedBy})` : ''),
      );
      return step;
    };
    // The steady phase is the first step: if it held, the ceiling is at least its rate.
    const steadyMiss = missedBy(steady, steadyRate, options);
    let climb: Climb =
      steadyMiss === null ? { ceiling: steady.sentRate, heldTarget: steadyRate, lowestMiss: null } : { ceiling: null, heldTarget: null, lowestMiss: { ...steady, missedBy: steadyMiss } };
    for (let rate = steadyRate * CEILING_GROWTH, step = 0; climb.ceiling !== null && climb.lowestMiss === null && step < options.maxSteps; step += 1, rate *= CEILING_GROWTH) {
      climb = withStep(climb, await tryRate(rate));
    }
    // Below a steady phase that did not hold, down the same steps until one does.
    for (let rate = steadyRate / CEILING_GROWTH, step = 0; climb.ceiling === null && step < MAX_STEPS_DOWN; step += 1, rate /= CEILING_GROWTH) {
      climb = withStep(climb, await tryRate(rate));
    }
    // One more step halfway (geometrically) between the last rate that held and the first that did
    // not, so two servers' ceilings are not both rounded down to steps half again apart.
    if (climb.heldTarget !== null && climb.lowestMiss !== null) climb = withStep(climb, await tryRate(Math.sqrt(climb.heldTarget * climb.lowestMiss.targetRate)));
    const { ceiling, lowestMiss } = climb;
    // Forced only now that nothing is timed any more, with the devices still connected.
    const keptHeapBytes = await on.server.process.ask<number>('keptHeap');
    const ceilingEnd = lowestMiss
      ? `${lowestMiss.missedBy} at ${lowestMiss.targetRate}/s, generator CPU ${lowestMiss.generatorCpu}, its loop delay p99 ${lowestMiss.generatorLoopDelayP99Ms} ms`
      : `every step held (${options.maxSteps} steps)`;
    const result: TargetResult = {
      joinsPerSecond: joinsPerSecond(on),
      joinServerCpu: cpuBetween(on.beforeJoins, on.afterJoins),
      steady,
      rssIdleMb: megabytes(on.idle.rssBytes),
      rssJoinedMb: megabytes(on.afterJoins.rssBytes),
      rssAfterSteadyMb: megabytes(afterSteady.rssBytes),
      kbPerConnection: Math.round((afterSteady.rssBytes - on.idle.rssBytes) / devices / 102.4) / 10,
      keptHeapKbPerConnection: Math.round((keptHeapBytes - keptHeapIdleBytes) / devices / 102.4) / 10,
      ceiling,
      ceilingEnd,
      loadAverageAtStart: on.loadAverageAtStart,
      ceilingSteps,
      perf,
    };
    return { result, state: on.state };
  });
}

type Ratios = ReturnType<typeof ratiosOf>;

const eventLoopCpuBetween = (from: ServerUsage, to: ServerUsage) =>
  from.eventLoopCpuMicros === null || to.eventLoopCpuMicros === null ? null : cpuBetween({ cpuMicros: from.eventLoopCpuMicros, atMs: from.atMs }, { cpuMicros: to.eventLoopCpuMicros, atMs: to.atMs });

/** What the process's threads other than the event loop's used, a share of a core. */
const otherThreadsCpu = ({ serverCpu, serverEventLoopCpu }: ServerRun) => (serverEventLoopCpu === null ? null : Math.round((serverCpu - serverEventLoopCpu) * 100) / 100);

/** One target's figures over another's: the app's over bare's, or over a baseline's. */
function ratiosOf(target: TargetResult, over: TargetResult) {
  return {
    p50: ratio(target.steady.p50Ms, over.steady.p50Ms),
    p95: ratio(target.steady.p95Ms, over.steady.p95Ms),
    p99: ratio(target.steady.p99Ms, over.steady.p99Ms),
    serverCpu: ratio(target.steady.serverCpu, over.steady.serverCpu),
    serverEventLoopCpu: ratio(target.steady.serverEventLoopCpu, over.steady.serverEventLoopCpu),
    serverOtherThreadsCpu: ratio(otherThreadsCpu(target.steady), otherThreadsCpu(over.steady)),
    kbPerConnection: ratio(target.kbPerConnection, over.kbPerConnection),
    keptHeapKbPerConnection: ratio(target.keptHeapKbPerConnection, over.keptHeapKbPerConnection),
    joinsPerSecond: ratio(target.joinsPerSecond, over.joinsPerSecond),
    ceiling: ratio(target.ceiling, over.ceiling),
  };
}

/** One column of a table: a target's result under its name. */
interface Named {
  readonly name: string;
  readonly result: TargetResult;
}

/** Two targets side by side, and the first's figures over the second's. */
function table(devices: number, [first, second]: readonly [Named, Named], options: Options): string {
  const [a, b] = [first.result, second.result];
  const ratios = ratiosOf(a, b);
  // Wide enough for 'app/baseline' with a space before it.
  const cell = (value: number | null | string) => String(value ?? '-').padStart(14);
  const row = (label: string, x: number | null, y: number | null, r: number | null | undefined) => `${label.padEnd(40)}${cell(x)}${cell(y)}${cell(r ?? '')}`;
  return [
    `${devices} devices (${devices / DEVICES_PER_CLINIC} clinics x ${DEVICES_PER_CLINIC}), one command per clinic every ${COMMAND_INTERVAL_S} s for ${options.steadySeconds} s`,
    `${''.padEnd(40)}${cell(first.name)}${cell(second.name)}${cell(`${first.name}/${second.name}`)}`,
    row('command to each receipt p50 (ms)', a.steady.p50Ms, b.steady.p50Ms, ratios.p50),
    row('  p95 (ms)', a.steady.p95Ms, b.steady.p95Ms, ratios.p95),
    row('  p99 (ms)', a.steady.p99Ms, b.steady.p99Ms, ratios.p99),
    row('server CPU, steady (share of a core)', a.steady.serverCpu, b.steady.serverCpu, ratios.serverCpu),
    row("  its event loop's thread", a.steady.serverEventLoopCpu, b.steady.serverEventLoopCpu, ratios.serverEventLoopCpu),
    row('  its other threads', otherThreadsCpu(a.steady), otherThreadsCpu(b.steady), ratios.serverOtherThreadsCpu),
    row('  its event loop delay p99 (ms)', a.steady.serverLoopDelayP99Ms, b.steady.serverLoopDelayP99Ms, null),
    row('  its event loop delay at most (ms)', a.steady.serverLoopDelayMaxMs, b.steady.serverLoopDelayMaxMs, null),
    row('  its GC pauses (ms a second)', a.steady.serverGcMsPerS, b.steady.serverGcMsPerS, null),
    row('  its longest GC pause (ms)', a.steady.serverLongestGcMs, b.steady.serverLongestGcMs, null),
    row('  its major collections', a.steady.serverMajorGcs, b.steady.serverMajorGcs, null),
    row('load generator CPU, steady', a.steady.generatorCpu, b.steady.generatorCpu, null),
    row('  its event loop delay p99 (ms)', a.steady.generatorLoopDelayP99Ms, b.steady.generatorLoopDelayP99Ms, null),
    row('memory per connection (KB)', a.kbPerConnection, b.kbPerConnection, ratios.kbPerConnection),
    row('  heap it keeps, after a full GC (KB)', a.keptHeapKbPerConnection, b.keptHeapKbPerConnection, ratios.keptHeapKbPerConnection),
    `${'RSS idle / joined / after steady (MB)'.padEnd(40)}${first.name} ${a.rssIdleMb} / ${a.rssJoinedMb} / ${a.rssAfterSteadyMb}; ${second.name} ${b.rssIdleMb} / ${b.rssJoinedMb} / ${b.rssAfterSteadyMb}`,
    row('joins per second', a.joinsPerSecond, b.joinsPerSecond, ratios.joinsPerSecond),
    row('server CPU while joining', a.joinServerCpu, b.joinServerCpu, null),
    row(`command ceiling (/s, p99 <= ${options.p99BoundMs} ms)`, a.ceiling, b.ceiling, ratios.ceiling),
    `${'  ended by'.padEnd(40)}${first.name}: ${a.ceilingEnd}; ${second.name}: ${b.ceilingEnd}`,
    row('commands failed or lost, steady', a.steady.failed + a.steady.lost, b.steady.failed + b.steady.lost, null),
    row('machine load average as it started', a.loadAverageAtStart, b.loadAverageAtStart, null),
  ].join('\n');
}

interface MemorySample {
  /** Seconds since the soak's commands began. */
  readonly atS: number;
  readonly rssMb: number;
  readonly heapUsedMb: number;
  /** The heap as the last major collection left it; null before the first. */
  readonly heapAfterMajorGcMb: number | null;
  readonly majorGcs: number;
}

/** How a memory figure moved from the soak's first window to its last. */
interface Drift {
  readonly windowS: number;
  readonly firstMb: number;
  readonly lastMb: number;
  readonly changePercent: number;
}

interface SoakResult {
  readonly devices: number;
  readonly clinics: number;
  readonly joinsPerSecond: number;
  readonly rssIdleMb: number;
  readonly rssJoinedMb: number;
  /** Every command of the soak: latency, failures, the server's CPU over it. */
  readonly commands: RunSummary & { readonly serverCpu: number };
  readonly samples: readonly MemorySample[];
  readonly rss: Drift;
  readonly heapUsed: Drift;
  /** The heap after the first major collection of the soak and after its last: flat unless something is kept alive. */
  readonly heapAfterMajorGc: { readonly firstMb: number; readonly lastMb: number; readonly changePercent: number } | null;
  readonly rssWithinTarget: boolean;
  readonly loadAverageAtStart: number;
}

/** Asks the server for its memory every `SOAK_SAMPLE_S` from now until `seconds` have passed, into `samples`. */
async function sampleMemory(on: JoinedTarget<OneServer>, label: string, seconds: number, samples: MemorySample[]): Promise<void> {
  const started = performance.now();
  for (let atS = 0; atS <= seconds; atS += SOAK_SAMPLE_S) {
    // Each sample keeps to the clock from the start, so a slow answer does not shift the rest.
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, started + atS * 1_000 - performance.now())));
    const { rssBytes, heapUsedBytes, heapAfterMajorGcBytes, majorGcs } = await on.usage();
    const heapAfterMajorGcMb = heapAfterMajorGcBytes === null ? null : megabytes(heapAfterMajorGcBytes);
    const sample = { atS, rssMb: megabytes(rssBytes), heapUsedMb: megabytes(heapUsedBytes), heapAfterMajorGcMb, majorGcs };
    samples.push(sample);
    console.log(`  ${label} ${String(atS).padStart(4)} s: RSS ${sample.rssMb} MB, heap used ${sample.heapUsedMb} MB, after the last major GC ${sample.heapAfterMajorGcMb ?? '-'} MB`);
  }
}

const averageOf = (values: readonly number[]) => values.reduce((sum, value) => sum + value, 0) / values.length;

/** The first window's average against the last's; the windows never overlap, so a short soak halves them. */
function driftOf(samples: readonly MemorySample[], seconds: number, figure: (sample: MemorySample) => number): Drift {
  const windowS = Math.min(SOAK_WINDOW_S, seconds / 2);
  const first = averageOf(samples.filter((sample) => sample.atS < windowS).map(figure));
  const last = averageOf(samples.filter((sample) => sample.atS > seconds - windowS).map(figure));
  const round = (value: number) => Math.round(value * 10) / 10;
  return { windowS, firstMb: round(first), lastMb: round(last), changePercent: round(((last - first) / first) * 100) };
}

/** The heap after the first major collection during the soak (not one from joining) against after the last. */
function heapAfterMajorGcOf(samples: readonly MemorySample[]): SoakResult['heapAfterMajorGc'] {
  const majorGcsBefore = samples[0]?.majorGcs ?? 0;
  const during = samples.flatMap((sample) => (sample.majorGcs > majorGcsBefore && sample.heapAfterMajorGcMb !== null ? [sample.heapAfterMajorGcMb] : []));
  if (during.length === 0) return null;
  const [firstMb, lastMb] = [during[0]!, during.at(-1)!];
  return { firstMb, lastMb, changePercent: Math.round(((lastMb - firstMb) / firstMb) * 1_000) / 10 };
}

/** One target at the steady rate for `seconds`, its memory sampled as it goes into `samples`; bare sends `template`, the app's state. */
async function soak(target: Target, devices: number, seconds: number, generators: number, samples: MemorySample[], template?: ClinicState): Promise<SoakResult & { readonly state: ClinicState | null }> {
  const startServer = () => startOneServer(target, target === 'app' ? {} : template!);
  return withJoinedTarget({ target, label: target, devices, generators, startServer }, async (on) => {
    const [{ summary: commands }] = await Promise.all([runLoad(on, on.clinics / COMMAND_INTERVAL_S, seconds), sampleMemory(on, target, seconds, samples)]);
    const rss = driftOf(samples, seconds, (sample) => sample.rssMb);
    return {
      devices,
      clinics: on.clinics,
      joinsPerSecond: joinsPerSecond(on),
      rssIdleMb: megabytes(on.idle.rssBytes),
      rssJoinedMb: megabytes(on.afterJoins.rssBytes),
      commands,
      samples,
      rss,
      heapUsed: driftOf(samples, seconds, (sample) => sample.heapUsedMb),
      heapAfterMajorGc: heapAfterMajorGcOf(samples),
      rssWithinTarget: Math.abs(rss.changePercent) <= SOAK_GROWTH_LIMIT_PERCENT,
      loadAverageAtStart: on.loadAverageAtStart,
      state: on.state,
    };
  });
}

const signed = (percent: number) => `${percent > 0 ? '+' : ''}${percent} %`;
const driftText = ({ firstMb, lastMb, changePercent }: { firstMb: number; lastMb: number; changePercent: number }) => `${firstMb} / ${lastMb}: ${signed(changePercent)}`;

function soakTable(app: SoakResult, bare: SoakResult, seconds: number): string {
  const window = app.rss.windowS === SOAK_WINDOW_S ? 'minute' : `${app.rss.windowS} s`;
  const row = (label: string, ofApp: string | number, ofBare: string | number) => `${label.padEnd(46)}${String(ofApp).padEnd(28)}${ofBare}`;
  const overTime = (label: string, figure: (sample: MemorySample) => number) => [
    label,
    ...[app, bare].map((result, index) => `  ${index === 0 ? 'app' : 'bare'}`.padEnd(46) + result.samples.map(figure).join(' ')),
  ];
  const both = (label: string, figure: (result: SoakResult) => string | number) => row(label, figure(app), figure(bare));
  return [
    `${app.devices} devices (${app.clinics} clinics x ${DEVICES_PER_CLINIC}), app then bare, one command per clinic every ${COMMAND_INTERVAL_S} s for ${seconds} s each`,
    ...overTime('RSS over time (MB, every 10 s)', (sample) => sample.rssMb),
    ...overTime('heap used over time (MB)', (sample) => sample.heapUsedMb),
    row('', 'app', 'bare'),
    both(`RSS first ${window} / last ${window} (MB)`, (result) => driftText(result.rss)),
    both(`  within ${SOAK_GROWTH_LIMIT_PERCENT} % of the first ${window}`, (result) => (result.rssWithinTarget ? 'yes' : 'no')),
    both(`heap used first ${window} / last ${window} (MB)`, (result) => driftText(result.heapUsed)),
    both('heap after the first / last major GC (MB)', (result) => (result.heapAfterMajorGc ? driftText(result.heapAfterMajorGc) : 'no major GC')),
    both('RSS idle / joined (MB)', (result) => `${result.rssIdleMb} / ${result.rssJoinedMb}`),
    both('command to each receipt p50 / p95 / p99 (ms)', ({ commands }) => `${commands.p50Ms} / ${commands.p95Ms} / ${commands.p99Ms}`),
    both('  at most (ms)', ({ commands }) => commands.maxMs),
    both('commands sent / failed or lost', ({ commands }) => `${commands.sent} / ${commands.failed + commands.lost}`),
    both('server CPU (share of a core)', ({ commands }) => commands.serverCpu),
    both('load generator CPU / its loop delay p99 (ms)', ({ commands }) => `${commands.generatorCpu} / ${commands.generatorLoopDelayP99Ms}`),
    both('joins per second', (result) => result.joinsPerSecond),
    both('machine load average as it started', (result) => result.loadAverageAtStart),
  ].join('\n');
}

interface DrainResult extends DrainCheck {
  readonly devices: number;
  readonly clinics: number;
  readonly joinsPerSecond: number;
  readonly signalAfterS: number;
  /** How the drained app ended, and how long after SIGTERM. */
  readonly exit: ProcessExit;
  readonly drainMs: number;
  readonly loadAverageAtStart: number;
}

/** Past the drain's own limit, a server that has not exited is stuck. */
const EXIT_LIMIT_MS = DRAIN_LIMIT_MS + 10_000;

/**
 * The app alone at the steady rate (every command adding a minute), SIGTERM after `signalAfterS`
 * with the commands still coming; then the app again on the same data directory, every device
 * joining it again, and what they find.
 */
async function drainAndRestart(devices: number, signalAfterS: number, generators: number): Promise<DrainResult> {
  const { dataDir, remove } = makeDataDir();
  try {
    return await withJoinedTarget({ target: 'app', label: 'app', devices, generators, startServer: () => startOneServer('app', { dataDir }), addOnly: true }, async (on) => {
      const running = on.load.run(
        { rate: on.clinics / COMMAND_INTERVAL_S, seconds: signalAfterS + EXIT_LIMIT_MS / 1_000, untilDisconnected: true },
        (signalAfterS + 60) * 1_000 + EXIT_LIMIT_MS,
      );
      await new Promise((resolve) => setTimeout(resolve, signalAfterS * 1_000));
      const signalledAtEpochMs = Date.now();
      const signalled = performance.now();
      on.server.process.child.kill('SIGTERM');
      const exit = await Promise.race([on.server.process.exited, new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`the app had not exited ${EXIT_LIMIT_MS / 1_000} s after SIGTERM`)), EXIT_LIMIT_MS))]);
      const drainMs = Math.round(performance.now() - signalled);
      const { sent } = await running;
      console.log(`  SIGTERM after ${signalAfterS} s and ${sent} commands: exited ${exit.signal ?? exit.code} after ${drainMs} ms; restarting on the same data`);

      const restarted = await startOneServer('app', { dataDir });
      try {
        const check = await on.load.rejoinAndCheck({ url: restarted.urls[0]!, signalledAtEpochMs }, joinLimitMs(devices));
        return { devices, clinics: on.clinics, joinsPerSecond: joinsPerSecond(on), signalAfterS, exit, drainMs, loadAverageAtStart: on.loadAverageAtStart, ...check };
      } finally {
        await restarted.stop();
      }
    });
  } finally {
    remove();
  }
}

function drainTable(result: DrainResult): string {
  const row = (label: string, value: string | number) => `${label.padEnd(52)}${value}`;
  const refusals = Object.entries(result.refusals).map(([reason, count]) => `${count} ${reason}`);
  return [
    `${result.devices} devices (${result.clinics} clinics x ${DEVICES_PER_CLINIC}), app only, one command per clinic every ${COMMAND_INTERVAL_S} s, SIGTERM after ${result.signalAfterS} s`,
    row('commands sent / acknowledged', `${result.sent} / ${result.acknowledged}`),
    row('  acknowledged after SIGTERM (while draining)', result.acknowledgedAfterSignal),
    row('  refused', refusals.length > 0 ? refusals.join(', ') : 'none'),
    row('  unanswered (connection closed first)', result.unanswered),
    row('devices dropped (by why) / the last after SIGTERM', `${Object.entries(result.dropped).map(([reason, count]) => `${count} ${reason}`).join(', ')} / ${result.lastDroppedMs} ms`),
    row('drained app: exit, time from SIGTERM', `${result.exit.signal ?? result.exit.code}, ${result.drainMs} ms`),
    row('devices joined again / in', `${result.rejoined} / ${result.rejoinSeconds} s`),
    row('devices missing an acknowledged command', result.devicesMissingCommands),
    row('ACKNOWLEDGED COMMANDS LOST', result.acknowledgedLost),
    row('joins per second (first joins)', result.joinsPerSecond),
    row('machine load average as it started', result.loadAverageAtStart),
  ].join('\n');
}

/** What a run has measured so far: its last line reports it, even when a run is cut short. */
type Report = Record<string, unknown>;

async function compareWithBare(options: Options, report: Report): Promise<void> {
  const runs: unknown[] = [];
  const medianRuns: unknown[] = [];
  const { rounds, baselineCommit } = options;
  Object.assign(report, { p99BoundMs: options.p99BoundMs, stateBytes: null, rounds, baselineCommit, runs, ...(rounds > 1 ? { medians: medianRuns } : {}) });
  const tree = baselineCommit ? sourceTreeOf(baselineCommit) : null;
  const baselineSources: AppSources | undefined = tree ? { label: 'baseline', root: tree.root } : undefined;
  try {
    for (const devices of options.devices) {
      const overBareByRound: Ratios[] = [];
      const overBaselineByRound: Ratios[] = [];
      for (let round = 1; round <= rounds; round += 1) {
        console.log(rounds === 1 ? `${devices} devices:` : `${devices} devices, round ${round} of ${rounds}:`);
        // The two apps take turns to go first, so neither always meets the machine as the other left it.
        const measureBaseline = () => measure('app', devices, options, { sources: baselineSources });
        const baselineFirst = baselineSources !== undefined && round % 2 === 0;
        let baseline = baselineFirst ? await measureBaseline() : null;
        const app = await measure('app', devices, options);
        if (baselineSources && !baselineFirst) baseline = await measureBaseline();
        if (!app.state) throw new Error('the app sent no state to fan out');
        report.stateBytes = Buffer.byteLength(JSON.stringify(app.state));
        const bare = await measure('bare', devices, options, { template: app.state });
        const thisTree = { name: 'app', result: app.result };
        console.log(table(devices, [thisTree, { name: 'bare', result: bare.result }], options));
        if (options.perf) {
          const profiled = [{ name: 'app', perf: app.result.perf }, { name: 'bare', perf: bare.result.perf }, ...(baseline ? [{ name: 'baseline', perf: baseline.result.perf }] : [])];
          console.log(perfTables(`${devices} devices`, profiled));
        }
        const ratios = ratiosOf(app.result, bare.result);
        overBareByRound.push(ratios);
        const run = { devices, round, clinics: devices / DEVICES_PER_CLINIC, app: app.result, bare: bare.result, ratios };
        if (!baseline) {
          runs.push(run);
          continue;
        }
        console.log(table(devices, [thisTree, { name: 'baseline', result: baseline.result }], options));
        const overBaseline = ratiosOf(app.result, baseline.result);
        overBaselineByRound.push(overBaseline);
        runs.push({ ...run, baseline: baseline.result, overBaseline });
      }
      if (rounds > 1) {
        // One run moves with whatever else the machine does; a median of several, less.
        const medians = mediansOf(overBareByRound);
        console.log(roundsTable(`${devices} devices, app/bare`, overBareByRound, medians));
        const overBaseline = baselineSources ? mediansOf(overBaselineByRound) : null;
        if (overBaseline) console.log(roundsTable(`${devices} devices, app/baseline`, overBaselineByRound, overBaseline));
        medianRuns.push({ devices, rounds, ratios: medians, ...(overBaseline ? { overBaseline } : {}) });
      }
    }
  } finally {
    tree?.remove();
  }
}

function roundsTable(title: string, byRound: readonly Ratios[], medians: Record<keyof Ratios, number | null>): string {
  const cell = (value: number | null | string) => String(value ?? '-').padStart(8);
  const row = (label: string, key: keyof Ratios) => `${label.padEnd(40)}${byRound.map((ratios) => cell(ratios[key])).join('')}${cell(medians[key])}`;
  return [
    `${title} in each of ${byRound.length} rounds, and their median`,
    `${''.padEnd(40)}${byRound.map((_, index) => cell(`#${index + 1}`)).join('')}${cell('median')}`,
    row('command to each receipt p50', 'p50'),
    row('  p95', 'p95'),
    row('  p99', 'p99'),
    row('server CPU, steady', 'serverCpu'),
    row("  its event loop's thread", 'serverEventLoopCpu'),
    row('  its other threads', 'serverOtherThreadsCpu'),
    row('memory per connection', 'kbPerConnection'),
    row('  heap it keeps', 'keptHeapKbPerConnection'),
    row('joins per second', 'joinsPerSecond'),
    row('command ceiling', 'ceiling'),
  ].join('\n');
}

async function compareNodes(options: Options, nodes: number, report: Report): Promise<void> {
  const runs: unknown[] = [];
  Object.assign(report, { nodes, steadyS: options.steadySeconds, runs });
  await compareNodeCounts({ devices: options.devices, nodes, steadySeconds: options.steadySeconds, generators: options.generators }, runs);
}

/** The app's soak, then bare's sending the app's state; each target's samples are in the report as they come. */
async function soakBoth(devices: number, seconds: number, generators: number, report: Report): Promise<void> {
  const appSamples: MemorySample[] = [];
  const bareSamples: MemorySample[] = [];
  Object.assign(report, { soakS: seconds, sampleIntervalS: SOAK_SAMPLE_S, rssGrowthLimitPercent: SOAK_GROWTH_LIMIT_PERCENT, devices, app: { samples: appSamples }, bare: { samples: bareSamples } });
  console.log(`${devices} devices, soaking the app, then bare, for ${seconds} s each:`);
  const { state, ...app } = await soak('app', devices, seconds, generators, appSamples);
  report.app = app;
  if (!state) throw new Error('the app sent no state to fan out');
  report.stateBytes = Buffer.byteLength(JSON.stringify(state));
  const { state: _sameState, ...bare } = await soak('bare', devices, seconds, generators, bareSamples, state);
  report.bare = bare;
  console.log(soakTable(app, bare, seconds));
}

async function drainApp(devices: number, signalAfterS: number, generators: number, report: Report): Promise<void> {
  console.log(`${devices} devices, SIGTERM after ${signalAfterS} s of commands:`);
  const result = await drainAndRestart(devices, signalAfterS, generators);
  console.log(drainTable(result));
  Object.assign(report, result);
}

/** Twice what a run's phases allow together: past it, something hangs. */
function runLimitMs(options: Options): number {
  const setupMs = (devices: number) => 240_000 + devices * 40;
  // The app's soak, then bare's.
  if (options.soakSeconds !== null) return 2 * 2 * (setupMs(options.devices[0]!) + (options.soakSeconds + 60) * 1_000);
  // Joined twice: once at first, once after the restart.
  if (options.signalAfterSeconds !== null) return 2 * (2 * setupMs(options.devices[0]!) + (options.signalAfterSeconds + 60) * 1_000 + EXIT_LIMIT_MS);
  // Four deployments per device count, each started (Postgres and Redis too), joined and run once.
  if (options.nodes !== null) return options.devices.reduce((sum, devices) => sum + 2 * 4 * (setupMs(devices) + (options.steadySeconds + 60) * 1_000), 0);
  return options.devices.reduce((sum, devices) => sum + 2 * options.rounds * (setupMs(devices) + (options.steadySeconds + options.maxSteps * (options.stepSeconds + 12)) * 1_000), 0);
}

async function main(): Promise<void> {
  const options = parseOptions();
  const began = performance.now();
  const report: Report = {
    bench: options.soakSeconds !== null ? 'fanout-soak' : options.signalAfterSeconds !== null ? 'fanout-drain' : options.nodes !== null ? 'fanout-nodes' : 'fanout',
    devicesPerClinic: DEVICES_PER_CLINIC,
    commandIntervalMs: COMMAND_INTERVAL_S * 1_000,
    pinned: CAN_PIN,
    generators: options.generators,
  };
  const finish = (incomplete: boolean) =>
    JSON.stringify({ ...report, durationS: Math.round((performance.now() - began) / 1_000), ...(incomplete ? { incomplete: true } : {}) });
  // Every phase has its own limit; this only ends a run that hangs anyway, with what it has.
  const limitMs = runLimitMs(options);
  setTimeout(async () => {
    console.error(`fan-out benchmark: still running after ${limitMs / 1_000} s, giving up`);
    console.log(finish(true));
    await stopEveryDeployment();
    process.exit(1);
  }, limitMs).unref();
  // Interrupted, it stops what it started before it goes: Postgres runs as a daemon and would stay.
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      console.error(`fan-out benchmark: ${signal}, stopping`);
      void stopEveryDeployment().finally(() => process.exit(1));
    });
  }

  const server = options.nodes === null ? 'server' : 'every server-side process (nodes, Postgres, Redis)';
  console.log(
    CAN_PIN
      ? `${server} on core ${SERVER_CORE}, load generator (up to ${options.generators} processes) on core ${LOAD_CORE} (taskset)`
      : `taskset is not available: ${server} and load generator (up to ${options.generators} processes) are not pinned and may share cores`,
  );
  if (options.soakSeconds !== null) await soakBoth(options.devices[0]!, options.soakSeconds, options.generators, report);
  else if (options.signalAfterSeconds !== null) await drainApp(options.devices[0]!, options.signalAfterSeconds, options.generators, report);
  else if (options.nodes !== null) await compareNodes(options, options.nodes, report);
  else await compareWithBare(options, report);
  console.log(finish(false));
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error('fan-out benchmark failed:', error);
    process.exit(1);
  },
);
