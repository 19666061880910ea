import { afterEach, describe, expect, it, vi } from 'vitest';
import { createActor, SimulatedClock } from 'xstate';
import { clinicMachine, stageOf, type ClinicEvent } from '../../shared/clinicMachine.ts';
import { clinicCommandRule } from '../../shared/clinicRules.ts';
import { standingOf, turnTimeline } from '../../shared/clinicView.ts';
import { restoreSaved, savedStateOf, type SavedMachineState } from '../support/clinicStates.ts';
import { showsTimeUpPrompt } from '../../shared/cues.ts';
import { CLASSIC as CLASSIC_FORMAT } from '../../shared/formats/classic.ts';
import { MS_PER_MINUTE, remainingMs } from '../../shared/time.ts';
import type { ClinicCommand } from '../../shared/protocolSchemas.ts';
import type { AutoAdvance } from '../../shared/clinicStateSchema.ts';
import { coachesOf, caseGiverOf } from '../../shared/lineup.ts';

const MIN = MS_PER_MINUTE;

function startClinicActor(minutes?: Record<string, number>, autoAdvance?: Record<string, AutoAdvance>) {
  const clock = new SimulatedClock();
  clock.set(1_700_000_000_000);
  const actor = createActor(clinicMachine, { input: { format: CLASSIC_FORMAT, minutes, autoAdvance }, clock }).start();
  const send = (command: ClinicCommand | Omit<Extract<ClinicEvent, { type: 'PARTICIPANT_JOINED' }>, 'at'>) =>
    actor.send({ ...command, at: clock.now() } as ClinicEvent);
  const snapshot = () => actor.getSnapshot();
  const left = () => remainingMs(snapshot().context.step!.timer, clock.now());
  const where = () => {
    const { step, plan } = snapshot().context;
    return step ? `${plan[step.phaseIndex]!.phaseId}:${step.speakerId ?? 'all'}` : String(snapshot().value);
  };
  return { actor, clock, send, snapshot, left, where };
}

/** A lobby with a case giver and three coaches in the order ana, ben, cleo. */
function readyClinic(minutes?: Record<string, number>, autoAdvance?: Record<string, AutoAdvance>) {
  const clinic = startClinicActor(minutes, autoAdvance);
  for (const id of ['gia', 'ana', 'ben', 'cleo']) clinic.send({ type: 'PARTICIPANT_JOINED', participantId: id });
  clinic.send({ type: 'SET_CASE_GIVER', participantId: 'gia' });
  return clinic;
}

describe('lobby', () => {
  it('lists arriving participants as coaches in arrival order', () => {
    const { send, snapshot } = startClinicActor();
    send({ type: 'PARTICIPANT_JOINED', participantId: 'ana' });
    send({ type: 'PARTICIPANT_JOINED', participantId: 'ben' });
    send({ type: 'PARTICIPANT_JOINED', participantId: 'ana' });
    expect(coachesOf(snapshot().context)).toEqual(['ana', 'ben']);
  });

  it('cannot start without a case giver and at least one coach', () => {
    const { send, snapshot } = startClinicActor();
    send({ type: 'PARTICIPANT_JOINED', participantId: 'gia' });
    expect(snapshot().can({ type: 'START', at: 0 })).toBe(false);
    send({ type: 'SET_CASE_GIVER', participantId: 'gia' });
    expect(snapshot().can({ type: 'START', at: 0 })).toBe(false);
    send({ type: 'START' });
    expect(snapshot().value).toBe('lobby');
    send({ type: 'PARTICIPANT_JOINED', participantId: 'ana' });
    expect(snapshot().can({ type: 'START', at: 0 })).toBe(true);
  });

  it('takes the case giver out of the coach order and returns the previous one to it', () => {
    const { send, snapshot } = readyClinic();
    expect(coachesOf(snapshot().context)).toEqual(['ana', 'ben', 'cleo']);
    send({ type: 'SET_CASE_GIVER', participantId: 'ben' });
    expect(caseGiverOf(snapshot().context)).toBe('ben');
    expect(coachesOf(snapshot().context)).toEqual(['ana', 'cleo', 'gia']);
  });

  it('accepts a reordered or shortened coach order but not duplicates, and keeps the case giver a case giver', () => {
    const { send, snapshot } = readyClinic();
    send({ type: 'SET_COACH_ORDER', coachIds: ['cleo', 'ana'] });
    expect(coachesOf(snapshot().context)).toEqual(['cleo', 'ana']);
    send({ type: 'SET_COACH_ORDER', coachIds: ['ana', 'ana'] });
    expect(coachesOf(snapshot().context)).toEqual(['cleo', 'ana']);
    // Made on a screen that had not shown Gia chosen yet: the order means the others.
    send({ type: 'SET_COACH_ORDER', coachIds: ['gia', 'ana', 'ben'] });
    expect(caseGiverOf(snapshot().context)).toBe('gia');
    expect(coachesOf(snapshot().context)).toEqual(['ana', 'ben']);
  });
});

describe('running a clinic', () => {
  it('walks case, each coach, response and dialogue to closed', () => {
    const { send, snapshot, where } = readyClinic();
    send({ type: 'START' });
    expect(where()).toBe('case:gia');
    expect(snapshot().can({ type: 'NEXT_SPEAKER', at: 0 })).toBe(false);
    send({ type: 'NEXT_PHASE' });
    expect(where()).toBe('reflections:ana');
    send({ type: 'NEXT_SPEAKER' });
    expect(where()).toBe('reflections:ben');
    send({ type: 'NEXT_SPEAKER' });
    expect(where()).toBe('reflections:cleo');
    send({ type: 'NEXT_SPEAKER' });
    expect(where()).toBe('response:gia');
    send({ type: 'NEXT_PHASE' });
    expect(where()).toBe('dialogue:all');
    send({ type: 'NEXT_PHASE' });
    expect(snapshot().value).toBe('closed');
    expect(snapshot().status).toBe('done');
    expect(snapshot().context.finished.map((step) => step.speakerId)).toEqual(['gia', 'ana', 'ben', 'cleo', 'gia', null]);
  });

  it('gives every step its planned duration, per coach in reflections', () => {
    const { send, snapshot, left } = readyClinic({ case: 15, reflections: 4 });
    send({ type: 'START' });
    expect(left()).toBe(15 * MIN);
    send({ type: 'NEXT_PHASE' });
    expect(left()).toBe(4 * MIN);
    send({ type: 'NEXT_SPEAKER' });
    expect(left()).toBe(4 * MIN);
    expect(snapshot().context.step!.plannedMs).toBe(4 * MIN);
  });

  it('next phase from inside reflections skips the remaining turns', () => {
    const { send, where } = readyClinic();
    send({ type: 'START' });
    send({ type: 'NEXT_PHASE' });
    send({ type: 'NEXT_PHASE' });
    expect(where()).toBe('response:gia');
  });

  it('records a skipped coach as skipped and moves on', () => {
    const { send, snapshot, where } = readyClinic();
    send({ type: 'START' });
    send({ type: 'NEXT_PHASE' });
    send({ type: 'SKIP_SPEAKER' });
    expect(where()).toBe('reflections:ben');
    expect(snapshot().context.finished.at(-1)).toMatchObject({ speakerId: 'ana', skipped: true });
  });

  it('gives a skipped coach their turn back once the last turn in the order has come, before the phase moves on', () => {
    const { send, snapshot, where } = readyClinic();
    const why = () => clinicCommandRule(stageOf(snapshot()), snapshot().context, { type: 'RETURN_TO_SKIPPED' });
    send({ type: 'START' });
    send({ type: 'NEXT_PHASE' });
    expect(why()).toBe('NO_SKIPPED_COACH');
    send({ type: 'SKIP_SPEAKER' });
    // Ben's turn is next in the order: Ana waits until the order has run.
    expect(where()).toBe('reflections:ben');
    expect(why()).toBe('NO_SKIPPED_COACH');
    send({ type: 'NEXT_SPEAKER' });
    expect(where()).toBe('reflections:cleo');
    expect(why()).toBeNull();
    send({ type: 'RETURN_TO_SKIPPED' });
    expect(where()).toBe('reflections:ana');
    expect(snapshot().context.step).toMatchObject({ turnIndex: 3, speakerId: 'ana' });
    expect(standingOf(snapshot().context, 'ana')).toEqual({ kind: 'speaking' });
    expect(why()).toBe('NO_SKIPPED_COACH');
    send({ type: 'NEXT_SPEAKER' });
    expect(where()).toBe('response:gia');
    expect(turnTimeline(snapshot().context, 0, 1, 0).map((turn) => [turn.speakerId, turn.status])).toEqual([
      ['ana', 'skipped'],
      ['ben', 'done'],
      ['cleo', 'done'],
      ['ana', 'done'],
    ]);
  });

  it('ends early from any phase, keeping what was done', () => {
    const { send, snapshot, clock } = readyClinic();
    send({ type: 'START' });
    clock.increment(3 * MIN);
    send({ type: 'END' });
    expect(snapshot().value).toBe('closed');
    expect(snapshot().context.finished).toHaveLength(1);
    expect(snapshot().context.closedAt).toBe(clock.now());
  });
});

describe('time-up and overtime', () => {
  it('goes into overtime exactly at the deadline and keeps counting, never moving on by itself', () => {
    const { send, snapshot, clock, left, where } = readyClinic();
    send({ type: 'START' });
    clock.increment(20 * MIN - 1);
    expect(snapshot().matches({ live: { running: 'onTime' } })).toBe(true);
    clock.increment(1);
    expect(snapshot().matches({ live: { running: 'overtime' } })).toBe(true);
    clock.increment(90 * MIN);
    expect(left()).toBe(-90 * MIN);
    expect(where()).toBe('case:gia');
  });

  it('re-arms the deadline for every new step', () => {
    const { send, snapshot, clock } = readyClinic({ reflections: 3 });
    send({ type: 'START' });
    clock.increment(25 * MIN);
    send({ type: 'NEXT_PHASE' });
    expect(snapshot().matches({ live: { running: 'onTime' } })).toBe(true);
    clock.increment(3 * MIN);
    expect(snapshot().matches({ live: { running: 'overtime' } })).toBe(true);
  });
});

describe('pause and resume', () => {
  it('freezes the time left while paused and resumes from it', () => {
    const { send, snapshot, clock, left } = readyClinic();
    send({ type: 'START' });
    clock.increment(5 * MIN);
    send({ type: 'PAUSE' });
    expect(snapshot().matches({ live: 'paused' })).toBe(true);
    clock.increment(30 * MIN);
    expect(left()).toBe(15 * MIN);
    expect(snapshot().matches({ live: 'paused' })).toBe(true);
    send({ type: 'RESUME' });
    expect(left()).toBe(15 * MIN);
    clock.increment(15 * MIN - 1);
    expect(snapshot().matches({ live: { running: 'onTime' } })).toBe(true);
    clock.increment(1);
    expect(snapshot().matches({ live: { running: 'overtime' } })).toBe(true);
  });

  it('only pauses a running clock and only resumes a paused one', () => {
    const { send, snapshot } = readyClinic();
    expect(snapshot().can({ type: 'PAUSE', at: 0 })).toBe(false);
    send({ type: 'START' });
    expect(snapshot().can({ type: 'RESUME', at: 0 })).toBe(false);
    send({ type: 'PAUSE' });
    expect(snapshot().can({ type: 'PAUSE', at: 0 })).toBe(false);
    expect(snapshot().can({ type: 'RESUME', at: 0 })).toBe(true);
  });

  it('starts the next step running when the facilitator moves on while paused', () => {
    const { send, snapshot, left, clock } = readyClinic();
    send({ type: 'START' });
    send({ type: 'PAUSE' });
    clock.increment(MIN);
    send({ type: 'NEXT_PHASE' });
    expect(snapshot().matches({ live: { running: 'onTime' } })).toBe(true);
    expect(left()).toBe(5 * MIN);
  });
});

describe('adding and removing time', () => {
  it('moves the deadline by a minute each way and counts it in the step budget', () => {
    const { send, snapshot, left } = readyClinic();
    send({ type: 'START' });
    send({ type: 'ADJUST_TIME', deltaMs: MIN });
    expect(left()).toBe(21 * MIN);
    send({ type: 'ADJUST_TIME', deltaMs: -MIN });
    send({ type: 'ADJUST_TIME', deltaMs: -MIN });
    expect(left()).toBe(19 * MIN);
    expect(snapshot().context.step).toMatchObject({ plannedMs: 20 * MIN, budgetMs: 19 * MIN });
  });

  it('re-arms time-up at the moved deadline', () => {
    const { send, snapshot, clock } = readyClinic();
    send({ type: 'START' });
    send({ type: 'ADJUST_TIME', deltaMs: MIN });
    clock.increment(20 * MIN);
    expect(snapshot().matches({ live: { running: 'onTime' } })).toBe(true);
    clock.increment(MIN);
    expect(snapshot().matches({ live: { running: 'overtime' } })).toBe(true);
  });

  it('re-arms time-up at a deadline brought forward, and never fires at the old one', () => {
    const { send, snapshot, clock, actor } = readyClinic();
    send({ type: 'START' });
    send({ type: 'ADJUST_TIME', deltaMs: -MIN });
    clock.increment(19 * MIN - 1);
    expect(snapshot().matches({ live: { running: 'onTime' } })).toBe(true);
    clock.increment(1);
    expect(snapshot().matches({ live: { running: 'overtime' } })).toBe(true);

    send({ type: 'NEXT_PHASE' });
    send({ type: 'ADJUST_TIME', deltaMs: MIN });
    // Each change the clinic makes by itself is a save and a broadcast: the deadline the added
    // minute replaced must not wake the clinic on the way to the new one.
    let changes = 0;
    const watching = actor.subscribe(() => (changes += 1));
    clock.increment(6 * MIN - 1);
    expect(changes).toBe(0);
    clock.increment(1);
    expect(changes).toBe(1);
    expect(snapshot().matches({ live: { running: 'overtime' } })).toBe(true);
    watching.unsubscribe();
  });

  it('moves a hard auto-advance with the time added, waking the clinic only at the new deadline', () => {
    const { send, clock, left, where, actor } = readyClinic(undefined, { reflections: 'hard' });
    send({ type: 'START' });
    send({ type: 'NEXT_PHASE' });
    clock.increment(2 * MIN);
    send({ type: 'ADJUST_TIME', deltaMs: MIN });
    let changes = 0;
    const watching = actor.subscribe(() => (changes += 1));
    clock.increment(4 * MIN - 1);
    expect(changes).toBe(0);
    expect(where()).toBe('reflections:ana');
    clock.increment(1);
    expect(changes).toBe(1);
    // Ben's turn starts at the moved deadline, with all of its time.
    expect(where()).toBe('reflections:ben');
    expect(left()).toBe(5 * MIN);
    watching.unsubscribe();
  });

  it('taking off more than is left ends the time now, and adding a minute back gives a minute', () => {
    const { send, snapshot, clock, left } = readyClinic();
    send({ type: 'START' });
    clock.increment(19 * MIN + 30_000);
    send({ type: 'ADJUST_TIME', deltaMs: -MIN });
    expect(snapshot().matches({ live: { running: 'overtime' } })).toBe(true);
    expect(left()).toBe(0);
    // The plan counts the half minute taken off, not the minute asked for.
    expect(snapshot().context.step!.budgetMs).toBe(19 * MIN + 30_000);
    send({ type: 'ADJUST_TIME', deltaMs: MIN });
    expect(snapshot().matches({ live: { running: 'onTime' } })).toBe(true);
    expect(left()).toBe(MIN);
    clock.increment(MIN);
    expect(snapshot().matches({ live: { running: 'overtime' } })).toBe(true);
  });

  it('takes no time off a step already in overtime, running or paused', () => {
    const { send, snapshot, clock, left } = readyClinic();
    send({ type: 'START' });
    clock.increment(21 * MIN);
    const overtime = snapshot();
    expect(clinicCommandRule(stageOf(overtime), overtime.context, { type: 'ADJUST_TIME', deltaMs: -MIN })).toBe('NO_TIME_LEFT');
    expect(overtime.can({ type: 'ADJUST_TIME', deltaMs: -MIN, at: clock.now() })).toBe(false);
    send({ type: 'PAUSE' });
    expect(snapshot().can({ type: 'ADJUST_TIME', deltaMs: -MIN, at: clock.now() })).toBe(false);
    send({ type: 'ADJUST_TIME', deltaMs: 2 * MIN });
    expect(left()).toBe(MIN);
  });

  it('moves a hard auto-advance on at once when the time left is taken off, giving the next coach all of theirs', () => {
    const { send, clock, left, where, snapshot } = readyClinic(undefined, { reflections: 'hard' });
    send({ type: 'START' });
    send({ type: 'NEXT_PHASE' });
    clock.increment(4 * MIN + 35_000);
    send({ type: 'ADJUST_TIME', deltaMs: -MIN });
    expect(where()).toBe('reflections:ben');
    expect(left()).toBe(5 * MIN);
    // Ana's turn ends now, credited with the time she had.
    const anasTurn = snapshot().context.finished.at(-1)!;
    expect([anasTurn.speakerId, anasTurn.budgetMs, anasTurn.remainingMs]).toEqual(['ana', 4 * MIN + 35_000, 0]);
  });

  it('takes off at most what is left of a paused step, which then moves on as soon as it resumes', () => {
    const { send, clock, left, where } = readyClinic(undefined, { reflections: 'hard' });
    send({ type: 'START' });
    send({ type: 'NEXT_PHASE' });
    clock.increment(4 * MIN + 40_000);
    send({ type: 'PAUSE' });
    send({ type: 'ADJUST_TIME', deltaMs: -MIN });
    expect(left()).toBe(0);
    expect(where()).toBe('reflections:ana');
    clock.increment(MIN);
    send({ type: 'RESUME' });
    expect(where()).toBe('reflections:ben');
    expect(left()).toBe(5 * MIN);
  });

  it('adjusts a paused timer without starting it', () => {
    const { send, snapshot, clock, left } = readyClinic();
    send({ type: 'START' });
    send({ type: 'PAUSE' });
    send({ type: 'ADJUST_TIME', deltaMs: MIN });
    clock.increment(10 * MIN);
    expect(snapshot().matches({ live: 'paused' })).toBe(true);
    expect(left()).toBe(21 * MIN);
  });
});

describe('back one step', () => {
  it('is not possible at the very first step', () => {
    const { send, snapshot } = readyClinic();
    send({ type: 'START' });
    expect(snapshot().can({ type: 'BACK', at: 0 })).toBe(false);
  });

  it('undoes a mis-clicked next phase, restoring the time that was left', () => {
    const { send, clock, left, where, snapshot } = readyClinic();
    send({ type: 'START' });
    clock.increment(12 * MIN);
    send({ type: 'NEXT_PHASE' });
    clock.increment(5_000);
    send({ type: 'BACK' });
    expect(where()).toBe('case:gia');
    expect(left()).toBe(8 * MIN);
    expect(snapshot().context.finished).toHaveLength(0);
  });

  it('steps back one coach inside reflections and into overtime when that turn had run over', () => {
    const { send, clock, left, where, snapshot } = readyClinic();
    send({ type: 'START' });
    send({ type: 'NEXT_PHASE' });
    clock.increment(6 * MIN);
    send({ type: 'NEXT_SPEAKER' });
    send({ type: 'BACK' });
    expect(where()).toBe('reflections:ana');
    expect(left()).toBe(-MIN);
    expect(snapshot().matches({ live: { running: 'overtime' } })).toBe(true);
  });

  it('brings back a coach a hard auto-advance cut off, in overtime, and leaves the next move to the facilitator', () => {
    const { send, clock, left, where, snapshot } = readyClinic(undefined, { reflections: 'hard' });
    send({ type: 'START' });
    send({ type: 'NEXT_PHASE' });
    clock.increment(5 * MIN);
    expect(where()).toBe('reflections:ben');
    clock.increment(10_000);
    send({ type: 'BACK' });
    clock.increment(2 * MIN);
    expect(where()).toBe('reflections:ana');
    expect(left()).toBe(-2 * MIN);
    expect(showsTimeUpPrompt(snapshot().context, clock.now())).toBe(true);
    send({ type: 'NEXT_SPEAKER' });
    expect(where()).toBe('reflections:ben');
    expect(left()).toBe(5 * MIN);
    // Ben's turn is a fresh one, so it moves on by itself again.
    clock.increment(5 * MIN);
    expect(where()).toBe('reflections:cleo');
  });
});

describe('lineup during the clinic', () => {
  it('gives a coach who arrives during the case a turn, but not one who arrives later', () => {
    const { send, snapshot } = readyClinic();
    send({ type: 'START' });
    send({ type: 'PARTICIPANT_JOINED', participantId: 'dan' });
    expect(coachesOf(snapshot().context)).toEqual(['ana', 'ben', 'cleo', 'dan']);
    send({ type: 'NEXT_PHASE' });
    send({ type: 'PARTICIPANT_JOINED', participantId: 'eve' });
    send({ type: 'SET_COACH_ORDER', coachIds: ['dan', 'ana'] });
    expect(coachesOf(snapshot().context)).toEqual(['ana', 'ben', 'cleo', 'dan']);
  });

  it('keeps the case giver fixed once the clinic has started', () => {
    const { send, snapshot } = readyClinic();
    send({ type: 'START' });
    send({ type: 'SET_CASE_GIVER', participantId: 'ana' });
    expect(caseGiverOf(snapshot().context)).toBe('gia');
  });
});

describe('restoring a persisted clinic', () => {
  it('names each stage as saved, and brings each back as it was', () => {
    const { send, snapshot, clock } = readyClinic();
    const saved = [savedStateOf(snapshot())];
    send({ type: 'START' });
    saved.push(savedStateOf(snapshot()));
    send({ type: 'PAUSE' });
    saved.push(savedStateOf(snapshot()));
    send({ type: 'RESUME' });
    clock.increment(20 * MIN);
    saved.push(savedStateOf(snapshot()));
    send({ type: 'END' });
    saved.push(savedStateOf(snapshot()));
    expect(saved.map(({ stage }) => stage)).toEqual(['lobby', 'running', 'paused', 'overtime', 'closed']);
    expect(saved.map((state) => stageOf(restoreSaved(state, clock).getSnapshot()))).toEqual(saved.map(({ stage }) => stage));
  });

  function persistMidCase() {
    const clinic = readyClinic();
    clinic.send({ type: 'START' });
    clinic.clock.increment(10 * MIN);
    const persisted = savedStateOf(clinic.actor.getSnapshot());
    clinic.actor.stop();
    return { persisted, savedAt: clinic.clock.now() };
  }

  function restore(persisted: SavedMachineState, now: number) {
    const clock = new SimulatedClock();
    clock.set(now);
    const actor = restoreSaved(persisted, clock);
    return { actor, clock };
  }

  it('handles a deadline that passed while the server was down as overtime', () => {
    const { persisted, savedAt } = persistMidCase();
    const { actor, clock } = restore(persisted, savedAt + 25 * MIN);
    actor.send({ type: 'CLOCK_RESTORED', at: clock.now() });
    expect(actor.getSnapshot().matches({ live: { running: 'overtime' } })).toBe(true);
    expect(remainingMs(actor.getSnapshot().context.step!.timer, clock.now())).toBe(-15 * MIN);
  });

  it('re-arms time-up at the original deadline when it is still ahead', () => {
    const { persisted, savedAt } = persistMidCase();
    const { actor, clock } = restore(persisted, savedAt + 4 * MIN);
    // Without the re-arm XState would never fire the lost delay (statelyai/xstate#5331).
    clock.increment(6 * MIN);
    expect(actor.getSnapshot().matches({ live: { running: 'onTime' } })).toBe(true);
    actor.send({ type: 'CLOCK_RESTORED', at: clock.now() });
    expect(actor.getSnapshot().matches({ live: { running: 'overtime' } })).toBe(true);
  });

  it('fires time-up at the deadline after a restore before it', () => {
    const { persisted, savedAt } = persistMidCase();
    const { actor, clock } = restore(persisted, savedAt + 4 * MIN);
    actor.send({ type: 'CLOCK_RESTORED', at: clock.now() });
    clock.increment(6 * MIN - 1);
    expect(actor.getSnapshot().matches({ live: { running: 'onTime' } })).toBe(true);
    clock.increment(1);
    expect(actor.getSnapshot().matches({ live: { running: 'overtime' } })).toBe(true);
  });

  it('keeps a paused clinic paused with its time left', () => {
    const clinic = readyClinic();
    clinic.send({ type: 'START' });
    clinic.clock.increment(MIN);
    clinic.send({ type: 'PAUSE' });
    const persisted = savedStateOf(clinic.actor.getSnapshot());
    const { actor, clock } = restore(persisted, clinic.clock.now() + 60 * MIN);
    actor.send({ type: 'CLOCK_RESTORED', at: clock.now() });
    expect(actor.getSnapshot().matches({ live: 'paused' })).toBe(true);
    expect(remainingMs(actor.getSnapshot().context.step!.timer, clock.now())).toBe(19 * MIN);
  });

  describe('on real timers, as the server restores it', () => {
    afterEach(() => vi.useRealTimers());

    it('fires time-up at the deadline and keeps taking commands', () => {
      const { persisted, savedAt } = persistMidCase();
      vi.useFakeTimers({ now: savedAt + 4 * MIN });
      const actor = restoreSaved(persisted);
      actor.send({ type: 'CLOCK_RESTORED', at: Date.now() });
      actor.send({ type: 'ADJUST_TIME', deltaMs: MIN, at: Date.now() });
      expect(actor.getSnapshot().status).toBe('active');
      vi.advanceTimersByTime(7 * MIN - 1);
      expect(actor.getSnapshot().matches({ live: { running: 'onTime' } })).toBe(true);
      vi.advanceTimersByTime(1);
      expect(actor.getSnapshot().matches({ live: { running: 'overtime' } })).toBe(true);
      actor.stop();
    });
  });
});
