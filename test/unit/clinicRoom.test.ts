/**
 * The server's room for one clinic, driven directly with fake timers and an in-memory store: how
 * commands race the moves the clinic makes by itself, and what a failed save leaves behind.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Reach } from '../../server/room/broadcastReach.ts';
import { ClinicRoom, type RoomDeps } from '../../server/room/clinicRoom.ts';
import { RESAVE_AFTER_FAILED_SAVE_MS } from '../../server/room/commitLog.ts';
import type { PresenceMirror } from '../../server/room/presence.ts';
import type { ClinicStore } from '../../server/store/clinicStore.ts';
import type { ClinicState } from '../../shared/clinicStateSchema.ts';
import { CLASSIC } from '../../shared/formats/classic.ts';
import { TROIKA } from '../../shared/formats/troika.ts';
import type { ClinicFormat } from '../../shared/formatSchema.ts';
import { coachesOf } from '../../shared/lineup.ts';
import { memoryClinicStore } from '../support/memoryClinicStore.ts';

/** Set by a test: the next event a clinic's machine is sent leaves it failed, as an action that throws would. */
let failNextEvent = false;

vi.mock('../../shared/clinicMachine.ts', async (importOriginal) => {
  const machine = await importOriginal<typeof import('../../shared/clinicMachine.ts')>();
  type Actor = ReturnType<typeof machine.createClinicActor>;
  // Nothing a command can carry makes the real machine fail, so the failure is the actor's own report of it.
  const failable = (actor: Actor): Actor => {
    let failed = false;
    return new Proxy(actor, {
      get(target, key) {
        if (key === 'send')
          return (event: Parameters<Actor['send']>[0]) => {
            if (!failNextEvent) return target.send(event);
            failNextEvent = false;
            failed = true;
          };
        if (key === 'getSnapshot') return () => (failed ? { ...target.getSnapshot(), status: 'error' } : target.getSnapshot());
        const value: unknown = Reflect.get(target, key);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
  };
  return {
    ...machine,
    createClinicActor: (...args: Parameters<typeof machine.createClinicActor>) => failable(machine.createClinicActor(...args)),
    restoreClinicActor: (...args: Parameters<typeof machine.restoreClinicActor>) => failable(machine.restoreClinicActor(...args)),
  };
});

const MIN = 60_000;
const TOUCH_AFTER_MS = 60 * MIN;
const NO_MIRROR: PresenceMirror = { arrived: () => undefined, departed: () => undefined };

/** What a room needs, in memory, every device on this node; `overrides` replace any of it. */
const depsOf = (store: ClinicStore, overrides: Partial<RoomDeps> = {}): RoomDeps => ({
  store,
  now: () => Date.now(),
  broadcast: () => undefined,
  sendAsides: () => undefined,
  dismiss: () => undefined,
  onDeleted: () => undefined,
  log: () => undefined,
  touchAfterMs: TOUCH_AFTER_MS,
  presenceMirror: NO_MIRROR,
  isHere: () => true,
  anySocketElsewhere: async () => false,
  ...overrides,
});

const storedStep = (store: ReturnType<typeof memoryClinicStore>) =>
  store.stored('clinic-under-test')!.progress.step;

/**
 * A lobby with Fran facilitating and Gia, Ana, Ben and Cy joined, Gia bringing the (first) case; in
 * the classic format Reflections' turns are a minute each and hard.
 */
async function lobbyOfFive({ format = CLASSIC }: { format?: ClinicFormat } = {}) {
  let latest: ClinicState | null = null;
  const store = memoryClinicStore();
  const { room, facilitatorKey } = await ClinicRoom.create(
    format === CLASSIC ? { format, minutes: { reflections: 1 }, autoAdvance: { reflections: 'hard' } } : { format },
    'clinic-under-test',
    depsOf(store, { broadcast: (state) => void (latest = state) }),
  );
  const tokens = new Map<string, string>();
  const idOf = async (join: Parameters<ClinicRoom['join']>[0]) => {
    const joined = await room.join(join, `device-of-${join.name}`);
    if (!joined.ok) throw new Error(joined.error.message);
    tokens.set(joined.data.participantId, joined.data.participantToken);
    return joined.data.participantId;
  };
  const fran = await idOf({ name: 'Fran', facilitatorKey });
  const [gia, ana, ben, cy] = [await idOf({ name: 'Gia' }), await idOf({ name: 'Ana' }), await idOf({ name: 'Ben' }), await idOf({ name: 'Cy' })];
  const seen = () => latest!.revision;
  const command = async (type: 'START' | 'NEXT_PHASE' | 'NEXT_SPEAKER' | 'PAUSE', basedOnRevision = seen()) => room.command(fran, { type }, basedOnRevision);
  const setCoachOrder = (coachIds: string[], basedOnRevision = seen()) => room.command(fran, { type: 'SET_COACH_ORDER', coachIds }, basedOnRevision);
  const coaches = () => coachesOf(latest!.progress);
  await room.command(fran, { type: 'SET_CASE_GIVER', participantId: gia }, seen());
  return { room, store, idOf, command, setCoachOrder, coaches, seen, latest: () => latest!, tokens, ids: { fran, gia, ana, ben, cy } };
}

async function reflectionsWithHardTurns() {
  const lobby = await lobbyOfFive();
  const { room, store, command, seen, tokens, ids } = lobby;
  const addMinute = () => room.command(ids.fran, { type: 'ADJUST_TIME', deltaMs: MIN }, seen());
  await lobby.setCoachOrder([ids.ana, ids.ben, ids.cy]);
  await command('START');
  await command('NEXT_PHASE');
  const { latest } = lobby;
  const speaker = () => latest().progress.step?.speakerId;
  const phase = () => {
    const { step, plan } = latest().progress;
    return step && plan[step.phaseIndex]!.phaseId;
  };
  const step = () => room.state().progress.step!;
  const tokenOf = (participantId: string) => tokens.get(participantId)!;
  return { room, store, command, addMinute, seen, latest, speaker, phase, step, tokenOf, ids };
}

describe('a clinic room', () => {
  beforeEach(() => void vi.useFakeTimers({ now: 1_700_000_000_000 }));
  afterEach(() => {
    vi.useRealTimers();
    failNextEvent = false;
  });

  it('refuses a "next speaker" made before a hard auto-advance the facilitator had not seen', async () => {
    const { room, command, seen, speaker, ids } = await reflectionsWithHardTurns();
    expect(speaker()).toBe(ids.ana);
    const seenDuringAnasTurn = seen();

    await vi.advanceTimersByTimeAsync(MIN);
    expect(speaker()).toBe(ids.ben);

    const late = await command('NEXT_SPEAKER', seenDuringAnasTurn);
    expect(late).toMatchObject({ ok: false, error: { code: 'STALE_COMMAND' } });
    expect(speaker()).toBe(ids.ben);

    expect((await command('NEXT_SPEAKER')).ok).toBe(true);
    expect(speaker()).toBe(ids.cy);
    room.stop();
  });

  it('refuses a second "−1 min" made before the first ended the turn, so the next coach keeps all of theirs; two "+1 min" both count', async () => {
    const { room, seen, speaker, step, ids } = await reflectionsWithHardTurns();
    await vi.advanceTimersByTimeAsync(MIN / 2);
    const seenDuringAnasTurn = seen();
    const takeMinute = () => room.command(ids.fran, { type: 'ADJUST_TIME', deltaMs: -MIN }, seenDuringAnasTurn);
    expect((await takeMinute()).ok).toBe(true);
    expect(speaker()).toBe(ids.ben);
    expect(await takeMinute()).toMatchObject({ ok: false, error: { code: 'STALE_COMMAND' } });
    expect(step().budgetMs).toBe(MIN);
    const seenInBensTurn = seen();
    for (let tap = 0; tap < 2; tap += 1) expect((await room.command(ids.fran, { type: 'ADJUST_TIME', deltaMs: MIN }, seenInBensTurn)).ok).toBe(true);
    expect(step().budgetMs).toBe(3 * MIN);
    room.stop();
  });

  it('holds a hard turn while paused, however long, and ends it once the time it had left has run after Resume', async () => {
    const { room, command, speaker, ids } = await reflectionsWithHardTurns();
    await vi.advanceTimersByTimeAsync(MIN / 2);
    expect((await command('PAUSE')).ok).toBe(true);
    await vi.advanceTimersByTimeAsync(10 * MIN);
    expect(speaker()).toBe(ids.ana);
    expect((await room.command(ids.fran, { type: 'RESUME' }, room.state().revision)).ok).toBe(true);
    await vi.advanceTimersByTimeAsync(MIN / 2 - 1);
    expect(speaker()).toBe(ids.ana);
    await vi.advanceTimersByTimeAsync(1);
    expect(speaker()).toBe(ids.ben);
    room.stop();
  });

  it('still takes a command made before the timer merely ran into overtime', async () => {
    const { room, command, seen, phase } = await reflectionsWithHardTurns();
    expect((await command('NEXT_PHASE')).ok).toBe(true);
    const seenOnTime = seen();
    // The Response phase moves on only when the facilitator says so: at time-up it runs into overtime.
    await vi.advanceTimersByTimeAsync(11 * MIN);
    expect(seen()).toBeGreaterThan(seenOnTime);
    expect(phase()).toBe('response');
    expect((await command('NEXT_PHASE', seenOnTime)).ok).toBe(true);
    expect(phase()).toBe('dialogue');
    room.stop();
  });

  it('refuses a change it could not save, so trying again applies it once', async () => {
    const { room, store, addMinute, step, latest } = await reflectionsWithHardTurns();
    const budgetBefore = step().budgetMs;
    const shownBefore = latest();
    store.failures = 1;
    expect(await addMinute()).toMatchObject({ ok: false, error: { code: 'INTERNAL', message: 'The change could not be saved. Please try again.' } });
    expect(step().budgetMs).toBe(budgetBefore);
    expect(latest()).toBe(shownBefore);

    expect((await addMinute()).ok).toBe(true);
    expect(step().budgetMs).toBe(budgetBefore + MIN);
    expect(latest().progress.step!.budgetMs).toBe(budgetBefore + MIN);
    expect(latest().revision).toBeGreaterThan(shownBefore.revision);
    room.stop();
  });

  it('drops the changes queued on top of one that could not be saved', async () => {
    const { room, store, addMinute, command, seen, step, latest } = await reflectionsWithHardTurns();
    const before = step();
    // Only the first save fails; the pause was sent right behind it, made against the state the
    // minute would leave, so it was built on a change that never happened.
    store.failures = 1;
    const [adjusted, paused] = await Promise.all([addMinute(), command('PAUSE', seen() + 1)]);
    expect([adjusted, paused].map((reply) => !reply.ok && reply.error.code)).toEqual(['INTERNAL', 'INTERNAL']);
    expect(step()).toEqual(before);
    expect(storedStep(store)).toEqual(before);
    expect((await command('PAUSE')).ok).toBe(true);
    expect(latest().progress.step!.timer.status).toBe('paused');
    expect(store.stored('clinic-under-test')!.revision).toBe(latest().revision);
    room.stop();
  });

  it('keeps a change already being saved when the machine fails on the next one', async () => {
    const { room, store, addMinute, command, step, latest } = await reflectionsWithHardTurns();
    const budgetBefore = step().budgetMs;
    const saving = store.hold();
    const adjusted = addMinute();
    await saving.reached;
    failNextEvent = true;
    const paused = command('PAUSE');
    saving.release();

    expect(await adjusted).toMatchObject({ ok: true });
    expect(await paused).toMatchObject({ ok: false });
    // The room saves afresh a moment after a failure: on top of the minute, not instead of it.
    await vi.advanceTimersByTimeAsync(RESAVE_AFTER_FAILED_SAVE_MS);
    expect(step().budgetMs).toBe(budgetBefore + MIN);
    expect(latest().progress.step!.budgetMs).toBe(budgetBefore + MIN);
    expect(storedStep(store)!.budgetMs).toBe(budgetBefore + MIN);
    expect(store.stored('clinic-under-test')!.revision).toBe(latest().revision);
    expect((await command('PAUSE')).ok).toBe(true);
    expect(latest().progress.step!.timer.status).toBe('paused');
    room.stop();
  });

  it('tells a device joining during a deletion that the clinic is gone only once the deletion has landed', async () => {
    const { room, store, seen, tokenOf, ids } = await reflectionsWithHardTurns();
    const rejoin = () => room.join({ participantToken: tokenOf(ids.ana) }, 'device-of-Ana');
    store.deleteFailures = 1;
    const failed = room.command(ids.fran, { type: 'DELETE_CLINIC' }, seen());
    const meanwhile = rejoin();
    expect(await failed).toMatchObject({ ok: false, error: { reason: 'DELETE_FAILED' } });
    expect(await meanwhile).toMatchObject({ ok: true });
    // The same when the join came a moment before the deletion started.
    store.deleteFailures = 1;
    const justBefore = rejoin();
    const failedAgain = room.command(ids.fran, { type: 'DELETE_CLINIC' }, seen());
    expect(await failedAgain).toMatchObject({ ok: false, error: { reason: 'DELETE_FAILED' } });
    expect(await justBefore).toMatchObject({ ok: true });

    const deleted = room.command(ids.fran, { type: 'DELETE_CLINIC' }, seen());
    const afterwards = rejoin();
    expect(await deleted).toMatchObject({ ok: true });
    expect(await afterwards).toMatchObject({ ok: false, error: { reason: 'CLINIC_NOT_FOUND' } });
  });

  it('moves on by itself once the store is back, when a timed move could not be saved', async () => {
    const { room, store, speaker, ids } = await reflectionsWithHardTurns();
    store.failures = Number.POSITIVE_INFINITY;
    await vi.advanceTimersByTimeAsync(MIN);
    expect(speaker()).toBe(ids.ana);
    expect(room.state().progress.step!.speakerId).toBe(ids.ana);
    store.failures = 0;
    await vi.advanceTimersByTimeAsync(RESAVE_AFTER_FAILED_SAVE_MS);
    expect(speaker()).toBe(ids.ben);
    // Ben's turn began at Ana's deadline, as if the store had never failed.
    expect(room.state().progress.step!.timer).toMatchObject({ deadlineAt: Date.now() - RESAVE_AFTER_FAILED_SAVE_MS + MIN });
    room.stop();
  });

  // A connection lost after the commit: a store that can tell says the outcome is not known (not
  // "try again", which could add a second minute); one that cannot says it failed, and the next
  // save, refused as stale, finds the store ahead. Either way the room takes up what it holds.
  it.each([
    { store: 'says the outcome is not known', lands: 'landsUnknown', answer: 'OUTCOME_UNKNOWN', savesAgain: 1 },
    { store: 'says it failed', lands: 'landsThenFails', answer: 'SAVE_FAILED', savesAgain: 2 },
  ] as const)('goes on from a change whose save landed though the store $store', async ({ lands, answer, savesAgain }) => {
    const { room, store, addMinute, step, latest } = await reflectionsWithHardTurns();
    const budgetBefore = step().budgetMs;
    store[lands] = 1;
    expect(await addMinute()).toMatchObject({ ok: false, error: { reason: answer } });
    await vi.advanceTimersByTimeAsync(savesAgain * RESAVE_AFTER_FAILED_SAVE_MS);
    expect(latest().progress.step!.budgetMs).toBe(budgetBefore + MIN);
    expect(store.stored('clinic-under-test')!.revision).toBe(latest().revision);
    expect((await addMinute()).ok).toBe(true);
    expect(latest().progress.step!.budgetMs).toBe(budgetBefore + 2 * MIN);
    expect(store.stored('clinic-under-test')!.revision).toBe(latest().revision);
    room.stop();
  });

  it('shows a joining device only what was saved, and never reuses a refused revision', async () => {
    const { room, store, command, latest } = await reflectionsWithHardTurns();
    store.failures = 1;
    const pausing = command('PAUSE');
    const refusedRevision = room.state().revision;
    expect(room.state().progress.step!.timer.status).toBe('paused');
    expect(room.shownState().progress.step!.timer.status).toBe('running');
    expect((await pausing).ok).toBe(false);
    expect((await command('PAUSE')).ok).toBe(true);
    expect(latest().revision).toBeGreaterThan(refusedRevision);
    expect(room.shownState()).toEqual(latest());
    room.stop();
  });

  it('leaves nothing running when a restore could not be saved', async () => {
    const { room, store } = await reflectionsWithHardTurns();
    const record = store.stored('clinic-under-test')!;
    room.stop();
    store.failures = Number.POSITIVE_INFINITY;
    const deps = depsOf(store, { broadcast: vi.fn() });
    await expect(ClinicRoom.restore(record, deps)).rejects.toThrow('disk full');
    store.failures = 0;
    await vi.advanceTimersByTimeAsync(10 * MIN);
    // No retried re-arm and no hard auto-advance from a room nobody holds.
    expect(store.stored('clinic-under-test')).toBe(record);
    expect(deps.broadcast).not.toHaveBeenCalled();
  });

  it('shows a device going and coming back at once, at the revision shown, saving nothing, even while the store fails', async () => {
    const { room, store, latest, tokenOf, ids } = await reflectionsWithHardTurns();
    const saved = store.stored('clinic-under-test')!;
    const shown = latest();
    const online = () => latest().participants.find((person) => person.id === ids.ana)!.online;
    store.failures = Number.POSITIVE_INFINITY;
    room.leave(ids.ana!, 'device-of-Ana');
    expect(online()).toBe(false);
    expect(latest().revision).toBe(shown.revision);
    expect((await room.join({ participantToken: tokenOf(ids.ana!) }, 'device-of-Ana')).ok).toBe(true);
    expect(online()).toBe(true);
    expect(latest()).toEqual(shown);
    expect(store.stored('clinic-under-test')).toBe(saved);
    room.stop();
  });

  it('shows who is online now in a state whose save was queued before they left', async () => {
    const { room, addMinute, latest, step, ids } = await reflectionsWithHardTurns();
    const budget = step().budgetMs;
    const adding = addMinute();
    room.leave(ids.ana!, 'device-of-Ana');
    expect(latest().progress.step!.budgetMs).toBe(budget);
    expect((await adding).ok).toBe(true);
    expect(latest().progress.step!.budgetMs).toBe(budget + MIN);
    expect(latest().participants.find((person) => person.id === ids.ana)!.online).toBe(false);
    room.stop();
  });

  it('saves a clinic untouched for an hour when a device comes back, so retention counts the visit', async () => {
    const { room, store, command, tokenOf, ids } = await reflectionsWithHardTurns();
    // Paused, the clinic makes no timed move of its own meanwhile.
    expect((await command('PAUSE')).ok).toBe(true);
    room.leave(ids.ana!, 'device-of-Ana');
    const before = store.stored('clinic-under-test')!;
    await vi.advanceTimersByTimeAsync(TOUCH_AFTER_MS - 1);
    expect((await room.join({ participantToken: tokenOf(ids.ana!) }, 'device-of-Ana')).ok).toBe(true);
    expect(store.stored('clinic-under-test')).toBe(before);
    room.leave(ids.ana!, 'device-of-Ana');
    await vi.advanceTimersByTimeAsync(1);
    expect((await room.join({ participantToken: tokenOf(ids.ana!) }, 'device-of-Ana')).ok).toBe(true);
    expect(store.stored('clinic-under-test')!.updatedAt).toBe(Date.now());
    expect(store.stored('clinic-under-test')!.revision).toBe(before.revision + 1);
    room.stop();
  });
});

describe('a change of the coach order', () => {
  beforeEach(() => void vi.useFakeTimers({ now: 1_700_000_000_000 }));
  afterEach(() => void vi.useRealTimers());

  it('is refused when made against a lineup another order has changed since, so it cannot put back whom that one took out', async () => {
    const { room, setCoachOrder, coaches, seen, ids } = await lobbyOfFive();
    const bothSaw = seen();
    expect(coaches()).toEqual([ids.fran, ids.ana, ids.ben, ids.cy]);

    expect((await setCoachOrder([ids.ana, ids.ben, ids.cy], bothSaw)).ok).toBe(true);
    const late = await setCoachOrder([ids.ana, ids.ben, ids.fran], bothSaw);

    expect(late).toMatchObject({ ok: false, error: { code: 'STALE_COMMAND', reason: 'LINEUP_CHANGED' } });
    expect(coaches()).toEqual([ids.ana, ids.ben, ids.cy]);
    // Made against the lineup as it is now, the same change is taken.
    expect((await setCoachOrder([ids.ana, ids.ben], seen())).ok).toBe(true);
    expect(coaches()).toEqual([ids.ana, ids.ben]);
    room.stop();
  });

  it('is refused when someone arrived after it was made, rather than leaving them out', async () => {
    const { room, idOf, setCoachOrder, coaches, seen, ids } = await lobbyOfFive();
    const seenBeforeDee = seen();
    const dee = await idOf({ name: 'Dee' });
    expect(coaches()).toContain(dee);

    expect(await setCoachOrder([ids.cy, ids.ben, ids.ana, ids.fran], seenBeforeDee)).toMatchObject({ ok: false, error: { reason: 'LINEUP_CHANGED' } });
    expect(coaches()).toEqual([ids.fran, ids.ana, ids.ben, ids.cy, dee]);
    room.stop();
  });

  it('never makes a move stale, nor does a move make it stale', async () => {
    const { room, command, setCoachOrder, coaches, seen, ids } = await lobbyOfFive();
    const seenBeforeTheOrder = seen();
    expect((await setCoachOrder([ids.cy, ids.ben, ids.ana])).ok).toBe(true);
    const seenAfterTheOrder = seen();
    // Start pressed before the new order was on screen still starts.
    expect((await command('START', seenBeforeTheOrder)).ok).toBe(true);
    // Still in the Case phase the order may change, and one made before the start is taken.
    expect((await setCoachOrder([ids.ben, ids.cy, ids.ana], seenAfterTheOrder)).ok).toBe(true);
    expect(coaches()).toEqual([ids.ben, ids.cy, ids.ana]);
    room.stop();
  });

  it('is refused when made before a new case giver was chosen, or someone was removed', async () => {
    const { room, setCoachOrder, coaches, seen, ids } = await lobbyOfFive();
    const seenWithGia = seen();
    expect((await room.command(ids.fran, { type: 'SET_CASE_GIVER', participantId: ids.ana }, seenWithGia)).ok).toBe(true);
    expect(await setCoachOrder([ids.ben, ids.cy], seenWithGia)).toMatchObject({ ok: false, error: { reason: 'LINEUP_CHANGED' } });
    const seenWithCy = seen();
    expect((await room.command(ids.fran, { type: 'REMOVE_PARTICIPANT', participantId: ids.cy }, seenWithCy)).ok).toBe(true);
    const coachesWithoutCy = coaches();
    // An order naming Cy is refused as naming nobody; one leaving out Fran, made while Cy was still there, as stale.
    expect(await setCoachOrder([ids.ben, ids.gia], seenWithCy)).toMatchObject({ ok: false, error: { reason: 'LINEUP_CHANGED' } });
    expect(coaches()).toEqual(coachesWithoutCy);
    room.stop();
  });
});

describe('a change of the round order', () => {
  beforeEach(() => void vi.useFakeTimers({ now: 1_700_000_000_000 }));
  afterEach(() => void vi.useRealTimers());

  it('is refused when made against a lineup another round order has changed since', async () => {
    const { room, seen, latest, ids } = await lobbyOfFive({ format: TROIKA });
    const bothSaw = seen();
    const setRounds = (caseGiverIds: string[]) => room.command(ids.fran, { type: 'SET_ROUND_ORDER', caseGiverIds }, bothSaw);
    expect((await setRounds([ids.gia, ids.ana])).ok).toBe(true);
    expect(await setRounds([ids.gia, ids.ben])).toMatchObject({ ok: false, error: { code: 'STALE_COMMAND', reason: 'LINEUP_CHANGED' } });
    expect(latest().progress.caseGiverIds).toEqual([ids.gia, ids.ana]);
    room.stop();
  });
});

describe('how far a room sends', () => {
  /** A new clinic on this node (connections named `here/...`), with Fran and Gia joined here; the reach of everything it sends, in order. */
  async function clinicWithTwoHere() {
    const store = memoryClinicStore();
    const sent: Reach[] = [];
    const cluster = clusterAnswers();
    const deps = depsOf(store, {
      isHere: (connection) => connection.startsWith('here/'),
      broadcast: (_state, reach) => void sent.push(reach),
      sendAsides: (_participantId, _view, reach) => void sent.push(reach),
      anySocketElsewhere: cluster.asked,
    });
    const { room, facilitatorKey } = await ClinicRoom.create({ format: CLASSIC }, 'clinic-under-test', deps);
    const idOf = async (joinedIn: ClinicRoom, name: string, connection: string, key?: string) => {
      const joined = await joinedIn.join(key ? { name, facilitatorKey: key } : { name }, connection);
      if (!joined.ok) throw new Error(joined.error.message);
      return joined.data.participantId;
    };
    const fran = await idOf(room, 'Fran', 'here/fran-laptop', facilitatorKey);
    const gia = await idOf(room, 'Gia', 'here/gia-phone');
    /** What was sent since the last call. */
    const sentSince = () => sent.splice(0);
    return { room, store, deps, cluster, idOf, fran, gia, sentSince };
  }

  /** The questions rooms ask the cluster, answered when a test says. */
  function clusterAnswers() {
    const waiting: Array<{ resolve: (elsewhere: boolean) => void; reject: (error: Error) => void }> = [];
    return {
      asked: () => new Promise<boolean>((resolve, reject) => waiting.push({ resolve, reject })),
      get waiting() {
        return waiting.length;
      },
      /** Answers the oldest question, and lets the room take the answer in. */
      answer: async (elsewhere: boolean | 'fails') => {
        const question = waiting.shift()!;
        if (elsewhere === 'fails') question.reject(new Error('a node did not answer in time'));
        else question.resolve(elsewhere);
        await new Promise((resolve) => setImmediate(resolve));
      },
    };
  }

  it('sends to this node alone while every device is here, and to every node from the first device elsewhere on', async () => {
    const { room, idOf, fran, gia, sentSince } = await clinicWithTwoHere();
    expect(new Set(sentSince())).toEqual(new Set(['thisNode']));

    const ana = await idOf(room, 'Ana', 'there/ana-laptop');
    expect((await room.command(fran, { type: 'SET_CASE_GIVER', participantId: gia }, room.shownState().revision)).ok).toBe(true);
    const afterAna = sentSince();
    expect(afterAna.length).toBeGreaterThan(1);
    expect(new Set(afterAna)).toEqual(new Set(['everyNode']));

    // Gone, until the cluster answers that her socket has left the clinic's room too.
    room.leave(ana, 'there/ana-laptop');
    expect((await room.command(fran, { type: 'START' }, room.shownState().revision)).ok).toBe(true);
    const afterAnaLeft = sentSince();
    expect(afterAnaLeft.length).toBeGreaterThan(1);
    expect(new Set(afterAnaLeft)).toEqual(new Set(['everyNode']));
    await room.stop();
  });

  it('counts a device elsewhere however it comes: as itself again, or still there once its node is back', async () => {
    const asItself = await clinicWithTwoHere();
    const joined = await asItself.room.join({ name: 'Ana' }, 'here/ana-laptop');
    if (!joined.ok) throw new Error(joined.error.message);
    asItself.sentSince();
    // Her phone, on another node, comes in as her: nothing is saved.
    expect((await asItself.room.join({ participantToken: joined.data.participantToken }, 'there/ana-phone')).ok).toBe(true);
    asItself.room.leave(asItself.gia, 'here/gia-phone');
    expect(asItself.sentSince()).toEqual(['everyNode']);
    await asItself.room.stop();

    const stillThere = await clinicWithTwoHere();
    stillThere.sentSince();
    expect(stillThere.room.stillHere(stillThere.gia, 'there/gia-tablet')).toBe(true);
    stillThere.room.leave(stillThere.fran, 'here/fran-laptop');
    expect(stillThere.sentSince()).toEqual(['everyNode']);
    await stillThere.room.stop();
  });

  it('does not count again a device still connected elsewhere whose person was removed, or whose clinic was deleted', async () => {
    const { room, idOf, fran, gia } = await clinicWithTwoHere();
    const ana = await idOf(room, 'Ana', 'there/ana-phone');
    expect((await room.command(fran, { type: 'REMOVE_PARTICIPANT', participantId: ana }, room.shownState().revision)).ok).toBe(true);
    // Her phone's node did not hear of it, and is back.
    expect(room.stillHere(ana, 'there/ana-phone')).toBe(false);
    expect(room.shownState().participants.map((person) => person.id)).not.toContain(ana);
    expect(room.stillHere('someone-else', 'there/their-phone')).toBe(false);

    expect((await room.command(fran, { type: 'DELETE_CLINIC' }, room.shownState().revision)).ok).toBe(true);
    expect(room.stillHere(gia, 'there/gia-tablet')).toBe(false);
  });

  it('sends a restored clinic to every node until the cluster answers that none of its devices is elsewhere', async () => {
    const { room, store, deps, cluster, idOf, fran, gia, sentSince } = await clinicWithTwoHere();
    await room.stop();
    const online = [['here/fran-laptop', fran], ['here/gia-phone', gia]] as const;
    const restoredFrom = (presence: ReadonlyArray<readonly [string, string]>) => ClinicRoom.restore(store.stored('clinic-under-test')!, deps, presence);
    /** Gia's phone leaves and comes back: how far what shows it is sent. */
    const sentAsGiaGoesAndComes = (restored: ClinicRoom) => {
      sentSince();
      restored.leave(gia, 'here/gia-phone');
      restored.stillHere(gia, 'here/gia-phone');
      return sentSince();
    };

    const restored = await restoredFrom(online);
    expect(cluster.waiting).toBe(1);
    expect(sentAsGiaGoesAndComes(restored)).toEqual(['everyNode', 'everyNode']);
    await cluster.answer(false);
    expect(sentAsGiaGoesAndComes(restored)).toEqual(['thisNode', 'thisNode']);
    await restored.stop();

    // An answer that does not come in time, or says yes, leaves it sending to every node.
    for (const answer of ['fails', true] as const) {
      const unanswered = await restoredFrom(online);
      await cluster.answer(answer);
      expect(sentAsGiaGoesAndComes(unanswered)).toEqual(['everyNode', 'everyNode']);
      await unanswered.stop();
    }

    // A device elsewhere, in the presence kept for the next node or arriving before the answer, outweighs it.
    const withFranElsewhere = await restoredFrom([...online, ['there/fran-phone', fran]]);
    await cluster.answer(false);
    expect(sentAsGiaGoesAndComes(withFranElsewhere)).toEqual(['everyNode', 'everyNode']);
    await withFranElsewhere.stop();
    const joinedFirst = await restoredFrom(online);
    await idOf(joinedFirst, 'Ana', 'there/ana-phone');
    await cluster.answer(false);
    expect(sentAsGiaGoesAndComes(joinedFirst)).toEqual(['everyNode', 'everyNode']);
    await joinedFirst.stop();
  });

  it('asks the cluster again once its last device elsewhere has gone, and goes by the newest answer', async () => {
    const { room, cluster, idOf, fran, sentSince } = await clinicWithTwoHere();
    const ana = await idOf(room, 'Ana', 'there/ana-phone');
    expect(cluster.waiting).toBe(0);
    room.stillHere(ana, 'there/ana-tablet');
    room.leave(ana, 'there/ana-phone');
    // Her tablet is still there.
    expect(cluster.waiting).toBe(0);
    room.leave(ana, 'there/ana-tablet');
    expect(cluster.waiting).toBe(1);

    // Back before the answer, and gone again: the first answer is out of date.
    room.stillHere(ana, 'there/ana-tablet');
    room.leave(ana, 'there/ana-tablet');
    expect(cluster.waiting).toBe(2);
    await cluster.answer(false);
    sentSince();
    room.leave(fran, 'here/fran-laptop');
    expect(sentSince()).toEqual(['everyNode']);
    await cluster.answer(false);
    room.stillHere(fran, 'here/fran-laptop');
    expect(sentSince()).toEqual(['thisNode']);
    await room.stop();
  });
});
