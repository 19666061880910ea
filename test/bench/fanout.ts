/**
 * Benchmark: how many devices can one node serve, next to a bare Socket.IO server doing the same
 * fan-out in the same run?
 *
 * For each device count: N/6 clinics of 6 devices (socket.io-client, websocket) against the app
 * (createApp with its SQLite store on disk), then against a bare Socket.IO server that fans out a
 * real ClinicState the app sent, of the same size. The server runs in one process on one core and
 * the load generator in another on the other core (taskset; without it, they share the cores and
 * the report says so). Each target: the devices join (joins per second); one facilitator command
 * per clinic every 2 s for a while (latency from sending to each device's receipt: p50, p95, p99;
 * the server's CPU as it measures itself; resident memory per connection); then the rate grows
 * step by step until p99 passes the bound, or commands fail or cannot be sent at the rate (the
 * command ceiling is the last rate that held). Every phase is bounded in time and count.
 *
 *   npm run bench:fanout [-- --devices 600,3000,10000,15000 --steady-s 20 --p99-bound-ms 250]
 *
 * Prints a table per device count, then one JSON object as the last line.
 */
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import type { ClinicState } from '../../shared/clinicStateSchema.ts';
import type { ServerUsage } from './benchServer.ts';
import { DEVICES_PER_CLINIC } from './fanoutClinics.ts';
import type { RunSummary, Target } from './fanoutLoad.ts';
import { CAN_PIN, startPinnedProcess } from './pinnedProcess.ts';

const SERVER_CORE = 0;
const LOAD_CORE = 1;
const COMMAND_INTERVAL_S = 2;
/** Ceiling steps: each this much faster than the one before, the steady phase first. */
const CEILING_GROWTH = 1.5;
/** A step holds if at least this share of its commands could be sent (one in flight per clinic). */
const SENT_SHARE_TO_HOLD = 0.9;

interface Options {
  readonly devices: readonly number[];
  readonly steadySeconds: number;
  readonly p99BoundMs: number;
  readonly stepSeconds: number;
  readonly maxSteps: number;
}

function parseOptions(): Options {
  const { values } = parseArgs({
    options: {
      devices: { type: 'string', default: '600,3000' },
      'steady-s': { type: 'string', default: '20' },
      'p99-bound-ms': { type: 'string', default: '250' },
      'step-s': { type: 'string', default: '4' },
      'max-steps': { type: 'string', default: '10' },
    },
  });
  const positive = (name: string, raw: string) => {
    const value = Number(raw);
    if (!(value > 0)) throw new Error(`--${name} must be a positive number, not ${raw}`);
    return value;
  };
  return {
    devices: values.devices.split(',').map((count) => Math.ceil(positive('devices', count) / DEVICES_PER_CLINIC) * DEVICES_PER_CLINIC),
    steadySeconds: positive('steady-s', values['steady-s']),
    p99BoundMs: positive('p99-bound-ms', values['p99-bound-ms']),
    stepSeconds: positive('step-s', values['step-s']),
    maxSteps: positive('max-steps', values['max-steps']),
  };
}

/** Share of one core the server used between two of its own readings. */
const cpuBetween = (from: ServerUsage, to: ServerUsage) => Math.round(((to.cpuMicros - from.cpuMicros) / 1_000 / (to.atMs - from.atMs)) * 100) / 100;
const megabytes = (bytes: number) => Math.round(bytes / 1e5) / 10;

interface CeilingStep extends RunSummary {
  readonly serverCpu: number;
  /** Why the step did not hold; null if it held. */
  readonly missedBy: string | null;
}

function missedBy(step: RunSummary, rate: number, options: Options): string | null {
  if (step.failed + step.lost > 0) return `${step.failed} failed, ${step.lost} lost`;
  if (step.p99Ms > options.p99BoundMs) return `p99 ${step.p99Ms} ms`;
  if (step.sent < SENT_SHARE_TO_HOLD * rate * step.seconds) return `only ${step.sentRate}/s could be sent`;
  return null;
}

interface TargetResult {
  readonly joinsPerSecond: number;
  readonly joinServerCpu: number;
  readonly steady: RunSummary & { readonly serverCpu: number };
  readonly rssIdleMb: number;
  readonly rssJoinedMb: number;
  readonly rssAfterSteadyMb: number;
  /** Resident memory after the steady phase, above the idle server's, per connection. */
  readonly kbPerConnection: number;
  /** Commands a second at the last step that held; null if none did. */
  readonly ceiling: number | null;
  /** What ended the climb, and how busy the load generator was then. */
  readonly ceilingEnd: string;
  /** The machine's load average over the last minute as the target started: other work skews every figure. */
  readonly loadAverageAtStart: number;
  readonly ceilingSteps: readonly CeilingStep[];
}

async function measure(target: Target, devices: number, options: Options, template: ClinicState | null) {
  const loadAverageAtStart = Math.round(loadavg()[0]! * 100) / 100;
  const server = startPinnedProcess(target === 'app' ? './fanoutAppServer.ts' : './fanoutBareServer.ts', SERVER_CORE);
  const load = startPinnedProcess('./fanoutLoad.ts', LOAD_CORE);
  const usage = () => server.ask<ServerUsage>('usage');
  // Joins go at hundreds a second at worst; a phase that takes far longer has failed.
  const joinLimitMs = 60_000 + devices * 20;
  try {
    const port = await server.ask<number>('listen', template);
    const idle = await usage();
    const { clinics } = await load.ask<{ clinics: number }>('prepare', { url: `http://127.0.0.1:${port}`, target, devices }, joinLimitMs);
    const beforeJoins = await usage();
    const joined = await load.ask<{ joined: number; seconds: number }>('join', undefined, joinLimitMs);
    const afterJoins = await usage();
    const { state } = await load.ask<{ state: ClinicState | null }>('start', undefined, joinLimitMs);

    const run = async (rate: number, seconds: number) => {
      const before = await usage();
      const summary = await load.ask<RunSummary>('run', { rate, seconds }, (seconds + 60) * 1_000);
      const after = await usage();
      return { summary: { ...summary, serverCpu: cpuBetween(before, after) }, after };
    };
    const steadyRate = clinics / COMMAND_INTERVAL_S;
    const { summary: steady, after: afterSteady } = await run(steadyRate, options.steadySeconds);
    console.log(`  ${target}: ${joined.joined} joined in ${joined.seconds.toFixed(1)} s; steady p99 ${steady.p99Ms} ms at ${steady.sentRate}/s`);

    const ceilingSteps: CeilingStep[] = [];
    // The steady phase is the first step: if it held, the ceiling is at least its rate.
    let ceiling = missedBy(steady, steadyRate, options) === null ? steady.sentRate : null;
    for (let rate = steadyRate * CEILING_GROWTH, step = 0; step < options.maxSteps; step += 1, rate *= CEILING_GROWTH) {
      const { summary } = await run(Math.round(rate), options.stepSeconds);
      const step = { ...summary, missedBy: missedBy(summary, rate, options) };
      ceilingSteps.push(step);
      console.log(
        `  ${target}: ${step.sentRate}/s for ${step.seconds} s: p99 ${step.p99Ms} ms, server CPU ${step.serverCpu}, generator CPU ${step.generatorCpu}` +
          (step.missedBy ? ` (did not hold: ${step.missedBy})` : ''),
      );
      if (step.missedBy) break;
      ceiling = step.sentRate;
    }
    const last = ceilingSteps.at(-1)!;
    const ceilingEnd = last.missedBy
      ? `${last.missedBy} at ${last.targetRate}/s, generator CPU ${last.generatorCpu}, its loop delay p99 ${last.generatorLoopDelayP99Ms} ms`
      : `every step held (${options.maxSteps} steps)`;
    const result: TargetResult = {
      joinsPerSecond: Math.round(joined.joined / joined.seconds),
      joinServerCpu: cpuBetween(beforeJoins, afterJoins),
      steady,
      rssIdleMb: megabytes(idle.rssBytes),
      rssJoinedMb: megabytes(afterJoins.rssBytes),
      rssAfterSteadyMb: megabytes(afterSteady.rssBytes),
      kbPerConnection: Math.round((afterSteady.rssBytes - idle.rssBytes) / devices / 102.4) / 10,
      ceiling,
      ceilingEnd,
      loadAverageAtStart,
      ceilingSteps,
    };
    return { result, state };
  } finally {
    await server.stop();
    await load.stop();
  }
}

const ratio = (app: number | null, bare: number | null) => (app === null || bare === null || bare === 0 ? null : Math.round((app / bare) * 100) / 100);

function ratiosOf(app: TargetResult, bare: TargetResult) {
  return {
    p50: ratio(app.steady.p50Ms, bare.steady.p50Ms),
    p95: ratio(app.steady.p95Ms, bare.steady.p95Ms),
    p99: ratio(app.steady.p99Ms, bare.steady.p99Ms),
    serverCpu: ratio(app.steady.serverCpu, bare.steady.serverCpu),
    kbPerConnection: ratio(app.kbPerConnection, bare.kbPerConnection),
    joinsPerSecond: ratio(app.joinsPerSecond, bare.joinsPerSecond),
    ceiling: ratio(app.ceiling, bare.ceiling),
  };
}

function table(devices: number, app: TargetResult, bare: TargetResult, options: Options): string {
  const ratios = ratiosOf(app, bare);
  const cell = (value: number | null | string) => String(value ?? '-').padStart(12);
  const row = (label: string, a: number | null, b: number | null, r: number | null | undefined) => `${label.padEnd(40)}${cell(a)}${cell(b)}${cell(r ?? '')}`;
  return [
    `${devices} devices (${devices / DEVICES_PER_CLINIC} clinics x ${DEVICES_PER_CLINIC}), one command per clinic every ${COMMAND_INTERVAL_S} s for ${options.steadySeconds} s`,
    `${''.padEnd(40)}${cell('app')}${cell('bare')}${cell('app/bare')}`,
    row('command to each receipt p50 (ms)', app.steady.p50Ms, bare.steady.p50Ms, ratios.p50),
    row('  p95 (ms)', app.steady.p95Ms, bare.steady.p95Ms, ratios.p95),
    row('  p99 (ms)', app.steady.p99Ms, bare.steady.p99Ms, ratios.p99),
    row('server CPU, steady (share of a core)', app.steady.serverCpu, bare.steady.serverCpu, ratios.serverCpu),
    row('load generator CPU, steady', app.steady.generatorCpu, bare.steady.generatorCpu, null),
    row('  its event loop delay p99 (ms)', app.steady.generatorLoopDelayP99Ms, bare.steady.generatorLoopDelayP99Ms, null),
    row('memory per connection (KB)', app.kbPerConnection, bare.kbPerConnection, ratios.kbPerConnection),
    `${'RSS idle / joined / after steady (MB)'.padEnd(40)}app ${app.rssIdleMb} / ${app.rssJoinedMb} / ${app.rssAfterSteadyMb}; bare ${bare.rssIdleMb} / ${bare.rssJoinedMb} / ${bare.rssAfterSteadyMb}`,
    row('joins per second', app.joinsPerSecond, bare.joinsPerSecond, ratios.joinsPerSecond),
    row('server CPU while joining', app.joinServerCpu, bare.joinServerCpu, null),
    row(`command ceiling (/s, p99 <= ${options.p99BoundMs} ms)`, app.ceiling, bare.ceiling, ratios.ceiling),
    `${'  ended by'.padEnd(40)}app: ${app.ceilingEnd}; bare: ${bare.ceilingEnd}`,
    row('commands failed or lost, steady', app.steady.failed + app.steady.lost, bare.steady.failed + bare.steady.lost, null),
    row('machine load average as it started', app.loadAverageAtStart, bare.loadAverageAtStart, null),
  ].join('\n');
}

async function main(): Promise<void> {
  const options = parseOptions();
  const began = performance.now();
  const runs: unknown[] = [];
  let stateBytes: number | null = null;
  // Every phase has its own limit; this only ends a run that hangs anyway, with what it has.
  const limitMs = options.devices.reduce((sum, devices) => sum + 2 * (240_000 + devices * 40 + (options.steadySeconds + options.maxSteps * (options.stepSeconds + 12)) * 1_000), 0);
  const finish = (incomplete: boolean) =>
    JSON.stringify({
      bench: 'fanout',
      devicesPerClinic: DEVICES_PER_CLINIC,
      commandIntervalMs: COMMAND_INTERVAL_S * 1_000,
      pinned: CAN_PIN,
      p99BoundMs: options.p99BoundMs,
      stateBytes,
      runs,
      durationS: Math.round((performance.now() - began) / 1_000),
      ...(incomplete ? { incomplete: true } : {}),
    });
  setTimeout(() => {
    console.error(`fan-out benchmark: still running after ${limitMs / 1_000} s, giving up`);
    console.log(finish(true));
    process.exit(1);
  }, limitMs).unref();

  console.log(
    CAN_PIN
      ? `server on core ${SERVER_CORE}, load generator on core ${LOAD_CORE} (taskset)`
      : 'taskset is not available: server and load generator are not pinned and may share cores',
  );
  for (const devices of options.devices) {
    console.log(`${devices} devices:`);
    const app = await measure('app', devices, options, null);
    if (!app.state) throw new Error('the app sent no state to fan out');
    stateBytes = Buffer.byteLength(JSON.stringify(app.state));
    const bare = await measure('bare', devices, options, app.state);
    console.log(table(devices, app.result, bare.result, options));
    runs.push({ devices, clinics: devices / DEVICES_PER_CLINIC, app: app.result, bare: bare.result, ratios: ratiosOf(app.result, bare.result) });
  }
  console.log(finish(false));
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error('fan-out benchmark failed:', error);
    process.exit(1);
  },
);
