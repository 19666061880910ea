import { describe, expect, it } from 'vitest';
import { createActor, SimulatedClock } from 'xstate';
import { cueMomentOf, cueSignalOf, type CueMoment } from '../../client/cueSignal.ts';
import { clinicMachine } from '../../shared/clinicMachine.ts';
import { restoreSaved, savedStateOf } from '../support/clinicStates.ts';
import { projectedEndAt } from '../../shared/clinicSteps.ts';
import { showsTimeUpPrompt, timeCueOf } from '../../shared/cues.ts';
import { CLASSIC as CLASSIC_FORMAT } from '../../shared/formats/classic.ts';
import type { ClinicCommand } from '../../shared/protocolSchemas.ts';
import type { AutoAdvance, ClinicProgress } from '../../shared/clinicStateSchema.ts';

const MIN = 60_000;
const T0 = 1_700_000_000_000;

function clinic(autoAdvance: Record<string, AutoAdvance> = {}) {
  const clock = new SimulatedClock();
  clock.set(T0);
  const actor = createActor(clinicMachine, { input: { format: CLASSIC_FORMAT, autoAdvance }, clock }).start();
  const send = (command: ClinicCommand) => actor.send({ ...command, at: clock.now() });
  for (const participantId of ['gia', 'ana', 'ben']) actor.send({ type: 'PARTICIPANT_JOINED', participantId, at: clock.now() });
  send({ type: 'SET_CASE_GIVER', participantId: 'gia' });
  const where = () => {
    const { step, plan } = actor.getSnapshot().context;
    return step ? `${plan[step.phaseIndex]!.phaseId}:${step.speakerId ?? 'all'}` : String(actor.getSnapshot().value);
  };
  return { actor, clock, send, where, context: () => actor.getSnapshot().context };
}

describe('hard auto-advance', () => {
  it('leaves a step that was already in overtime when its phase was set to hard, even after a restart', () => {
    const { send, clock, where, actor } = clinic();
    send({ type: 'START' });
    clock.increment(21 * MIN);
    send({ type: 'SET_AUTO_ADVANCE', phaseId: 'case', mode: 'hard' });
    clock.increment(MIN);
    expect(where()).toBe('case:gia');
    const restored = restoreSaved(savedStateOf(actor.getSnapshot()), clock);
    restored.send({ type: 'CLOCK_RESTORED', at: clock.now() });
    expect(restored.getSnapshot().context.step!.phaseIndex).toBe(0);
    expect(restored.getSnapshot().matches({ live: { running: 'overtime' } })).toBe(true);
  });

  it('moves from coach to coach and on to the next phase by itself, each step starting at the last deadline', () => {
    const { send, clock, where, context } = clinic({ reflections: 'hard' });
    send({ type: 'START' });
    send({ type: 'NEXT_PHASE' });
    const reflectionsStart = clock.now();
    clock.increment(5 * MIN - 1);
    expect(where()).toBe('reflections:ana');
    clock.increment(1);
    expect(where()).toBe('reflections:ben');
    expect(context().step!.timer).toEqual({ status: 'running', deadlineAt: reflectionsStart + 10 * MIN });
    clock.increment(5 * MIN);
    expect(where()).toBe('response:gia');
    expect(context().finished.slice(-2).map((step) => step.remainingMs)).toEqual([0, 0]);
    clock.increment(30 * MIN);
    expect(where()).toBe('response:gia');
  });

  it('closes the clinic at the end of a hard last phase', () => {
    const { send, clock, actor } = clinic({ dialogue: 'hard' });
    send({ type: 'START' });
    for (let i = 0; i < 3; i += 1) send({ type: 'NEXT_PHASE' });
    clock.increment(35 * MIN);
    expect(actor.getSnapshot().value).toBe('closed');
    expect(actor.getSnapshot().context.closedAt).toBe(T0 + 35 * MIN);
  });

  it('never moves on while paused, and honours time added', () => {
    const { send, clock, where } = clinic({ case: 'hard' });
    send({ type: 'START' });
    send({ type: 'ADJUST_TIME', deltaMs: MIN });
    clock.increment(20 * MIN);
    expect(where()).toBe('case:gia');
    send({ type: 'PAUSE' });
    clock.increment(10 * MIN);
    expect(where()).toBe('case:gia');
    send({ type: 'RESUME' });
    clock.increment(MIN);
    expect(where()).toBe('reflections:ana');
  });

  it('can be switched on during the clinic and applies from the next time-up', () => {
    const { send, clock, where } = clinic();
    send({ type: 'START' });
    send({ type: 'SET_AUTO_ADVANCE', phaseId: 'case', mode: 'hard' });
    clock.increment(20 * MIN);
    expect(where()).toBe('reflections:ana');
  });

  it('catches up through every step it would have passed when restored after an outage', () => {
    const { send, actor, clock } = clinic({ reflections: 'hard' });
    send({ type: 'START' });
    send({ type: 'NEXT_PHASE' });
    const persisted = savedStateOf(actor.getSnapshot());
    actor.stop();
    const restoredClock = new SimulatedClock();
    restoredClock.set(clock.now() + 12 * MIN);
    const restored = restoreSaved(persisted, restoredClock);
    restored.send({ type: 'CLOCK_RESTORED', at: restoredClock.now() });
    const { context } = restored.getSnapshot();
    expect(context.plan[context.step!.phaseIndex]!.phaseId).toBe('response');
    expect(context.step!.timer).toEqual({ status: 'running', deadlineAt: clock.now() + 10 * MIN + 10 * MIN });
    expect(restored.getSnapshot().matches({ live: { running: 'onTime' } })).toBe(true);
  });
});

describe('soft and off at time-up', () => {
  it('stays in overtime; soft also prompts everyone to move on when ready', () => {
    const soft = clinic({ case: 'soft' });
    soft.send({ type: 'START' });
    soft.clock.increment(20 * MIN - 1);
    expect(showsTimeUpPrompt(soft.context(), soft.clock.now())).toBe(false);
    soft.clock.increment(1);
    expect(soft.where()).toBe('case:gia');
    expect(showsTimeUpPrompt(soft.context(), soft.clock.now())).toBe(true);
    const off = clinic();
    off.send({ type: 'START' });
    off.clock.increment(20 * MIN);
    expect(showsTimeUpPrompt(off.context(), off.clock.now())).toBe(false);
    expect(off.actor.getSnapshot().matches({ live: { running: 'overtime' } })).toBe(true);
  });
});

describe('wrap-up and time-up cues', () => {
  it('cues a minute before the end of a phase and 30 seconds before the end of a turn', () => {
    const { send, clock, context } = clinic();
    send({ type: 'START' });
    clock.increment(19 * MIN - 1);
    expect(timeCueOf(context(), clock.now())).toBe('none');
    clock.increment(1);
    expect(timeCueOf(context(), clock.now())).toBe('wrapUp');
    clock.increment(MIN);
    expect(timeCueOf(context(), clock.now())).toBe('timeUp');
    send({ type: 'NEXT_PHASE' });
    clock.increment(4 * MIN + 29_999);
    expect(timeCueOf(context(), clock.now())).toBe('none');
    clock.increment(1);
    expect(timeCueOf(context(), clock.now())).toBe('wrapUp');
  });

  it('follows the lead times the facilitator sets, and none at all for zero', () => {
    const { send, clock, context } = clinic();
    send({ type: 'SET_CUE_TIMES', cueTimes: { phaseWrapUpMs: 2 * MIN, turnWrapUpMs: 0 } });
    send({ type: 'START' });
    clock.increment(18 * MIN);
    expect(timeCueOf(context(), clock.now())).toBe('wrapUp');
    send({ type: 'NEXT_PHASE' });
    clock.increment(5 * MIN - 1);
    expect(timeCueOf(context(), clock.now())).toBe('none');
  });

  it('does not cue a paused step that is not yet near its end', () => {
    const { send, clock, context } = clinic();
    send({ type: 'START' });
    send({ type: 'PAUSE' });
    clock.increment(60 * MIN);
    expect(timeCueOf(context(), clock.now())).toBe('none');
  });
});

/**
 * One device following the clinic look by look, as its live view re-renders; each look returns the
 * signal it gives. A look may pass the context and time the device saw, e.g. a clock a hair ahead.
 */
function device({ context, clock }: ReturnType<typeof clinic>, myId: string, soundOn = true) {
  let seen: CueMoment | null = null;
  return (seenContext: ClinicProgress = context(), at = clock.now()) => {
    const now = cueMomentOf(seenContext, myId, at);
    const signal = cueSignalOf(seen, now, soundOn);
    seen = now;
    return signal;
  };
}

describe('chimes and vibrations as cues begin', () => {
  it('signals wrap-up and time-up once each, vibrating only the speaker’s phone', () => {
    const run = clinic();
    run.send({ type: 'START' });
    const [caseGiver, coach] = [device(run, 'gia'), device(run, 'ana')];
    expect([caseGiver(), coach()]).toEqual([null, null]);
    run.clock.increment(19 * MIN);
    expect([caseGiver(), coach()]).toEqual([
      { sound: 'wrapUp', vibrate: true },
      { sound: 'wrapUp', vibrate: false },
    ]);
    expect([caseGiver(), coach()]).toEqual([null, null]);
    run.clock.increment(MIN);
    expect([caseGiver(), coach()]).toEqual([
      { sound: 'timeUp', vibrate: true },
      { sound: 'timeUp', vibrate: false },
    ]);
  });

  it('stays quiet on a page opened mid-overtime, and as overtime goes on', () => {
    const run = clinic();
    run.send({ type: 'START' });
    run.clock.increment(25 * MIN);
    const coach = device(run, 'ana');
    expect(coach()).toBeNull();
    run.clock.increment(MIN);
    expect(coach()).toBeNull();
  });

  it('tells the coach whose turn starts, and nobody else, when the facilitator moves on', () => {
    const run = clinic();
    run.send({ type: 'START' });
    const [caseGiver, first, second] = [device(run, 'gia'), device(run, 'ana'), device(run, 'ben')];
    [caseGiver, first, second].forEach((look) => look());
    run.send({ type: 'NEXT_PHASE' });
    expect([caseGiver(), first(), second()]).toEqual([null, { sound: 'yourTurn', vibrate: true }, null]);
  });

  it('signals time-up to everyone when the clinic moves on by itself at the deadline', () => {
    const run = clinic({ reflections: 'hard' });
    run.send({ type: 'START' });
    run.send({ type: 'NEXT_PHASE' });
    const [caseGiver, first, second] = [device(run, 'gia'), device(run, 'ana'), device(run, 'ben')];
    [caseGiver, first, second].forEach((look) => look());
    run.clock.increment(5 * MIN);
    expect(run.context().step!.speakerId).toBe('ben');
    expect([caseGiver(), first(), second()]).toEqual([
      { sound: 'timeUp', vibrate: false },
      { sound: 'timeUp', vibrate: true },
      { sound: 'yourTurn', vibrate: true },
    ]);
  });

  it('signals time-up when the last phase runs out and the clinic closes by itself', () => {
    const run = clinic({ dialogue: 'hard' });
    run.send({ type: 'START' });
    for (let i = 0; i < 3; i += 1) run.send({ type: 'NEXT_PHASE' });
    const coach = device(run, 'ana');
    coach();
    run.clock.increment(35 * MIN);
    expect(run.actor.getSnapshot().value).toBe('closed');
    expect(coach()).toEqual({ sound: 'timeUp', vibrate: false });
  });

  it('signals that time-up once, even on a device that saw it just before the clinic moved on', () => {
    const run = clinic({ reflections: 'hard' });
    run.send({ type: 'START' });
    run.send({ type: 'NEXT_PHASE' });
    const caseGiver = device(run, 'gia');
    caseGiver();
    const deadline = run.clock.now() + 5 * MIN;
    // Its clock runs a hair ahead of the server's: time is up on the turn it still shows.
    expect(caseGiver(run.context(), deadline + 5)).toEqual({ sound: 'timeUp', vibrate: false });
    run.clock.increment(5 * MIN);
    expect(caseGiver()).toBeNull();
  });

  it('gives no time-up when the facilitator moves on, before time or after it was signalled', () => {
    const run = clinic();
    run.send({ type: 'START' });
    run.send({ type: 'NEXT_PHASE' });
    const caseGiver = device(run, 'gia');
    caseGiver();
    run.clock.increment(2 * MIN);
    run.send({ type: 'NEXT_SPEAKER' });
    expect(caseGiver()).toBeNull();
    run.clock.increment(5 * MIN);
    expect(caseGiver()).toEqual({ sound: 'timeUp', vibrate: false });
    run.send({ type: 'NEXT_SPEAKER' });
    expect(caseGiver()).toBeNull();
  });

  it('gives nothing at all on a muted device', () => {
    const run = clinic({ reflections: 'hard' });
    run.send({ type: 'START' });
    const coach = device(run, 'ana', false);
    const looks = [coach()];
    run.clock.increment(19 * MIN);
    looks.push(coach());
    run.clock.increment(MIN);
    looks.push(coach());
    run.send({ type: 'NEXT_PHASE' });
    looks.push(coach());
    run.clock.increment(5 * MIN);
    looks.push(coach());
    expect(looks).toEqual([null, null, null, null, null]);
  });
});

describe('projected end of the clinic', () => {
  it('adds what is left now to every remaining turn and phase, and follows added time and overtime', () => {
    const { send, clock, context } = clinic();
    send({ type: 'START' });
    // 20 case + 2 coaches x 5 + 10 response + 35 dialogue.
    expect(projectedEndAt(context(), clock.now())).toBe(T0 + 75 * MIN);
    send({ type: 'ADJUST_TIME', deltaMs: MIN });
    expect(projectedEndAt(context(), clock.now())).toBe(T0 + 76 * MIN);
    clock.increment(25 * MIN);
    expect(projectedEndAt(context(), clock.now())).toBe(T0 + 25 * MIN + 55 * MIN);
    send({ type: 'NEXT_PHASE' });
    send({ type: 'NEXT_SPEAKER' });
    expect(projectedEndAt(context(), clock.now())).toBe(T0 + 25 * MIN + 50 * MIN);
  });

  it('is the close time once the clinic has ended and unknown before it starts', () => {
    const { send, clock, context } = clinic();
    expect(projectedEndAt(context(), clock.now())).toBeNull();
    send({ type: 'START' });
    clock.increment(MIN);
    send({ type: 'END' });
    expect(projectedEndAt(context(), clock.now() + 5 * MIN)).toBe(T0 + MIN);
  });
});
