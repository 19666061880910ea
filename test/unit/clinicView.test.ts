import { describe, expect, it } from 'vitest';
import { createActor, SimulatedClock } from 'xstate';
import { clinicMachine } from '../../shared/clinicMachine.ts';
import { coachTurnsOf, plannedStartsOf, roleNamesOf, standingOf, timeline, turnTimeline, upNext } from '../../shared/clinicView.ts';
import { KOLLEGIALE_BERATUNG } from '../../shared/formats/kollegialeBeratung.ts';
import { CLASSIC as CLASSIC_FORMAT } from '../../shared/formats/classic.ts';
import type { ClinicCommand } from '../../shared/protocolSchemas.ts';

const MIN = 60_000;

function clinic() {
  const clock = new SimulatedClock();
  clock.set(1_000_000);
  const actor = createActor(clinicMachine, { input: { format: CLASSIC_FORMAT }, clock }).start();
  const send = (command: ClinicCommand) => actor.send({ ...command, at: clock.now() });
  for (const participantId of ['gia', 'ana', 'ben', 'cleo']) actor.send({ type: 'PARTICIPANT_JOINED', participantId, at: clock.now() });
  send({ type: 'SET_CASE_GIVER', participantId: 'gia' });
  const context = () => actor.getSnapshot().context;
  return { actor, clock, send, context };
}

describe('roles', () => {
  it('names every role a person holds, so one who moderates and observes in a small crew is shown as both', () => {
    const actor = createActor(clinicMachine, { input: { format: KOLLEGIALE_BERATUNG } }).start();
    for (const participantId of ['gia', 'cy']) actor.send({ type: 'PARTICIPANT_JOINED', participantId, at: 0 });
    actor.send({ type: 'SET_ROLE', roleId: 'moderator', participantId: 'cy', at: 0 });
    expect(roleNamesOf(actor.getSnapshot().context, 'cy')).toEqual(['Moderator']);
    actor.send({ type: 'SET_ROLE', roleId: 'observer', participantId: 'cy', at: 0 });
    expect(roleNamesOf(actor.getSnapshot().context, 'cy')).toEqual(['Moderator', 'Process observer']);
    expect(roleNamesOf(actor.getSnapshot().context, 'gia')).toEqual([]);
  });
});

describe('standing of each participant', () => {
  it('tells coaches their place before reflections, the first one that they are next', () => {
    const { send, context } = clinic();
    expect(standingOf(context(), 'ben')).toEqual({ kind: 'waiting', place: 2, of: 3, turnsIn: 1 });
    send({ type: 'START' });
    expect(standingOf(context(), 'gia')).toEqual({ kind: 'caseGiver' });
    expect(standingOf(context(), 'ana')).toEqual({ kind: 'next', turnsIn: 1 });
    expect(standingOf(context(), 'cleo')).toEqual({ kind: 'waiting', place: 3, of: 3, turnsIn: 1 });
    expect(standingOf(context(), 'someone-else')).toEqual({ kind: 'listening' });
  });

  it('walks each coach through speaking, next, waiting, spoken or skipped during reflections, and says nothing once the turns are over', () => {
    const { send, context } = clinic();
    send({ type: 'START' });
    send({ type: 'NEXT_PHASE' });
    expect(standingOf(context(), 'ana')).toEqual({ kind: 'speaking' });
    expect(standingOf(context(), 'ben')).toEqual({ kind: 'next', turnsIn: null });
    expect(standingOf(context(), 'cleo')).toEqual({ kind: 'waiting', place: 2, of: 2, turnsIn: null });
    send({ type: 'NEXT_SPEAKER' });
    expect(standingOf(context(), 'ana')).toEqual({ kind: 'spoken' });
    expect(standingOf(context(), 'cleo')).toEqual({ kind: 'next', turnsIn: null });
    send({ type: 'SKIP_SPEAKER' });
    expect(standingOf(context(), 'ben')).toEqual({ kind: 'skipped' });
    expect(standingOf(context(), 'cleo')).toEqual({ kind: 'speaking' });
    send({ type: 'NEXT_SPEAKER' });
    for (const coach of ['ana', 'ben', 'cleo']) expect(standingOf(context(), coach)).toEqual({ kind: 'coaching' });
  });
});

describe('turn strip', () => {
  it("shows each coach's turn as spoken, skipped, speaking or to come, and a skipped coach given back as speaking", () => {
    const { send, context } = clinic();
    const statuses = () => coachTurnsOf(context(), ['ana', 'ben', 'cleo']).map(({ coachId, status }) => `${coachId}:${status}`);
    send({ type: 'START' });
    send({ type: 'NEXT_PHASE' });
    expect(statuses()).toEqual(['ana:current', 'ben:upcoming', 'cleo:upcoming']);
    send({ type: 'NEXT_SPEAKER' });
    send({ type: 'SKIP_SPEAKER' });
    expect(statuses()).toEqual(['ana:done', 'ben:skipped', 'cleo:current']);
    send({ type: 'RETURN_TO_SKIPPED' });
    expect(statuses()).toEqual(['ana:done', 'ben:current', 'cleo:done']);
  });
});

describe('up next', () => {
  it('names the next coach inside reflections and the next phase elsewhere', () => {
    const { send, context } = clinic();
    send({ type: 'START' });
    expect(upNext(context())).toMatchObject({ phase: { phaseId: 'reflections' }, speakerId: 'ana', sameTurnsPhase: false });
    send({ type: 'NEXT_PHASE' });
    expect(upNext(context())).toMatchObject({ phase: { phaseId: 'reflections' }, speakerId: 'ben', sameTurnsPhase: true });
    send({ type: 'NEXT_SPEAKER' });
    send({ type: 'NEXT_SPEAKER' });
    expect(upNext(context())).toMatchObject({ phase: { phaseId: 'response' }, speakerId: 'gia' });
    send({ type: 'NEXT_PHASE' });
    expect(upNext(context())).toMatchObject({ phase: { phaseId: 'dialogue' }, speakerId: null });
    send({ type: 'NEXT_PHASE' });
    expect(upNext(context())).toBeNull();
  });
});

describe('timeline', () => {
  it('sets planned against actual time per phase, reflections planned per coach', () => {
    const { send, context, clock } = clinic();
    send({ type: 'START' });
    clock.increment(22 * MIN);
    send({ type: 'NEXT_PHASE' });
    clock.increment(4 * MIN);
    send({ type: 'PAUSE' });
    clock.increment(10 * MIN);
    send({ type: 'RESUME' });
    clock.increment(MIN);
    send({ type: 'NEXT_SPEAKER' });
    clock.increment(30_000);
    const entries = timeline(context(), clock.now());
    expect(entries.map((entry) => [entry.phase.phaseId, entry.status, entry.plannedMs, entry.actualMs])).toEqual([
      ['case', 'done', 20 * MIN, 22 * MIN],
      ['reflections', 'current', 15 * MIN, 5 * MIN + 30_000],
      ['response', 'upcoming', 10 * MIN, 0],
      ['dialogue', 'upcoming', 35 * MIN, 0],
    ]);
  });

  it('still counts the time spent on a step that "back" undid, under the phase it was spent in', () => {
    const { send, context, clock } = clinic();
    send({ type: 'START' });
    clock.increment(20 * MIN);
    send({ type: 'NEXT_PHASE' });
    clock.increment(3 * MIN);
    send({ type: 'BACK' });
    clock.increment(2 * MIN);
    send({ type: 'NEXT_PHASE' });
    clock.increment(MIN);
    const actual = timeline(context(), clock.now()).map((entry) => [entry.phase.phaseId, entry.actualMs]);
    expect(actual).toEqual([
      ['case', 22 * MIN],
      ['reflections', 3 * MIN + MIN],
      ['response', 0],
      ['dialogue', 0],
    ]);
  });

  it("lists each coach's turn, counting a turn that 'back' undid, so the turns add up to the phase", () => {
    const { send, context, clock } = clinic();
    send({ type: 'START' });
    send({ type: 'NEXT_PHASE' });
    clock.increment(4 * MIN);
    send({ type: 'NEXT_SPEAKER' });
    clock.increment(20_000);
    send({ type: 'BACK' });
    clock.increment(MIN);
    send({ type: 'NEXT_SPEAKER' });
    clock.increment(30_000);
    const turns = turnTimeline(context(), 0, 1, clock.now());
    expect(turns.map((turn) => [turn.speakerId, turn.status, turn.actualMs])).toEqual([
      ['ana', 'done', 5 * MIN],
      ['ben', 'current', 20_000 + 30_000],
      ['cleo', 'upcoming', null],
    ]);
    const reflections = timeline(context(), clock.now())[1]!;
    expect(turns.reduce((sum, turn) => sum + (turn.actualMs ?? 0), 0)).toBe(reflections.actualMs);
  });

  it('keeps time undone by Back under its coach and phase, while the clinic runs and once it has closed', () => {
    const { send, context, clock } = clinic();
    send({ type: 'START' });
    send({ type: 'NEXT_PHASE' });
    clock.increment(4 * MIN);
    send({ type: 'NEXT_SPEAKER' });
    clock.increment(MIN);
    send({ type: 'BACK' });
    clock.increment(30_000);
    const turnRows = () => turnTimeline(context(), 0, 1, clock.now()).map((turn) => [turn.speakerId, turn.status, turn.actualMs]);
    expect(turnRows()).toEqual([
      ['ana', 'current', 4 * MIN + 30_000],
      ['ben', 'upcoming', MIN],
      ['cleo', 'upcoming', null],
    ]);
    send({ type: 'END' });
    expect(turnRows()).toEqual([
      ['ana', 'done', 4 * MIN + 30_000],
      ['ben', 'done', MIN],
      ['cleo', 'notReached', null],
    ]);
    // Every planned turn has its row, so the turns add up to the phase's plan.
    const rows = turnTimeline(context(), 0, 1, clock.now());
    expect(rows.reduce((sum, turn) => sum + turn.plannedMs, 0)).toBe(timeline(context(), clock.now())[1]!.plannedMs);
    const reflections = timeline(context(), clock.now())[1]!;
    expect(reflections.actualMs).toBe(5 * MIN + 30_000);
  });

  it('counts a phase that was entered and then undone as reached once the clinic has closed', () => {
    const { send, context, clock } = clinic();
    send({ type: 'START' });
    clock.increment(20 * MIN);
    send({ type: 'NEXT_PHASE' });
    clock.increment(3 * MIN);
    send({ type: 'BACK' });
    clock.increment(MIN);
    send({ type: 'END' });
    expect(timeline(context(), clock.now()).map((entry) => [entry.phase.phaseId, entry.status, entry.actualMs])).toEqual([
      ['case', 'done', 21 * MIN],
      ['reflections', 'done', 3 * MIN],
      ['response', 'notReached', 0],
      ['dialogue', 'notReached', 0],
    ]);
  });

  it('marks phases never reached when the clinic ended early', () => {
    const { send, context, clock } = clinic();
    send({ type: 'START' });
    clock.increment(5 * MIN);
    send({ type: 'END' });
    expect(timeline(context(), clock.now()).map((entry) => entry.status)).toEqual(['done', 'notReached', 'notReached', 'notReached']);
  });
});

describe('planned starts', () => {
  it('each phase begins when the ones before it end, if each keeps its plan', () => {
    expect(plannedStartsOf([{ plannedMs: 20 * 60_000 }, { plannedMs: 15 * 60_000 }, { plannedMs: 10 * 60_000 }])).toEqual([0, 20 * 60_000, 35 * 60_000]);
  });
});
