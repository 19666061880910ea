/**
 * Benchmark: what one facilitator command costs the event loop in the app's own code, and the
 * garbage it leaves, without sockets or disk, next to what bare Socket.IO does for each command
 * in the same run. The fan-out benchmark measures the whole server; this one isolates the part
 * that bare does not have, in seconds rather than minutes, for working on it.
 *
 * `--clinics` rooms (default 1,667: the fan-out benchmark's 10,000 devices) of six joined
 * participants, started; each round every facilitator sends one ADJUST_TIME, a minute on and a
 * minute off in turn, as the fan-out benchmark's do. Three measures, each after warm-up rounds:
 * - room: the payload validated, then the room's command: the shared rules, the machine step, the
 *   new record and its commit, with a store that writes the record as JSON text, as both stores
 *   do, and answers asynchronously, and a broadcast that goes nowhere (the broadcast's
 *   serialisation is the baseline's).
 * - machine: the same events sent to started actors alone: the machine step's share.
 * - bare: the next revision of the state made and serialised once, as the fan-out benchmark's
 *   bare server makes it and Socket.IO's encoder serialises it for each broadcast: what bare
 *   Socket.IO does per command that the app does too.
 * Each is given in CPU microseconds a command (`--rounds` rounds, default 30) and in kilobytes
 * allocated a command, garbage included (V8's sampling heap profiler, every object kept).
 * Room and machine are measured for this tree and for a baseline, the server and shared code of an
 * earlier commit (by default the parent of the commit that sent +1/-1 min straight back to
 * onTime; see `baselineTree.ts`), each with rooms and actors of its own. The targets take turns,
 * `--repeat` times (default 3); each figure is the median of its runs.
 *
 *   npm run bench:commands [-- --clinics 1667 --rounds 30 --repeat 3 --baseline <commit>|none]
 *
 * Prints a table, then one JSON object as the last line.
 */
import { Session } from 'node:inspector/promises';
import { parseArgs } from 'node:util';
import type * as ClinicRoomModule from '../../server/room/clinicRoom.ts';
import type { ClinicRoom, RoomDeps } from '../../server/room/clinicRoom.ts';
import type * as ClinicMachineModule from '../../shared/clinicMachine.ts';
import type { ClinicState } from '../../shared/clinicStateSchema.ts';
import type * as ClassicModule from '../../shared/formats/classic.ts';
import type * as ProtocolSchemasModule from '../../shared/protocolSchemas.ts';
import { PROJECT_ROOT } from '../support/servers.ts';
import { baselineFrom, importFrom, sourceTreeOf } from './baselineTree.ts';
import { wholeCount } from './benchOptions.ts';
import { mediansOf } from './stats.ts';

const WARM_UP_ROUNDS = 5;
/** Bytes between heap samples: small enough that a few rounds give a steady figure. */
const SAMPLING_INTERVAL_BYTES = 1024;
const SAMPLED_ROUNDS = 5;
const NAMES = ['Fran', 'Gia', 'Ana', 'Ben', 'Cy', 'Dee'];
const MINUTE_MS = 60_000;
/** The subject of the commit that sent an adjustment still on time straight back to onTime; its parent is the default baseline. */
const CHANGE_SUBJECT = '^An adjustment that leaves the step on time';

interface Measure {
  readonly cpuUsPerCommand: number;
  readonly kbAllocatedPerCommand: number;
}

interface TargetMeasures {
  readonly room: Measure;
  readonly machine: Measure;
}

/** One round: every clinic's command, adjusting by `deltaMs`. */
type Round = (deltaMs: number) => Promise<unknown> | void;

interface Options {
  readonly clinics: number;
  readonly rounds: number;
  readonly repeat: number;
  /** A commit to compare with, or null for none. */
  readonly baselineCommit: string | null;
}

function parseOptions(): Options {
  const { values } = parseArgs({
    options: {
      clinics: { type: 'string', default: '1667' },
      rounds: { type: 'string', default: '30' },
      repeat: { type: 'string', default: '3' },
      baseline: { type: 'string' },
    },
  });
  return {
    clinics: wholeCount('clinics', values.clinics),
    rounds: wholeCount('rounds', values.rounds),
    repeat: wholeCount('repeat', values.repeat),
    baselineCommit: baselineFrom(values.baseline, CHANGE_SUBJECT, 'sent +1/-1 min straight back to onTime'),
  };
}

const failures: unknown[] = [];
const roomDeps: RoomDeps = {
  store: {
    load: async () => null,
    // Every save in either store starts with the record's JSON, much of what a save costs
    // the event loop; the answer comes asynchronously, as a real store's does, so each command
    // waits for its save.
    save: (record) => {
      JSON.stringify(record);
      return Promise.resolve();
    },
    delete: async () => undefined,
    deleteExpired: async () => [],
    close: async () => undefined,
  },
  now: () => Date.now(),
  broadcast: () => undefined,
  sendAsides: () => undefined,
  dismiss: () => undefined,
  onDeleted: () => undefined,
  log: (message, error) => failures.push(error ?? message),
  touchAfterMs: 60 * MINUTE_MS,
  presenceMirror: { arrived: () => undefined, departed: () => undefined },
  isHere: () => true,
  anySocketElsewhere: async () => false,
};

/** One source tree's clinics, started: rooms for the room path, actors for the machine alone. */
async function startClinics(root: string, clinics: number) {
  const [{ ClinicRoom: Room }, { createClinicActor }, { CLASSIC }, { commandPayloadSchema }] = await Promise.all([
    importFrom<typeof ClinicRoomModule>(root, 'server/room/clinicRoom.ts'),
    importFrom<typeof ClinicMachineModule>(root, 'shared/clinicMachine.ts'),
    importFrom<typeof ClassicModule>(root, 'shared/formats/classic.ts'),
    importFrom<typeof ProtocolSchemasModule>(root, 'shared/protocolSchemas.ts'),
  ]);
  /** Each room with its facilitator and the revision they last saw, as a device knows it from its acknowledgements. */
  const rooms: Array<{ room: ClinicRoom; facilitatorId: string; seen: number }> = [];
  for (let index = 0; index < clinics; index += 1) {
    const { room, facilitatorKey } = await Room.create({ format: CLASSIC }, `clinic-${index}`, roomDeps);
    const ids: string[] = [];
    for (const [position, name] of NAMES.entries()) {
      const joined = await room.join(position === 0 ? { name, facilitatorKey } : { name }, `node/device-${index}-${position}`);
      if (!joined.ok) throw new Error(`${name} could not join: ${joined.error.reason}`);
      ids.push(joined.data.participantId);
    }
    const [facilitatorId, caseGiverId] = ids as [string, string];
    let seen = room.shownState().revision;
    for (const command of [{ type: 'SET_CASE_GIVER', participantId: caseGiverId }, { type: 'START' }] as const) {
      const done = await room.command(facilitatorId, command, seen);
      if (!done.ok) throw new Error(`${command.type} was refused: ${done.error.reason}`);
      seen = done.data.revision;
    }
    rooms.push({ room, facilitatorId, seen });
  }
  const actors = Array.from({ length: clinics }, () => {
    const actor = createClinicActor({ format: CLASSIC });
    const at = Date.now();
    for (const name of NAMES) actor.send({ type: 'PARTICIPANT_JOINED', participantId: name, at });
    actor.send({ type: 'SET_CASE_GIVER', participantId: NAMES[1]!, at });
    actor.send({ type: 'START', at });
    return actor;
  });
  const roomRound: Round = (deltaMs) =>
    Promise.all(
      rooms.map(async (clinic) => {
        const { command, basedOnRevision } = commandPayloadSchema.parse({ command: { type: 'ADJUST_TIME', deltaMs }, basedOnRevision: clinic.seen });
        const done = await clinic.room.command(clinic.facilitatorId, command, basedOnRevision);
        if (done.ok) clinic.seen = done.data.revision;
        else failures.push(done.error.reason);
      }),
    );
  const machineRound: Round = (deltaMs) => {
    const at = Date.now();
    for (const actor of actors) actor.send({ type: 'ADJUST_TIME', deltaMs, at });
  };
  return {
    state: rooms[0]!.room.shownState(),
    measure: async (rounds: number): Promise<TargetMeasures> => ({
      room: await measure(roomRound, clinics, rounds),
      machine: await measure(machineRound, clinics, rounds),
    }),
    stop: async () => {
      for (const { room } of rooms) await room.stop();
      actors.forEach((actor) => actor.stop());
    },
  };
}

/** What bare Socket.IO does per command that the app does too: the next revision of the state, serialised once. */
const bareRound = (state: ClinicState, clinics: number): Round => () => {
  for (let index = 0; index < clinics; index += 1) JSON.stringify(['clinic:state', { ...state, revision: index }]);
};

async function runRounds(round: Round, rounds: number, firstSign: number): Promise<number> {
  let sign = firstSign;
  for (let index = 0; index < rounds; index += 1) {
    await round(sign * MINUTE_MS);
    sign = -sign;
  }
  return sign;
}

/** CPU and allocation a command, each from passes of its own: sampling slows what it samples. */
async function measure(round: Round, commandsPerRound: number, rounds: number): Promise<Measure> {
  let sign = await runRounds(round, WARM_UP_ROUNDS, 1);
  const cpuBefore = process.cpuUsage();
  sign = await runRounds(round, rounds, sign);
  const cpu = process.cpuUsage(cpuBefore);
  const session = new Session();
  session.connect();
  await session.post('HeapProfiler.startSampling', { samplingInterval: SAMPLING_INTERVAL_BYTES, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true });
  await runRounds(round, SAMPLED_ROUNDS, sign);
  const { profile } = await session.post('HeapProfiler.stopSampling');
  session.disconnect();
  let bytes = 0;
  const visit = (node: typeof profile.head): void => {
    bytes += node.selfSize;
    node.children.forEach(visit);
  };
  visit(profile.head);
  return {
    cpuUsPerCommand: Math.round(((cpu.user + cpu.system) / (rounds * commandsPerRound)) * 10) / 10,
    kbAllocatedPerCommand: Math.round((bytes / 1024 / (SAMPLED_ROUNDS * commandsPerRound)) * 10) / 10,
  };
}

const medianMeasure = (runs: readonly Measure[]): Measure => mediansOf(runs);
const medianTarget = (runs: readonly TargetMeasures[]): TargetMeasures => ({
  room: medianMeasure(runs.map(({ room }) => room)),
  machine: medianMeasure(runs.map(({ machine }) => machine)),
});

async function main(): Promise<void> {
  const options = parseOptions();
  const { clinics, rounds, repeat, baselineCommit } = options;
  const tree = baselineCommit ? sourceTreeOf(baselineCommit) : null;
  try {
    const current = await startClinics(PROJECT_ROOT, clinics);
    const baseline = tree ? await startClinics(tree.root, clinics) : null;
    const runs: { current: TargetMeasures[]; baseline: TargetMeasures[]; bare: Measure[] } = { current: [], baseline: [], bare: [] };
    for (let turn = 0; turn < repeat; turn += 1) {
      // Each goes first in turn, so neither always meets the heap the other left.
      const order = turn % 2 === 0 ? ([current, baseline] as const) : ([baseline, current] as const);
      for (const target of order) if (target) (target === current ? runs.current : runs.baseline).push(await target.measure(rounds));
      runs.bare.push(await measure(bareRound(current.state, clinics), clinics, rounds));
    }
    await current.stop();
    await baseline?.stop();
    if (failures.length > 0) throw new Error(`${failures.length} commands failed, the first: ${String(failures[0])}`);
    const results = { current: medianTarget(runs.current), baseline: baseline ? medianTarget(runs.baseline) : null, bare: medianMeasure(runs.bare) };
    const stateBytes = JSON.stringify(current.state).length;
    console.log(table(options, stateBytes, results));
    console.log(JSON.stringify({ bench: 'commands', ...options, command: 'ADJUST_TIME', stateBytes, ...results, runs }));
  } finally {
    tree?.remove();
  }
}

function table(
  { clinics, rounds, repeat, baselineCommit }: Options,
  stateBytes: number,
  { current, baseline, bare }: { current: TargetMeasures; baseline: TargetMeasures | null; bare: Measure },
): string {
  const ratio = (mine: number, theirs: number) => (Math.round((mine / theirs) * 100) / 100).toString();
  const row = (label: string, ...cells: string[]) => label.padEnd(34) + cells.map((cell) => cell.padStart(12)).join('');
  const lines = [
    `${clinics} clinics x ${NAMES.length} participants, one ADJUST_TIME per clinic a round, ${rounds} rounds, median of ${repeat}; state ${stateBytes} bytes`,
    baselineCommit ? `baseline: ${baselineCommit.slice(0, 12)}` : 'no baseline',
    row('', 'this tree', 'baseline', 'this/base', 'bare', 'this/bare'),
  ];
  for (const part of ['room', 'machine'] as const) {
    for (const [label, key] of [['CPU a command (us)', 'cpuUsPerCommand'], ['allocated a command (KB)', 'kbAllocatedPerCommand']] as const) {
      const mine = current[part][key];
      const theirs = baseline?.[part][key];
      const againstBaseline = theirs === undefined ? ['-', '-'] : [String(theirs), ratio(mine, theirs)];
      lines.push(row(`${part}: ${label}`, String(mine), ...againstBaseline, String(bare[key]), ratio(mine, bare[key])));
    }
  }
  return lines.join('\n');
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error('command path benchmark failed:', error);
    process.exit(1);
  },
);
