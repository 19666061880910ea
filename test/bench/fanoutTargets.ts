/**
 * Where every measurement of the fan-out benchmark begins: a target's server side started (one
 * server process, or the processes of a cluster), the load generator's processes on the other
 * core, and the clinics created, joined and started; then runs of commands at a rate, with the
 * server side's CPU over each.
 */
import { loadavg } from 'node:os';
import type { ClinicState } from '../../shared/clinicStateSchema.ts';
import { START_NODE_FLAGS } from '../support/servers.ts';
import { builtBenchServer } from './benchBundle.ts';
import type { ServerUsage } from './benchServer.ts';
import type { AppServerSetup } from './fanoutAppServer.ts';
import { startLoadGenerators, type LoadGenerators } from './fanoutGenerators.ts';
import type { Joined, Started, Target } from './fanoutLoad.ts';
import { startPinnedProcess, type PinnedProcess } from './pinnedProcess.ts';

export const SERVER_CORE = 0;
export const LOAD_CORE = 1;
/** The steady pace: one facilitator command per clinic this often. */
export const COMMAND_INTERVAL_S = 2;
/** The load generator's processes, unless `--generators` says otherwise (see fanoutGenerators.ts). */
export const DEFAULT_GENERATORS = 4;

/** CPU time so far, with the time of the reading by one clock. */
export interface CpuReading {
  /** User plus system, every thread of every process counted. */
  readonly cpuMicros: number;
  readonly atMs: number;
}

/** What serves the devices: one server, or the nodes of a cluster and what they share. */
export interface ServerSide<Usage extends CpuReading = CpuReading> {
  /** Where devices connect: the server's address, or each node's. */
  readonly urls: readonly string[];
  usage(): Promise<Usage>;
  /** Stops every process of it and removes what they made. */
  stop(): Promise<void>;
}

type UsageOf<Side extends ServerSide> = Awaited<ReturnType<Side['usage']>>;

/** One server process, pinned to the server core, as the single-node modes measure it. */
export interface OneServer extends ServerSide<ServerUsage> {
  readonly process: PinnedProcess;
}

/**
 * Starts the app (on the setup's data; its server and shared sources at `sourceRoot`, this tree's
 * unless a baseline's) or the bare server (fanning out the state given), with node given
 * `alsoNodeFlags` besides its own, and resolves once it listens.
 */
export async function startOneServer(target: Target, setup: AppServerSetup | ClinicState, { sourceRoot, alsoNodeFlags = [] }: { sourceRoot?: string; alsoNodeFlags?: readonly string[] } = {}): Promise<OneServer> {
  // The app runs with the node flags `npm start` gives it; bare on node's defaults.
  const [module, nodeFlags] = target === 'app' ? (['fanoutAppServer', START_NODE_FLAGS] as const) : (['fanoutBareServer', []] as const);
  const process = startPinnedProcess(await builtBenchServer(module, sourceRoot), SERVER_CORE, [...nodeFlags, ...alsoNodeFlags]);
  try {
    const port = await process.ask<number>('listen', setup);
    return { process, urls: [`http://127.0.0.1:${port}`], usage: () => process.ask<ServerUsage>('usage'), stop: () => process.stop() };
  } catch (error) {
    await process.stop();
    throw error;
  }
}

/** Share of one core a server side used between two of its readings. */
export const cpuBetween = (from: CpuReading, to: CpuReading) => Math.round(((to.cpuMicros - from.cpuMicros) / 1_000 / (to.atMs - from.atMs)) * 100) / 100;

/** Joins go at hundreds a second at worst; a phase that takes far longer has failed. */
export const joinLimitMs = (devices: number) => 60_000 + devices * 20;

/** A target's processes with its clinics created, joined and started: where every measurement begins. */
export interface JoinedTarget<Side extends ServerSide> {
  readonly server: Side;
  readonly load: LoadGenerators;
  readonly usage: () => Promise<UsageOf<Side>>;
  /** Clinics set up in full, which the runs send commands to. */
  readonly clinics: number;
  /** Clinics left out, by why: a join or a starting command refused. */
  readonly leftOut: Started['leftOut'];
  readonly joined: Joined;
  readonly idle: UsageOf<Side>;
  readonly beforeJoins: UsageOf<Side>;
  readonly afterJoins: UsageOf<Side>;
  /** A state the app sent, for the bare server to fan out; null from the bare server. */
  readonly state: ClinicState | null;
  /** The machine's load average over the last minute as the target started: other work skews every figure. */
  readonly loadAverageAtStart: number;
}

export interface TargetRun<Side extends ServerSide> {
  /** What the devices talk to, and how it answers (the bare server takes other messages than the app). */
  readonly target: Target;
  /** How the progress lines name it. */
  readonly label: string;
  readonly devices: number;
  /** The load generator's processes. */
  readonly generators: number;
  readonly startServer: () => Promise<Side>;
  /** Commands only add time (the drain mode counts them in the state that way). */
  readonly addOnly?: boolean;
  /** Each clinic's devices on one node (see GeneratorSetup). */
  readonly routedByClinic?: boolean;
  /** Asks more of the server at idle, after its idle usage is read and before any device connects. */
  readonly atIdle?: (server: Side) => Promise<void>;
}

/** Starts the target with `devices` joined, measures it with `work`, and stops every process whatever happens. */
export async function withJoinedTarget<Side extends ServerSide, T>(run: TargetRun<Side>, work: (on: JoinedTarget<Side>) => Promise<T>): Promise<T> {
  const { target, label, devices, addOnly = false, routedByClinic = false } = run;
  const loadAverageAtStart = Math.round(loadavg()[0]! * 100) / 100;
  const load = startLoadGenerators(run.generators, LOAD_CORE);
  let server: Side | undefined;
  try {
    server = await run.startServer();
    const usage = server.usage as () => Promise<UsageOf<Side>>;
    const idle = await usage();
    await run.atIdle?.(server);
    await load.prepare({ urls: server.urls, target, devices, addOnly, routedByClinic }, joinLimitMs(devices));
    const beforeJoins = await usage();
    const joined = await load.join(joinLimitMs(devices));
    const afterJoins = await usage();
    const { state, clinics, leftOut } = await load.start(joinLimitMs(devices));
    const refused = Object.entries(joined.refused).map(([why, count]) => `${count} ${why}`);
    const left = Object.values(leftOut).reduce((sum, count) => sum + count, 0);
    console.log(
      `  ${label}: ${joined.joined} joined in ${joined.seconds.toFixed(1)} s` +
        (refused.length > 0 ? ` (refused: ${refused.join(', ')})` : '') +
        (left > 0 ? `; ${left} clinics left out, ${clinics} measured` : ''),
    );
    return await work({ server, load, usage, clinics, leftOut, joined, idle, beforeJoins, afterJoins, state, loadAverageAtStart });
  } finally {
    await server?.stop();
    await load.stop();
  }
}

/** Sends `rate` commands a second for `seconds`, with the server side's CPU over that time and its readings either side. */
export async function runLoad<Side extends ServerSide>(on: JoinedTarget<Side>, rate: number, seconds: number) {
  const before = await on.usage();
  const summary = await on.load.run({ rate, seconds }, (seconds + 60) * 1_000);
  const after = await on.usage();
  return { summary: { ...summary, serverCpu: cpuBetween(before, after) }, before, after };
}

export const joinsPerSecond = (on: JoinedTarget<ServerSide>) => Math.round(on.joined.joined / on.joined.seconds);
