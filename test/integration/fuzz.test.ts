/**
 * Hostile input against a live server: a storm of random and malformed packets from many
 * connections, one of them a member of the real clinic running meanwhile, then checks that nothing the clinic's people can see
 * has changed, that every answer was a well-formed acknowledgement, and that the server is still
 * up and in charge. The storm is drawn from a seeded generator: set FUZZ_SEED to replay a run.
 * Last, a few specific inputs and packet sequences, each pinned down on its own.
 */
import { randomInt } from 'node:crypto';
import { io, type Socket } from 'socket.io-client';
import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { DEFAULT_LIMITS } from '../../server/limits.ts';
import { socketRoomOf } from '../../server/socketHandlers.ts';
import { ERROR_CODES, PROTOCOL_VERSION, type ErrorCode } from '../../shared/protocol.ts';
import { REASONS, type Reason } from '../../shared/reasons.ts';
import { invariantViolations } from '../support/clinicInvariants.ts';
import { commandAndSettle } from '../support/crew.ts';
import {
  asidePayload,
  eventFrame,
  facilitatorPayload,
  HARVEST_EVENTS,
  harvestPayload,
  hostileEmit,
  OVERSIZED_BYTES,
  rawFrames,
  REAL_EVENTS,
  SeededRandom,
  type HostileEmit,
} from '../support/hostileInput.ts';
import { createClinicAt, openSocket, TestParticipant } from '../support/participant.ts';
import { useInProcessServer } from '../support/serverFixture.ts';
import { freePort, makeDataDir, startServerProcess } from '../support/servers.ts';
import type { ClinicState } from '../../shared/clinicStateSchema.ts';
import type { FacilitatorCommand } from '../../shared/protocolSchemas.ts';
import { coachesOf, caseGiverOf } from '../../shared/lineup.ts';

/**
 * The server's real pace per connection, but refilled faster than in production, so the insider
 * waits out a burst in a fraction of a second; creations capped well above what the storm makes.
 */
const LIMITS = { ...DEFAULT_LIMITS, eventsPerSecond: 50 };
const fixture = useInProcessServer({ limits: LIMITS });

// ---------------------------------------------------------------------------------------------
// The storm's size and pace

type Family = 'stranger' | 'raw' | 'rogue' | 'insider';
/**
 * Packets per family of hostile connection. A family stops at its quota, so the slow ones (a raw
 * connection carries one frame) get their share next to the fast ones.
 */
const QUOTA: Readonly<Record<Family, number>> = { stranger: 6_000, raw: 2_300, rogue: 1_200, insider: 500 };
/** 10,000 packets in all. */
const TARGET_PACKETS = Object.values(QUOTA).reduce((sum, quota) => sum + quota, 0);
/**
 * Parallel connections of each family; each sends a batch, then makes way for a fresh connection.
 * The insider keeps one connection, because leaving would show in the running clinic's presence.
 */
const WORKERS: Readonly<Record<Family, number>> = { stranger: 4, raw: 4, rogue: 2, insider: 1 };
/**
 * Clinics the rogue facilitators run, one after another as each ends. Created up front, because
 * creation is capped per address per hour and the strangers' valid creations use up the rest.
 */
const ROGUE_CLINICS = 14;
/** Packets per stranger connection; the server lets a connection burst 20, so some batches go over. */
const STRANGER_BATCH = { min: 5, max: 28 } as const;
/** Commands per rogue facilitator connection, kept under the burst so most reach the machine. */
const ROGUE_BATCH = { min: 8, max: 16 } as const;
/** The insider sends a full burst, then waits about as long as the server takes to refill it. */
const INSIDER_BURST = LIMITS.eventBurst;
const INSIDER_PAUSE_MS = (1_000 * INSIDER_BURST) / LIMITS.eventsPerSecond;
/** An acknowledgement slower than this on a connection still open counts as lost (a loaded machine is several times slower). */
const ACK_WAIT_MS = 10_000;
/**
 * Guards against a hung storm only: the quotas end it. A loaded machine takes several times
 * longer (a raw connection's handshake per frame slows about fivefold), and a pace is not the test.
 */
const STORM_TIME_LIMIT_MS = 150_000;
const STORM_TEST_TIMEOUT_MS = 180_000;
/** A rogue member joins on a separate connection in this share of rogue rounds. */
const MEMBER_JOIN_CHANCE = 0.3;

const SEED = seedFromEnvironment();

function seedFromEnvironment(): number {
  const fromEnvironment = process.env.FUZZ_SEED;
  if (fromEnvironment === undefined || fromEnvironment === '') return randomInt(0, 2 ** 32 - 1);
  const seed = Number(fromEnvironment);
  if (!Number.isSafeInteger(seed) || seed < 0) throw new Error(`FUZZ_SEED must be a non-negative integer, got "${fromEnvironment}"`);
  return seed >>> 0;
}

// ---------------------------------------------------------------------------------------------
// Acknowledgements: what a well-formed one looks like, and which codes each sender may get

type AckLabel = 'ok' | ErrorCode;

/** The label of a well-formed acknowledgement, or why it is not one. */
function readAck(value: unknown): { label: AckLabel } | { malformed: string } {
  const preview = () => JSON.stringify(value)?.slice(0, 200) ?? String(value);
  if (typeof value !== 'object' || value === null) return { malformed: preview() };
  const ack = value as Record<string, unknown>;
  const keys = Object.keys(ack).sort().join(',');
  if (ack.ok === true && keys === 'data,ok' && typeof ack.data === 'object' && ack.data !== null) return { label: 'ok' };
  if (ack.ok === false && keys === 'error,ok' && typeof ack.error === 'object' && ack.error !== null) {
    const error = ack.error as Record<string, unknown>;
    const known = (ERROR_CODES as readonly unknown[]).includes(error.code);
    // Every refusal names a reason the protocol lists, of its own kind.
    const reasoned = typeof error.reason === 'string' && Object.hasOwn(REASONS, error.reason) && REASONS[error.reason as Reason].code === error.code;
    if (known && reasoned && Object.keys(error).sort().join(',') === 'code,message,reason' && typeof error.message === 'string' && error.message.trim() !== '') {
      return { label: error.code as ErrorCode };
    }
  }
  return { malformed: preview() };
}

/** A stranger is joined nowhere and knows no clinic id, so each event has only these possible answers. */
const STRANGER_ANSWERS: Readonly<Record<string, readonly AckLabel[]>> = {
  'clinic:create': ['ok', 'INVALID_PAYLOAD', 'PROTOCOL_MISMATCH', 'RATE_LIMITED'],
  'clinic:preview': ['INVALID_PAYLOAD', 'PROTOCOL_MISMATCH', 'CLINIC_NOT_FOUND', 'RATE_LIMITED'],
  'clinic:join': ['INVALID_PAYLOAD', 'PROTOCOL_MISMATCH', 'CLINIC_NOT_FOUND', 'RATE_LIMITED'],
  'clinic:command': ['INVALID_PAYLOAD', 'NOT_JOINED', 'RATE_LIMITED'],
  'clinic:aside': ['INVALID_PAYLOAD', 'NOT_JOINED', 'RATE_LIMITED'],
  'clock:ping': ['ok', 'INVALID_PAYLOAD', 'RATE_LIMITED'],
  ...Object.fromEntries(HARVEST_EVENTS.map((event) => [event, ['INVALID_PAYLOAD', 'NOT_JOINED', 'RATE_LIMITED']])),
  'crew:create': ['ok', 'INVALID_PAYLOAD', 'PROTOCOL_MISMATCH', 'RATE_LIMITED'],
  // CREW_NOT_FOUND is of the kind CLINIC_NOT_FOUND.
  'crew:preview': ['INVALID_PAYLOAD', 'PROTOCOL_MISMATCH', 'CLINIC_NOT_FOUND', 'RATE_LIMITED'],
  'crew:join': ['INVALID_PAYLOAD', 'PROTOCOL_MISMATCH', 'CLINIC_NOT_FOUND', 'RATE_LIMITED'],
  'crew:command': ['INVALID_PAYLOAD', 'NOT_JOINED', 'RATE_LIMITED'],
  'crew:pairingCode': ['INVALID_PAYLOAD', 'NOT_JOINED', 'RATE_LIMITED'],
};
const UNKNOWN_EVENT_ANSWERS: readonly AckLabel[] = ['UNKNOWN_EVENT', 'RATE_LIMITED'];
const answersFor = (event: string) => ((REAL_EVENTS as readonly string[]).includes(event) ? STRANGER_ANSWERS[event]! : UNKNOWN_EVENT_ANSWERS);

/** What a clinic's own facilitator may hear back from a command the schema accepts. */
const FACILITATOR_ANSWERS: readonly AckLabel[] = ['ok', 'NOT_ALLOWED_NOW', 'UNKNOWN_PARTICIPANT', 'STALE_COMMAND', 'NOT_FACILITATOR', 'RATE_LIMITED'];
type RogueCommandType = Exclude<FacilitatorCommand['type'], 'DELETE_CLINIC'>;
/**
 * How often a rogue facilitator sends each command. Ending is rare and going back common, so a
 * clinic lives through many rounds; deleting happens once, when a clinic has ended.
 */
const ROGUE_COMMAND_MIX = [
  [8, 'START'],
  [3, 'NEXT_PHASE'],
  [8, 'NEXT_SPEAKER'],
  [6, 'SKIP_SPEAKER'],
  [4, 'RETURN_TO_SKIPPED'],
  [10, 'BACK'],
  [8, 'PAUSE'],
  [8, 'RESUME'],
  [10, 'ADJUST_TIME'],
  [0.3, 'END'],
  [6, 'SET_CASE_GIVER'],
  [8, 'SET_COACH_ORDER'],
  [3, 'SET_ROUND_ORDER'],
  [3, 'SET_ROLE'],
  [5, 'SET_AUTO_ADVANCE'],
  [4, 'SET_CUE_TIMES'],
  [2, 'HAND_OVER'],
  [3, 'ADD_FACILITATOR'],
  [3, 'REMOVE_FACILITATOR'],
  [3, 'REMOVE_PARTICIPANT'],
  [1, 'ROTATE_FACILITATOR_KEY'],
] as const satisfies ReadonlyArray<readonly [number, RogueCommandType]>;
/** Fails to compile when the protocol gains a command the mix leaves out. */
const everyCommandMixed: [Exclude<RogueCommandType, (typeof ROGUE_COMMAND_MIX)[number][1]>] extends [never] ? true : false = true;
void everyCommandMixed;

// ---------------------------------------------------------------------------------------------
// The storm's log

const MAX_PROBLEMS_KEPT = 40;

class StormLog {
  readonly sentByKind = new Map<string, number>();
  readonly sentByFamily: Record<Family, number> = { stranger: 0, raw: 0, rogue: 0, insider: 0 };
  readonly answers = new Map<string, number>();
  /** Answers owed on a connection the server closed (after an oversized or malformed frame): never coming. */
  cutOff = 0;
  connections = 0;
  closedByServer = 0;
  problemCount = 0;
  readonly problems: string[] = [];

  get sent(): number {
    return Object.values(this.sentByFamily).reduce((sum, count) => sum + count, 0);
  }

  countSent(family: Family, kind: string): void {
    this.sentByFamily[family] += 1;
    const key = `${family}: ${kind}`;
    this.sentByKind.set(key, (this.sentByKind.get(key) ?? 0) + 1);
  }

  problem(description: string): void {
    this.problemCount += 1;
    if (this.problems.length < MAX_PROBLEMS_KEPT) this.problems.push(description);
  }

  /** Checks one answer against the labels this sender may get for it. */
  judge(what: string, answer: unknown, allowed: readonly AckLabel[]): AckLabel | null {
    const read = readAck(answer);
    if ('malformed' in read) {
      this.problem(`${what}: malformed acknowledgement ${read.malformed}`);
      return null;
    }
    this.answers.set(read.label, (this.answers.get(read.label) ?? 0) + 1);
    if (!allowed.includes(read.label)) this.problem(`${what}: answered ${read.label}, expected one of ${allowed.join(', ')}`);
    return read.label;
  }

  /** No answer: fine if the server had closed the connection, lost otherwise. */
  unanswered(what: string, reason: string, connectionClosed: boolean): void {
    if (connectionClosed) this.cutOff += 1;
    else this.problem(`${what}: no acknowledgement on an open connection (${reason})`);
  }

  checkState(who: string, state: ClinicState): void {
    for (const violation of invariantViolations(state)) this.problem(`${who}, revision ${state.revision}: ${violation}`);
  }
}

const preview = (emit: HostileEmit) => `${emit.kind} "${emit.event.slice(0, 40)}" ${(JSON.stringify(emit.args) ?? '').slice(0, 160)}`;

/** Socket.IO adds the event name and ack id around the payload; this leaves room for them. */
const PACKET_OVERHEAD_BYTES = 64;
const fitsInOneMessage = (payload: unknown) => Buffer.byteLength(JSON.stringify(payload) ?? '') + PACKET_OVERHEAD_BYTES < OVERSIZED_BYTES;

type Outcome = { answer: unknown } | { noAnswer: string };

function emitWithAck(socket: Socket, event: string, args: readonly unknown[]): Promise<Outcome> {
  return (socket.timeout(ACK_WAIT_MS).emitWithAck(event, ...args) as Promise<unknown>).then(
    (answer) => ({ answer }),
    (error: Error) => ({ noAnswer: error.message }),
  );
}

function connected(socket: Socket): Promise<boolean> {
  return new Promise((resolve) => {
    socket.once('connect', () => resolve(true));
    socket.once('connect_error', () => resolve(false));
  });
}

/** Tracks whether the server (not we) closed a connection. */
function watchClose(socket: Socket): { readonly closedByServer: boolean } {
  const watch = { closedByServer: false };
  socket.on('disconnect', (reason) => {
    if (reason !== 'io client disconnect') watch.closedByServer = true;
  });
  return watch;
}

// ---------------------------------------------------------------------------------------------
// The three kinds of hostile connection

interface StormContext {
  readonly url: string;
  readonly log: StormLog;
  /** True once the family has sent its quota (or the storm ran out of time). */
  readonly done: (family: Family) => boolean;
}

/** Strangers: Socket.IO clients sending garbage, joined nowhere. Each batch on a fresh connection. */
async function strangerWorker({ url, log, done }: StormContext, random: SeededRandom): Promise<void> {
  while (!done('stranger')) {
    const socket = io(url, { transports: ['websocket'], forceNew: true, reconnection: false });
    log.connections += 1;
    if (!(await connected(socket))) {
      log.problem('a stranger could not connect');
      socket.close();
      continue;
    }
    const close = watchClose(socket);
    const intrude = (event: string) => () => log.problem(`a stranger was sent ${event}`);
    socket.on('clinic:state', intrude('clinic:state'));
    socket.on('clinic:gone', intrude('clinic:gone'));

    const pending: Array<Promise<void>> = [];
    for (let count = random.int(STRANGER_BATCH.min, STRANGER_BATCH.max); count > 0 && socket.connected; count -= 1) {
      const emit = hostileEmit(random);
      // The server closes the connection on an oversized message, so it is the batch's last.
      if (emit.kind === 'oversized') count = 1;
      log.countSent('stranger', emit.kind);
      if (!emit.withAck) {
        socket.emit(emit.event, ...emit.args);
        continue;
      }
      pending.push(
        emitWithAck(socket, emit.event, emit.args).then((outcome) => {
          if ('answer' in outcome) log.judge(preview(emit), outcome.answer, answersFor(emit.event));
          else log.unanswered(preview(emit), outcome.noAnswer, close.closedByServer);
        }),
      );
    }
    await Promise.all(pending);
    if (close.closedByServer) log.closedByServer += 1;
    socket.disconnect();
  }
}

/** Marks the harness's closing `clock:ping`, which shows whether the connection survived the frame. */
const PROBE = 'probe: clock:ping';
const ENGINE_IO_OPEN = /^0\{/;
const NAMESPACE_CONNECTED = /^40\{/;
/** The server's refusal of a namespace other than the main one (the frame may ask for `/admin`). */
const NAMESPACE_REFUSED = /^44\/[^,]*,\{"message":"Invalid namespace"\}$/;
const ACK_FRAME = /^43(\d+)(\[[\s\S]*\])$/;

/**
 * Raw websocket: the Engine.IO and Socket.IO handshakes by hand, then one frame (or a binary
 * header and its attachment) no client library would send, then a `clock:ping` probe. One frame
 * per connection, because a malformed frame makes the server close it, and anything sent after
 * would never be read. The session ends when every ack it asked for has come, or when the server
 * closes the connection.
 */
function rawSession({ url, log }: StormContext, random: SeededRandom, ackIds: () => number): Promise<void> {
  const ws = new WebSocket(`${url.replace(/^http/, 'ws')}/socket.io/?EIO=4&transport=websocket`);
  log.connections += 1;
  const owed = new Map<number, string>();
  let closed = false;
  return new Promise<void>((resolve) => {
    let sentFrames = '';
    const timer = setTimeout(() => {
      for (const [id, event] of owed) log.unanswered(`"${event}" (ack ${id}) after raw ${sentFrames}`, 'timed out', closed);
      ws.terminate();
    }, ACK_WAIT_MS);
    const finish = () => {
      clearTimeout(timer);
      resolve();
    };
    const settleIfAnswered = () => {
      if (owed.size === 0) ws.close();
    };
    ws.on('error', () => undefined); // A refused oversized frame surfaces as an error, then a close.
    ws.on('close', () => {
      closed = true;
      if (owed.size > 0) {
        log.closedByServer += 1;
        for (const [id, event] of owed) if (event !== PROBE) log.unanswered(`"${event}" (ack ${id}) after raw ${sentFrames}`, 'closed', true);
        owed.clear();
      }
      finish();
    });
    ws.on('message', (data, isBinary) => {
      if (isBinary) return log.problem('the server sent a binary frame to a raw client');
      const text = data.toString();
      if (ENGINE_IO_OPEN.test(text)) return ws.send('40');
      if (text === '2') return ws.send('3'); // Engine.IO heartbeat
      if (NAMESPACE_CONNECTED.test(text)) return sendFrames();
      if (NAMESPACE_REFUSED.test(text)) return;
      const ack = ACK_FRAME.exec(text);
      if (!ack) return log.problem(`unexpected frame from the server: ${text.slice(0, 120)}`);
      const id = Number(ack[1]);
      const event = owed.get(id);
      if (event === undefined) return log.problem(`an acknowledgement for id ${id}, which was never asked for`);
      owed.delete(id);
      const [answer] = JSON.parse(ack[2]!) as unknown[];
      if (event !== PROBE) log.judge(`raw "${event}" (ack ${id})`, answer, answersFor(event));
      else if ('malformed' in readAck(answer)) log.problem(`the probe after a raw frame: malformed acknowledgement ${ack[2]!.slice(0, 120)}`);
      settleIfAnswered();
    });

    const sendFrames = () => {
      const frames = rawFrames(random, ackIds);
      for (const frame of frames) {
        log.countSent('raw', frame.kind);
        sentFrames += `${frame.kind} ${JSON.stringify(typeof frame.data === 'string' ? frame.data.slice(0, 80) : `<${frame.data.length} bytes>`)} `;
        if (frame.expectsAck) owed.set(frame.expectsAck.id, frame.expectsAck.event);
        ws.send(frame.data, { binary: typeof frame.data !== 'string' && !frame.asText });
      }
      // The probe is the harness's, not the fuzz's: it is answered only if the connection survived.
      if (frames.some((frame) => frame.leavesNamespace)) return settleIfAnswered();
      const probeId = ackIds();
      owed.set(probeId, PROBE);
      ws.send(eventFrame(['clock:ping'], probeId));
    };
  });
}

async function rawWorker(context: StormContext, random: SeededRandom): Promise<void> {
  let ackId = 0;
  const nextAckId = () => ackId++;
  while (!context.done('raw')) await rawSession(context, random, nextAckId);
}

interface RogueClinic {
  readonly clinicId: string;
  facilitatorKey: string;
}

/**
 * Rogue facilitators: people who created their own clinic and drive it with random commands the
 * schema accepts (and some it does not), ids of their own members and made-up ones, random
 * revisions. Every state they are sent must still make sense. A clinic that ends is deleted and
 * the next one taken.
 */
async function rogueWorker({ url, log, done }: StormContext, random: SeededRandom, clinics: RogueClinic[]): Promise<void> {
  let clinic = clinics.shift();
  while (!done('rogue') && clinic) {
    const current = clinic;
    const { clinicId } = current;
    if (random.chance(MEMBER_JOIN_CHANCE)) {
      const member = new TestParticipant(url, clinicId, `Member ${random.int(1, 999)}`);
      log.connections += 1;
      log.countSent('rogue', 'member join');
      // NOT_ALLOWED_NOW: the clinic ended and stayed (its rogue had handed over and could not delete it).
      log.judge('a rogue member joining', await member.join(), ['ok', 'CLINIC_FULL', 'NOT_ALLOWED_NOW']);
      member.close();
    }

    const facilitator = new TestParticipant(url, clinicId, 'Rogue', current.facilitatorKey);
    log.connections += 1;
    // Nothing a rogue sends is oversized or malformed at the transport level, so the server has no reason to close this.
    const close = watchClose(facilitator.socket);
    facilitator.socket.on('clinic:state', (state) => log.checkState(`rogue clinic ${clinicId.slice(0, 6)}`, state));
    log.countSent('rogue', 'facilitator join');
    if (log.judge('a rogue facilitator rejoining', await facilitator.join(), ['ok']) !== 'ok') {
      facilitator.close();
      return;
    }

    const pending: Array<Promise<void>> = [];
    for (let count = random.int(ROGUE_BATCH.min, ROGUE_BATCH.max); count > 0; count -= 1) {
      const ids = { known: facilitator.state?.participants.map((participant) => participant.id) ?? [] };
      const seenRevision = facilitator.state?.revision ?? 0;
      let next = facilitatorPayload(random, ids, random.weighted(ROGUE_COMMAND_MIX), seenRevision);
      // Oversized messages are the strangers' business: the server would close this connection,
      // and a rotated key whose acknowledgement went down with it would lock the rogue out.
      while (!fitsInOneMessage(next.payload)) next = facilitatorPayload(random, ids, random.weighted(ROGUE_COMMAND_MIX), seenRevision);
      const { payload, valid } = next;
      const what = `rogue command ${JSON.stringify(payload)?.slice(0, 160)}`;
      log.countSent('rogue', valid ? 'command' : 'broken command');
      pending.push(
        emitWithAck(facilitator.socket as unknown as Socket, 'clinic:command', [payload]).then((outcome) => {
          if (!('answer' in outcome)) return log.problem(`${what}: no acknowledgement (${outcome.noAnswer}; connection closed by the server: ${close.closedByServer})`);
          const label = log.judge(what, outcome.answer, valid ? FACILITATOR_ANSWERS : [...FACILITATOR_ANSWERS, 'INVALID_PAYLOAD']);
          // A rotated key is the only way back in next round.
          const data = label === 'ok' ? (outcome.answer as { data: { facilitatorKey?: string } }).data : undefined;
          if (data?.facilitatorKey) current.facilitatorKey = data.facilitatorKey;
        }),
      );
    }
    await Promise.all(pending);

    if (facilitator.state?.stage === 'closed') {
      const gone = new Promise((resolve) => facilitator.socket.once('clinic:gone', resolve));
      log.countSent('rogue', 'delete');
      const deleted = log.judge('deleting a finished rogue clinic', await facilitator.command({ type: 'DELETE_CLINIC' }), ['ok', 'NOT_FACILITATOR']);
      if (deleted === 'ok') {
        await gone;
        clinic = clinics.shift();
      }
    }
    facilitator.close();
  }
}

/** What a member who is not a facilitator may hear back from any command: never a yes. */
const INSIDER_ANSWERS: readonly AckLabel[] = ['NOT_FACILITATOR', 'RATE_LIMITED'];
/** What a listener (neither case giver, coach nor facilitator) may hear back from any aside: never a yes either. */
const LISTENER_ASIDE_ANSWERS: readonly AckLabel[] = ['NOT_FACILITATOR', 'NOT_ALLOWED_NOW', 'RATE_LIMITED'];
/**
 * What a listener in a running clinic may hear back from a harvest request: the public keys and
 * their own (empty) receipts, and otherwise a no: they neither bring the case nor coach, and the
 * clinic is no crew's session, so there are no takeaways from last time.
 */
const INSIDER_HARVEST_ANSWERS = (event: string): readonly AckLabel[] =>
  event === 'harvest:overview'
    ? ['ok', 'RATE_LIMITED']
    : event === 'harvest:lastTime' || event === 'harvest:dismissLastTime'
      ? ['UNKNOWN_PARTICIPANT', 'RATE_LIMITED']
      : ['NOT_ALLOWED_NOW', 'RATE_LIMITED'];
const INSIDER_COMMANDS = [...ROGUE_COMMAND_MIX.map(([, type]) => type), 'DELETE_CLINIC'] as const;

/**
 * The insider: a member of the running clinic, joined through its link like anyone, who tries
 * every command, every aside and every harvest request (well-formed or broken, naming the real
 * members, with any revision) and pings.
 * None may be accepted, and the clinic's other people must not notice.
 */
async function insiderWorker({ log, done }: StormContext, random: SeededRandom, insider: TestParticipant): Promise<void> {
  const ids = { known: insider.state!.participants.map((participant) => participant.id) };
  while (!done('insider')) {
    const pending: Array<Promise<void>> = [];
    for (let count = INSIDER_BURST; count > 0 && !done('insider'); count -= 1) {
      const seenRevision = insider.state!.revision;
      const sends = random.weighted<'ping' | 'command' | 'aside' | 'harvest'>([
        [1, 'ping'],
        [6, 'command'],
        [3, 'aside'],
        [3, 'harvest'],
      ]);
      const harvestEvent = random.pick(HARVEST_EVENTS);
      const draw = () =>
        sends === 'aside'
          ? asidePayload(random, ids)
          : sends === 'harvest'
            ? harvestPayload(random, ids, harvestEvent)
            : facilitatorPayload(random, ids, random.pick(INSIDER_COMMANDS), seenRevision);
      let next = draw();
      // Oversized messages would end the connection, and with it the insider's place in the clinic.
      while (!fitsInOneMessage(next.payload)) next = draw();
      const { payload, valid } = next;
      const event = sends === 'ping' ? 'clock:ping' : sends === 'aside' ? 'clinic:aside' : sends === 'harvest' ? harvestEvent : 'clinic:command';
      const what = sends === 'ping' ? 'insider clock:ping' : `insider ${event} ${JSON.stringify(payload)?.slice(0, 160)}`;
      log.countSent('insider', sends === 'ping' ? 'ping' : valid ? sends : `broken ${sends}`);
      const allowed: readonly AckLabel[] =
        sends === 'ping' ? ['ok', 'RATE_LIMITED'] : sends === 'aside' ? LISTENER_ASIDE_ANSWERS : sends === 'harvest' ? INSIDER_HARVEST_ANSWERS(harvestEvent) : INSIDER_ANSWERS;
      pending.push(
        emitWithAck(insider.socket as unknown as Socket, event, sends === 'ping' ? [] : [payload]).then((outcome) => {
          if (!('answer' in outcome)) return log.problem(`${what}: no acknowledgement (${outcome.noAnswer})`);
          log.judge(what, outcome.answer, valid ? allowed : [...allowed, 'INVALID_PAYLOAD']);
        }),
      );
    }
    await Promise.all(pending);
    await new Promise((resolve) => setTimeout(resolve, INSIDER_PAUSE_MS));
  }
}

// ---------------------------------------------------------------------------------------------
// Setting the scene

/**
 * Fran facilitates; Gia brings the case; Ana and Ben coach; Mallory joined through the link and
 * listens, until the storm turns her hostile. Started, so the Case phase is running.
 */
async function legitimateClinic() {
  const { clinicId, facilitatorKey } = await createClinicAt(fixture.server.url, { title: 'The real one' });
  const fran = await fixture.joinAs(clinicId, 'Fran', facilitatorKey);
  const gia = await fixture.joinAs(clinicId, 'Gia');
  const ana = await fixture.joinAs(clinicId, 'Ana');
  const ben = await fixture.joinAs(clinicId, 'Ben');
  const mallory = await fixture.joinAs(clinicId, 'Mallory');
  const crew = [fran, gia, ana, ben];
  await Promise.all(
    [...crew, mallory].map((member) => member.waitFor((state) => state.participants.every((participant) => participant.online) && state.participants.length === 5)),
  );
  await commandAndSettle(fran, [...crew, mallory], { type: 'SET_CASE_GIVER', participantId: gia.id });
  await commandAndSettle(fran, [...crew, mallory], { type: 'SET_COACH_ORDER', coachIds: [ana.id, ben.id] });
  await commandAndSettle(fran, [...crew, mallory], { type: 'START' });
  return { clinicId, facilitatorKey, fran, gia, ana, ben, mallory, crew };
}

/** Short phases and auto-advance, so rogue clinics also take timed transitions during the storm. */
async function rogueClinics(): Promise<RogueClinic[]> {
  // The running clinic was created first, from the same address.
  if (ROGUE_CLINICS + 1 > LIMITS.clinicsPerAddressPerHour) throw new Error('More rogue clinics than one address may create');
  const clinics: RogueClinic[] = [];
  for (let index = 0; index < ROGUE_CLINICS; index += 1) {
    const created = await createClinicAt(fixture.server.url, {
      title: `Rogue ${index}`,
      minutes: { case: 1, reflections: 1, response: 1, dialogue: 1 },
      autoAdvance: { reflections: 'hard', response: 'soft' },
    });
    clinics.push({ ...created });
  }
  return clinics;
}

/** Resolves once the server holds no socket besides `keep`; event-driven, so it waits exactly as long as needed. */
function whenServerHoldsOnly(keep: ReadonlySet<string>): Promise<void> {
  const { io: server } = fixture.server.app;
  const strangers = () => [...server.of('/').sockets.keys()].filter((id) => !keep.has(id));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the server still holds ${strangers().length} hostile sockets`)), ACK_WAIT_MS);
    const check = () => {
      if (strangers().length > 0) return;
      clearTimeout(timer);
      resolve();
    };
    for (const socket of server.of('/').sockets.values()) socket.once('disconnect', () => setImmediate(check));
    check();
  });
}

const prototypeShape = () => [Object.prototype, Array.prototype, Function.prototype].map((prototype) => Object.getOwnPropertyNames(prototype).sort().join());

function summary(log: StormLog, elapsedMs: number): string {
  const table = (counts: Map<string, number>) =>
    [...counts.entries()]
      .sort((a, b) => b[1] - a[1])
      .map(([label, count]) => `    ${label.padEnd(28)} ${count}`)
      .join('\n');
  return [
    `fuzz storm, seed ${SEED} (replay with FUZZ_SEED=${SEED}): ${log.sent} packets (${Object.entries(log.sentByFamily).map(([family, count]) => `${family} ${count}`).join(', ')}) over ${log.connections} connections in ${(elapsedMs / 1_000).toFixed(1)} s`,
    `  packets by kind:\n${table(log.sentByKind)}`,
    `  acknowledgements by answer:\n${table(log.answers)}`,
    `  connections closed by the server: ${log.closedByServer}; answers cut off with them: ${log.cutOff}; problems: ${log.problemCount}`,
  ].join('\n');
}

describe('a storm of hostile packets', () => {
  it(
    'leaves the running clinic untouched, answers every packet that asks, and keeps serving',
    async () => {
      const { clinicId, fran, gia, ana, ben, mallory, crew } = await legitimateClinic();
      const clinics = await rogueClinics();
      const before = crew.map((member) => structuredClone(member.state!));
      const legitEvents = { states: 0, disconnects: 0 };
      for (const member of crew) {
        member.socket.on('clinic:state', () => (legitEvents.states += 1));
        member.socket.on('disconnect', () => (legitEvents.disconnects += 1));
      }
      // The server runs in this process: an uncaught error here would have killed a real server.
      const uncaught = new Map<string, number>();
      const recordUncaught = (error: unknown) => {
        // Where it was thrown is enough to tell the errors apart: message and top frame.
        const where = error instanceof Error ? (error.stack ?? error.message).split('\n').slice(0, 2).join(' ') : String(error);
        uncaught.set(where, (uncaught.get(where) ?? 0) + 1);
      };
      process.on('uncaughtException', recordUncaught);
      process.on('unhandledRejection', recordUncaught);
      const prototypesBefore = prototypeShape();

      const log = new StormLog();
      const startedAt = performance.now();
      const context: StormContext = {
        url: fixture.server.url,
        log,
        done: (family) => log.sentByFamily[family] >= QUOTA[family] || performance.now() - startedAt > STORM_TIME_LIMIT_MS,
      };
      const random = new SeededRandom(SEED);
      let label = 0;
      try {
        await Promise.all([
          ...Array.from({ length: WORKERS.stranger }, () => strangerWorker(context, random.fork(label++))),
          ...Array.from({ length: WORKERS.raw }, () => rawWorker(context, random.fork(label++))),
          ...Array.from({ length: WORKERS.rogue }, () => rogueWorker(context, random.fork(label++), clinics)),
          insiderWorker(context, random.fork(label++), mallory),
        ]);
      } finally {
        process.off('uncaughtException', recordUncaught);
        process.off('unhandledRejection', recordUncaught);
        console.log(summary(log, performance.now() - startedAt));
      }

      // Soft, so one run reports every kind of failure at once.
      expect.soft(Object.fromEntries(uncaught), 'errors that would have crashed the server, with how often').toEqual({});
      expect.soft(log.problems, `${log.problemCount} problems (seed ${SEED})`).toEqual([]);
      const shortOfQuota = (Object.keys(QUOTA) as Family[]).filter((family) => log.sentByFamily[family] < QUOTA[family]);
      expect.soft(shortOfQuota, 'families that fell short of their quota in time').toEqual([]);
      expect.soft(log.sent, 'packets sent').toBeGreaterThanOrEqual(TARGET_PACKETS);
      expect.soft(prototypeShape(), 'built-in prototypes after the storm').toEqual(prototypesBefore);

      // Nobody in the running clinic noticed a thing, and only its own devices are in its room.
      expect(legitEvents).toEqual({ states: 0, disconnects: 0 });
      expect(crew.map((member) => member.state)).toEqual(before);
      const members = [...crew, mallory];
      const inRoom = await fixture.server.app.io.in(socketRoomOf(clinicId)).fetchSockets();
      expect(inRoom.map((socket) => socket.id).sort()).toEqual(members.map((member) => member.socket.id).sort());
      await whenServerHoldsOnly(new Set(members.map((member) => member.socket.id!)));

      // Still serving: health check, a newcomer joins, and the facilitator drives the clinic on.
      const health = await fetch(`${fixture.server.url}/healthz`);
      expect([health.status, await health.json()]).toEqual([200, { ok: true }]);
      const cy = await fixture.joinAs(clinicId, 'Cy');
      const everyone = [...crew, cy];
      await Promise.all(everyone.map((member) => member.waitFor((state) => state.participants.length === 6 && state.participants.every((person) => person.online))));
      // Cy arrived during the Case, so Cy coaches last.
      expect(coachesOf(fran.state!.progress)).toEqual([ana.id, ben.id, cy.id]);
      const speakers: Array<string | null> = [];
      for (const command of [{ type: 'NEXT_PHASE' }, { type: 'NEXT_SPEAKER' }, { type: 'NEXT_SPEAKER' }, { type: 'PAUSE' }, { type: 'ADJUST_TIME', deltaMs: 60_000 }, { type: 'RESUME' }] as const) {
        const state = await commandAndSettle(fran, everyone, command);
        expect(invariantViolations(state)).toEqual([]);
        speakers.push(state.progress.step!.speakerId);
      }
      expect(speakers.slice(0, 3)).toEqual([ana.id, ben.id, cy.id]);
      expect(fran.state!.progress.step!.budgetMs).toBe(fran.state!.progress.step!.plannedMs + 60_000);
      expect(caseGiverOf(gia.state!.progress)).toBe(gia.id);
    },
    STORM_TEST_TIMEOUT_MS,
  );
});

// ---------------------------------------------------------------------------------------------
// Specific inputs, each pinned down on its own

/** A field whose `length` is an object with no usable `toString`: comparing it with a number throws. */
const UNMEASURABLE = { length: { toString: 1 } };

describe('a single packet that makes validation or lookup throw', () => {
  it.each([
    // `FORMATS[formatId]` finds Object.prototype members: these must be refused like any unknown format.
    { event: 'clinic:create', payload: { protocolVersion: PROTOCOL_VERSION, formatId: 'constructor' } },
    { event: 'clinic:create', payload: { protocolVersion: PROTOCOL_VERSION, formatId: '__proto__' } },
    { event: 'clinic:create', payload: { protocolVersion: PROTOCOL_VERSION, formatId: 'toString', minutes: { case: 5 } } },
    { event: 'clinic:create', payload: { protocolVersion: PROTOCOL_VERSION, formatId: 'hasOwnProperty', autoAdvance: { case: 'hard' } } },
    // A length limit compares `value.length` with a number before knowing the value is a string.
    { event: 'clinic:join', payload: { protocolVersion: PROTOCOL_VERSION, clinicId: 'abcdefghijkl', name: UNMEASURABLE } },
    { event: 'clinic:create', payload: { protocolVersion: PROTOCOL_VERSION, title: UNMEASURABLE } },
    { event: 'clinic:command', payload: { command: { type: 'SET_AUTO_ADVANCE', phaseId: UNMEASURABLE, mode: 'off' } } },
  ])('is refused as invalid, and the server stays up: $event $payload', async ({ event, payload }) => {
    const { dataDir, remove } = makeDataDir();
    const server = await startServerProcess({ dataDir, port: await freePort() });
    const socket = openSocket(server.url);
    try {
      const exited = new Promise<string>((resolve) => server.child.once('exit', (code, signal) => resolve(`the server exited (${code ?? signal})`)));
      const answer = await Promise.race([socket.timeout(ACK_WAIT_MS).emitWithAck(event as 'clinic:create', payload as never).catch((error: Error) => `no answer: ${error.message}`), exited]);
      const health = await Promise.race([fetch(`${server.url}/healthz`).then((response) => response.status, (error: Error) => `no health check: ${error.message}`), exited]);
      expect({ answer, health }).toEqual({ answer: { ok: false, error: { code: 'INVALID_PAYLOAD', reason: 'INVALID_PAYLOAD', message: expect.any(String) } }, health: 200 });
    } finally {
      socket.disconnect();
      await server.stop('SIGKILL');
      remove();
    }
  });
});

describe('joins sent at once from one device', () => {
  it('leave the device in one clinic at most, and nobody online once it disconnects', async () => {
    const first = await createClinicAt(fixture.server.url);
    const second = await createClinicAt(fixture.server.url);
    // Fran and Sam stay online in their clinics throughout.
    await fixture.joinAs(first.clinicId, 'Fran', first.facilitatorKey);
    await fixture.joinAs(second.clinicId, 'Sam', second.facilitatorKey);
    const device = fixture.track(new TestParticipant(fixture.server.url, first.clinicId, 'Dee'));
    await new Promise<void>((resolve) => device.socket.once('connect', () => resolve()));

    // A double-submitted join form, then a switch to another clinic before the first join is answered.
    const answers = await Promise.all([
      device.socket.timeout(ACK_WAIT_MS).emitWithAck('clinic:join', { protocolVersion: PROTOCOL_VERSION, clinicId: first.clinicId, name: 'Dee' }),
      device.socket.timeout(ACK_WAIT_MS).emitWithAck('clinic:join', { protocolVersion: PROTOCOL_VERSION, clinicId: first.clinicId, name: 'Dee' }),
      device.socket.timeout(ACK_WAIT_MS).emitWithAck('clinic:join', { protocolVersion: PROTOCOL_VERSION, clinicId: second.clinicId, name: 'Dee' }),
    ]);
    expect(answers.map((answer) => answer.ok)).toContain(true);
    const serverSocket = fixture.server.app.io.of('/').sockets.get(device.socket.id!)!;
    const clinicRooms = [...serverSocket.rooms].filter((room) => room === socketRoomOf(first.clinicId) || room === socketRoomOf(second.clinicId));
    expect.soft(clinicRooms.length, 'clinic rooms the device is in').toBeLessThanOrEqual(1);

    // The server's own record of who is online, read by newcomers after it saw the device go.
    const serverSaw = new Promise((resolve) => serverSocket.once('disconnect', resolve));
    device.close();
    await serverSaw;
    const onlineNow = async (clinicId: string) => {
      const observer = fixture.track(new TestParticipant(fixture.server.url, clinicId, 'Observer'));
      const joined = await observer.join();
      if (!joined.ok) throw new Error(joined.error.message);
      return observer.state!.participants.filter((participant) => participant.online).map((participant) => participant.name);
    };
    expect.soft(await onlineNow(first.clinicId), 'online in the first clinic').toEqual(['Fran', 'Observer']);
    expect.soft(await onlineNow(second.clinicId), 'online in the second clinic').toEqual(['Sam', 'Observer']);
  });
});

describe('a command in flight when the clinic is deleted', () => {
  it('does not bring the deleted clinic back', async () => {
    const { clinicId, facilitatorKey } = await createClinicAt(fixture.server.url);
    const fran = await fixture.joinAs(clinicId, 'Fran', facilitatorKey);
    // Sent together, as a double click on "delete" next to a settings change would.
    const [deleted] = await Promise.all([
      fran.command({ type: 'DELETE_CLINIC' }),
      fran.command({ type: 'SET_CUE_TIMES', cueTimes: { phaseWrapUpMs: 0, turnWrapUpMs: 0 } }),
    ]);
    expect(deleted.ok).toBe(true);
    const latecomer = fixture.track(new TestParticipant(fixture.server.url, clinicId, 'Late Lou'));
    expect(await latecomer.join()).toMatchObject({ ok: false, error: { code: 'CLINIC_NOT_FOUND' } });
  });
});

describe('a settings change after the clinic has ended', () => {
  it('is either refused or shows in the state: never acknowledged and dropped', async () => {
    const { clinicId, facilitatorKey } = await createClinicAt(fixture.server.url);
    const fran = await fixture.joinAs(clinicId, 'Fran', facilitatorKey);
    const gia = await fixture.joinAs(clinicId, 'Gia');
    for (const command of [{ type: 'SET_CASE_GIVER', participantId: gia.id }, { type: 'START' }, { type: 'END' }] as const) {
      await commandAndSettle(fran, [fran, gia], command);
    }
    const settings = [
      { command: { type: 'SET_CUE_TIMES', cueTimes: { phaseWrapUpMs: 0, turnWrapUpMs: 0 } }, shows: (state: ClinicState) => state.progress.cueTimes.phaseWrapUpMs === 0 },
      { command: { type: 'SET_AUTO_ADVANCE', phaseId: 'case', mode: 'hard' }, shows: (state: ClinicState) => state.progress.plan[0]!.autoAdvance === 'hard' },
    ] as const;
    for (const { command, shows } of settings) {
      const reply = await fran.command(command);
      if (reply.ok) expect.soft(shows(await gia.waitForRevision(reply.data.revision)), `${command.type} was acknowledged, so the state shows it`).toBe(true);
      else expect.soft(reply.error.code, `${command.type} refused`).toBe('NOT_ALLOWED_NOW');
    }
  });
});
