/**
 * Benchmark: how soon does everyone have their clinic back after the server dies?
 *
 * A server child process holds a running clinic with CLIENTS socket.io clients connected (each
 * person on a laptop and a phone), reconnecting with the browser client's settings. Each round the
 * facilitator changes the clinic, then the server is killed with SIGKILL and restarted on the same
 * data dir and port. For every client we time how long from the restart (the spawn of the new
 * process) until it has been sent, by the new process, the clinic exactly as it was before the
 * kill; the round's figure is when the last client got there.
 *
 * Run: npm run bench:restart. Prints a table, then one JSON object as the last line.
 */
import { isDeepStrictEqual } from 'node:util';
import { Manager } from 'socket.io-client';
import { commandAndSettle } from '../support/crew.ts';
import { createClinicAt, TestParticipant } from '../support/participant.ts';
import { freePort, makeDataDir, startServerProcess, type ServerProcess } from '../support/servers.ts';
import { maxOf, percentile } from './stats.ts';
import type { ClinicState } from '../../shared/clinicStateSchema.ts';
import type { FacilitatorCommand } from '../../shared/protocolSchemas.ts';

/** People in the clinic (a facilitator, a case giver, coaches), each on two devices. */
const PEOPLE = 12;
const DEVICES_PER_PERSON = 2;
const CLIENTS = PEOPLE * DEVICES_PER_PERSON;
const ROUNDS = 20;
/** Before each round after the first, so rounds restore a new speaker, a paused and a running timer. */
const COMMANDS: readonly FacilitatorCommand[] = [{ type: 'NEXT_SPEAKER' }, { type: 'PAUSE' }, { type: 'RESUME' }];
/** The whole run, setup included, must end within this, or it gives up and exits non-zero. */
const BENCH_TIME_LIMIT_MS = 240_000;

/**
 * client/connection.ts keeps socket.io-client's reconnection defaults (about 1 s, doubling up to
 * 5 s, ±50 %). The test helper retries every 50-200 ms, which would flatter the figures.
 */
const browserDefaults = new Manager('http://127.0.0.1', { autoConnect: false });
const RECONNECTION = {
  delayMs: browserDefaults.reconnectionDelay(),
  delayMaxMs: browserDefaults.reconnectionDelayMax(),
  randomization: browserDefaults.randomizationFactor(),
};

/** What must come back: everything but the revision and who is online right now. */
const clinicAsShown = (state: ClinicState) => ({
  ...state,
  revision: null,
  participants: state.participants.map(({ id, name }) => ({ id, name })),
});

const summarize = (values: readonly number[]) => ({
  p50Ms: Math.round(percentile(values, 50)),
  p95Ms: Math.round(percentile(values, 95)),
  maxMs: Math.round(maxOf(values)),
});

/** The same person on another device: it rejoins with the token the first device was given. */
async function secondDevice(url: string, clinicId: string, first: TestParticipant, facilitatorKey?: string): Promise<TestParticipant> {
  const device = new TestParticipant(url, clinicId, 'second device', facilitatorKey);
  device.me = first.me;
  const reply = await device.join();
  if (!reply.ok) throw new Error(`A second device could not join: ${reply.error.message}`);
  return device;
}

/** Starts a clinic with every device connected, moved on to the first coach's Reflections turn. */
async function clinicInReflections(url: string) {
  const { clinicId, facilitatorKey } = await createClinicAt(url);
  const people: TestParticipant[] = [await TestParticipant.join(url, clinicId, 'Fran', facilitatorKey)];
  for (let index = 1; index < PEOPLE; index += 1) people.push(await TestParticipant.join(url, clinicId, index === 1 ? 'Gia' : `Coach ${index - 1}`));
  const devices = [...people];
  for (const [index, person] of people.entries()) devices.push(await secondDevice(url, clinicId, person, index === 0 ? facilitatorKey : undefined));
  for (const device of devices) {
    device.socket.io.reconnectionDelay(RECONNECTION.delayMs).reconnectionDelayMax(RECONNECTION.delayMaxMs).randomizationFactor(RECONNECTION.randomization);
  }
  const [fran, gia] = people as [TestParticipant, TestParticipant];
  await Promise.all(devices.map((device) => device.waitFor((state) => state.participants.length === PEOPLE && state.participants.every((person) => person.online))));
  await commandAndSettle(fran, devices, { type: 'SET_CASE_GIVER', participantId: gia.id });
  await commandAndSettle(fran, devices, { type: 'START' });
  const state = await commandAndSettle(fran, devices, { type: 'NEXT_PHASE' });
  return { fran, devices, state };
}

interface RoundResult {
  readonly listeningMs: number;
  /** Per client, from the spawn. */
  readonly clientsMs: number[];
}

/** Kills the server, restarts it, and times every device's way back to `before`. */
async function restartRound(server: ServerProcess, devices: readonly TestParticipant[], before: ClinicState, dataDir: string, port: number) {
  const expected = clinicAsShown(before);
  const allDisconnected = Promise.all(devices.map((device) => new Promise((resolve) => device.socket.once('disconnect', resolve))));
  await server.stop('SIGKILL');
  await allDisconnected;
  // Forget what the old process sent, so only a state from the new one counts.
  for (const device of devices) device.state = null;

  const recovered = devices.map((device) =>
    device.waitFor((state) => isDeepStrictEqual(clinicAsShown(state), expected), 'the clinic as it was before the kill').then(() => performance.now()),
  );
  const spawnedAt = performance.now();
  const restarted = await startServerProcess({ dataDir, port });
  const listeningAt = performance.now();
  const times = await Promise.all(recovered);
  const result: RoundResult = { listeningMs: listeningAt - spawnedAt, clientsMs: times.map((at) => at - spawnedAt) };
  return { restarted, result };
}

const everyClientMs = (round: RoundResult) => maxOf(round.clientsMs);

function table(rounds: readonly RoundResult[]): string {
  const cells = (...values: number[]) => values.map((value) => String(Math.round(value)).padStart(9)).join('');
  const header = (...names: string[]) => names.map((name) => name.padStart(9)).join('');
  return [
    `${'round'.padEnd(6)}${header('listening', 'every', 'client', 'client')}`,
    `${''.padEnd(6)}${header('', 'client', 'p50', 'p95')}   (ms from the spawn of the new process)`,
    ...rounds.map((round, index) => {
      const clients = summarize(round.clientsMs);
      return `${String(index + 1).padEnd(6)}${cells(round.listeningMs, everyClientMs(round), clients.p50Ms, clients.p95Ms)}`;
    }),
  ].join('\n');
}

async function main(): Promise<void> {
  const { dataDir, remove } = makeDataDir();
  const port = await freePort();
  let server = await startServerProcess({ dataDir, port });
  // Whatever happens, the server child does not outlive the benchmark.
  process.on('exit', () => server.child.kill('SIGKILL'));
  let devices: TestParticipant[] = [];
  const rounds: RoundResult[] = [];
  try {
    const clinic = await clinicInReflections(server.url);
    devices = clinic.devices;
    let state = clinic.state;
    for (let round = 0; round < ROUNDS; round += 1) {
      if (round > 0) state = await commandAndSettle(clinic.fran, devices, COMMANDS[(round - 1) % COMMANDS.length]!);
      const { restarted, result } = await restartRound(server, devices, state, dataDir, port);
      server = restarted;
      rounds.push(result);
    }

    const { delayMs, delayMaxMs, randomization } = RECONNECTION;
    console.log(`restart recovery: ${CLIENTS} clients (${PEOPLE} people on ${DEVICES_PER_PERSON} devices each), ${ROUNDS} rounds of SIGKILL and restart on the same port and data`);
    console.log(`clients reconnect as the browser client does: after ${delayMs} ms, doubling up to ${delayMaxMs} ms, ±${randomization * 100} %`);
    console.log(table(rounds));
    const everyClient = summarize(rounds.map(everyClientMs));
    const perClient = summarize(rounds.flatMap((round) => round.clientsMs));
    const listening = summarize(rounds.map((round) => round.listeningMs));
    console.log(
      `restart until every client is back: p50 ${everyClient.p50Ms} ms, p95 ${everyClient.p95Ms} ms (over ${ROUNDS} rounds); ` +
        `per client: p50 ${perClient.p50Ms} ms, p95 ${perClient.p95Ms} ms; the server itself listens after p50 ${listening.p50Ms} ms`,
    );
    console.log(JSON.stringify({ clients: CLIENTS, rounds: ROUNDS, ...everyClient, perClient, serverListening: listening, reconnection: RECONNECTION }));
  } catch (error) {
    if (rounds.length > 0) console.error(`the rounds completed before the failure:\n${table(rounds)}`);
    throw error;
  } finally {
    for (const device of devices) device.close();
    await server.stop('SIGKILL');
    remove();
  }
}

const giveUp = setTimeout(() => {
  console.error(`restart recovery benchmark: gave up after ${BENCH_TIME_LIMIT_MS / 1_000} s`);
  process.exit(1);
}, BENCH_TIME_LIMIT_MS);
giveUp.unref();

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error('restart recovery benchmark failed:', error);
    process.exit(1);
  },
);
