import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { initialClinicStoreState, useClinicStore } from '../../client/clinicStore.ts';
import { joinWithName, joinWithoutFacilitatorLink, openClinic, sendAside } from '../../client/connection.ts';
import { openCrew, sendCrewCommand } from '../../client/crewConnection.ts';
import { initialCrewStoreState, useCrewStore } from '../../client/crewStore.ts';
import { PROTOCOL_VERSION } from '../../shared/protocol.ts';
import { memoryStorage } from '../support/memoryStorage.ts';
import { expectConnectAfreshAfter } from '../support/reconnects.ts';

/** A socket that stays connected; each join and preview is answered as `answerJoin` and `answerPreview` say, other requests never. */
const fake = vi.hoisted(() => {
  const handlers = new Map<string, () => void>();
  const state = {
    joins: [] as unknown[],
    previews: 0,
    answerJoin: (_payload?: unknown): Promise<unknown> => Promise.reject(new Error('operation has timed out')),
    answerPreview: (): Promise<unknown> => new Promise(() => undefined),
    crewJoins: 0,
    answerCrewJoin: (_payload?: unknown): Promise<unknown> => new Promise(() => undefined),
    handlers,
    connects: 0,
    disconnects: 0,
    socket: {
      connected: true as boolean,
      active: true,
      connect: () => void (state.connects += 1),
      disconnect: () => void (state.disconnects += 1),
      on: (event: string, handler: () => void) => void handlers.set(event, handler),
      off: (event: string) => void handlers.delete(event),
      timeout: () => ({
        emitWithAck: (event: string, payload?: unknown) => {
          if (event === 'clinic:preview') {
            state.previews += 1;
            return state.answerPreview();
          }
          if (event === 'crew:join') {
            state.crewJoins += 1;
            return state.answerCrewJoin(payload);
          }
          if (event !== 'clinic:join') return new Promise(() => undefined);
          state.joins.push(payload);
          return state.answerJoin(payload);
        },
      }),
    },
  };
  return state;
});
vi.mock('socket.io-client', () => ({ io: () => fake.socket }));

const CLINIC = 'c1';
const CREW = 'crew-1';
const lostAnswer = () => Promise.reject(new Error('operation has timed out'));
const joined = () => Promise.resolve({ ok: true, data: { participantId: 'p1', participantToken: 'token', isFacilitator: false } });
const reconnect = () => fake.handlers.get('connect')!();

/** The clinic's page opens on a device that kept its token, each join answered as `answerJoin` says. */
async function openAsKnownDevice(answerJoin: typeof fake.answerJoin) {
  localStorage.setItem(`case-clinic:${CLINIC}`, JSON.stringify({ participantToken: 'token' }));
  fake.answerJoin = answerJoin;
  close = openClinic(CLINIC);
  await vi.advanceTimersByTimeAsync(0);
}

let close: () => void;

beforeEach(() => {
  vi.useFakeTimers({ now: 0 });
  vi.stubGlobal('localStorage', memoryStorage());
  vi.stubGlobal('window', globalThis);
  vi.stubGlobal('location', { hash: '', pathname: `/c/${CLINIC}`, search: '' });
  vi.stubGlobal('document', { visibilityState: 'visible', addEventListener: () => undefined, removeEventListener: () => undefined });
  useClinicStore.setState(initialClinicStoreState);
  fake.joins.length = 0;
  fake.previews = 0;
  fake.connects = 0;
  fake.disconnects = 0;
  fake.crewJoins = 0;
  fake.answerCrewJoin = () => new Promise(() => undefined);
  useCrewStore.setState(initialCrewStoreState);
  fake.answerPreview = () => new Promise(() => undefined);
  fake.socket.active = true;
  fake.socket.connected = true;
  fake.answerJoin = lostAnswer;
});

afterEach(() => {
  close();
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

describe('joining when an answer is lost while the connection stays up', () => {
  it('rejoins a known device by itself, so it does not hang on "Connecting…"', async () => {
    await openAsKnownDevice(lostAnswer);
    expect(useClinicStore.getState().membership.kind).toBe('pending');
    fake.answerJoin = joined;
    await vi.advanceTimersByTimeAsync(1_000);
    expect(fake.joins).toHaveLength(2);
    expect(useClinicStore.getState().membership.kind).toBe('joined');
  });

  it('keeps one line of retries: a reconnect rejoins by itself, and a closed page stops them', async () => {
    localStorage.setItem(`case-clinic:${CLINIC}`, JSON.stringify({ participantToken: 'token' }));
    close = openClinic(CLINIC);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(fake.joins).toHaveLength(2);
    // The earlier round would send again at 3 s; only the reconnect's own retries go out.
    reconnect();
    await vi.advanceTimersByTimeAsync(2_500);
    expect(fake.joins).toHaveLength(4);
    close();
    await vi.runAllTimersAsync();
    expect(fake.joins).toHaveLength(4);
  });

  it('never resends a join by name, which could add the person twice, and says it went unanswered', async () => {
    close = openClinic(CLINIC);
    await joinWithName('Ana');
    await vi.advanceTimersByTimeAsync(60_000);
    expect(fake.joins).toHaveLength(1);
    expect(useClinicStore.getState().membership).toEqual({ kind: 'needsName', preview: null, asFacilitator: false, error: expect.objectContaining({ reason: 'NO_ANSWER' }) });
  });
});

const refusal = (code: string, reason = code) => () => Promise.resolve({ ok: false, error: { code, reason, message: reason } });

describe('a rejoin the server could not take just then', () => {
  it("asks again by itself, saying it is reconnecting, and never asks a known device's person for a name", async () => {
    await openAsKnownDevice(refusal('INTERNAL', 'OUTCOME_UNKNOWN'));
    expect(useClinicStore.getState()).toMatchObject({ membership: { kind: 'pending' }, connection: 'reconnecting' });
    fake.answerJoin = refusal('RATE_LIMITED', 'TOO_MANY_WAITING');
    await vi.advanceTimersByTimeAsync(1_000);
    expect(useClinicStore.getState()).toMatchObject({ membership: { kind: 'pending' }, connection: 'reconnecting' });
    fake.answerJoin = joined;
    await vi.advanceTimersByTimeAsync(2_000);
    expect(fake.joins).toHaveLength(3);
    expect(useClinicStore.getState()).toMatchObject({ membership: { kind: 'joined' }, connection: 'connected' });
  });

  it('sends no join by name while offline, to go out ahead of the rejoin: the form says why', async () => {
    fake.answerPreview = () => Promise.resolve({ ok: true, data: { title: null, crewWeek: null } });
    close = openClinic(CLINIC);
    await vi.advanceTimersByTimeAsync(0);
    fake.socket.connected = false;
    await joinWithName('Ana');
    expect(fake.joins).toHaveLength(0);
    expect(useClinicStore.getState().membership).toMatchObject({ kind: 'needsName', error: { reason: 'OFFLINE' } });
  });

  it('leaves a join by name to the person: the form says why', async () => {
    fake.answerPreview = () => Promise.resolve({ ok: true, data: { title: null, crewWeek: null } });
    fake.answerJoin = refusal('INTERNAL', 'SERVER_ERROR');
    close = openClinic(CLINIC);
    await vi.advanceTimersByTimeAsync(0);
    await joinWithName('Ana');
    await vi.advanceTimersByTimeAsync(60_000);
    expect(fake.joins).toHaveLength(1);
    expect(useClinicStore.getState().membership).toMatchObject({ kind: 'needsName', error: { reason: 'SERVER_ERROR' } });
  });

  it('takes the badge down once a final answer comes, whatever it says', async () => {
    await openAsKnownDevice(refusal('INTERNAL', 'SERVER_RESTARTING'));
    expect(useClinicStore.getState().connection).toBe('reconnecting');
    fake.answerJoin = refusal('REMOVED');
    await vi.advanceTimersByTimeAsync(1_000);
    expect(useClinicStore.getState()).toMatchObject({ membership: { kind: 'gone', reason: 'removed' }, connection: 'connected' });
  });

  it("sends a facilitator link's join again too, and a crew member's taken in without a name", async () => {
    localStorage.setItem(`case-clinic:${CLINIC}`, JSON.stringify({ facilitatorKey: 'key12345' }));
    fake.answerJoin = refusal('INTERNAL', 'SERVER_RESTARTING');
    close = openClinic(CLINIC);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(fake.joins).toHaveLength(2);
    close();
    localStorage.setItem(`case-clinic:${CLINIC}`, JSON.stringify({ crewMember: { crewId: CREW, memberToken: 'member-token' } }));
    close = openClinic(CLINIC);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(fake.joins.slice(2)).toEqual([expect.objectContaining({ crewMember: { crewId: CREW, memberToken: 'member-token' } }), expect.objectContaining({ crewMember: { crewId: CREW, memberToken: 'member-token' } })]);
    expect(useClinicStore.getState()).toMatchObject({ membership: { kind: 'pending' }, connection: 'reconnecting' });
  });

  it("asks again on a crew's page too, rather than offering to join with a name as someone new", async () => {
    vi.stubGlobal('location', { hash: '', pathname: `/crews/${CREW}`, search: '' });
    localStorage.setItem(`case-clinic-crew:${CREW}`, JSON.stringify({ memberToken: 'token' }));
    fake.answerCrewJoin = refusal('INTERNAL', 'SERVER_RESTARTING');
    close = openCrew(CREW);
    await vi.advanceTimersByTimeAsync(0);
    expect(useCrewStore.getState()).toMatchObject({ membership: { kind: 'pending' }, connected: true, rejoining: true });
    fake.answerCrewJoin = lostAnswer;
    await vi.advanceTimersByTimeAsync(1_000);
    expect(useCrewStore.getState().membership.kind).toBe('pending');
    fake.answerCrewJoin = () => Promise.resolve({ ok: true, data: { crewId: CREW, memberId: 'orla', memberToken: 'token', isOrganiser: false } });
    await vi.advanceTimersByTimeAsync(2_000);
    expect(fake.crewJoins).toBe(3);
    expect(useCrewStore.getState()).toMatchObject({ membership: { kind: 'joined' }, connected: true, rejoining: false });
  });
});

describe('a request made while offline', () => {
  it('is not sent, to go out on reconnecting ahead of the rejoin, but refused at once as offline', async () => {
    await openAsKnownDevice(joined);
    const asked: string[] = [];
    const timeout = fake.socket.timeout;
    fake.socket.timeout = () => ({ emitWithAck: (event: string) => (asked.push(event), new Promise(() => undefined)) });
    fake.socket.connected = false;
    try {
      expect(await sendAside({ type: 'SIGNAL', kind: 'moment' })).toMatchObject({ ok: false, error: { reason: 'OFFLINE' } });
      expect(await sendCrewCommand({ type: 'LEAVE' })).toMatchObject({ ok: false, error: { reason: 'OFFLINE' } });
      expect(asked).toEqual([]);
      expect(useClinicStore.getState().notice).toMatchObject({ reason: 'OFFLINE' });
    } finally {
      fake.socket.timeout = timeout;
    }
  });
});

describe('before asking for a name', () => {
  it('asks whether the link leads to a clinic, and says at once when it does not, without asking for a name', async () => {
    fake.answerPreview = refusal('CLINIC_NOT_FOUND');
    close = openClinic(CLINIC);
    await vi.advanceTimersByTimeAsync(0);
    expect(useClinicStore.getState().membership).toEqual({ kind: 'notFound' });
    expect(fake.joins).toHaveLength(0);
  });

  it("shows the clinic's title on a join link's form, as a participant, with nothing marked wrong", async () => {
    fake.answerPreview = () => Promise.resolve({ ok: true, data: { title: 'Tuesday crew', crewWeek: null } });
    close = openClinic(CLINIC);
    await vi.advanceTimersByTimeAsync(0);
    expect(useClinicStore.getState().membership).toEqual({ kind: 'needsName', preview: { title: 'Tuesday crew', crewWeek: null }, asFacilitator: false });
  });

  it("asks the facilitator link's first visit for a name as facilitator, not as a refusal", async () => {
    localStorage.setItem(`case-clinic:${CLINIC}`, JSON.stringify({ facilitatorKey: 'key12345' }));
    fake.answerJoin = refusal('NAME_REQUIRED');
    fake.answerPreview = () => Promise.resolve({ ok: true, data: { title: null, crewWeek: null } });
    close = openClinic(CLINIC);
    await vi.advanceTimersByTimeAsync(0);
    expect(useClinicStore.getState().membership).toEqual({ kind: 'needsName', preview: { title: null, crewWeek: null }, asFacilitator: true });
  });

  it('says a replaced facilitator link no longer gives control, forgets it, and offers the form on request', async () => {
    localStorage.setItem(`case-clinic:${CLINIC}`, JSON.stringify({ facilitatorKey: 'old12345' }));
    fake.answerJoin = refusal('INVALID_FACILITATOR_KEY');
    fake.answerPreview = () => Promise.resolve({ ok: true, data: { title: 'Tuesday crew', crewWeek: null } });
    close = openClinic(CLINIC);
    await vi.advanceTimersByTimeAsync(0);
    expect(useClinicStore.getState().membership).toEqual({ kind: 'linkReplaced' });
    expect(fake.previews).toBe(0);
    await joinWithoutFacilitatorLink();
    expect(useClinicStore.getState().membership).toEqual({ kind: 'needsName', preview: { title: 'Tuesday crew', crewWeek: null }, asFacilitator: false });
  });

  it('asks again when a preview goes unanswered, and shows the form without a title when one is refused for another reason', async () => {
    fake.answerPreview = () => Promise.reject(new Error('operation has timed out'));
    close = openClinic(CLINIC);
    await vi.advanceTimersByTimeAsync(0);
    expect(fake.previews).toBe(1);
    // The preview is asked again, with the same backoff as a join.
    await vi.advanceTimersByTimeAsync(1_000);
    expect(fake.previews).toBe(2);
    fake.answerPreview = refusal('RATE_LIMITED');
    await vi.advanceTimersByTimeAsync(2_000);
    expect(useClinicStore.getState().membership).toEqual({ kind: 'needsName', preview: null, asFacilitator: false });
  });
});

describe('a connection the server turned away', () => {
  it('says why, and asks again a little later, since Socket.IO will not', async () => {
    close = openClinic(CLINIC);
    fake.socket.active = false;
    const refusal = { code: 'RATE_LIMITED', reason: 'TOO_MANY_CONNECTIONS', message: 'Too many connections from your address (at most 64).' };
    (fake.handlers.get('connect_error') as unknown as (error: Error) => void)(Object.assign(new Error(refusal.message), { data: refusal }));
    expect(useClinicStore.getState()).toMatchObject({ connection: 'reconnecting', notice: refusal });
    await expectConnectAfreshAfter(5_000, () => fake.connects);
  });

  it('takes its notice down once a connection is let in', async () => {
    close = openClinic(CLINIC);
    fake.socket.active = false;
    const refusal = { code: 'RATE_LIMITED', reason: 'TOO_MANY_CONNECTIONS', message: 'Too many connections from your address (at most 64).' };
    (fake.handlers.get('connect_error') as unknown as (error: Error) => void)(Object.assign(new Error(refusal.message), { data: refusal }));
    await vi.advanceTimersByTimeAsync(5_000);
    reconnect();
    expect(useClinicStore.getState()).toMatchObject({ connection: 'connected', notice: null });
  });

  it('leaves an ordinary failed attempt to Socket.IO, which keeps retrying by itself', async () => {
    close = openClinic(CLINIC);
    (fake.handlers.get('connect_error') as unknown as (error: Error) => void)(new Error('xhr poll error'));
    await vi.advanceTimersByTimeAsync(10_000);
    expect(fake.connects).toBe(0);
    expect(useClinicStore.getState().notice).toBeNull();
  });
});

describe('a server older than what a newer release saved (a rolling update)', () => {
  it('says the server is being updated, connects afresh a little later, and drops the notice once joined', async () => {
    await openAsKnownDevice(refusal('INTERNAL', 'SERVER_OUTDATED'));
    expect(useClinicStore.getState()).toMatchObject({ membership: { kind: 'pending' }, notice: { reason: 'SERVER_OUTDATED' } });
    expect(fake.disconnects).toBe(1);
    await expectConnectAfreshAfter(5_000, () => fake.connects);
    // The new connection may reach a newer node: it rejoins, and the notice has done its job.
    fake.answerJoin = joined;
    reconnect();
    await vi.advanceTimersByTimeAsync(0);
    expect(useClinicStore.getState()).toMatchObject({ membership: { kind: 'joined' }, notice: null });
    expect(fake.joins).toHaveLength(2);
  });

  it("waits the same way on a crew's page, and drops the notice once the crew lets it in", async () => {
    vi.stubGlobal('location', { hash: '', pathname: `/crews/${CREW}`, search: '' });
    localStorage.setItem(`case-clinic-crew:${CREW}`, JSON.stringify({ memberToken: 'token' }));
    fake.answerCrewJoin = refusal('INTERNAL', 'SERVER_OUTDATED');
    close = openCrew(CREW);
    await vi.advanceTimersByTimeAsync(0);
    expect(useCrewStore.getState()).toMatchObject({ membership: { kind: 'pending' }, notice: { reason: 'SERVER_OUTDATED' } });
    expect(fake.disconnects).toBe(1);
    await expectConnectAfreshAfter(5_000, () => fake.connects);
    fake.answerCrewJoin = () => Promise.resolve({ ok: true, data: { crewId: CREW, memberId: 'orla', memberToken: 'token', isOrganiser: true } });
    reconnect();
    await vi.advanceTimersByTimeAsync(0);
    expect(useCrewStore.getState()).toMatchObject({ membership: { kind: 'joined' }, notice: null });
    expect(fake.crewJoins).toBe(2);
  });

  it('waits the same way when the link is only being previewed, and drops the notice once the link is shown', async () => {
    fake.answerPreview = refusal('INTERNAL', 'SERVER_OUTDATED');
    close = openClinic(CLINIC);
    await vi.advanceTimersByTimeAsync(0);
    expect(useClinicStore.getState()).toMatchObject({ membership: { kind: 'pending' }, notice: { reason: 'SERVER_OUTDATED' } });
    await expectConnectAfreshAfter(5_000, () => fake.connects);
    fake.answerPreview = () => Promise.resolve({ ok: true, data: { title: 'Tuesday crew', crewWeek: null } });
    reconnect();
    await vi.advanceTimersByTimeAsync(0);
    expect(useClinicStore.getState()).toMatchObject({ membership: { kind: 'needsName', preview: { title: 'Tuesday crew', crewWeek: null } }, notice: null });
  });

  it('sends a join by name again once connected afresh, as last typed, and only once', async () => {
    fake.answerPreview = () => Promise.resolve({ ok: true, data: { title: null, crewWeek: null } });
    fake.answerJoin = refusal('INTERNAL', 'SERVER_OUTDATED');
    close = openClinic(CLINIC);
    await vi.advanceTimersByTimeAsync(0);
    await joinWithName('Ana');
    expect(useClinicStore.getState()).toMatchObject({ notice: { reason: 'SERVER_OUTDATED' } });
    // Pressed again while the page waits: nothing goes out now, beside the join already due.
    await joinWithName('Ana B.');
    expect(fake.joins).toHaveLength(1);
    await expectConnectAfreshAfter(5_000, () => fake.connects);
    fake.answerJoin = joined;
    reconnect();
    await vi.advanceTimersByTimeAsync(0);
    expect(fake.joins).toEqual([expect.objectContaining({ name: 'Ana' }), expect.objectContaining({ name: 'Ana B.' })]);
    expect(useClinicStore.getState()).toMatchObject({ membership: { kind: 'joined' }, notice: null });
    // Joined: a later reconnect rejoins with the token, not the name.
    reconnect();
    await vi.advanceTimersByTimeAsync(0);
    expect(fake.joins.at(-1)).toMatchObject({ participantToken: 'token' });
    expect(fake.joins.at(-1)).not.toHaveProperty('name', 'Ana B.');
  });

  it("keeps a crew pairing link's code through the wait and joins with it once connected afresh", async () => {
    vi.stubGlobal('location', { hash: '#pair=4827-1593', pathname: `/crews/${CREW}`, search: '' });
    vi.stubGlobal('history', { replaceState: () => undefined });
    const sent: unknown[] = [];
    fake.answerCrewJoin = refusal('INTERNAL', 'SERVER_OUTDATED');
    close = openCrew(CREW);
    await vi.advanceTimersByTimeAsync(0);
    expect(useCrewStore.getState()).toMatchObject({ notice: { reason: 'SERVER_OUTDATED' } });
    await expectConnectAfreshAfter(5_000, () => fake.connects);
    fake.answerCrewJoin = (payload?: unknown) => {
      sent.push(payload);
      return Promise.resolve({ ok: true, data: { crewId: CREW, memberId: 'pia', memberToken: 'token', isOrganiser: false } });
    };
    reconnect();
    await vi.advanceTimersByTimeAsync(0);
    expect(sent).toEqual([expect.objectContaining({ pairingCode: '4827-1593' })]);
    expect(useCrewStore.getState()).toMatchObject({ membership: { kind: 'joined' }, notice: null });
  });

  it('connects afresh even when the page is closed meanwhile, so the page opened next is not left offline', async () => {
    await openAsKnownDevice(refusal('INTERNAL', 'SERVER_OUTDATED'));
    close();
    await expectConnectAfreshAfter(5_000, () => fake.connects);
    // The closed page asked nothing more.
    expect(fake.joins).toHaveLength(1);
  });
});

describe('a page older or newer than the server', () => {
  it('states its protocol version, and offers a reload when the server speaks another', async () => {
    fake.answerJoin = () => Promise.resolve({ ok: false, error: { code: 'PROTOCOL_MISMATCH', reason: 'PROTOCOL_MISMATCH', message: 'This page is out of date.' } });
    close = openClinic(CLINIC);
    await joinWithName('Ana');
    expect(fake.joins.at(-1)).toMatchObject({ protocolVersion: PROTOCOL_VERSION, clinicId: CLINIC, name: 'Ana' });
    expect(useClinicStore.getState().membership).toEqual({ kind: 'outdated' });
  });

  it('stops following a state of another protocol version instead of misreading it', async () => {
    fake.answerJoin = joined;
    close = openClinic(CLINIC);
    await joinWithName('Ana');
    const receiveState = fake.handlers.get('clinic:state') as unknown as (state: unknown) => void;
    receiveState({ protocolVersion: PROTOCOL_VERSION + 1, clinicId: CLINIC, revision: 9, stage: 'live-ish' });
    expect(useClinicStore.getState()).toMatchObject({ membership: { kind: 'outdated' }, clinic: null });
  });
});

describe("a crew's session", () => {
  const crewOfJoin = (payload: unknown) => (payload as { crewMember?: { crewId: string } }).crewMember?.crewId;
  const admittedBy = (crewId: string) => (payload?: unknown) =>
    crewOfJoin(payload) === crewId ? joined() : refusal('UNKNOWN_PARTICIPANT', 'NOT_A_CREW_SESSION')();

  it('admits a device taken in from its crew page as the member, with no name, and rejoins it by its clinic token', async () => {
    localStorage.setItem(`case-clinic:${CLINIC}`, JSON.stringify({ crewMember: { crewId: 'crew-a', memberToken: 'member-a' } }));
    fake.answerJoin = admittedBy('crew-a');
    close = openClinic(CLINIC);
    await vi.advanceTimersByTimeAsync(0);
    expect(fake.joins).toEqual([{ protocolVersion: PROTOCOL_VERSION, clinicId: CLINIC, crewMember: { crewId: 'crew-a', memberToken: 'member-a' } }]);
    expect(useClinicStore.getState().membership.kind).toBe('joined');
    expect(fake.previews).toBe(0);
    reconnect();
    await vi.advanceTimersByTimeAsync(0);
    expect(fake.joins.at(-1)).toMatchObject({ participantToken: 'token' });
  });

  it("admits a device that opened the session's link directly by the crew it belongs to, trying each crew the device is in", async () => {
    localStorage.setItem('case-clinic-crew:crew-a', JSON.stringify({ memberToken: 'member-a' }));
    localStorage.setItem('case-clinic-crew:crew-b', JSON.stringify({ memberToken: 'member-b' }));
    fake.answerJoin = admittedBy('crew-b');
    close = openClinic(CLINIC);
    await vi.advanceTimersByTimeAsync(0);
    expect(fake.joins.map(crewOfJoin)).toEqual(['crew-a', 'crew-b']);
    expect(useClinicStore.getState().membership.kind).toBe('joined');
    expect(JSON.parse(localStorage.getItem(`case-clinic:${CLINIC}`)!)).toEqual({ participantToken: 'token', crewMember: { crewId: 'crew-b', memberToken: 'member-b' } });
  });

  it('asks for a name where none of the crews the device is in holds the clinic', async () => {
    localStorage.setItem('case-clinic-crew:crew-a', JSON.stringify({ memberToken: 'member-a' }));
    fake.answerJoin = admittedBy('another-crew');
    fake.answerPreview = () => Promise.resolve({ ok: true, data: { title: 'Tuesday crew', crewWeek: 2 } });
    close = openClinic(CLINIC);
    await vi.advanceTimersByTimeAsync(0);
    expect(fake.joins).toHaveLength(1);
    expect(useClinicStore.getState().membership).toEqual({ kind: 'needsName', preview: { title: 'Tuesday crew', crewWeek: 2 }, asFacilitator: false });
  });
});
