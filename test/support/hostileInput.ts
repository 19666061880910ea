/**
 * Hostile and malformed input for fuzzing the server, drawn from a seeded generator so that a
 * failing run can be replayed with its seed: garbage values, real events with broken payloads,
 * schema-valid commands with made-up ids, and raw Engine.IO/Socket.IO frames that no well-behaved
 * client would send.
 */
import { MAX_TIME_ADJUSTMENT_MS, PROTOCOL_VERSION } from '../../shared/protocol.ts';

/** A small, fast, seedable generator (mulberry32); the same seed gives the same sequence. */
export class SeededRandom {
  private state: number;

  constructor(readonly seed: number) {
    this.state = seed >>> 0;
  }

  /** A float in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  }

  /** An integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('Cannot pick from nothing');
    return items[this.int(0, items.length - 1)]!;
  }

  /** Picks by weight: `[[weight, value], ...]`. */
  weighted<T>(options: ReadonlyArray<readonly [number, T]>): T {
    const total = options.reduce((sum, [weight]) => sum + weight, 0);
    let roll = this.next() * total;
    for (const [weight, value] of options) {
      roll -= weight;
      if (roll < 0) return value;
    }
    return options.at(-1)![1];
  }

  /** An independent generator for one worker, derived from this seed and a label. */
  fork(label: number): SeededRandom {
    return new SeededRandom(Math.imul(this.seed ^ 0x9e3779b9, 0x85ebca6b) + Math.imul(label + 1, 0xc2b2ae35));
  }
}

/** Socket.IO refuses bigger messages (server/app.ts MAX_MESSAGE_BYTES); an oversized one closes the connection. */
export const OVERSIZED_BYTES = 16 * 1024 + 1;

export const HARVEST_EVENTS = [
  'harvest:publishKey',
  'harvest:overview',
  'harvest:send',
  'harvest:fetch',
  'harvest:delete',
  'harvest:lastTime',
  'harvest:dismissLastTime',
] as const;
export type HarvestEvent = (typeof HARVEST_EVENTS)[number];
export const CREW_EVENTS = ['crew:create', 'crew:preview', 'crew:join', 'crew:command', 'crew:pairingCode'] as const;
export const REAL_EVENTS = ['clinic:create', 'clinic:preview', 'clinic:join', 'clinic:command', 'clinic:aside', 'clock:ping', ...HARVEST_EVENTS, ...CREW_EVENTS] as const;
export type RealEvent = (typeof REAL_EVENTS)[number];

/** Keys that have tripped up JavaScript servers before: prototype pollution, thenables, lookalikes. */
const NASTY_KEYS = [
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'valueOf',
  'hasOwnProperty',
  '__defineGetter__',
  'then',
  'toJSON',
  'length',
  '',
  ' ',
  '0',
  'NaN',
  'undefined',
  '\u0000',
  '💥',
  'type',
  'at',
  'command',
  'clinicId',
  'participantId',
  'facilitatorKey',
  'deltaMs',
  'revision',
];

const NASTY_STRINGS = [
  '',
  ' ',
  '\t\n\r',
  '\u0000',
  '\u0000\u0001\u001f\u007f',
  '\u202eevil',
  '\u200b\u200c\u200d\ufeff',
  'a\u0301\u0301\u0301',
  '\ud800',
  '\udfff\ud800',
  '\u2028\u2029',
  '💥🔥👩‍👩‍👧‍👦',
  '𝔘𝔫𝔦𝔠𝔬𝔡𝔢',
  'مرحبا',
  '%s%n%x',
  '${7*7}{{7*7}}',
  '<script>alert(1)</script>',
  "'; DROP TABLE clinics; --",
  '../../etc/passwd',
  'null',
  'true',
  '[object Object]',
  ...NASTY_KEYS,
];

/** Mostly the version the server speaks; sometimes an older, newer or nonsensical one. */
const protocolVersionOf = (random: SeededRandom): unknown =>
  random.chance(0.9) ? PROTOCOL_VERSION : random.pick([1, PROTOCOL_VERSION + 1, 0, -1, '2', null, 2.5]);

/** Lookups by these names on a plain object find something; a server must not mistake them for data. */
const PROTOTYPE_NAMES = ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf', 'isPrototypeOf'];
const PHASE_IDS = ['case', 'reflections', 'response', 'dialogue'];
const AUTO_ADVANCE = ['off', 'soft', 'hard'];
const COMMAND_TYPES: readonly string[] = [
  'START',
  'NEXT_PHASE',
  'BACK',
  'NEXT_SPEAKER',
  'SKIP_SPEAKER',
  'RETURN_TO_SKIPPED',
  'PAUSE',
  'RESUME',
  'ADJUST_TIME',
  'END',
  'SET_CASE_GIVER',
  'SET_COACH_ORDER',
  'SET_ROUND_ORDER',
  'SET_ROLE',
  'SET_AUTO_ADVANCE',
  'SET_CUE_TIMES',
  'HAND_OVER',
  'ADD_FACILITATOR',
  'REMOVE_FACILITATOR',
  'REMOVE_PARTICIPANT',
  'ROTATE_FACILITATOR_KEY',
  'DELETE_CLINIC',
];

const NASTY_NUMBERS = [
  0,
  -0,
  1,
  -1,
  0.5,
  59_999.5,
  120,
  121,
  600_000,
  600_001,
  -600_000,
  -600_001,
  2 ** 31,
  -(2 ** 31),
  2 ** 53,
  -(2 ** 53),
  Number.MAX_SAFE_INTEGER + 2,
  1e308,
  -1e308,
  5e-324,
  // JSON has no NaN or Infinity: Socket.IO sends them as null, which is what the server must survive.
  Number.NaN,
  Number.POSITIVE_INFINITY,
  Number.NEGATIVE_INFINITY,
];

const TOKEN_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-';

/** A well-formed random id or secret (URL-safe base64, 8-64 characters): it names nothing that exists. */
export function randomToken(random: SeededRandom, length = random.int(8, 64)): string {
  return Array.from({ length }, () => random.pick([...TOKEN_ALPHABET])).join('');
}

function randomUnicode(random: SeededRandom, length: number): string {
  return Array.from({ length }, () => {
    const codePoint = random.weighted([
      [4, random.int(0x20, 0x7e)],
      [1, random.int(0, 0x1f)],
      [2, random.int(0xa0, 0x2fff)],
      [1, random.int(0xd800, 0xdfff)],
      [1, random.int(0x1f300, 0x1faff)],
    ]);
    return String.fromCodePoint(codePoint);
  }).join('');
}

/** A string that fits in one message, sometimes long enough to test length limits. */
function randomString(random: SeededRandom): string {
  return random.weighted<() => string>([
    [5, () => random.pick(NASTY_STRINGS)],
    [4, () => randomUnicode(random, random.int(1, 40))],
    [2, () => randomToken(random)],
    [1, () => 'x'.repeat(random.int(61, 400))],
    [1, () => 'y'.repeat(random.int(1_000, 12_000))],
  ])();
}

function randomNumber(random: SeededRandom): number {
  return random.weighted<() => number>([
    [3, () => random.pick(NASTY_NUMBERS)],
    [2, () => random.int(-1_000_000, 1_000_000)],
    [1, () => (random.next() - 0.5) * 1e12],
  ])();
}

/** An object whose own keys may be `__proto__` and friends (an object literal would set the prototype instead). */
function objectWith(entries: ReadonlyArray<readonly [string, unknown]>): Record<string, unknown> {
  const object: Record<string, unknown> = {};
  for (const [key, value] of entries) Object.defineProperty(object, key, { value, enumerable: true, writable: true, configurable: true });
  return object;
}

/** An object passing itself off as a string or an array: its own `length`, `toString`, `valueOf`, none of them usable. */
function impostor(random: SeededRandom): Record<string, unknown> {
  return objectWith([
    ['length', random.pick<unknown>([{ toString: 1 }, { valueOf: {} }, '9', null, -1, 1e308])],
    ...(random.chance(0.5) ? [['toString', random.pick<unknown>([1, 'x', {}])] as const] : []),
    ...(random.chance(0.5) ? [['valueOf', random.pick<unknown>([1, 'x', {}])] as const] : []),
    ...(random.chance(0.3) ? [['0', 'a'] as const] : []),
  ]);
}

/** Arrays or objects nested thousands deep, still under the message size limit. */
function deeplyNested(random: SeededRandom): unknown {
  const asArrays = random.chance(0.5);
  const depth = asArrays ? random.int(100, 4_000) : random.int(100, 1_500);
  let value: unknown = random.chance(0.5) ? null : 'bottom';
  for (let level = 0; level < depth; level += 1) value = asArrays ? [value] : objectWith([[random.pick(['a', '__proto__', 'constructor']), value]]);
  return value;
}

function binaryBlob(random: SeededRandom): Buffer | Uint8Array | ArrayBuffer {
  const bytes = Buffer.from(Array.from({ length: random.int(0, 512) }, () => random.int(0, 255)));
  return random.weighted<() => Buffer | Uint8Array | ArrayBuffer>([
    [2, () => bytes],
    [1, () => new Uint8Array(bytes)],
    [1, () => bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length)],
  ])();
}

export interface GarbageOptions {
  /** Whether binary blobs may appear (they make Socket.IO send attachments). */
  readonly binary?: boolean;
}

/** Any value Socket.IO can carry, weighted towards the kinds that break naive validation. */
export function garbage(random: SeededRandom, depth = 3, options: GarbageOptions = {}): unknown {
  const leaf = depth <= 0;
  return random.weighted<() => unknown>([
    [2, () => null],
    [1, () => random.chance(0.5)],
    [3, () => randomNumber(random)],
    [4, () => randomString(random)],
    [leaf ? 0 : 2, () => Array.from({ length: random.int(0, 5) }, () => garbage(random, depth - 1, options))],
    [
      leaf ? 0 : 3,
      () =>
        objectWith(
          Array.from({ length: random.int(0, 5) }, () => [random.chance(0.6) ? random.pick(NASTY_KEYS) : randomString(random).slice(0, 50), garbage(random, depth - 1, options)] as const),
        ),
    ],
    // Not with binary: the client library itself overflows its stack taking such a value apart.
    [leaf || options.binary ? 0 : 0.4, () => deeplyNested(random)],
    [0.6, () => impostor(random)],
    [options.binary ? 1 : 0, () => binaryBlob(random)],
  ])();
}

// ---------------------------------------------------------------------------------------------
// Payloads shaped like the real ones

/** Ids a command may name: ones that exist in the sender's clinic, made-up ones, and lookalikes. */
export interface IdPool {
  readonly known: readonly string[];
}

/** The prototype names that are also well-formed ids, so the schema lets them through to the server's lookups. */
const TOKEN_SHAPED_PROTOTYPE_NAMES = PROTOTYPE_NAMES.filter((name) => /^[A-Za-z0-9_-]{8,64}$/.test(name));

const pickId = (random: SeededRandom, ids: IdPool) =>
  ids.known.length > 0 && random.chance(0.7) ? random.pick(ids.known) : random.chance(0.8) ? randomToken(random) : random.pick(TOKEN_SHAPED_PROTOTYPE_NAMES);

/** A command the schema accepts, with random choices and ids drawn from `ids`. */
export function validCommand(random: SeededRandom, ids: IdPool, type: string = random.pick(COMMAND_TYPES)): Record<string, unknown> {
  switch (type) {
    case 'ADJUST_TIME':
      return { type, deltaMs: random.chance(0.5) ? random.pick([60_000, -60_000, MAX_TIME_ADJUSTMENT_MS, -MAX_TIME_ADJUSTMENT_MS]) : random.pick([1, -1]) * random.int(1, MAX_TIME_ADJUSTMENT_MS) };
    case 'SET_CASE_GIVER':
    case 'HAND_OVER':
    case 'ADD_FACILITATOR':
    case 'REMOVE_FACILITATOR':
    case 'REMOVE_PARTICIPANT':
      return { type, participantId: pickId(random, ids) };
    case 'SET_COACH_ORDER': {
      // Permutations, subsets, duplicates and strangers: the machine's guard decides, not the schema.
      const coachIds = Array.from({ length: random.int(0, Math.min(8, ids.known.length + 2)) }, () => pickId(random, ids));
      return { type, coachIds };
    }
    case 'SET_ROUND_ORDER': {
      const caseGiverIds = Array.from({ length: random.int(1, Math.min(8, ids.known.length + 2)) }, () => pickId(random, ids));
      return { type, caseGiverIds };
    }
    case 'SET_ROLE':
      return { type, roleId: random.pick(['moderator', 'observer', ...PROTOTYPE_NAMES]), participantId: random.chance(0.2) ? null : pickId(random, ids) };
    case 'SET_AUTO_ADVANCE':
      return { type, phaseId: random.chance(0.85) ? random.pick(PHASE_IDS) : random.pick([...PROTOTYPE_NAMES, 'lunch']), mode: random.pick(AUTO_ADVANCE) };
    case 'SET_CUE_TIMES':
      return { type, cueTimes: { phaseWrapUpMs: random.int(0, 600) * 1_000, turnWrapUpMs: random.int(0, 600) * 1_000 } };
    default:
      return { type };
  }
}

const ASIDE_TYPES = ['SIGNAL', 'WITHDRAW_SIGNAL', 'ANSWER_SIGNAL', 'SHOW_SIGNAL', 'SET_READY', 'RAISE_HAND', 'LOWER_HAND', 'QUESTION_ANSWERED', 'REQUEST_PASS', 'WITHDRAW_PASS', 'DECLINE_PASS'] as const;
const SIGNAL_IDS = ['abc123', 'x', ...PROTOTYPE_NAMES.filter((name) => /^[A-Za-z0-9_-]{1,32}$/.test(name))];

/** An aside the schema accepts, naming ids drawn from `ids` and signal ids that may or may not exist. */
export function validAside(random: SeededRandom, ids: IdPool, type: string = random.pick(ASIDE_TYPES)): Record<string, unknown> {
  switch (type) {
    case 'SIGNAL':
      return { type, kind: random.pick(['moment', 'moreTime', 'slowDown', 'complete']) };
    case 'WITHDRAW_SIGNAL':
      return { type, signalId: random.pick(SIGNAL_IDS) };
    case 'ANSWER_SIGNAL':
      return { type, signalId: random.pick(SIGNAL_IDS), answer: random.pick(['seen', 'paused', 'addedTime']) };
    case 'SHOW_SIGNAL':
      return { type, signalId: random.pick(SIGNAL_IDS), shownToAll: random.chance(0.5) };
    case 'SET_READY':
      return { type, ready: random.chance(0.5) };
    case 'QUESTION_ANSWERED':
    case 'DECLINE_PASS':
      return { type, coachId: pickId(random, ids) };
    default:
      return { type };
  }
}

/** An aside payload, sometimes broken. */
export function asidePayload(random: SeededRandom, ids: IdPool): { payload: unknown; valid: boolean } {
  const payload = { aside: validAside(random, ids) };
  if (random.chance(0.2)) return { payload: mutated(random, payload), valid: false };
  return { payload, valid: true };
}

function validCreatePayload(random: SeededRandom): Record<string, unknown> {
  const payload: Record<string, unknown> = { protocolVersion: protocolVersionOf(random) };
  if (random.chance(0.5)) payload.title = randomString(random).slice(0, 80);
  // Format and phase ids include names every plain object answers to.
  if (random.chance(0.5)) payload.formatId = random.chance(0.5) ? 'classic' : random.pick([...PROTOTYPE_NAMES, 'speed-dating']);
  if (random.chance(0.5)) payload.minutes = objectWith([[random.chance(0.8) ? random.pick(PHASE_IDS) : random.pick(PROTOTYPE_NAMES), random.int(1, 120)]]);
  if (random.chance(0.3)) payload.autoAdvance = objectWith([[random.chance(0.8) ? random.pick(PHASE_IDS) : random.pick(PROTOTYPE_NAMES), random.pick(AUTO_ADVANCE)]]);
  if (random.chance(0.3)) payload.cueTimes = { phaseWrapUpMs: random.int(0, 600_000), turnWrapUpMs: random.int(0, 600_000) };
  return payload;
}

function validJoinPayload(random: SeededRandom): Record<string, unknown> {
  const payload: Record<string, unknown> = {
    protocolVersion: protocolVersionOf(random),
    clinicId: random.chance(0.9) ? randomToken(random) : random.pick(PROTOTYPE_NAMES),
  };
  if (random.chance(0.7)) payload.name = randomUnicode(random, random.int(1, 30));
  if (random.chance(0.3)) payload.participantToken = randomToken(random);
  if (random.chance(0.3)) payload.facilitatorKey = randomToken(random);
  if (random.chance(0.2)) payload.crewMember = { crewId: tokenOrPrototypeName(random), memberToken: randomToken(random) };
  return payload;
}

const tokenOrPrototypeName = (random: SeededRandom) => (random.chance(0.9) ? randomToken(random) : random.pick(PROTOTYPE_NAMES));

/** A crew's cadence, sometimes on a day or in a zone that does not exist. */
const cadenceLike = (random: SeededRandom) => ({
  weekday: random.int(0, 8),
  time: random.pick(['19:00', '07:30', '24:00', '02:30']),
  timeZone: random.pick(['Europe/Berlin', 'America/New_York', 'UTC', '+01:00', 'Mars/Olympus', ...PROTOTYPE_NAMES]),
  startsOn: random.pick(['2027-03-01', '2027-02-30', '2031-12-31']),
});

const CREW_COMMAND_TYPES = ['VOLUNTEER', 'CONFIRM_ROTA', 'CANNOT_ATTEND', 'MOVE_SESSION', 'SKIP_WEEK', 'HAND_OVER_ORGANISER', 'REMOVE_MEMBER', 'LEAVE', 'START_SESSION', 'RECORD_LANDING', 'DELETE_CREW'] as const;

/** A crew command the schema mostly accepts, naming sessions and members that may not exist. */
function crewCommandLike(random: SeededRandom): Record<string, unknown> {
  const type = random.pick(CREW_COMMAND_TYPES);
  const sessionIndex = random.int(0, 60);
  switch (type) {
    case 'VOLUNTEER':
      return { type, sessionIndex, volunteering: random.chance(0.5) };
    case 'CANNOT_ATTEND':
      return { type, sessionIndex, cannot: random.chance(0.5) };
    case 'CONFIRM_ROTA':
      return { type, sessionIndex, caseGiverIds: Array.from({ length: random.int(0, 4) }, () => randomToken(random)), facilitatorId: randomToken(random) };
    case 'MOVE_SESSION':
      return { type, sessionIndex, date: random.pick(['2027-03-10', '2027-02-29', '1970-01-01']), time: random.pick(['18:30', '25:00']) };
    case 'SKIP_WEEK':
    case 'START_SESSION':
      return { type, sessionIndex };
    case 'HAND_OVER_ORGANISER':
    case 'REMOVE_MEMBER':
      return { type, memberId: tokenOrPrototypeName(random) };
    case 'RECORD_LANDING':
      return { type, decision: random.pick(['end', 'anotherCycle', 'seedNewCrews', 'toString']) };
    case 'LEAVE':
    case 'DELETE_CREW':
      return { type };
  }
}

function validCrewPayload(random: SeededRandom, event: (typeof CREW_EVENTS)[number]): Record<string, unknown> {
  switch (event) {
    case 'crew:create':
      return {
        protocolVersion: protocolVersionOf(random),
        name: randomString(random).slice(0, 80),
        organiserName: randomUnicode(random, random.int(1, 30)),
        cadence: cadenceLike(random),
        ...(random.chance(0.5) && { weeks: random.int(1, 60) }),
        ...(random.chance(0.5) && { formatId: random.pick(['classic', 'troika', ...PROTOTYPE_NAMES]) }),
      };
    case 'crew:preview':
      return { protocolVersion: protocolVersionOf(random), crewId: tokenOrPrototypeName(random) };
    case 'crew:join': {
      const payload: Record<string, unknown> = { protocolVersion: protocolVersionOf(random), crewId: tokenOrPrototypeName(random) };
      if (random.chance(0.6)) payload.name = randomUnicode(random, random.int(1, 30));
      if (random.chance(0.3)) payload.memberToken = randomToken(random);
      if (random.chance(0.2)) payload.organiserKey = randomToken(random);
      if (random.chance(0.2)) payload.pairingCode = random.pick(['ABCD-EFGH', 'abcd efgh', 'ABCD-EFG1', randomToken(random, 8)]);
      return payload;
    }
    case 'crew:command':
      return { command: crewCommandLike(random) };
    case 'crew:pairingCode':
      return random.chance(0.5) ? {} : { memberId: tokenOrPrototypeName(random) };
  }
}

/** A string of base64url characters, as keys, IVs and ciphertext are sent. */
const base64UrlOf = (random: SeededRandom, length: number) => randomToken(random, length);

/** An envelope the schema accepts; its key is rarely a point on the curve, and nothing in it opens. */
function envelopeLike(random: SeededRandom): Record<string, unknown> {
  return {
    keyId: randomToken(random, 22),
    ephemeralKey: `B${base64UrlOf(random, 86)}`,
    iv: base64UrlOf(random, 16),
    ciphertext: base64UrlOf(random, random.int(22, 2_000)),
  };
}

function validHarvestPayload(random: SeededRandom, event: HarvestEvent, ids: IdPool): Record<string, unknown> {
  switch (event) {
    case 'harvest:publishKey':
      return { publicKey: `B${base64UrlOf(random, 86)}` };
    case 'harvest:overview':
    case 'harvest:lastTime':
      return {};
    case 'harvest:send':
      return { kind: random.pick(['note', 'takeaway']), to: pickId(random, ids), envelopes: Array.from({ length: random.int(1, 4) }, () => envelopeLike(random)) };
    case 'harvest:fetch':
      return { keyId: randomToken(random, random.chance(0.8) ? 22 : random.int(8, 64)) };
    case 'harvest:delete':
    case 'harvest:dismissLastTime':
      return { noteIds: Array.from({ length: random.int(1, 10) }, () => pickId(random, ids)) };
  }
}

/**
 * For a member of a clinic: a harvest request naming `ids` (the clinic's people), mostly as its
 * schema accepts it, sometimes broken.
 */
export function harvestPayload(random: SeededRandom, ids: IdPool, event: HarvestEvent): { payload: unknown; valid: boolean } {
  const payload = validHarvestPayload(random, event, ids);
  if (random.chance(0.2)) return { payload: mutated(random, payload), valid: false };
  return { payload, valid: true };
}

/**
 * Shaped like a real payload for `event` and usually one its schema accepts, naming nothing that
 * exists; some values (a prototype member's name as a format id) probe what comes after validation.
 */
export function validLookingPayload(random: SeededRandom, event: Exclude<RealEvent, 'clock:ping'>): Record<string, unknown> {
  switch (event) {
    case 'clinic:create':
      return validCreatePayload(random);
    case 'clinic:preview':
      return { protocolVersion: protocolVersionOf(random), clinicId: random.chance(0.9) ? randomToken(random) : random.pick(PROTOTYPE_NAMES) };
    case 'clinic:join':
      return validJoinPayload(random);
    case 'clinic:command':
      return { command: validCommand(random, { known: [] }), basedOnRevision: random.int(0, 1_000) };
    case 'clinic:aside':
      return { aside: validAside(random, { known: [] }) };
    case 'crew:create':
    case 'crew:preview':
    case 'crew:join':
    case 'crew:command':
    case 'crew:pairingCode':
      return validCrewPayload(random, event);
    default:
      return validHarvestPayload(random, event, { known: [] });
  }
}

/** Breaks a well-formed payload in one to three ways: a field dropped, retyped, added, or the whole shape changed. */
export function mutated(random: SeededRandom, payload: Record<string, unknown>): unknown {
  let result: unknown = { ...payload };
  for (let round = random.int(1, 3); round > 0; round -= 1) {
    if (typeof result !== 'object' || result === null || Array.isArray(result)) break;
    const object = result as Record<string, unknown>;
    const keys = Object.keys(object);
    const key = keys.length > 0 ? random.pick(keys) : 'x';
    result = random.weighted<() => unknown>([
      [3, () => objectWith(Object.entries(object).filter(([candidate]) => candidate !== key))],
      [4, () => objectWith(Object.entries(object).map(([candidate, value]) => [candidate, candidate === key ? garbage(random, 2) : value] as const))],
      [3, () => objectWith([...Object.entries(object), [random.pick(NASTY_KEYS), garbage(random, 1)]])],
      [
        2,
        () => {
          // Reach one level down, e.g. into `command`, and break the nested object instead.
          const inner = object[key];
          if (typeof inner !== 'object' || inner === null || Array.isArray(inner)) return object;
          return objectWith(Object.entries(object).map(([candidate, value]) => [candidate, candidate === key ? mutated(random, inner as Record<string, unknown>) : value] as const));
        },
      ],
      [1, () => [object]],
      [1, () => JSON.stringify(object)],
    ])();
  }
  return result;
}

// ---------------------------------------------------------------------------------------------
// Socket.IO emits

/** Event names a server might handle by accident: near-misses, its own server-to-client events, prototype names. */
const ODD_EVENT_NAMES = [
  'clinic:joins',
  'CLINIC:JOIN',
  'clinic:join ',
  ' clinic:join',
  'clinic:',
  'clinic:state',
  'clinic:gone',
  'harvest:changed',
  'harvest:',
  'harvest:Send',
  'clinic:create\u0000',
  'error',
  'message',
  'ping',
  'connection',
  ...PROTOTYPE_NAMES,
  '',
  '💥',
];

export type EmitKind =
  | 'unknown event'
  | 'garbage payload'
  | 'broken payload'
  | 'valid-looking payload'
  | 'too many arguments'
  | 'no payload'
  | 'binary attachment'
  | 'no ack callback'
  | 'oversized'
  | 'clock ping';

export interface HostileEmit {
  readonly kind: EmitKind;
  readonly event: string;
  readonly args: readonly unknown[];
  /** Without one the server has nobody to answer and must simply ignore the event. */
  readonly withAck: boolean;
}

const realEvent = (random: SeededRandom) => random.pick(REAL_EVENTS);
const payloadEvent = (random: SeededRandom) => random.pick(REAL_EVENTS.filter((event) => event !== 'clock:ping'));

/** One emit from a stranger's connection: not joined anywhere, and it knows no real clinic id. */
export function hostileEmit(random: SeededRandom): HostileEmit {
  const kind = random.weighted<EmitKind>([
    [10, 'unknown event'],
    [18, 'garbage payload'],
    [28, 'broken payload'],
    [10, 'valid-looking payload'],
    [7, 'too many arguments'],
    [4, 'no payload'],
    [8, 'binary attachment'],
    [8, 'no ack callback'],
    [1, 'oversized'],
    [3, 'clock ping'],
  ]);
  switch (kind) {
    case 'unknown event':
      return { kind, event: random.chance(0.7) ? random.pick(ODD_EVENT_NAMES) : randomString(random).slice(0, 200), args: Array.from({ length: random.int(0, 3) }, () => garbage(random, 2)), withAck: true };
    case 'garbage payload':
      return { kind, event: realEvent(random), args: [garbage(random)], withAck: true };
    case 'broken payload': {
      const event = payloadEvent(random);
      return { kind, event, args: [mutated(random, validLookingPayload(random, event))], withAck: true };
    }
    case 'valid-looking payload': {
      const event = payloadEvent(random);
      return { kind, event, args: [validLookingPayload(random, event)], withAck: true };
    }
    case 'too many arguments': {
      const event = realEvent(random);
      const first = event === 'clock:ping' ? garbage(random, 1) : validLookingPayload(random, event);
      return { kind, event, args: [first, ...Array.from({ length: random.int(1, 4) }, () => garbage(random, 1))], withAck: true };
    }
    case 'no payload':
      return { kind, event: payloadEvent(random), args: [], withAck: true };
    case 'binary attachment': {
      const event = random.chance(0.85) ? realEvent(random) : random.pick(ODD_EVENT_NAMES);
      const args = random.weighted<() => unknown[]>([
        [2, () => [binaryBlob(random)]],
        [2, () => [objectWith([['clinicId', binaryBlob(random)], ['name', binaryBlob(random)]])]],
        [2, () => [garbage(random, 3, { binary: true })]],
        [1, () => [validLookingPayload(random, payloadEvent(random)), binaryBlob(random)]],
      ])();
      return { kind, event, args, withAck: true };
    }
    case 'no ack callback': {
      const inner = hostileEmit(random);
      return inner.kind === 'oversized' ? inner : { ...inner, kind, withAck: false };
    }
    case 'oversized': {
      const event = payloadEvent(random);
      const payload = objectWith([...Object.entries(validLookingPayload(random, event)), [random.pick(['name', 'title', 'clinicId', 'padding']), 'z'.repeat(random.int(OVERSIZED_BYTES, 4 * OVERSIZED_BYTES))]]);
      return { kind, event, args: [payload], withAck: true };
    }
    case 'clock ping':
      return { kind, event: 'clock:ping', args: random.chance(0.7) ? [] : [garbage(random, 1)], withAck: true };
  }
}

/**
 * For a clinic's own facilitator: a command of `type`, mostly as the schema accepts it, sometimes
 * broken. It claims to be based on the revision it saw, on the very first one (stale once anything
 * happened), or on one far ahead (a lie the server has no reason to mind).
 */
export function facilitatorPayload(random: SeededRandom, ids: IdPool, type: string, seenRevision: number): { payload: unknown; valid: boolean } {
  const roll = random.next();
  const basedOnRevision = roll < 0.15 ? 0 : roll < 0.5 ? seenRevision : random.int(seenRevision, 1_000_000);
  const payload: Record<string, unknown> = { command: validCommand(random, ids, type), basedOnRevision };
  if (random.chance(0.2)) return { payload: mutated(random, payload), valid: false };
  return { payload, valid: true };
}

// ---------------------------------------------------------------------------------------------
// Raw Engine.IO / Socket.IO frames over a websocket

export type FrameKind =
  | 'truncated'
  | 'invalid JSON'
  | 'unknown Socket.IO type'
  | 'unknown Engine.IO type'
  | 'Engine.IO control'
  | 'Socket.IO control'
  | 'reserved event'
  | 'odd event name'
  | 'binary trick'
  | 'invalid UTF-8'
  | 'random bytes'
  | 'oversized'
  | 'well-formed';

export interface RawFrame {
  readonly kind: FrameKind;
  readonly data: string | Buffer;
  /** Send a Buffer as a text frame (to smuggle invalid UTF-8). */
  readonly asText?: boolean;
  /** Leaves the main namespace: the server owes nothing for anything sent after it. */
  readonly leavesNamespace?: boolean;
  /** A well-formed event that asked for an acknowledgement with this id, and which event it was. */
  readonly expectsAck?: { readonly id: number; readonly event: string };
}

/** Deep enough to stress a recursive decoder, small enough (2 bytes a level) to fit in one message. */
const NESTED_PLACEHOLDER_DEPTH = 6_000;

/** `42` + optional ack id + JSON: an EVENT packet inside an Engine.IO MESSAGE. */
export const eventFrame = (args: readonly unknown[], ackId?: number) => `42${ackId ?? ''}${JSON.stringify(args)}`;

function wellFormedEvent(random: SeededRandom, ackId: number): RawFrame {
  const event = random.weighted<string>([
    [2, 'clock:ping'],
    [2, 'clinic:join'],
    [1, 'clinic:preview'],
    [2, 'clinic:command'],
    [1, 'clinic:aside'],
    [1, 'clinic:create'],
    [2, random.pick(HARVEST_EVENTS)],
    [2, random.pick(CREW_EVENTS)],
    [2, random.pick(ODD_EVENT_NAMES)],
  ]);
  const args = event === 'clock:ping' || !REAL_EVENTS.includes(event as RealEvent) ? [] : [validLookingPayload(random, event as Exclude<RealEvent, 'clock:ping'>)];
  return { kind: 'well-formed', data: eventFrame([event, ...args], ackId), expectsAck: { id: ackId, event } };
}

/**
 * A short sequence of raw frames: usually one malformed frame (which may make the server close
 * the connection), sometimes a well-formed event with an ack id the server must answer.
 */
export function rawFrames(random: SeededRandom, nextAckId: () => number): RawFrame[] {
  const sample = eventFrame(['clinic:join', validLookingPayload(random, 'clinic:join')]);
  const kind = random.weighted<FrameKind>([
    [12, 'truncated'],
    [10, 'invalid JSON'],
    [6, 'unknown Socket.IO type'],
    [6, 'unknown Engine.IO type'],
    [6, 'Engine.IO control'],
    [8, 'Socket.IO control'],
    [5, 'reserved event'],
    [6, 'odd event name'],
    [8, 'binary trick'],
    [3, 'invalid UTF-8'],
    [3, 'random bytes'],
    [2, 'oversized'],
    [25, 'well-formed'],
  ]);
  const frame = (data: string | Buffer, extra: Partial<RawFrame> = {}): RawFrame[] => [{ kind, data, ...extra }];
  switch (kind) {
    case 'truncated':
      return frame(sample.slice(0, random.int(0, sample.length - 1)));
    case 'invalid JSON':
      return frame(
        random.pick([
          `42{"a":1}`,
          `42["clinic:join",{]`,
          `42[undefined]`,
          `42['clinic:join']`,
          `42["clinic:join",{"clinicId":"abcdefghijkl",}]`,
          `42["clinic:join"]]]]`,
          `42["clinic:join",NaN]`,
          `42["clinic:join",` + '['.repeat(random.int(1, 5_000)),
          sample.replace(/[{}[\]":,]/, () => random.pick(['', '\\', '\u0000', '}', '"'])),
        ]),
      );
    case 'unknown Socket.IO type':
      return frame(`4${random.pick(['7', '8', '9', 'x', '-', ' ', '!'])}${random.chance(0.5) ? sample.slice(2) : ''}`);
    case 'unknown Engine.IO type':
      return frame(`${random.pick(['7', '8', '9', 'x', 'b', '{', ' ', '\u0000', '💥'])}${random.chance(0.5) ? sample : ''}`);
    case 'Engine.IO control':
      return frame(random.pick(['', '1', '2', '2probe', '3', '3probe', '5', '6', '0', '0{"sid":"x"}']));
    case 'Socket.IO control': {
      const id = random.int(0, 2 ** 31);
      const data = random.pick(['40', '40{}', '40{"token":1}', '40[]', '40/admin,', '40/admin,{}', '41', '41/admin,', `43${id}[]`, `43${id}[{"ok":true}]`, '44{"message":"x"}', '46', `42/admin,${id}["clock:ping"]`]);
      return frame(data, { leavesNamespace: data === '41' });
    }
    case 'reserved event':
      return frame(eventFrame([random.pick(['connect', 'connect_error', 'disconnect', 'disconnecting', 'newListener', 'removeListener']), garbage(random, 1)]));
    case 'odd event name': {
      if (random.chance(0.3)) {
        // A number is a valid event name to Socket.IO; with an ack id it must be answered.
        const id = nextAckId();
        return frame(`42${id}[42,{}]`, { expectsAck: { id, event: '42' } });
      }
      return frame(random.pick([`42[123]`, `42[-1,{}]`, `42[1e999]`, `42[null]`, `42[{}]`, `42[[]]`, `42[]`, `42"clinic:join"`, `42{}`, `42[true]`]));
    }
    case 'binary trick': {
      const placeholder = (num: unknown) => ({ _placeholder: true, num });
      const attachment = Buffer.from(Array.from({ length: random.int(0, 64) }, () => random.int(0, 255)));
      return random.weighted<() => RawFrame[]>([
        // A header that promises one attachment, and the attachment.
        [2, () => [{ kind, data: `451-${JSON.stringify(['clinic:join', placeholder(0)])}` }, { kind, data: attachment }]],
        // The placeholder points past the attachments sent.
        [2, () => [{ kind, data: `451-${JSON.stringify(['clinic:join', placeholder(random.pick([1, -1, 1e9, '0', null]))])}` }, { kind, data: attachment }]],
        // An attachment with no header, or a header whose attachments never come.
        [1, () => [{ kind, data: attachment }]],
        [1, () => [{ kind, data: `45${random.pick(['1', '999999', '-1', 'x'])}-${JSON.stringify(['clinic:create', placeholder(0)])}` }]],
        // The placeholder buried deep, for the decoder's recursion.
        [1, () => [{ kind, data: `451-["clinic:join",${'['.repeat(NESTED_PLACEHOLDER_DEPTH)}${JSON.stringify(placeholder(0))}${']'.repeat(NESTED_PLACEHOLDER_DEPTH)}]` }, { kind, data: attachment }]],
        // A binary ACK nobody asked for.
        [1, () => [{ kind, data: `461-${random.int(0, 99)}${JSON.stringify([placeholder(0)])}` }, { kind, data: attachment }]],
      ])();
    }
    case 'invalid UTF-8':
      return frame(Buffer.from([0x34, 0x32, 0x5b, 0x22, 0xff, 0xfe, 0xc3, 0x28, 0x22, 0x5d]), { asText: true });
    case 'random bytes':
      return frame(Buffer.from(Array.from({ length: random.int(1, 256) }, () => random.int(0, 255))));
    case 'oversized':
      return random.chance(0.5)
        ? frame(eventFrame(['clinic:join', { clinicId: 'q'.repeat(random.int(OVERSIZED_BYTES, 3 * OVERSIZED_BYTES)) }]))
        : frame(Buffer.alloc(random.int(OVERSIZED_BYTES, 3 * OVERSIZED_BYTES), 0x41));
    case 'well-formed':
      return [wellFormedEvent(random, nextAckId())];
  }
}
