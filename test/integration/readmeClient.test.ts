/**
 * An outside client written from README.md alone ("Real-time protocol", "Configuration", "What is
 * stored", "Running a clinic"). Event names, payloads, refusal codes and reasons, the state's shape
 * and what the lineup and rounds mean all come from the README; nothing is imported from shared/,
 * server/ or client/. Only the process plumbing in test/support/servers.ts is used to start servers.
 * Format ids are the names of the library's files the README lists under shared/formats/; phase ids
 * other than the classic format's are read from the plan a clinic:state carries.
 *
 * Where the server and the README disagree, the assertion says what the README says.
 */
import { describe, it, expect, afterEach } from 'vitest';
import { io, type Socket } from 'socket.io-client';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { freePort, makeDataDir, startInProcessServer, startServerProcess } from '../support/servers.ts';
import { storeHolds, SUITE_STORE } from '../support/testStores.ts';

// ---------------------------------------------------------------------------------------------
// What the README says, read from the README itself
// ---------------------------------------------------------------------------------------------

const README = readFileSync(resolve(import.meta.dirname, '../../README.md'), 'utf8');

/** The reasons table: reason -> { code, sentence }. */
const REASONS: ReadonlyMap<string, { code: string; sentence: string }> = (() => {
  const start = README.indexOf('<!-- generated: reasons');
  const end = README.indexOf('<!-- end generated: reasons');
  const rows = new Map<string, { code: string; sentence: string }>();
  for (const line of README.slice(start, end).split('\n')) {
    const row = /^\| `([A-Z_]+)` \| `([A-Z_]+)` \| (.+) \|$/.exec(line.trim());
    if (row) rows.set(row[2]!, { code: row[1]!, sentence: row[3]! });
  }
  return rows;
})();

/**
 * "Where a fixed sentence would hide what went wrong, `message` says it instead: which field was
 * invalid (`INVALID_PAYLOAD`), which event is unknown (`UNKNOWN_EVENT`), which version the server
 * speaks (`PROTOCOL_MISMATCH`), the cap that was reached (`TOO_MANY_CONNECTIONS`)."
 */
const DETAILED_MESSAGE = new Set(['INVALID_PAYLOAD', 'UNKNOWN_EVENT', 'PROTOCOL_MISMATCH', 'TOO_MANY_CONNECTIONS']);

const PROTOCOL_VERSION = 4; // "protocol version 4"
const MIN = 60_000;
const TOL = 1_500; // ms of slack for anything measured against a clock
const TOKEN = /^[A-Za-z0-9_-]{8,64}$/;
/** The library, as the README names its files under shared/formats/. */
const LIBRARY = ['classic', 'presencing', 'lighter', 'troika', 'wiseCrowds', 'actionLearning', 'kollegialeBeratung'];
/** "In a format with a round per case giver (Troika, Wise Crowds, action learning)". */
const ROUND_FORMATS = ['troika', 'wiseCrowds', 'actionLearning'];

// ---------------------------------------------------------------------------------------------
// Types, as the README's ClinicState block gives them
// ---------------------------------------------------------------------------------------------

type Timer = { status: 'running'; deadlineAt: number } | { status: 'paused'; remainingMs: number };
type Floor = { kind: 'caseGiver' } | { kind: 'eachCoach' } | { kind: 'everyone' } | { kind: 'nobody' } | { kind: 'role'; roleId: string };
/** What the README's `step` and `finished` entries share. */
interface StepBase {
  roundIndex: number;
  phaseIndex: number;
  turnIndex: number;
  speakerId: string | null;
  plannedMs: number;
  budgetMs: number;
}
interface Step extends StepBase {
  timer: Timer;
  waitsForFacilitator: boolean;
}
interface Finished extends StepBase {
  remainingMs: number;
  skipped: boolean;
}
interface PlanEntry {
  phaseId: string;
  title: string;
  purpose: string;
  floor: Floor;
  caseGiverTurnsAway: boolean;
  guidance: { caseGiver: string; speaker?: string; listeners: string };
  durationMs: number;
  minimumMs: number;
  autoAdvance: 'off' | 'soft' | 'hard';
}
interface ClinicState {
  protocolVersion: number;
  clinicId: string;
  title: string | null;
  revision: number;
  facilitatorIds: string[];
  participants: { id: string; name: string; online: boolean; screen: boolean }[];
  stage: 'lobby' | 'running' | 'overtime' | 'paused' | 'closed';
  progress: {
    format: { id: string; name: string; rounds: 'one' | 'eachCaseGiver'; roles: { id: string; name: string; duty: string }[] };
    plan: PlanEntry[];
    cueTimes: { phaseWrapUpMs: number; turnWrapUpMs: number };
    lineup: string[];
    caseGiverIds: string[];
    roleHolders: Record<string, string>;
    step: Step | null;
    finished: Finished[];
    undone: { roundIndex: number; phaseIndex: number; turnIndex: number; spentMs: number }[];
    startedAt: number | null;
    closedAt: number | null;
  };
}
interface RefusalError {
  code: string;
  reason: string;
  message: string;
}
type Reply<T = any> = { ok: true; data: T } | { ok: false; error: RefusalError };

// ---------------------------------------------------------------------------------------------
// Plumbing: everything a test opens is closed after it
// ---------------------------------------------------------------------------------------------

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/**
 * The README's pace ("bursts of 20, then 5 per second") is per connection; a test clicks through a
 * whole clinic far faster than a person would, so tests that are not about the pace relax it.
 */
const RELAXED_PACE = { eventBurst: 1_000, eventsPerSecond: 1_000 };

async function server(limits: Record<string, number> = RELAXED_PACE, dataDir?: string): Promise<string> {
  const started = await startInProcessServer({ limits: limits as never, dataDir });
  cleanups.push(() => started.close());
  return started.url;
}

/**
 * "every error having { code, reason, message }", as in the reasons table: `message` is the
 * table's sentence, except for the reasons whose message says what went wrong instead.
 */
function checkRefusalShape(error: unknown, context: string): void {
  expect.soft(error !== null && typeof error === 'object' ? Object.keys(error).sort() : error, `${context}: refusal keys`).toEqual([
    'code',
    'message',
    'reason',
  ]);
  const { reason, code, message } = (error ?? {}) as Partial<RefusalError>;
  const row = REASONS.get(String(reason));
  expect.soft(row, `${context}: reason ${reason} is in the README's reasons table`).toBeDefined();
  if (row) {
    expect.soft(code, `${context}: code for reason ${reason}`).toBe(row.code);
    if (DETAILED_MESSAGE.has(String(reason))) {
      expect.soft(typeof message === 'string' && message.trim().length > 0, `${context}: a message for ${reason}`).toBe(true);
    } else {
      expect.soft(message, `${context}: sentence for reason ${reason}`).toBe(row.sentence);
    }
  }
}

/** A refusal with that reason; `says` is what a detailed message must name (checked softly). */
function expectRefused(reply: Reply, reason: string, context = '', says?: string | RegExp): void {
  const row = REASONS.get(reason);
  if (!row) throw new Error(`test bug: ${reason} is not in the README`);
  expect.soft(reply, `${context} expected refusal ${reason}`).toMatchObject({ ok: false, error: { code: row.code, reason } });
  // "message its English sentence": checked softly (in send) so the rest of a test still runs.
  if (says !== undefined && reply && !reply.ok) {
    const message = String(reply.error?.message);
    expect.soft(typeof says === 'string' ? message.includes(says) : says.test(message), `${context} ${reason}: message ${JSON.stringify(message)} names ${says}`).toBe(true);
  }
}

function expectOk<T = any>(reply: Reply<T>, context = ''): T {
  expect(reply, context).toMatchObject({ ok: true });
  return (reply as { ok: true; data: T }).data;
}

class Device {
  readonly socket: Socket;
  readonly states: ClinicState[] = [];
  readonly gone: unknown[] = [];
  /** The state held: one with a lower revision than what is held is ignored, as the README says. */
  state: ClinicState | undefined;
  participantId = '';
  participantToken = '';
  isFacilitator = false;

  constructor(
    readonly url: string,
    readonly label: string,
    options: Record<string, unknown> = {},
  ) {
    this.socket = io(url, { transports: ['websocket'], forceNew: true, ...options });
    cleanups.push(() => this.socket.close());
    this.socket.on('clinic:state', (state: ClinicState) => {
      this.states.push(state);
      if (!this.state || state.revision >= this.state.revision) this.state = state;
    });
    this.socket.on('clinic:gone', (gone: unknown) => this.gone.push(gone));
  }

  get s(): ClinicState {
    if (!this.state) throw new Error(`${this.label} holds no state`);
    return this.state;
  }

  async send<T = any>(event: string, ...args: unknown[]): Promise<Reply<T>> {
    const reply = (await this.socket.timeout(5_000).emitWithAck(event, ...args)) as Reply<T>;
    if (reply && reply.ok === false) checkRefusalShape(reply.error, `${this.label} ${event}`);
    else expect.soft(reply, `${this.label} ${event}: reply shape`).toMatchObject({ ok: true });
    return reply;
  }

  async join(payload: Record<string, unknown>): Promise<Reply> {
    const reply = await this.send('clinic:join', { protocolVersion: PROTOCOL_VERSION, ...payload });
    if (reply.ok) {
      Object.assign(this, { participantId: reply.data.participantId, participantToken: reply.data.participantToken, isFacilitator: reply.data.isFacilitator });
      // "joining sends it the full state at once"
      await this.waitForState((state) => state.clinicId === payload.clinicId, 'the state sent on join');
    }
    return reply;
  }

  async joinOk(payload: Record<string, unknown>): Promise<this> {
    expectOk(await this.join(payload), `${this.label} joins`);
    return this;
  }

  command(command: Record<string, unknown>, basedOnRevision = this.s.revision): Promise<Reply<{ revision: number; facilitatorKey?: string }>> {
    return this.send('clinic:command', { command, basedOnRevision });
  }

  /** A command that must succeed; "broadcast of the full state -> acknowledgement". */
  async do(command: Record<string, unknown>, basedOnRevision?: number): Promise<{ revision: number; facilitatorKey?: string }> {
    const data = expectOk(await this.command(command, basedOnRevision), `${this.label} ${JSON.stringify(command)}`);
    expect(data.revision).toEqual(expect.any(Number));
    expect.soft(this.s.revision, `${this.label}: the state of revision ${data.revision} arrived before the acknowledgement`).toBeGreaterThanOrEqual(
      data.revision,
    );
    return data;
  }

  waitForState(predicate: (state: ClinicState) => boolean, what: string, ms = 5_000): Promise<ClinicState> {
    return new Promise((resolveState, reject) => {
      const check = (): void => {
        if (this.state && predicate(this.state)) {
          done();
          resolveState(this.state);
        }
      };
      const timer = setTimeout(() => {
        done();
        reject(new Error(`${this.label}: timed out waiting for ${what}; holds ${JSON.stringify(this.state)}`));
      }, ms);
      const done = (): void => {
        clearTimeout(timer);
        this.socket.off('clinic:state', check);
      };
      this.socket.on('clinic:state', check);
      check();
    });
  }

  waitForGone(ms = 5_000): Promise<unknown> {
    return new Promise((resolveGone, reject) => {
      if (this.gone.length) return resolveGone(this.gone[0]);
      const timer = setTimeout(() => reject(new Error(`${this.label}: no clinic:gone`)), ms);
      this.socket.once('clinic:gone', (gone: unknown) => {
        clearTimeout(timer);
        resolveGone(gone);
      });
    });
  }

  /** serverNow from a clock:ping round trip (the middle of the bound the README gives). */
  async serverNow(): Promise<number> {
    const sentAt = Date.now();
    const data = expectOk(await this.send<{ serverNow: number }>('clock:ping'));
    const receivedAt = Date.now();
    expect(Number.isInteger(data.serverNow)).toBe(true);
    return data.serverNow + (receivedAt - sentAt) / 2;
  }
}

function connected(device: Device): Promise<Device> {
  return new Promise((resolveConnected, reject) => {
    if (device.socket.connected) return resolveConnected(device);
    const timer = setTimeout(() => reject(new Error(`${device.label} did not connect`)), 5_000);
    device.socket.once('connect', () => {
      clearTimeout(timer);
      resolveConnected(device);
    });
  });
}

async function device(url: string, label: string): Promise<Device> {
  return connected(new Device(url, label));
}

/** The outcome of a connection attempt: connected, or Socket.IO's connect_error. */
function connectOutcome(d: Device): Promise<{ connected: true } | { connected: false; error: Error & { data?: unknown } }> {
  return new Promise((res) => {
    d.socket.once('connect', () => res({ connected: true }));
    d.socket.once('connect_error', (error: Error & { data?: unknown }) => res({ connected: false, error }));
  });
}

async function createClinic(creator: Device, extra: Record<string, unknown> = {}): Promise<{ clinicId: string; facilitatorKey: string }> {
  const data = expectOk(await creator.send('clinic:create', { protocolVersion: PROTOCOL_VERSION, ...extra }), `clinic:create ${JSON.stringify(extra)}`);
  expect(data.clinicId).toMatch(TOKEN);
  expect(data.facilitatorKey).toMatch(TOKEN);
  return data;
}

/** A facilitator (facilitator link + a name) and people joining by name. */
async function crew(url: string, names: string[], extra: Record<string, unknown> = {}) {
  const fac = await device(url, 'Fay');
  const { clinicId, facilitatorKey } = await createClinic(fac, extra);
  await fac.joinOk({ clinicId, facilitatorKey, name: 'Fay' });
  expect(fac.isFacilitator).toBe(true);
  const others: Device[] = [];
  for (const name of names) {
    const other = await device(url, name);
    await other.joinOk({ clinicId, name });
    expect(other.isFacilitator).toBe(false);
    others.push(other);
  }
  await fac.waitForState((state) => state.participants.length === names.length + 1, 'everyone listed');
  return { fac, others, clinicId, facilitatorKey };
}

/** Every device holds the same room-wide state after a change. */
async function allSee(devices: Device[], revision: number): Promise<ClinicState> {
  const states = await Promise.all(devices.map((d) => d.waitForState((state) => state.revision >= revision, `revision ${revision}`)));
  for (const state of states.slice(1)) expect(state.progress).toEqual(states[0]!.progress);
  for (const state of states) expect(state.stage).toBe(states[0]!.stage);
  return states[0]!;
}

function remainingOf(timer: Timer, now: number): number {
  return timer.status === 'running' ? timer.deadlineAt - now : timer.remainingMs;
}

/**
 * "a round's coaches are the rest of the lineup, starting after its case giver (so in a one-round
 * format, the lineup is the case giver followed by the coaches in order)".
 */
function coachesOf(state: ClinicState, roundIndex = 0): string[] {
  const { lineup, caseGiverIds } = state.progress;
  if (!Array.isArray(lineup) || !Array.isArray(caseGiverIds)) return [];
  const caseGiver = caseGiverIds[roundIndex];
  const at = caseGiver === undefined ? -1 : lineup.indexOf(caseGiver);
  if (at < 0) return [...lineup];
  return [...lineup.slice(at + 1), ...lineup.slice(0, at)];
}

/**
 * Who holds the floor in a step, from the plan: "the round's case giver, the coach whose turn it is,
 * the role holder, or null for an open conversation or stillness".
 */
function speakerFor(state: ClinicState, roundIndex: number, phaseIndex: number, turnIndex: number): string | null | undefined {
  const floor = state.progress.plan[phaseIndex]?.floor;
  switch (floor?.kind) {
    case 'caseGiver':
      return state.progress.caseGiverIds[roundIndex] ?? null;
    case 'eachCoach':
      return coachesOf(state, roundIndex)[turnIndex] ?? null;
    case 'role':
      return state.progress.roleHolders[floor.roleId] ?? null;
    case 'everyone':
    case 'nobody':
      return null;
    default:
      return undefined;
  }
}
function speaker(state: ClinicState, roundIndex: number, phaseIndex: number, turnIndex: number): { speakerId?: string | null } {
  const id = speakerFor(state, roundIndex, phaseIndex, turnIndex);
  return id === undefined ? {} : { speakerId: id };
}

/** The first round's coaches lack `id` (an absent lineup fails too). */
function softNotCoach(state: ClinicState, id: string, what: string): void {
  const lineup = state.progress.lineup as unknown;
  expect.soft(Array.isArray(lineup) && !coachesOf(state).includes(id), `${what}: coaches ${JSON.stringify(coachesOf(state))} (lineup ${JSON.stringify(lineup)}) lack ${id}`).toBe(
    true,
  );
}

/** The keys the README's ClinicState block gives, level by level. */
const STATE_KEYS = {
  state: ['clinicId', 'crewWeek', 'facilitatorIds', 'participants', 'progress', 'protocolVersion', 'revision', 'stage', 'title'],
  participant: ['id', 'name', 'online', 'screen'],
  progress: ['caseGiverIds', 'closedAt', 'cueTimes', 'finished', 'format', 'lineup', 'plan', 'roleHolders', 'startedAt', 'step', 'undone'],
  format: ['id', 'name', 'roles', 'rounds'],
  role: ['duty', 'id', 'name'],
  plan: ['autoAdvance', 'caseGiverTurnsAway', 'clarifyingQuestions', 'durationMs', 'floor', 'guidance', 'minimumMs', 'phaseId', 'purpose', 'title'],
  cueTimes: ['phaseWrapUpMs', 'turnWrapUpMs'],
  step: ['budgetMs', 'phaseIndex', 'plannedMs', 'roundIndex', 'speakerId', 'timer', 'turnIndex', 'waitsForFacilitator'],
  finished: ['budgetMs', 'phaseIndex', 'plannedMs', 'remainingMs', 'roundIndex', 'skipped', 'speakerId', 'turnIndex'],
  undone: ['phaseIndex', 'roundIndex', 'spentMs', 'turnIndex'],
};
function checkStateShape(state: ClinicState, when: string): void {
  const soft = expect.soft;
  const keys = (value: unknown) => (value !== null && typeof value === 'object' ? Object.keys(value).sort() : value);
  const p = state.progress as unknown as Record<string, unknown>;
  soft(keys(state), `${when}: ClinicState keys`).toEqual(STATE_KEYS.state);
  for (const participant of state.participants) soft(keys(participant), `${when}: participant keys`).toEqual(STATE_KEYS.participant);
  soft(keys(p), `${when}: progress keys`).toEqual(STATE_KEYS.progress);
  soft(keys(p.format), `${when}: format keys`).toEqual(STATE_KEYS.format);
  soft(['one', 'eachCaseGiver'], `${when}: format.rounds`).toContain(state.progress.format?.rounds);
  for (const role of state.progress.format?.roles ?? []) soft(keys(role), `${when}: role keys`).toEqual(STATE_KEYS.role);
  for (const phase of state.progress.plan) {
    soft(keys(phase), `${when}: plan entry keys`).toEqual(STATE_KEYS.plan);
    soft(keys(phase.floor), `${when}: ${phase.phaseId} floor keys`).toEqual(phase.floor?.kind === 'role' ? ['kind', 'roleId'] : ['kind']);
    soft(['caseGiver', 'eachCoach', 'everyone', 'nobody', 'role'], `${when}: ${phase.phaseId} floor.kind`).toContain(phase.floor?.kind);
    const guidanceKeys = keys(phase.guidance) as string[];
    soft(guidanceKeys.filter((k) => k !== 'speaker'), `${when}: ${phase.phaseId} guidance keys`).toEqual(['caseGiver', 'listeners']);
    soft(typeof phase.title === 'string' && typeof phase.purpose === 'string', `${when}: ${phase.phaseId} has its words`).toBe(true);
    soft(phase.minimumMs, `${when}: ${phase.phaseId} minimumMs <= durationMs`).toBeLessThanOrEqual(phase.durationMs);
  }
  soft(keys(state.progress.cueTimes), `${when}: cueTimes keys`).toEqual(STATE_KEYS.cueTimes);
  soft(Array.isArray(state.progress.lineup), `${when}: lineup is a list`).toBe(true);
  soft(Array.isArray(state.progress.caseGiverIds), `${when}: caseGiverIds is a list`).toBe(true);
  soft(typeof state.progress.roleHolders === 'object' && state.progress.roleHolders !== null && !Array.isArray(state.progress.roleHolders), `${when}: roleHolders is a map`).toBe(true);
  for (const value of Object.values(state.progress.roleHolders ?? {})) soft(typeof value, `${when}: a role holder is an id`).toBe('string');
  if (state.progress.step) {
    soft(keys(state.progress.step), `${when}: step keys`).toEqual(STATE_KEYS.step);
    soft(keys(state.progress.step.timer), `${when}: timer keys`).toEqual(state.progress.step.timer.status === 'running' ? ['deadlineAt', 'status'] : ['remainingMs', 'status']);
  }
  for (const f of state.progress.finished) soft(keys(f), `${when}: finished entry keys`).toEqual(STATE_KEYS.finished);
  for (const u of state.progress.undone) soft(keys(u), `${when}: undone entry keys`).toEqual(STATE_KEYS.undone);
}


// ---------------------------------------------------------------------------------------------

describe('README: the reasons table', () => {
  it('lists every refusal with a code, a reason and a sentence', () => {
    expect(REASONS.size).toBeGreaterThan(30);
    for (const reason of ['PROTOCOL_MISMATCH', 'NOT_FACILITATOR', 'SCREEN_HAS_NO_ROLE', 'STALE_COMMAND', 'TOO_MANY_CLINICS', 'TOO_MANY_WAITING']) {
      expect(REASONS.has(reason), reason).toBe(true);
    }
  });
});

describe('a whole clinic, as "Running a clinic" and the protocol tables describe it', () => {
  it('runs from create to close, with stage and progress as documented after each step', async () => {
    const soft = expect.soft; // observations are soft, so one run reports every difference
    const url = await server();
    const { fac, others, clinicId, facilitatorKey } = await crew(url, ['Ann', 'Ben', 'Cal'], { title: 'Team clinic' });
    const [ann, ben, cal] = others as [Device, Device, Device];
    const everyone = [fac, ann, ben, cal];

    // Lobby: the room-wide state as the ClinicState block gives it.
    let state = fac.s;
    checkStateShape(state, 'lobby');
    soft(state.protocolVersion).toBe(PROTOCOL_VERSION);
    soft(state.clinicId).toBe(clinicId);
    soft(state.title).toBe('Team clinic');
    soft(state.stage).toBe('lobby');
    soft(state.facilitatorIds).toEqual([fac.participantId]);
    soft(state.participants).toEqual(
      expect.arrayContaining([
        { id: fac.participantId, name: 'Fay', online: true, screen: false },
        { id: ann.participantId, name: 'Ann', online: true, screen: false },
        { id: ben.participantId, name: 'Ben', online: true, screen: false },
        { id: cal.participantId, name: 'Cal', online: true, screen: false },
      ]),
    );
    soft(state.participants).toHaveLength(4);
    // `formatId` default "classic"; the classic format runs one round and names no roles.
    soft(state.progress.format, 'progress.format').toMatchObject({ id: 'classic', name: expect.any(String), rounds: 'one', roles: [] });
    // "Default lengths: Case 20 min, Reflections 5 min per coach, Response 10 min, Dialogue 35 min";
    // "the classic format's minimum is 1 for every phase"; at time-up "Keep counting (default)";
    // cues "a minute before a phase ends and 30 s before a coach's turn ends".
    soft(state.progress.plan.map((p) => [p.phaseId, p.durationMs, p.minimumMs])).toEqual([
      ['case', 20 * MIN, MIN],
      ['reflections', 5 * MIN, MIN],
      ['response', 10 * MIN, MIN],
      ['dialogue', 35 * MIN, MIN],
    ]);
    soft(state.progress.plan[1]?.floor, 'plan[reflections].floor ("5 min per coach")').toEqual({ kind: 'eachCoach' });
    soft(state.progress.plan.map((p) => p.autoAdvance)).toEqual(['off', 'off', 'off', 'off']);
    soft(state.progress.cueTimes).toEqual({ phaseWrapUpMs: 60_000, turnWrapUpMs: 30_000 });
    soft(state.progress, 'lobby progress').toMatchObject({ caseGiverIds: [], roleHolders: {}, step: null, finished: [], undone: [], startedAt: null, closedAt: null });
    for (const d of everyone) soft(d.s.progress).toEqual(state.progress);
    // SET_ROUND_ORDER is for "formats with a round per case giver"; the classic format names no role.
    expectRefused(await fac.command({ type: 'SET_ROUND_ORDER', caseGiverIds: [ann.participantId, ben.participantId] }), 'ONE_ROUND_ONLY');
    expectRefused(await fac.command({ type: 'SET_ROLE', roleId: 'moderator', participantId: ann.participantId }), 'UNKNOWN_ROLE');

    // Set up: case giver, then the coaches' order (the facilitator coaches too).
    let { revision } = await fac.do({ type: 'SET_CASE_GIVER', participantId: ann.participantId });
    state = await allSee(everyone, revision);
    soft(state.stage).toBe('lobby');
    soft(state.progress.caseGiverIds, 'progress.caseGiverIds').toEqual([ann.participantId]);
    // "in a one-round format, the lineup is the case giver followed by the coaches in order"
    soft(state.progress.lineup[0], 'lineup starts with the case giver').toBe(ann.participantId);
    softNotCoach(state, ann.participantId, 'the case giver is never a coach');

    const order = [cal.participantId, fac.participantId, ben.participantId];
    ({ revision } = await fac.do({ type: 'SET_COACH_ORDER', coachIds: order }));
    state = await allSee(everyone, revision);
    soft(state.stage).toBe('lobby');
    soft(state.progress.lineup, 'progress.lineup').toEqual([ann.participantId, ...order]);
    soft(state.progress.caseGiverIds).toEqual([ann.participantId]);
    soft(state.progress.step).toBeNull();

    // Start: the Case phase runs.
    ({ revision } = await fac.do({ type: 'START' }));
    state = await allSee(everyone, revision);
    checkStateShape(state, 'running');
    let now = await fac.serverNow();
    soft(state.stage).toBe('running');
    soft(state.progress.startedAt).toBeGreaterThan(now - 5_000);
    soft(state.progress.closedAt).toBeNull();
    soft(state.progress.step).toMatchObject({
      roundIndex: 0,
      phaseIndex: 0,
      turnIndex: 0,
      ...speaker(state, 0, 0, 0),
      plannedMs: 20 * MIN,
      budgetMs: 20 * MIN,
      timer: { status: 'running' },
      waitsForFacilitator: false,
    });
    soft(Math.abs(remainingOf(state.progress.step!.timer, now) - 20 * MIN)).toBeLessThan(TOL);

    // Next phase: Reflections, the first coach's turn.
    ({ revision } = await fac.do({ type: 'NEXT_PHASE' }));
    state = await allSee(everyone, revision);
    now = await fac.serverNow();
    soft(state.stage).toBe('running');
    soft(state.progress.finished).toMatchObject([{ roundIndex: 0, phaseIndex: 0, turnIndex: 0, ...speaker(state, 0, 0, 0), plannedMs: 20 * MIN, skipped: false }]);
    soft(state.progress.finished[0]!.remainingMs).toBeGreaterThan(20 * MIN - 10_000);
    soft(state.progress.step).toMatchObject({ roundIndex: 0, phaseIndex: 1, turnIndex: 0, speakerId: cal.participantId, plannedMs: 5 * MIN, waitsForFacilitator: false });
    soft(Math.abs(remainingOf(state.progress.step!.timer, now) - 5 * MIN)).toBeLessThan(TOL);

    // Next speaker: Fay's turn.
    ({ revision } = await fac.do({ type: 'NEXT_SPEAKER' }));
    state = await allSee(everyone, revision);
    soft(state.stage).toBe('running');
    soft(state.progress.step).toMatchObject({ phaseIndex: 1, turnIndex: 1, speakerId: fac.participantId });
    soft(state.progress.finished.at(-1)).toMatchObject({ roundIndex: 0, phaseIndex: 1, turnIndex: 0, speakerId: cal.participantId, skipped: false });
    soft(state.progress.finished).toHaveLength(2);

    // Skip speaker: Fay's turn is recorded as skipped, Ben's begins.
    ({ revision } = await fac.do({ type: 'SKIP_SPEAKER' }));
    state = await allSee(everyone, revision);
    soft(state.stage).toBe('running');
    soft(state.progress.step).toMatchObject({ phaseIndex: 1, turnIndex: 2, speakerId: ben.participantId });
    soft(state.progress.finished).toHaveLength(3);
    const skippedTurn = state.progress.finished.at(-1)!;
    soft(skippedTurn).toMatchObject({ roundIndex: 0, phaseIndex: 1, turnIndex: 1, speakerId: fac.participantId, skipped: true });

    // Back: undoes the skip, restores the time Fay's turn had left, then waits for the facilitator.
    ({ revision } = await fac.do({ type: 'BACK' }));
    state = await allSee(everyone, revision);
    now = await fac.serverNow();
    soft(state.stage).toBe('running');
    soft(state.progress.step).toMatchObject({ roundIndex: 0, phaseIndex: 1, turnIndex: 1, speakerId: fac.participantId, waitsForFacilitator: true });
    soft(Math.abs(remainingOf(state.progress.step!.timer, now) - skippedTurn.remainingMs)).toBeLessThan(TOL);
    soft(state.progress.finished).toHaveLength(2);
    soft(state.progress.finished.some((f) => f.skipped)).toBe(false);
    soft(state.progress.undone).toMatchObject([{ roundIndex: 0, phaseIndex: 1, turnIndex: 2, spentMs: expect.any(Number) }]);
    soft(state.progress.undone[0]?.spentMs).toBeGreaterThanOrEqual(0);
    soft(state.progress.undone[0]?.spentMs).toBeLessThan(10_000);

    // Pause freezes the step's time.
    ({ revision } = await fac.do({ type: 'PAUSE' }));
    state = await allSee(everyone, revision);
    checkStateShape(state, 'paused');
    soft(state.stage).toBe('paused');
    expect(state.progress.step!.timer.status).toBe('paused');
    const frozen = (state.progress.step!.timer as { remainingMs: number }).remainingMs;
    soft(Math.abs(frozen - skippedTurn.remainingMs)).toBeLessThan(TOL);

    // +1 min while paused: the frozen time grows by exactly a minute.
    ({ revision } = await fac.do({ type: 'ADJUST_TIME', deltaMs: 60_000 }));
    state = await allSee(everyone, revision);
    soft(state.stage).toBe('paused');
    soft(state.progress.step!.timer).toEqual({ status: 'paused', remainingMs: frozen + 60_000 });

    // Resume runs it again from where it stood.
    ({ revision } = await fac.do({ type: 'RESUME' }));
    state = await allSee(everyone, revision);
    now = await fac.serverNow();
    soft(state.stage).toBe('running');
    expect(state.progress.step!.timer.status).toBe('running');
    soft(Math.abs(remainingOf(state.progress.step!.timer, now) - (frozen + 60_000))).toBeLessThan(TOL);
    const deadline = (state.progress.step!.timer as { deadlineAt: number }).deadlineAt;

    // −1 min while running: the deadline moves by exactly a minute.
    ({ revision } = await fac.do({ type: 'ADJUST_TIME', deltaMs: -60_000 }));
    state = await allSee(everyone, revision);
    soft(state.stage).toBe('running');
    soft(state.progress.step!.timer).toEqual({ status: 'running', deadlineAt: deadline - 60_000 });

    // Next speaker: Ben, the last coach.
    ({ revision } = await fac.do({ type: 'NEXT_SPEAKER' }));
    state = await allSee(everyone, revision);
    soft(state.progress.step).toMatchObject({ phaseIndex: 1, turnIndex: 2, speakerId: ben.participantId, waitsForFacilitator: false });
    soft(state.progress.finished.at(-1)).toMatchObject({ phaseIndex: 1, turnIndex: 1, speakerId: fac.participantId, skipped: false });

    // Skip after the last coach: on to the next phase, Ben's turn recorded as skipped.
    ({ revision } = await fac.do({ type: 'SKIP_SPEAKER' }));
    state = await allSee(everyone, revision);
    soft(state.stage).toBe('running');
    soft(state.progress.step).toMatchObject({ roundIndex: 0, phaseIndex: 2, turnIndex: 0, ...speaker(state, 0, 2, 0), plannedMs: 10 * MIN });
    soft(state.progress.finished.at(-1)).toMatchObject({ phaseIndex: 1, turnIndex: 2, speakerId: ben.participantId, skipped: true });

    // Next phase: Dialogue.
    ({ revision } = await fac.do({ type: 'NEXT_PHASE' }));
    state = await allSee(everyone, revision);
    soft(state.stage).toBe('running');
    soft(state.progress.step).toMatchObject({ roundIndex: 0, phaseIndex: 3, turnIndex: 0, ...speaker(state, 0, 3, 0), plannedMs: 35 * MIN });

    // Next phase from the last phase closes the clinic.
    ({ revision } = await fac.do({ type: 'NEXT_PHASE' }));
    state = await allSee(everyone, revision);
    checkStateShape(state, 'closed');
    soft(state.stage).toBe('closed');
    soft(state.progress.step).toBeNull(); // "null before the start and after the close"
    soft(state.progress.closedAt).toEqual(expect.any(Number));
    soft(state.progress.closedAt!).toBeGreaterThanOrEqual(state.progress.startedAt!);
    soft(state.progress.finished).toMatchObject([
      { roundIndex: 0, phaseIndex: 0, turnIndex: 0, ...speaker(state, 0, 0, 0), skipped: false },
      { roundIndex: 0, phaseIndex: 1, turnIndex: 0, speakerId: cal.participantId, skipped: false },
      { roundIndex: 0, phaseIndex: 1, turnIndex: 1, speakerId: fac.participantId, skipped: false },
      { roundIndex: 0, phaseIndex: 1, turnIndex: 2, speakerId: ben.participantId, skipped: true },
      { roundIndex: 0, phaseIndex: 2, turnIndex: 0, ...speaker(state, 0, 2, 0), skipped: false },
      { roundIndex: 0, phaseIndex: 3, turnIndex: 0, ...speaker(state, 0, 3, 0), skipped: false },
    ]);
    soft(state.progress.undone).toHaveLength(1);

    // A closed clinic takes no more moves.
    expectRefused(await fac.command({ type: 'NEXT_PHASE' }), 'CLINIC_CLOSED');
    expectRefused(await fac.command({ type: 'START' }), 'CLINIC_CLOSED');
    // "only those who were in it come back ... anyone new is refused with CLINIC_CLOSED"
    expectRefused(await (await device(url, 'stranger')).join({ clinicId, name: 'Stranger' }), 'CLINIC_CLOSED');
    const calAgain = await (await device(url, "Cal's phone")).joinOk({ clinicId, participantToken: cal.participantToken });
    expect(calAgain.participantId).toBe(cal.participantId);
    const facAgain = await (await device(url, "Fay's laptop")).joinOk({ clinicId, facilitatorKey });
    expect(facAgain.participantId).toBe(fac.participantId);
  });

  it('accepts phase lengths of 1 to 120 minutes ("minutes?: { [key]: integer 1 to 120 }"), per turn where coaches take turns', async () => {
    const url = await server();
    const d = await device(url, 'creator');
    for (const minutes of [{ case: 1 }, { reflections: 1 }, { response: 1 }, { dialogue: 1 }, { case: 120 }]) {
      const reply = await d.send('clinic:create', { protocolVersion: PROTOCOL_VERSION, minutes });
      expect.soft(reply, JSON.stringify(minutes)).toMatchObject({ ok: true });
    }
    // "which field was invalid": the message names it.
    expectRefused(await d.send('clinic:create', { protocolVersion: PROTOCOL_VERSION, minutes: { case: 0 } }), 'INVALID_PAYLOAD', 'minutes 0', 'minutes');
    expectRefused(await d.send('clinic:create', { protocolVersion: PROTOCOL_VERSION, minutes: { case: 121 } }), 'INVALID_PAYLOAD', 'minutes 121', 'minutes');
    // "`minutes` (per turn where coaches take turns) ... keyed by its phase ids"
    const { clinicId, facilitatorKey } = await createClinic(d, { minutes: { reflections: 7, dialogue: 30 } });
    await d.joinOk({ clinicId, facilitatorKey, name: 'Fay' });
    expect.soft(d.s.progress.plan.map((p) => [p.phaseId, p.durationMs])).toEqual([
      ['case', 20 * MIN],
      ['reflections', 7 * MIN],
      ['response', 10 * MIN],
      ['dialogue', 30 * MIN],
    ]);
    // A key that is none of the format's phase ids (the README does not say which reason).
    const unknownPhase = await d.send('clinic:create', { protocolVersion: PROTOCOL_VERSION, minutes: { nope: 5 } });
    expect.soft(unknownPhase.ok, `minutes keyed by an unknown phase id: ${JSON.stringify(unknownPhase)}`).toBe(false);
  });

  it('creates a clinic in every format of the library by formatId, each with its plan, and refuses a length below a phase\'s minimum', async () => {
    const soft = expect.soft;
    const url = await server({ ...RELAXED_PACE, clinicsPerAddressPerHour: 1_000 });
    const d = await device(url, 'creator');
    const plans = new Map<string, ClinicState>();
    for (const formatId of LIBRARY) {
      const reply = await d.send('clinic:create', { protocolVersion: PROTOCOL_VERSION, formatId });
      soft(reply.ok, `formatId ${formatId}: ${JSON.stringify(reply)}`).toBe(true);
      if (!reply.ok) continue;
      const viewer = await (await device(url, `viewer ${formatId}`)).joinOk({ clinicId: reply.data.clinicId, facilitatorKey: reply.data.facilitatorKey, name: 'Fay' });
      checkStateShape(viewer.s, formatId);
      soft(viewer.s.progress.format?.id, `${formatId}: progress.format.id`).toBe(formatId);
      // "In a format with a round per case giver (Troika, Wise Crowds, action learning)"
      soft(viewer.s.progress.format?.rounds, `${formatId}: progress.format.rounds`).toBe(ROUND_FORMATS.includes(formatId) ? 'eachCaseGiver' : 'one');
      soft(viewer.s.progress.plan.length, `${formatId}: phases`).toBeGreaterThan(0);
      plans.set(formatId, viewer.s);
      viewer.socket.close();
    }
    // "Kollegiale Beratung's moderator and process observer"
    const roles = plans.get('kollegialeBeratung')?.progress.format.roles ?? [];
    soft(roles.map((r) => r.name).join(', '), 'Kollegiale Beratung names a moderator').toMatch(/moderator/i);
    soft(roles.map((r) => r.name).join(', '), 'Kollegiale Beratung names a process observer').toMatch(/observer/i);

    // "each phase has a minimum length, below which `minutes` is refused" (the reason is not said).
    const withMinimum = [...plans.values()].flatMap((s) =>
      s.progress.plan.filter((p) => p.minimumMs > MIN && p.minimumMs % MIN === 0).map((p) => ({ formatId: s.progress.format.id, phase: p })),
    );
    expect(withMinimum.length, 'some phase in the library has a minimum above 1 minute').toBeGreaterThan(0);
    const { formatId, phase } = withMinimum[0]!;
    const below = await d.send('clinic:create', { protocolVersion: PROTOCOL_VERSION, formatId, minutes: { [phase.phaseId]: phase.minimumMs / MIN - 1 } });
    soft(below.ok, `${formatId} ${phase.phaseId} below its minimum: ${JSON.stringify(below)}`).toBe(false);
    const atMinimum = await createClinic(d, { formatId, minutes: { [phase.phaseId]: phase.minimumMs / MIN } });
    await d.joinOk({ clinicId: atMinimum.clinicId, facilitatorKey: atMinimum.facilitatorKey, name: 'Fay' });
    soft(d.s.progress.plan.find((p) => p.phaseId === phase.phaseId)?.durationMs).toBe(phase.minimumMs);

    // A formatId that names no format of the library (the README does not say which reason).
    const unknown = await d.send('clinic:create', { protocolVersion: PROTOCOL_VERSION, formatId: 'noSuchFormat' });
    soft(unknown.ok, `unknown formatId: ${JSON.stringify(unknown)}`).toBe(false);
  });

  it('END closes the clinic now; refusals for moves the clinic does not allow yet', async () => {
    const url = await server();
    const { fac, others } = await crew(url, ['Ann', 'Ben']);
    const [ann, ben] = others as [Device, Device];

    expectRefused(await fac.command({ type: 'START' }), 'LINEUP_NOT_READY'); // no case giver yet
    expectRefused(await fac.command({ type: 'NEXT_PHASE' }), 'NOT_STARTED');
    expectRefused(await fac.command({ type: 'PAUSE' }), 'NOT_STARTED');
    expectRefused(await fac.command({ type: 'SET_AUTO_ADVANCE', phaseId: 'nope', mode: 'hard' }), 'UNKNOWN_PHASE');

    await fac.do({ type: 'SET_CASE_GIVER', participantId: ann.participantId });
    // "START needs a case giver and, where the format has coach turns, a coach"; "anyone left out listens".
    expect.soft(await fac.command({ type: 'SET_COACH_ORDER', coachIds: [] }), 'nobody coaches').toMatchObject({ ok: true });
    expectRefused(await fac.command({ type: 'START' }), 'LINEUP_NOT_READY', 'a case giver but no coach');
    await fac.do({ type: 'SET_COACH_ORDER', coachIds: [ben.participantId] });
    await fac.do({ type: 'START' });
    expectRefused(await fac.command({ type: 'START' }), 'ALREADY_STARTED');
    expectRefused(await fac.command({ type: 'NEXT_SPEAKER' }), 'NOT_IN_TURNS_PHASE'); // Case is not a turns phase
    expectRefused(await fac.command({ type: 'SKIP_SPEAKER' }), 'NOT_IN_TURNS_PHASE');
    expectRefused(await fac.command({ type: 'BACK' }), 'NO_PREVIOUS_STEP');
    expectRefused(await fac.command({ type: 'RESUME' }), 'NOT_PAUSED');
    expectRefused(await fac.command({ type: 'SET_CASE_GIVER', participantId: ben.participantId }), 'CASE_GIVER_FIXED');
    await fac.do({ type: 'PAUSE' });
    expectRefused(await fac.command({ type: 'PAUSE' }), 'ALREADY_PAUSED');
    // ADJUST_TIME: "a non-zero whole number of ms", -600000 to 600000; unknown fields are refused.
    // "which field was invalid": the message names it.
    expectRefused(await fac.command({ type: 'ADJUST_TIME', deltaMs: 0 }), 'INVALID_PAYLOAD', 'deltaMs 0', 'deltaMs');
    expectRefused(await fac.command({ type: 'ADJUST_TIME', deltaMs: 600_001 }), 'INVALID_PAYLOAD', 'deltaMs 600001', 'deltaMs');
    expectRefused(await fac.command({ type: 'ADJUST_TIME', deltaMs: 1.5 }), 'INVALID_PAYLOAD', 'deltaMs 1.5', 'deltaMs');
    expectRefused(await fac.command({ type: 'PAUSE', extra: true }), 'INVALID_PAYLOAD', 'unknown field', 'extra');

    const { revision } = await fac.do({ type: 'END' });
    const state = await allSee([fac, ann, ben], revision);
    expect(state.stage).toBe('closed');
    expect(state.progress.step).toBeNull();
    expect(state.progress.closedAt).toEqual(expect.any(Number));
    expectRefused(await fac.command({ type: 'RESUME' }), 'CLINIC_CLOSED');
  });

  it('shows a step whose time ran out as overtime, and keeps counting ("never cuts anyone off")', async () => {
    const url = await server();
    const { fac, others } = await crew(url, ['Ann', 'Ben']);
    const [ann, ben] = others as [Device, Device];
    await fac.do({ type: 'SET_CASE_GIVER', participantId: ann.participantId });
    await fac.do({ type: 'SET_COACH_ORDER', coachIds: [ben.participantId] });
    await fac.do({ type: 'START' });
    // Case is 20 min: take 10 + 9:59.5 off, so its time runs out in half a second.
    await fac.do({ type: 'ADJUST_TIME', deltaMs: -600_000 });
    await fac.do({ type: 'ADJUST_TIME', deltaMs: -599_500 });
    const state = await ann.waitForState((s) => s.stage === 'overtime', 'stage overtime');
    expect(state.progress.step).toMatchObject({ roundIndex: 0, phaseIndex: 0, turnIndex: 0 });
    expect(remainingOf(state.progress.step!.timer, await fac.serverNow())).toBeLessThanOrEqual(0);
  });
});

describe('the lineup', () => {
  it('adds later arrivals to the end of the order until the first coach turn; screens never coach', async () => {
    const url = await server();
    const { fac, others, clinicId } = await crew(url, ['Ann', 'Ben', 'Cal']);
    const [ann, ben, cal] = others as [Device, Device, Device];

    const soft = expect.soft;
    await fac.do({ type: 'SET_CASE_GIVER', participantId: ann.participantId });
    softNotCoach(fac.s, ann.participantId, 'case giver Ann');
    soft(fac.s.progress.caseGiverIds, 'progress.caseGiverIds').toEqual([ann.participantId]);
    soft(fac.s.progress.lineup[0], 'the lineup starts with the case giver').toBe(ann.participantId);
    // "in a format of one round the previous one rejoins the coaches, last"
    await fac.do({ type: 'SET_CASE_GIVER', participantId: ben.participantId });
    soft(fac.s.progress.caseGiverIds, 'progress.caseGiverIds').toEqual([ben.participantId]);
    soft(fac.s.progress.lineup[0], 'the lineup starts with the case giver').toBe(ben.participantId);
    soft(coachesOf(fac.s).at(-1), `Ann rejoins the coaches, last: ${JSON.stringify(coachesOf(fac.s))}`).toBe(ann.participantId);
    softNotCoach(fac.s, ben.participantId, 'case giver Ben');

    // "each once"; "the case giver if named stays the case giver"; "coachIds lists at most 50 ids"
    expectRefused(await fac.command({ type: 'SET_COACH_ORDER', coachIds: [ann.participantId, ann.participantId] }), 'COACH_ORDER_INVALID');
    await fac.do({ type: 'SET_COACH_ORDER', coachIds: [cal.participantId, ben.participantId, ann.participantId] });
    soft(fac.s.progress.caseGiverIds, 'the case giver named in a coach order stays the case giver').toEqual([ben.participantId]);
    soft(coachesOf(fac.s), 'and the others coach in that order').toEqual([cal.participantId, ann.participantId]);
    expectRefused(await fac.command({ type: 'SET_COACH_ORDER', coachIds: Array.from({ length: 51 }, (_, i) => `coach-${String(i).padStart(3, '0')}`) }), 'INVALID_PAYLOAD');

    await fac.do({ type: 'SET_COACH_ORDER', coachIds: [cal.participantId, ann.participantId] });
    // "anyone left out listens": the lineup is everyone taking part, Fay is not.
    soft(fac.s.progress.lineup, 'progress.lineup').toEqual([ben.participantId, cal.participantId, ann.participantId]);
    const dee = await (await device(url, 'Dee')).joinOk({ clinicId, name: 'Dee' });
    await fac.waitForState((s) => s.participants.some((p) => p.id === dee.participantId), 'Dee listed');
    soft(fac.s.progress.lineup, 'Dee added at the end').toEqual([ben.participantId, cal.participantId, ann.participantId, dee.participantId]);

    // A shared screen: listed with the crew, never a coach.
    const wall = await (await device(url, 'Wall')).joinOk({ clinicId, name: 'Room 4', asScreen: true });
    await fac.waitForState((s) => s.participants.some((p) => p.id === wall.participantId), 'screen listed');
    soft(fac.s.participants.find((p) => p.id === wall.participantId)).toEqual({ id: wall.participantId, name: 'Room 4', online: true, screen: true });
    soft(fac.s.progress.lineup, 'a shared screen is never in the lineup').not.toContain(wall.participantId);
    expectRefused(await fac.command({ type: 'SET_COACH_ORDER', coachIds: [cal.participantId, wall.participantId] }), 'SCREEN_HAS_NO_ROLE');

    await fac.do({ type: 'START' });
    const eve = await (await device(url, 'Eve')).joinOk({ clinicId, name: 'Eve' });
    await fac.waitForState((s) => s.participants.some((p) => p.id === eve.participantId), 'Eve listed');
    soft(fac.s.progress.lineup, 'Eve added at the end').toEqual([ben.participantId, cal.participantId, ann.participantId, dee.participantId, eve.participantId]);

    await fac.do({ type: 'NEXT_PHASE' }); // the first coach's turn starts
    const fin = await (await device(url, 'Fin')).joinOk({ clinicId, name: 'Fin' });
    await fac.waitForState((s) => s.participants.some((p) => p.id === fin.participantId), 'Fin listed');
    soft(fac.s.progress.lineup, 'after the first coach turn, a newcomer is not added').not.toContain(fin.participantId);
    expectRefused(await fac.command({ type: 'SET_COACH_ORDER', coachIds: [ann.participantId, cal.participantId] }), 'COACH_ORDER_FIXED');
  });

  it('a device rejoining with its token is the same participant, and shows as offline while away', async () => {
    const url = await server();
    const { fac, others, clinicId } = await crew(url, ['Ann']);
    const [ann] = others as [Device];
    const { revision } = fac.s;
    ann.socket.close();
    await fac.waitForState((s) => s.participants.find((p) => p.id === ann.participantId)?.online === false, 'Ann offline');
    const again = await (await device(url, 'Ann again')).joinOk({ clinicId, participantToken: ann.participantToken });
    expect(again.participantId).toBe(ann.participantId);
    expect(again.isFacilitator).toBe(false);
    await fac.waitForState((s) => s.participants.find((p) => p.id === ann.participantId)?.online === true, 'Ann online');
    expect(fac.s.participants).toHaveLength(2);
    // "when only that changes [...] the state last sent goes out again at the same revision"
    expect(fac.s.revision).toBe(revision);
    expect(again.s.revision).toBe(revision);
  });

  it('trims and folds names and titles', async () => {
    const url = await server();
    const fac = await device(url, 'Fay');
    const { clinicId } = await createClinic(fac, { title: '  Team\u200b   clinic\t ' });
    await fac.joinOk({ clinicId, name: '  Ann \u202e\t  Lee  ' });
    expect(fac.s.title).toBe('Team clinic');
    expect(fac.s.participants[0]!.name).toBe('Ann Lee');
    const other = await device(url, 'other');
    expectRefused(await other.join({ clinicId, name: 'x'.repeat(61) }), 'INVALID_PAYLOAD', 'name of 61', 'name');
    // "something visible must be left" (which reason is not said; see the report)
    const invisible = await other.join({ clinicId, name: ' \u200b\u3164 ' });
    expect(invisible.ok).toBe(false);
    expect(['INVALID_PAYLOAD', 'NAME_REQUIRED']).toContain((invisible as { error: RefusalError }).error.reason);
  });
});

describe('formats from the library: rounds and roles', () => {
  it('Troika: everyone brings a case by default; SET_ROUND_ORDER sets the rounds; each round\'s coaches start after its case giver', async () => {
    const soft = expect.soft;
    const url = await server();
    const { fac, others, clinicId } = await crew(url, ['Ann', 'Ben', 'Cal'], { formatId: 'troika' });
    const [ann, ben, cal] = others as [Device, Device, Device];
    const everyone = [fac, ann, ben, cal];
    const people = [fac, ann, ben, cal].map((d) => d.participantId);

    let state = fac.s;
    checkStateShape(state, 'troika lobby');
    soft(state.progress.format, 'progress.format').toMatchObject({ id: 'troika', rounds: 'eachCaseGiver' });
    // "everyone brings a case by default"; the lineup is everyone taking part.
    soft([...state.progress.caseGiverIds].sort(), 'caseGiverIds by default').toEqual([...people].sort());
    soft([...state.progress.lineup].sort(), 'lineup').toEqual([...people].sort());

    // "Each round needs a case giver who takes part, each named once."
    expectRefused(await fac.command({ type: 'SET_ROUND_ORDER', caseGiverIds: [ann.participantId, ann.participantId] }), 'ROUND_ORDER_INVALID', 'a case giver named twice');
    const empty = await fac.command({ type: 'SET_ROUND_ORDER', caseGiverIds: [] });
    soft(empty.ok, `no round at all: ${JSON.stringify(empty)}`).toBe(false);
    const stranger = await fac.command({ type: 'SET_ROUND_ORDER', caseGiverIds: [ann.participantId, 'nobody-here-at-all'] });
    soft(stranger.ok, `someone not in the clinic: ${JSON.stringify(stranger)}`).toBe(false);
    // "commands that would [give a shared screen a turn or a role] are refused with SCREEN_HAS_NO_ROLE"
    const wall = await (await device(url, 'Wall')).joinOk({ clinicId, name: 'Room 4', asScreen: true });
    await fac.waitForState((s) => s.participants.some((p) => p.id === wall.participantId), 'screen listed');
    soft(fac.s.progress.caseGiverIds, 'a shared screen brings no case').not.toContain(wall.participantId);
    soft(fac.s.progress.lineup, 'a shared screen is not in the lineup').not.toContain(wall.participantId);
    expectRefused(await fac.command({ type: 'SET_ROUND_ORDER', caseGiverIds: [ann.participantId, wall.participantId] }), 'SCREEN_HAS_NO_ROLE');
    expectRefused(await ann.command({ type: 'SET_ROUND_ORDER', caseGiverIds: [ann.participantId] }), 'NOT_FACILITATOR');

    // Two rounds: Ben's case, then Ann's. Then the first round's coaches in order.
    let { revision } = await fac.do({ type: 'SET_ROUND_ORDER', caseGiverIds: [ben.participantId, ann.participantId] });
    state = await allSee(everyone, revision);
    soft(state.progress.caseGiverIds, 'caseGiverIds').toEqual([ben.participantId, ann.participantId]);
    const lineupBefore = state.progress.lineup;
    // "each round's coaches start with the person after its case giver": derived from the lineup.
    for (const round of [0, 1]) {
      const caseGiver = state.progress.caseGiverIds[round]!;
      const at = lineupBefore.indexOf(caseGiver);
      soft(at, `round ${round}'s case giver is in the lineup`).toBeGreaterThanOrEqual(0);
      soft(coachesOf(state, round)[0], `round ${round}: the first coach is the person after its case giver`).toBe(lineupBefore[(at + 1) % lineupBefore.length]);
      soft(coachesOf(state, round), `round ${round}: its case giver is not a coach`).not.toContain(caseGiver);
    }
    // "SET_COACH_ORDER: the first round's coaches in speaking order"
    ({ revision } = await fac.do({ type: 'SET_COACH_ORDER', coachIds: [cal.participantId, fac.participantId, ann.participantId] }));
    state = await allSee(everyone, revision);
    soft(state.progress.caseGiverIds, 'caseGiverIds unchanged by the coach order').toEqual([ben.participantId, ann.participantId]);
    soft(coachesOf(state, 0), `round 0's coaches (lineup ${JSON.stringify(state.progress.lineup)})`).toEqual([cal.participantId, fac.participantId, ann.participantId]);
    // Round 1 (Ann's): the rest of the lineup, starting after Ann.
    soft(coachesOf(state, 1), `round 1's coaches (lineup ${JSON.stringify(state.progress.lineup)})`).toEqual([ben.participantId, cal.participantId, fac.participantId]);

    // Run it: *Next phase* through the format's phases, round after round.
    ({ revision } = await fac.do({ type: 'START' }));
    state = await allSee(everyone, revision);
    checkStateShape(state, 'troika running');
    const plan = state.progress.plan;
    const expected: { roundIndex: number; phaseIndex: number; turnIndex: number; speakerId?: string | null }[] = [];
    for (const roundIndex of [0, 1]) {
      for (let phaseIndex = 0; phaseIndex < plan.length; phaseIndex++) {
        const turns = plan[phaseIndex]!.floor.kind === 'eachCoach' ? coachesOf(state, roundIndex).length : 1;
        for (let turnIndex = 0; turnIndex < turns; turnIndex++) {
          const step = { roundIndex, phaseIndex, turnIndex, ...speaker(state, roundIndex, phaseIndex, turnIndex) };
          expected.push(step);
          soft(fac.s.progress.step, `step ${JSON.stringify(step)}`).toMatchObject({ ...step, plannedMs: plan[phaseIndex]!.durationMs });
          if (plan[phaseIndex]!.floor.kind === 'caseGiver') {
            soft(fac.s.progress.step?.speakerId, `round ${roundIndex}'s case giver holds the floor`).toBe([ben.participantId, ann.participantId][roundIndex]);
          }
          ({ revision } = await fac.do({ type: plan[phaseIndex]!.floor.kind === 'eachCoach' ? 'NEXT_SPEAKER' : 'NEXT_PHASE' }));
          await allSee(everyone, revision);
        }
      }
    }
    state = fac.s;
    soft(state.stage, 'after the last phase of the last round').toBe('closed');
    soft(state.progress.step).toBeNull();
    soft(state.progress.finished.map(({ roundIndex, phaseIndex, turnIndex }) => ({ roundIndex, phaseIndex, turnIndex }))).toEqual(
      expected.map(({ roundIndex, phaseIndex, turnIndex }) => ({ roundIndex, phaseIndex, turnIndex })),
    );
  });

  it('SET_ROUND_ORDER is lobby only', async () => {
    const url = await server();
    const { fac, others } = await crew(url, ['Ann', 'Ben'], { formatId: 'wiseCrowds' });
    const [ann, ben] = others as [Device, Device];
    await fac.do({ type: 'SET_ROUND_ORDER', caseGiverIds: [ann.participantId, ben.participantId] });
    expect.soft(fac.s.progress.caseGiverIds).toEqual([ann.participantId, ben.participantId]);
    await fac.do({ type: 'START' }); // "needs a case giver and, where the format has coach turns, a coach"
    expect(fac.s.stage).toBe('running');
    expect.soft(fac.s.progress.step).toMatchObject({ roundIndex: 0, phaseIndex: 0, turnIndex: 0, ...speaker(fac.s, 0, 0, 0) });
    // The README says "lobby only" but not which reason a later one gets.
    const late = await fac.command({ type: 'SET_ROUND_ORDER', caseGiverIds: [ben.participantId] });
    expect.soft(late.ok, `SET_ROUND_ORDER after START: ${JSON.stringify(late)}`).toBe(false);
    expect.soft(fac.s.progress.caseGiverIds).toEqual([ann.participantId, ben.participantId]);
  });

  it('Kollegiale Beratung: START is refused with ROLE_NOT_HELD until each role that leads a phase is held; SET_ROLE', async () => {
    const soft = expect.soft;
    const url = await server();
    const { fac, others, clinicId } = await crew(url, ['Ann', 'Ben', 'Cal', 'Dee'], { formatId: 'kollegialeBeratung' });
    const [ann, ben, cal, dee] = others as [Device, Device, Device, Device];
    const everyone = [fac, ann, ben, cal, dee];

    let state = fac.s;
    checkStateShape(state, 'kollegiale lobby');
    soft(state.progress.format, 'progress.format').toMatchObject({ id: 'kollegialeBeratung', rounds: 'one' });
    const roles = state.progress.format.roles.map((r) => r.id);
    expect(roles.length, 'the format names roles').toBeGreaterThanOrEqual(2);
    soft(state.progress.roleHolders, 'nobody holds a role yet').toEqual({});
    const leading = [...new Set(state.progress.plan.flatMap((p) => (p.floor.kind === 'role' ? [p.floor.roleId] : [])))];
    expect(leading.length, 'a role leads a phase').toBeGreaterThan(0);
    for (const roleId of leading) soft(roles, `the role ${roleId} that leads a phase is one the format names`).toContain(roleId);
    const others_ = roles.filter((r) => !leading.includes(r));

    await fac.do({ type: 'SET_CASE_GIVER', participantId: ann.participantId });
    expectRefused(await fac.command({ type: 'START' }), 'ROLE_NOT_HELD', 'no role held');

    // Refusals for SET_ROLE.
    expectRefused(await fac.command({ type: 'SET_ROLE', roleId: 'noSuchRole', participantId: ben.participantId }), 'UNKNOWN_ROLE');
    expectRefused(await fac.command({ type: 'SET_ROLE', roleId: leading[0], participantId: 'nobody-here-at-all' }), 'UNKNOWN_PARTICIPANT');
    expectRefused(await ben.command({ type: 'SET_ROLE', roleId: leading[0], participantId: ben.participantId }), 'NOT_FACILITATOR');
    const wall = await (await device(url, 'Wall')).joinOk({ clinicId, name: 'Room 4', asScreen: true });
    await fac.waitForState((s) => s.participants.some((p) => p.id === wall.participantId), 'screen listed');
    expectRefused(await fac.command({ type: 'SET_ROLE', roleId: leading[0], participantId: wall.participantId }), 'SCREEN_HAS_NO_ROLE');

    // A role that leads no phase does not let the clinic start.
    const holders: Record<string, string> = {};
    const people = [cal, dee, fac];
    for (const [i, roleId] of others_.entries()) {
      const { revision } = await fac.do({ type: 'SET_ROLE', roleId, participantId: people[i % people.length]!.participantId });
      holders[roleId] = people[i % people.length]!.participantId;
      state = await allSee(everyone, revision);
      soft(state.progress.roleHolders, `roleHolders after ${roleId}`).toEqual(holders);
    }
    expectRefused(await fac.command({ type: 'START' }), 'ROLE_NOT_HELD', 'only roles that lead no phase held');

    // Given, taken back with null, given again: "shown on every screen".
    let { revision } = await fac.do({ type: 'SET_ROLE', roleId: leading[0], participantId: ben.participantId });
    state = await allSee(everyone, revision);
    soft(state.progress.roleHolders[leading[0]!], `${leading[0]} held by Ben`).toBe(ben.participantId);
    ({ revision } = await fac.do({ type: 'SET_ROLE', roleId: leading[0], participantId: null }));
    state = await allSee(everyone, revision);
    soft(state.progress.roleHolders, `${leading[0]} given to nobody`).toEqual(holders);
    expectRefused(await fac.command({ type: 'START' }), 'ROLE_NOT_HELD', 'the leading role given back');
    for (const roleId of leading) {
      ({ revision } = await fac.do({ type: 'SET_ROLE', roleId, participantId: ben.participantId }));
      holders[roleId] = ben.participantId;
    }
    state = await allSee(everyone, revision);
    soft(state.progress.roleHolders).toEqual(holders);

    // Now it starts, and a phase a role leads is held by its holder.
    ({ revision } = await fac.do({ type: 'START' }));
    state = await allSee(everyone, revision);
    checkStateShape(state, 'kollegiale running');
    for (let phaseIndex = 0; phaseIndex < state.progress.plan.length; phaseIndex++) {
      const phase = state.progress.plan[phaseIndex]!;
      soft(fac.s.progress.step, `${phase.phaseId} (${JSON.stringify(phase.floor)})`).toMatchObject({
        roundIndex: 0,
        phaseIndex,
        turnIndex: 0,
        ...speaker(state, 0, phaseIndex, 0),
      });
      if (phase.floor.kind === 'role') soft(fac.s.progress.step?.speakerId, `${phase.phaseId}: the role holder holds the floor`).toBe(holders[phase.floor.roleId]);
      if (phase.floor.kind === 'caseGiver') soft(fac.s.progress.step?.speakerId, `${phase.phaseId}: the case giver holds the floor`).toBe(ann.participantId);
      if (phase.floor.kind === 'eachCoach') {
        for (let turn = 0; turn < coachesOf(state).length; turn++) await fac.do({ type: 'NEXT_SPEAKER' });
      } else {
        await fac.do({ type: 'NEXT_PHASE' });
      }
    }
    soft(fac.s.stage).toBe('closed');
  });
});

describe('authorization', () => {
  it('refuses a non-facilitator and a device that has not joined; a shared screen cannot be made case giver', async () => {
    const url = await server();
    const { fac, others, clinicId } = await crew(url, ['Ann', 'Ben']);
    const [ann, ben] = others as [Device, Device];

    expectRefused(await ann.command({ type: 'START' }), 'NOT_FACILITATOR');
    expect(ann.s.stage).toBe('lobby');
    expectRefused(await ann.command({ type: 'SET_CASE_GIVER', participantId: ann.participantId }), 'NOT_FACILITATOR');
    expectRefused(await ben.command({ type: 'DELETE_CLINIC' }), 'NOT_FACILITATOR');

    const stranger = await device(url, 'stranger');
    expectRefused(await stranger.send('clinic:command', { command: { type: 'START' }, basedOnRevision: 0 }), 'NOT_JOINED');

    const wall = await (await device(url, 'Wall')).joinOk({ clinicId, name: 'Room 4', asScreen: true });
    expect(wall.isFacilitator).toBe(false);
    await fac.waitForState((s) => s.participants.some((p) => p.id === wall.participantId), 'screen listed');
    expectRefused(await wall.command({ type: 'START' }), 'NOT_FACILITATOR');
    expectRefused(await fac.command({ type: 'SET_CASE_GIVER', participantId: wall.participantId }), 'SCREEN_HAS_NO_ROLE');
    expectRefused(await fac.command({ type: 'ADD_FACILITATOR', participantId: wall.participantId }), 'SCREEN_HAS_NO_ROLE');
    expectRefused(await fac.command({ type: 'HAND_OVER', participantId: wall.participantId }), 'SCREEN_HAS_NO_ROLE');
    expect.soft(fac.s.progress.caseGiverIds, 'progress.caseGiverIds').toEqual([]);
    expectRefused(await fac.command({ type: 'SET_CASE_GIVER', participantId: 'nobody-here-at-all' }), 'UNKNOWN_PARTICIPANT');
  });

  it('roster commands: co-facilitators, hand-over, removal and a new facilitator key', async () => {
    const url = await server();
    const { fac, others, clinicId, facilitatorKey } = await crew(url, ['Ann', 'Ben', 'Cal']);
    const [ann, ben, cal] = others as [Device, Device, Device];

    await fac.do({ type: 'ADD_FACILITATOR', participantId: ann.participantId });
    expect(fac.s.facilitatorIds.sort()).toEqual([fac.participantId, ann.participantId].sort());
    await ann.do({ type: 'SET_CUE_TIMES', cueTimes: { phaseWrapUpMs: 0, turnWrapUpMs: 10_000 } });
    expect(ann.s.progress.cueTimes).toEqual({ phaseWrapUpMs: 0, turnWrapUpMs: 10_000 });
    expectRefused(await fac.command({ type: 'REMOVE_PARTICIPANT', participantId: ann.participantId }), 'FACILITATOR_NOT_REMOVABLE');
    expectRefused(await fac.command({ type: 'REMOVE_FACILITATOR', participantId: ben.participantId }), 'NOT_A_FACILITATOR');
    await fac.do({ type: 'REMOVE_FACILITATOR', participantId: ann.participantId });
    expect(fac.s.facilitatorIds).toEqual([fac.participantId]);
    expectRefused(await ann.command({ type: 'PAUSE' }), 'NOT_FACILITATOR');
    expectRefused(await fac.command({ type: 'REMOVE_FACILITATOR', participantId: fac.participantId }), 'LAST_FACILITATOR');
    expectRefused(await fac.command({ type: 'HAND_OVER', participantId: fac.participantId }), 'ALREADY_FACILITATING');

    await fac.do({ type: 'HAND_OVER', participantId: ben.participantId });
    expect(fac.s.facilitatorIds).toEqual([ben.participantId]);
    expectRefused(await fac.command({ type: 'SET_CUE_TIMES', cueTimes: { phaseWrapUpMs: 0, turnWrapUpMs: 0 } }), 'NOT_FACILITATOR');
    await ben.waitForState((s) => s.facilitatorIds.includes(ben.participantId), 'Ben facilitates');
    await ben.do({ type: 'HAND_OVER', participantId: fac.participantId });
    await fac.waitForState((s) => s.facilitatorIds.includes(fac.participantId), 'Fay facilitates again');

    // Removal: their devices get clinic:gone { reason: 'removed' }, and cannot rejoin.
    await fac.do({ type: 'REMOVE_PARTICIPANT', participantId: cal.participantId });
    expect(await cal.waitForGone()).toEqual({ reason: 'removed' });
    expect(fac.s.participants.map((p) => p.id)).not.toContain(cal.participantId);
    expect.soft(fac.s.progress.lineup, 'a removed participant leaves the lineup').not.toContain(cal.participantId);
    expectRefused(await (await device(url, 'Cal again')).join({ clinicId, participantToken: cal.participantToken }), 'REMOVED');
    expectRefused(await (await device(url, 'unknown')).join({ clinicId, participantToken: 'AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA' }), 'UNKNOWN_DEVICE');

    // A new facilitator key comes back once; the old link stops working.
    const rotated = await fac.do({ type: 'ROTATE_FACILITATOR_KEY' });
    expect(rotated.facilitatorKey).toMatch(TOKEN);
    expect(rotated.facilitatorKey).not.toBe(facilitatorKey);
    expectRefused(await (await device(url, 'old link')).join({ clinicId, facilitatorKey, name: 'Fay' }), 'INVALID_FACILITATOR_KEY');
    const newLink = await (await device(url, 'new link')).joinOk({ clinicId, facilitatorKey: rotated.facilitatorKey, name: 'Fay' });
    expect(newLink.isFacilitator).toBe(true);
    // "the facilitator link opened on a second device is the same participant again: the key's owner"
    expect.soft(newLink.participantId, 'the new link opens as the participant who replaced it').toBe(fac.participantId);

    // Once started, the case giver stays.
    await fac.do({ type: 'SET_CASE_GIVER', participantId: ann.participantId });
    await fac.do({ type: 'SET_COACH_ORDER', coachIds: [ben.participantId] });
    await fac.do({ type: 'START' });
    expectRefused(await fac.command({ type: 'REMOVE_PARTICIPANT', participantId: ann.participantId }), 'CASE_GIVER_NOT_REMOVABLE');
  });
});

describe('concurrency: basedOnRevision', () => {
  it('two moves on the same revision: one lands, the other is STALE_COMMAND', async () => {
    const url = await server();
    const { fac, others, clinicId, facilitatorKey } = await crew(url, ['Ann', 'Ben']);
    const [ann, ben] = others as [Device, Device];
    // "gives control on any device you open it on"
    const fac2 = await (await device(url, 'Fay laptop 2')).joinOk({ clinicId, facilitatorKey, name: 'Fay' });
    expect(fac2.isFacilitator).toBe(true);
    // "the facilitator link opened on a second device is the same participant again: the key's owner"
    expect.soft(fac2.participantId, 'the facilitator link on a second device').toBe(fac.participantId);
    expect.soft(fac2.s.participants, 'no duplicate participant').toHaveLength(3);

    await fac.do({ type: 'SET_CASE_GIVER', participantId: ann.participantId });
    await fac.do({ type: 'SET_COACH_ORDER', coachIds: [ben.participantId] });
    await fac.do({ type: 'START' });
    await fac2.waitForState((s) => s.stage === 'running', 'running');

    const base = fac.s.revision;
    const replies = await Promise.all([fac.command({ type: 'NEXT_PHASE' }, base), fac2.command({ type: 'NEXT_PHASE' }, base)]);
    expect(replies.filter((r) => r.ok)).toHaveLength(1);
    const stale = replies.find((r) => !r.ok)!;
    expectRefused(stale, 'STALE_COMMAND');
    const landed = (replies.find((r) => r.ok) as { data: { revision: number } }).data.revision;
    const state = await allSee([fac, fac2, ann], landed);
    expect(state.progress.step).toMatchObject({ roundIndex: 0, phaseIndex: 1, turnIndex: 0 }); // moved once
    // "Your screen now shows where it is": the refused device already holds the new state.
    const loser = replies[0]!.ok ? fac2 : fac;
    expect(loser.s.revision).toBeGreaterThanOrEqual(landed);

    // A double click on one device.
    const at = fac.s.revision;
    const [first, second] = await Promise.all([fac.command({ type: 'PAUSE' }, at), fac.command({ type: 'PAUSE' }, at)]);
    expect(first!.ok).toBe(true);
    expectRefused(second!, 'STALE_COMMAND');
  });

  it('lineup, settings and time commands are never stale and never make a later move stale', async () => {
    const url = await server();
    const { fac, others } = await crew(url, ['Ann', 'Ben']);
    const [ann, ben] = others as [Device, Device];
    await fac.do({ type: 'SET_CASE_GIVER', participantId: ann.participantId });

    const seen = fac.s.revision;
    await fac.do({ type: 'SET_COACH_ORDER', coachIds: [ben.participantId] }, seen);
    // START based on the revision the user was looking at before the lineup change: not stale.
    await fac.do({ type: 'START' }, seen);
    expect(fac.s.stage).toBe('running');

    // A settings command based on an old revision is not stale either...
    await fac.do({ type: 'SET_CUE_TIMES', cueTimes: { phaseWrapUpMs: 30_000, turnWrapUpMs: 15_000 } }, seen);
    const beforeSettings = fac.s.revision;
    await fac.do({ type: 'SET_AUTO_ADVANCE', phaseId: 'response', mode: 'soft' }, beforeSettings);
    expect(fac.s.progress.plan[2]!.autoAdvance).toBe('soft');
    // ...and a move based on the revision before the settings changes still lands.
    await fac.do({ type: 'NEXT_PHASE' }, beforeSettings);
    expect(fac.s.progress.step).toMatchObject({ phaseIndex: 1 });
    // "time adjustments add up": two taps on "+1 min" made against the same state are two minutes...
    const tapped = fac.s.revision;
    const budgetMs = fac.s.progress.step!.budgetMs;
    await fac.do({ type: 'ADJUST_TIME', deltaMs: 60_000 }, tapped);
    await fac.do({ type: 'ADJUST_TIME', deltaMs: 60_000 }, tapped);
    expect(fac.s.progress.step!.budgetMs).toBe(budgetMs + 120_000);
    // ...and a move made against that same state still lands after them.
    await fac.do({ type: 'PAUSE' }, tapped);
    expect(fac.s.stage).toBe('paused');
    // ...but a move based on the revision before START is stale.
    expectRefused(await fac.command({ type: 'NEXT_SPEAKER' }, seen), 'STALE_COMMAND');
  });

  it('a hard auto-advance makes a move based on the earlier revision stale; after Back it waits', async () => {
    const url = await server();
    const { fac, others } = await crew(url, ['Ann', 'Ben'], { autoAdvance: { case: 'hard' } });
    const [ann, ben] = others as [Device, Device];
    expect(fac.s.progress.plan[0]!.autoAdvance).toBe('hard');
    await fac.do({ type: 'SET_CASE_GIVER', participantId: ann.participantId });
    await fac.do({ type: 'SET_COACH_ORDER', coachIds: [ben.participantId] });
    await fac.do({ type: 'START' });
    await fac.do({ type: 'ADJUST_TIME', deltaMs: -600_000 });
    const { revision } = await fac.do({ type: 'ADJUST_TIME', deltaMs: -599_300 });
    const moved = await ann.waitForState((s) => s.progress.step?.phaseIndex === 1, 'moved on by itself');
    expect(moved.revision).toBeGreaterThan(revision);
    expect(moved.progress.step).toMatchObject({ turnIndex: 0, speakerId: ben.participantId });
    await fac.waitForState((s) => s.revision >= moved.revision, 'facilitator sees the move');
    expectRefused(await fac.command({ type: 'NEXT_PHASE' }, revision), 'STALE_COMMAND');

    await fac.do({ type: 'BACK' });
    expect(fac.s.progress.step).toMatchObject({ phaseIndex: 0, waitsForFacilitator: true });
    // Its time is up again, but it waits for the facilitator even though auto-advance is hard.
    const over = await fac.waitForState((s) => s.stage === 'overtime', 'overtime after Back');
    expect(over.progress.step).toMatchObject({ phaseIndex: 0, waitsForFacilitator: true });
    // Nothing to wait for but the absence of a move: give a hard auto-advance a moment to (wrongly) fire.
    await new Promise((settle) => setTimeout(settle, 700));
    expect(fac.s.progress.step?.phaseIndex, 'moved on by itself after Back').toBe(0);
  });
});

describe('server restart', () => {
  it('keeps state and deadlines through SIGKILL; devices rejoin with their participantToken', async () => {
    const { dataDir, remove } = makeDataDir();
    cleanups.push(remove);
    const port = await freePort();
    let proc = await startServerProcess({ dataDir, port });
    cleanups.push(() => proc.stop('SIGKILL'));

    const { fac, others, clinicId } = await crew(proc.url, ['Ann', 'Ben']);
    const [ann, ben] = others as [Device, Device];
    await fac.do({ type: 'SET_CASE_GIVER', participantId: ann.participantId });
    await fac.do({ type: 'SET_COACH_ORDER', coachIds: [ben.participantId] });
    await fac.do({ type: 'START' });
    await fac.do({ type: 'NEXT_PHASE' });
    await fac.do({ type: 'ADJUST_TIME', deltaMs: 90_000 });
    const before = fac.s;

    // A second clinic whose time runs out, hard, while the server is down (or just after).
    const b = await crew(proc.url, ['Dee', 'Eli'], { autoAdvance: { case: 'hard' } });
    const [dee, eli] = b.others as [Device, Device];
    await b.fac.do({ type: 'SET_CASE_GIVER', participantId: dee.participantId });
    await b.fac.do({ type: 'SET_COACH_ORDER', coachIds: [eli.participantId] });
    await b.fac.do({ type: 'START' });
    await b.fac.do({ type: 'ADJUST_TIME', deltaMs: -600_000 });
    await b.fac.do({ type: 'ADJUST_TIME', deltaMs: -597_000 }); // its time runs out in 3 s
    const deadlineB = (b.fac.s.progress.step!.timer as { deadlineAt: number }).deadlineAt;

    await proc.stop('SIGKILL');
    for (const d of [fac, ann, ben, b.fac, dee, eli]) d.socket.close();
    proc = await startServerProcess({ dataDir, port });
    expect(proc.url).toBe(`http://127.0.0.1:${port}`);

    // The facilitator's token carries its rights: no key needed.
    const facAgain = await (await device(proc.url, 'Fay again')).joinOk({ clinicId, participantToken: fac.participantToken });
    expect(facAgain.participantId).toBe(fac.participantId);
    expect(facAgain.isFacilitator).toBe(true);
    const annAgain = await (await device(proc.url, 'Ann again')).joinOk({ clinicId, participantToken: ann.participantToken });
    expect(annAgain.participantId).toBe(ann.participantId);
    // "ignore one whose revision is lower than what you hold": the revision must not go back.
    expect(facAgain.s.revision).toBeGreaterThanOrEqual(before.revision);
    expect(facAgain.s.stage).toBe(before.stage);
    expect(facAgain.s.progress).toEqual(before.progress); // deadline included
    expect(facAgain.s.facilitatorIds).toEqual(before.facilitatorIds);
    expect(facAgain.s.participants.map((p) => [p.id, p.name]).sort()).toEqual(before.participants.map((p) => [p.id, p.name]).sort());
    await facAgain.do({ type: 'PAUSE' });
    expect(facAgain.s.stage).toBe('paused');

    // "after a server outage it catches up as if it had stayed up"
    const bAgain = await (await device(proc.url, 'B facilitator again')).joinOk({ clinicId: b.clinicId, participantToken: b.fac.participantToken });
    const caught = await bAgain.waitForState((s) => s.progress.step?.phaseIndex === 1, 'clinic B moved on', 8_000);
    expect(caught.progress.step).toMatchObject({ roundIndex: 0, turnIndex: 0, speakerId: eli.participantId });
    expect(caught.progress.step!.timer.status).toBe('running');
    expect(Math.abs((caught.progress.step!.timer as { deadlineAt: number }).deadlineAt - (deadlineB + 5 * MIN))).toBeLessThan(TOL);
    expect(Math.abs(caught.progress.finished[0]!.remainingMs)).toBeLessThan(TOL);
  }, 30_000);
});

describe('limits (small ones injected)', () => {
  it('caps clinics created per address: RATE_LIMITED / TOO_MANY_CLINICS', async () => {
    const url = await server({ clinicsPerAddressPerHour: 2 });
    const d = await device(url, 'creator');
    await createClinic(d);
    await createClinic(d);
    expectRefused(await d.send('clinic:create', { protocolVersion: PROTOCOL_VERSION }), 'TOO_MANY_CLINICS');
    // per address, not per connection
    expectRefused(await (await device(url, 'another tab')).send('clinic:create', { protocolVersion: PROTOCOL_VERSION }), 'TOO_MANY_CLINICS');
  });

  it('paces each connection: past the burst a request is refused with RATE_LIMITED', async () => {
    const url = await server({ eventBurst: 3, eventsPerSecond: 1 });
    const d = await device(url, 'hasty');
    const replies = await Promise.all(
      Array.from({ length: 8 }, () => d.send('clinic:join', { protocolVersion: PROTOCOL_VERSION, clinicId: 'no-such-clinic-123', name: 'X' })),
    );
    expect(replies.slice(0, 3).map((r) => !r.ok && r.error.reason)).toEqual(['CLINIC_NOT_FOUND', 'CLINIC_NOT_FOUND', 'CLINIC_NOT_FOUND']);
    const limited = replies.filter((r) => !r.ok && r.error.code === 'RATE_LIMITED');
    expect(limited.length).toBeGreaterThan(0);
    for (const r of limited) expectRefused(r, 'RATE_LIMITED');
  });

  it('bounds the requests waiting on one connection: TOO_MANY_WAITING, at once', async () => {
    const url = await server({ pendingRequests: 2, eventBurst: 1_000, eventsPerSecond: 1_000, clinicsPerAddressPerHour: 1_000 });
    const d = await device(url, 'impatient');
    const arrival: number[] = [];
    const replies = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        d.send('clinic:create', { protocolVersion: PROTOCOL_VERSION }).then((r) => {
          arrival.push(i);
          return r;
        }),
      ),
    );
    // "At most 32 [here 2] requests may be unanswered on one connection, the one being handled
    // included; a request beyond that is refused at once with TOO_MANY_WAITING".
    const outcome = replies.map((r) => (r.ok ? 'ok' : r.error.reason));
    expect(outcome.slice(0, 2), JSON.stringify(outcome)).toEqual(['ok', 'ok']);
    for (const r of replies.slice(2)) expectRefused(r, 'TOO_MANY_WAITING');
    // "ahead of the replies it would have waited for": the refusals do not wait behind the requests ahead of them.
    expect(arrival.indexOf(2), arrival.join(', ')).toBeLessThan(arrival.indexOf(1));
  });

  it('refuses a connection past the per-address cap at connect: connect_error with data { code, reason, message }', async () => {
    const url = await server({ ...RELAXED_PACE, connectionsPerAddress: 2 });
    await device(url, 'one');
    const two = await device(url, 'two');
    const outcome = await connectOutcome(new Device(url, 'three', { reconnection: false }));
    expect(outcome.connected, 'the third connection was accepted').toBe(false);
    const refusal = (outcome as { error: Error & { data?: unknown } }).error;
    // "gets Socket.IO's connect_error with data: { code, reason, message }"
    expect(refusal.data, `connect_error data (message: ${refusal.message})`).toMatchObject({ code: 'RATE_LIMITED', reason: 'TOO_MANY_CONNECTIONS' });
    checkRefusalShape(refusal.data, 'connect_error data');
    // "the cap that was reached (TOO_MANY_CONNECTIONS)": the message names it.
    expect.soft(String((refusal.data as { message?: unknown })?.message), 'the message names the cap, 2').toMatch(/\b2\b/);
    two.socket.close();
    await expect
      .poll(async () => (await connectOutcome(new Device(url, 'four', { reconnection: false }))).connected, { timeout: 3_000, interval: 100 })
      .toBe(true);
  });

  it('a clinic has room for 16 people: CLINIC_FULL', async () => {
    const url = await server();
    const names = Array.from({ length: 15 }, (_, i) => `Person ${i + 1}`);
    const { fac, others, clinicId } = await crew(url, names);
    expect(fac.s.participants).toHaveLength(16);
    expectRefused(await (await device(url, 'seventeenth')).join({ clinicId, name: 'Seventeen' }), 'CLINIC_FULL');
    // the same participant again is never a duplicate, so it still gets in
    const back = await (await device(url, 'back')).joinOk({ clinicId, participantToken: others[0]!.participantToken });
    expect(back.participantId).toBe(others[0]!.participantId);
  });
});

describe('version handshake', () => {
  it('answers another protocol version, or none, with PROTOCOL_MISMATCH', async () => {
    const url = await server();
    const fac = await device(url, 'Fay');
    const { clinicId } = await createClinic(fac);
    const old = await device(url, 'old page');
    // "which version the server speaks (PROTOCOL_MISMATCH)": the message names version 4.
    const speaks = /\b4\b/;
    expectRefused(await old.send('clinic:join', { clinicId, name: 'Old' }), 'PROTOCOL_MISMATCH', 'no version', speaks);
    expectRefused(await old.send('clinic:join', { protocolVersion: 1, clinicId, name: 'Old' }), 'PROTOCOL_MISMATCH', 'version 1', speaks);
    expectRefused(await old.send('clinic:join', { protocolVersion: 2, clinicId, name: 'Old' }), 'PROTOCOL_MISMATCH', 'version 2', speaks);
    expectRefused(await old.send('clinic:create', {}), 'PROTOCOL_MISMATCH', 'create, no version', speaks);
    expectRefused(await old.send('clinic:create', { protocolVersion: 2 }), 'PROTOCOL_MISMATCH', 'create, version 2', speaks);
    expectRefused(await old.send('clinic:create', { protocolVersion: 3 }), 'PROTOCOL_MISMATCH', 'create, version 3', speaks);
    expectRefused(await old.send('clinic:create', { protocolVersion: 5 }), 'PROTOCOL_MISMATCH', 'create, version 5', speaks);
    expect(old.states).toHaveLength(0);
    await fac.joinOk({ clinicId, name: 'Fay' });
    expect(fac.s.protocolVersion).toBe(PROTOCOL_VERSION);
  });
});

describe('deletion and what is stored', () => {
  it('DELETE_CLINIC: every device gets clinic:gone { reason: "deleted" }, rejoining finds nothing, the store keeps neither the id nor the names', async () => {
    const { dataDir, remove } = makeDataDir();
    cleanups.push(remove);
    const url = await server(RELAXED_PACE, dataDir);
    const { fac, others, clinicId, facilitatorKey } = await crew(url, ['Zebediah Quillfeather', 'Ottoline Marchbanks']);
    const wall = await (await device(url, 'Wall')).joinOk({ clinicId, name: 'Boardroom Sixty', asScreen: true });
    await fac.waitForState((s) => s.participants.length === 4, 'everyone listed');

    // "no secret is kept in readable form"
    const secrets = [facilitatorKey, fac.participantToken, others[0]!.participantToken, wall.participantToken];
    expect(await storeHolds(SUITE_STORE, dataDir, secrets), 'a secret in the store').toEqual([]);

    const everyone = [fac, ...others, wall];
    const statesBefore = everyone.map((d) => d.states.length);
    expectOk(await fac.command({ type: 'DELETE_CLINIC' }));
    for (const d of everyone) expect(await d.waitForGone(), d.label).toEqual({ reason: 'deleted' });
    // "gets no more states"
    expect(everyone.map((d) => d.states.length)).toEqual(statesBefore);

    const later = await device(url, 'later');
    expectRefused(await later.join({ clinicId, participantToken: others[0]!.participantToken }), 'CLINIC_NOT_FOUND');
    expectRefused(await later.join({ clinicId, participantToken: fac.participantToken }), 'CLINIC_NOT_FOUND');
    expectRefused(await later.join({ clinicId, facilitatorKey, name: 'Fay' }), 'CLINIC_NOT_FOUND');
    expectRefused(await later.join({ clinicId, name: 'Newcomer' }), 'CLINIC_NOT_FOUND');

    // "no file under DATA_DIR keeps the clinic's id or names" (with Postgres: no row)
    await expect.poll(() => storeHolds(SUITE_STORE, dataDir, ['Zebediah Quillfeather', 'Ottoline Marchbanks', 'Boardroom Sixty', clinicId]), { timeout: 5_000 }).toEqual([]);
  });
});

describe('replies on one connection', () => {
  it('come in the order the requests were sent, refusals too', async () => {
    const url = await server({ ...RELAXED_PACE, clinicsPerAddressPerHour: 1_000 });
    const d = await device(url, 'orderly');
    const requests: [string, ...unknown[]][] = [
      ['clinic:create', { protocolVersion: PROTOCOL_VERSION }],
      ['clinic:join', { protocolVersion: PROTOCOL_VERSION, clinicId: 'no-such-clinic-123', name: 'X' }],
      ['clinic:create', { protocolVersion: PROTOCOL_VERSION, title: 'Second' }],
      ['clinic:nope', {}],
      ['clinic:join', { protocolVersion: PROTOCOL_VERSION, clinicId: 'not a token!', name: 'X' }],
      ['clinic:create', { protocolVersion: PROTOCOL_VERSION, title: 'Third' }],
      ['clinic:command', { command: { type: 'START' }, basedOnRevision: 0 }],
      ['clinic:create', { protocolVersion: PROTOCOL_VERSION, unknownField: 1 }],
      ['clinic:create', { protocolVersion: PROTOCOL_VERSION, title: 'Fourth' }],
    ];
    const arrival: number[] = [];
    const replies = await Promise.all(
      requests.map(([event, ...args], i) =>
        d.send(event, ...args).then((r) => {
          arrival.push(i);
          return r;
        }),
      ),
    );
    expect(arrival).toEqual(requests.map((_, i) => i));
    expect(replies.map((r) => (r.ok ? 'ok' : r.error.reason))).toEqual([
      'ok',
      'CLINIC_NOT_FOUND',
      'ok',
      'UNKNOWN_EVENT',
      'INVALID_PAYLOAD',
      'ok',
      'NOT_JOINED',
      'INVALID_PAYLOAD',
      'ok',
    ]);
  });

  it('answers clock:ping at once, outside that order', async () => {
    const url = await server({ ...RELAXED_PACE, clinicsPerAddressPerHour: 1_000 });
    const d = await device(url, 'pinger');
    const arrival: string[] = [];
    const creates = Array.from({ length: 10 }, (_, i) =>
      d.send('clinic:create', { protocolVersion: PROTOCOL_VERSION }).then(() => arrival.push(`create ${i}`)),
    );
    const ping = d.send('clock:ping').then(() => arrival.push('ping'));
    await Promise.all([...creates, ping]);
    // Sent after ten creates, the ping is not answered after all of them.
    expect(arrival.indexOf('ping'), arrival.join(', ')).toBeLessThan(arrival.indexOf('create 9'));
  });

  it('answers clock:ping, and refuses malformed calls with the documented reasons', async () => {
    const url = await server();
    const d = await device(url, 'malformed');
    const before = Date.now();
    const ping = expectOk(await d.send<{ serverNow: number }>('clock:ping'));
    expect(ping.serverNow).toBeGreaterThanOrEqual(before - 1_000);
    expect(ping.serverNow).toBeLessThanOrEqual(Date.now() + 1_000);
    expectRefused(await d.send('clock:ping', {}), 'PING_TAKES_NO_PAYLOAD');
    // "which event is unknown (UNKNOWN_EVENT)", "which field was invalid (INVALID_PAYLOAD)"
    expectRefused(await d.send('clinic:nope', {}), 'UNKNOWN_EVENT', 'unknown event', 'clinic:nope');
    expectRefused(await d.send('clinic:create'), 'WRONG_ARGUMENTS');
    expectRefused(await d.send('clinic:join', { protocolVersion: PROTOCOL_VERSION }, { extra: 1 }), 'WRONG_ARGUMENTS');
    expectRefused(await d.send('clinic:create', { protocolVersion: PROTOCOL_VERSION, colour: 'red' }), 'INVALID_PAYLOAD', 'unknown field', 'colour');
    expectRefused(await d.send('clinic:create', { protocolVersion: PROTOCOL_VERSION, minutes: { case: 121 } }), 'INVALID_PAYLOAD', 'minutes 121', 'minutes');
    expectRefused(await d.send('clinic:create', { protocolVersion: PROTOCOL_VERSION, title: 'x'.repeat(81) }), 'INVALID_PAYLOAD', 'title of 81', 'title');
    const { clinicId } = await createClinic(d);
    expectRefused(await d.send('clinic:join', { protocolVersion: PROTOCOL_VERSION, clinicId }), 'NAME_REQUIRED');
    expectRefused(await d.send('clinic:join', { protocolVersion: PROTOCOL_VERSION, clinicId: 'AAAAAAAAAAAAAAAAAAAAAA', name: 'X' }), 'CLINIC_NOT_FOUND');
    expectRefused(await d.send('clinic:join', { protocolVersion: PROTOCOL_VERSION, clinicId, facilitatorKey: 'BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB', name: 'X' }), 'INVALID_FACILITATOR_KEY');
  });

  it('serves pages with no-referrer and refuses foreign browser origins', async () => {
    const url = await server();
    const page = await fetch(`${url}/`);
    expect(page.headers.get('referrer-policy')).toBe('no-referrer');
    expect(page.headers.get('content-security-policy')).toBeTruthy();
    expect((await fetch(`${url}/healthz`)).ok).toBe(true);
    // "one from a foreign browser origin is refused by the handshake itself"
    const foreign = new Device(url, 'foreign', { reconnection: false, extraHeaders: { Origin: 'https://evil.example' } });
    expect((await connectOutcome(foreign)).connected).toBe(false);
    // "besides the server's own"
    const own = new Device(url, 'own origin', { reconnection: false, extraHeaders: { Origin: url } });
    expect((await connectOutcome(own)).connected).toBe(true);
  });
});
