/**
 * Benchmark: what a crowd of devices reconnecting costs the server, next to a baseline (the app as
 * an earlier commit has it) in the same run. Who is online is memory only; this shows whether
 * devices coming back still cost saves.
 *
 * For each target, N/6 clinics of 6 devices join and start (first joins: new participants, saved),
 * then every device reloads `--rounds` times: it disconnects and joins again on a new connection
 * with its token, 64 at a time. The server runs in a process of its own, pinned to core 0 with
 * `taskset` where there is one; this process is the load. Reported per target: first joins per
 * second, reconnects per second, the time from sending a rejoin to its answer (p50, p95), store
 * saves per reconnect (counted at the store's interface), the server's CPU per reconnect, and
 * devices whose last state does not show everyone online. The targets take turns, `--repeat`
 * times each (the first in turn alternating); each figure is the median of a target's runs.
 *
 *   npm run bench:reconnect [-- --devices 600 --rounds 3 --repeat 2 --baseline <commit>|none]
 *
 * The baseline is the source tree of a commit (by default the parent of the commit that stopped
 * saving presence, found by its subject), unpacked with `git archive` into a temporary directory
 * that borrows this checkout's node_modules. Prints a table, then one JSON object as the last line.
 */
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { io, type Socket } from 'socket.io-client';
import type { ClinicState } from '../../shared/clinicStateSchema.ts';
import { PROTOCOL_VERSION, type Ack, type CommandResult, type CreatedClinic, type JoinedClinic } from '../../shared/protocol.ts';
import { PROJECT_ROOT } from '../support/servers.ts';
import { baselineFrom, sourceTreeOf } from './baselineTree.ts';
import { wholeCount } from './benchOptions.ts';
import type { ServerUsage } from './benchServer.ts';
import { DEVICES_PER_CLINIC } from './fanoutClinics.ts';
import { CAN_PIN, startPinnedProcess } from './pinnedProcess.ts';
import { inPool } from './pool.ts';
import { mediansOf, percentile } from './stats.ts';

/** Joins and reconnects in flight at once: a crowd, not one by one, nor all in a millisecond. */
const CONCURRENCY = 64;
const ANSWER_LIMIT_MS = 20_000;
/** How long every device has, after the storm, to be shown everyone online. */
const SETTLE_LIMIT_MS = 5_000;
const SERVER_CORE = 0;
/** The subject of the commit from which a known device's return saves nothing; its parent is the default baseline. */
const CHANGE_SUBJECT = '^Presence without a save';

interface Options {
  readonly devices: number;
  readonly rounds: number;
  readonly repeat: number;
  /** A commit to compare with, or null for none. */
  readonly baselineCommit: string | null;
}

function parseOptions(): Options {
  const { values } = parseArgs({
    options: {
      devices: { type: 'string', default: '600' },
      rounds: { type: 'string', default: '3' },
      repeat: { type: 'string', default: '2' },
      baseline: { type: 'string' },
    },
  });
  return {
    devices: Math.ceil(wholeCount('devices', values.devices) / DEVICES_PER_CLINIC) * DEVICES_PER_CLINIC,
    rounds: wholeCount('rounds', values.rounds),
    repeat: wholeCount('repeat', values.repeat),
    baselineCommit: baselineFrom(values.baseline, CHANGE_SUBJECT, 'stopped saving presence'),
  };
}

class Device {
  socket!: Socket;
  state: ClinicState | null = null;
  token = '';
  participantId = '';

  constructor(
    private readonly url: string,
    readonly clinicId: string,
  ) {}

  async connect(): Promise<void> {
    this.socket = io(this.url, { transports: ['websocket'], forceNew: true, reconnection: false, timeout: ANSWER_LIMIT_MS });
    this.socket.on('clinic:state', (state: ClinicState) => {
      if (!this.state || state.revision >= this.state.revision) this.state = state;
    });
    await new Promise<void>((resolve, reject) => {
      this.socket.once('connect', resolve);
      this.socket.once('connect_error', reject);
    });
  }

  async ask<T>(event: string, payload: unknown): Promise<T> {
    const answer = (await this.socket.timeout(ANSWER_LIMIT_MS).emitWithAck(event, payload)) as Ack<T>;
    if (!answer.ok) throw new Error(`${event} was refused: ${answer.error.reason}`);
    return answer.data;
  }

  async join(payload: Record<string, unknown>): Promise<void> {
    const joined = await this.ask<JoinedClinic>('clinic:join', { protocolVersion: PROTOCOL_VERSION, clinicId: this.clinicId, ...payload });
    this.token = joined.participantToken;
    this.participantId = joined.participantId;
  }

  /** A reload: this connection goes, a new one joins with the token the device kept; resolves with the rejoin's answer time. */
  async reload(): Promise<number> {
    this.socket.disconnect();
    await this.connect();
    const sent = performance.now();
    await this.join({ participantToken: this.token });
    return performance.now() - sent;
  }
}

interface TargetResult {
  readonly firstJoinsPerSecond: number;
  readonly firstJoinSavesPerJoin: number;
  readonly reconnects: number;
  readonly reconnectsPerSecond: number;
  readonly rejoinAnswerP50Ms: number;
  readonly rejoinAnswerP95Ms: number;
  readonly savesPerReconnect: number;
  /** Server CPU time per reconnect (its arrival and the departure before it), in ms. */
  readonly serverCpuMsPerReconnect: number;
  /** Devices whose last state, once the storm was over, did not show everyone online. */
  readonly devicesOnStalePresence: number;
  readonly loadAverageAtStart: number;
}

const rate = (count: number, ms: number) => Math.round((count / ms) * 1_000);
const cpuMs = (from: ServerUsage, to: ServerUsage) => (to.cpuMicros - from.cpuMicros) / 1_000;

async function measure(sourceRoot: string, options: Options): Promise<TargetResult> {
  const loadAverageAtStart = Math.round(loadavg()[0]! * 100) / 100;
  const server = startPinnedProcess('./reconnectServer.ts', SERVER_CORE);
  const devices: Device[] = [];
  try {
    const port = await server.ask<number>('listen', { sourceRoot });
    const url = `http://127.0.0.1:${port}`;
    const creator = new Device(url, '');
    await creator.connect();
    const clinics: Array<{ clinicId: string; facilitatorKey: string }> = [];
    for (let index = 0; index < options.devices / DEVICES_PER_CLINIC; index += 1) {
      clinics.push(await creator.ask<CreatedClinic>('clinic:create', { protocolVersion: PROTOCOL_VERSION }));
    }
    creator.socket.disconnect();

    const seats = clinics.flatMap(({ clinicId, facilitatorKey }) =>
      Array.from({ length: DEVICES_PER_CLINIC }, (_, seat) => ({ device: new Device(url, clinicId), payload: seat === 0 ? { name: 'Facilitator', facilitatorKey } : { name: `Person ${seat}` } })),
    );
    const savesBeforeJoins = await server.ask<number>('saves');
    const joinsStarted = performance.now();
    await inPool(seats, CONCURRENCY, async ({ device, payload }) => {
      await device.connect();
      await device.join(payload);
      devices.push(device);
    });
    const firstJoinsMs = performance.now() - joinsStarted;
    const firstJoinSaves = (await server.ask<number>('saves')) - savesBeforeJoins;

    // Running clinics, as a crowd reconnecting mid-session finds them.
    const facilitators = devices.filter((device) => seats.find((seat) => seat.device === device)!.payload.facilitatorKey);
    await inPool(facilitators, CONCURRENCY, async (facilitator) => {
      const caseGiver = devices.find((device) => device.clinicId === facilitator.clinicId && device !== facilitator)!;
      for (const command of [{ type: 'SET_CASE_GIVER', participantId: caseGiver.participantId }, { type: 'START' }]) {
        await facilitator.ask<CommandResult>('clinic:command', { command, basedOnRevision: facilitator.state?.revision ?? 0 });
      }
    });

    const savesBefore = await server.ask<number>('saves');
    const usageBefore = await server.ask<ServerUsage>('usage');
    const stormStarted = performance.now();
    const reloads = Array.from({ length: options.rounds }, () => devices).flat();
    const answersMs: number[] = [];
    await inPool(reloads, CONCURRENCY, async (device) => void answersMs.push(await device.reload()));
    const stormMs = performance.now() - stormStarted;
    const usageAfter = await server.ask<ServerUsage>('usage');
    const saves = (await server.ask<number>('saves')) - savesBefore;

    const everyoneOnline = (device: Device) => device.state?.participants.length === DEVICES_PER_CLINIC && device.state.participants.every((person) => person.online);
    const settleBy = performance.now() + SETTLE_LIMIT_MS;
    while (!devices.every(everyoneOnline) && performance.now() < settleBy) await new Promise((resolve) => setTimeout(resolve, 50));

    return {
      firstJoinsPerSecond: rate(devices.length, firstJoinsMs),
      firstJoinSavesPerJoin: Math.round((firstJoinSaves / devices.length) * 100) / 100,
      reconnects: reloads.length,
      reconnectsPerSecond: rate(reloads.length, stormMs),
      rejoinAnswerP50Ms: Math.round(percentile(answersMs, 50) * 10) / 10,
      rejoinAnswerP95Ms: Math.round(percentile(answersMs, 95) * 10) / 10,
      savesPerReconnect: Math.round((saves / reloads.length) * 100) / 100,
      serverCpuMsPerReconnect: Math.round((cpuMs(usageBefore, usageAfter) / reloads.length) * 100) / 100,
      devicesOnStalePresence: devices.filter((device) => !everyoneOnline(device)).length,
      loadAverageAtStart,
    };
  } finally {
    for (const device of devices) device.socket.disconnect();
    await server.stop();
  }
}

function table(options: Options, current: TargetResult, baseline: TargetResult | null): string {
  const cell = (value: number | string | null) => String(value ?? '-').padStart(12);
  const ratio = (a: number, b: number | undefined) => (b === undefined || b === 0 ? null : Math.round((a / b) * 100) / 100);
  const row = (label: string, pick: (result: TargetResult) => number) =>
    `${label.padEnd(44)}${cell(pick(current))}${cell(baseline ? pick(baseline) : null)}${cell(baseline ? ratio(pick(current), pick(baseline)) : null)}`;
  return [
    `${options.devices} devices (${options.devices / DEVICES_PER_CLINIC} clinics x ${DEVICES_PER_CLINIC}), each reloaded ${options.rounds} times, ${CONCURRENCY} at a time; median of ${options.repeat} runs`,
    `${''.padEnd(44)}${cell('this tree')}${cell('baseline')}${cell('this/base')}`,
    row('first joins per second', (result) => result.firstJoinsPerSecond),
    row('  store saves per first join', (result) => result.firstJoinSavesPerJoin),
    row('reconnects per second', (result) => result.reconnectsPerSecond),
    row('  rejoin sent to answer p50 (ms)', (result) => result.rejoinAnswerP50Ms),
    row('  p95 (ms)', (result) => result.rejoinAnswerP95Ms),
    row('  store saves per reconnect', (result) => result.savesPerReconnect),
    row('  server CPU per reconnect (ms)', (result) => result.serverCpuMsPerReconnect),
    row('devices not shown everyone online after', (result) => result.devicesOnStalePresence),
    row('machine load average as it started', (result) => result.loadAverageAtStart),
  ].join('\n');
}

async function main(): Promise<void> {
  const options = parseOptions();
  const started = performance.now();
  console.log(CAN_PIN ? `server on core ${SERVER_CORE} (taskset), load in this process` : 'taskset is missing: server and load share the cores');
  const tree = options.baselineCommit ? sourceTreeOf(options.baselineCommit) : null;
  const runs: { current: TargetResult[]; baseline: TargetResult[] } = { current: [], baseline: [] };
  try {
    for (let round = 0; round < options.repeat; round += 1) {
      // Taking turns, the first alternating, so neither always runs on a cold load generator.
      const order = tree && round % 2 === 1 ? (['baseline', 'current'] as const) : (['current', 'baseline'] as const);
      for (const target of order) {
        if (target === 'baseline' && !tree) continue;
        const result = await measure(target === 'current' ? PROJECT_ROOT : tree!.root, options);
        console.log(`  ${target}: ${result.reconnectsPerSecond} reconnects/s, ${result.savesPerReconnect} saves per reconnect`);
        runs[target].push(result);
      }
    }
  } finally {
    tree?.remove();
  }
  const current = mediansOf(runs.current);
  const baseline = tree ? mediansOf(runs.baseline) : null;
  console.log(table(options, current, baseline));
  console.log(JSON.stringify({ bench: 'reconnect', ...options, pinned: CAN_PIN, current, baseline, runs, durationS: Math.round((performance.now() - started) / 1_000) }));
}

await main();
