import { describe, expect, it } from 'vitest';
import { createActor, SimulatedClock } from 'xstate';
import { feedbackOf } from '../../client/views/commandFeedback.ts';
import { clinicMachine } from '../../shared/clinicMachine.ts';
import type { AutoAdvance, ClinicState } from '../../shared/clinicStateSchema.ts';
import { CLASSIC as CLASSIC_FORMAT } from '../../shared/formats/classic.ts';
import type { ClinicCommand } from '../../shared/protocolSchemas.ts';
import { clinicStateOf } from '../support/clinicStates.ts';

const NAMES: Record<string, string> = { gia: 'Gia', blair: 'Blair', ben: 'Ben' };
const nameOf = (id: string) => NAMES[id] ?? 'Someone';

/** The classic format, Gia bringing the case, Blair then Ben coaching; each move gives the state before and after. */
function clinic(autoAdvance?: Record<string, AutoAdvance>) {
  const actor = createActor(clinicMachine, { input: { format: CLASSIC_FORMAT, autoAdvance } }).start();
  const state = () => clinicStateOf(actor.getSnapshot());
  for (const participantId of ['gia', 'blair', 'ben']) actor.send({ type: 'PARTICIPANT_JOINED', participantId, at: 0 });
  actor.send({ type: 'SET_CASE_GIVER', participantId: 'gia', at: 0 });
  actor.send({ type: 'START', at: 0 });
  const move = (command: ClinicCommand, at = 1_000): [ClinicState, ClinicState] => {
    const before = state();
    actor.send({ ...command, at });
    return [before, state()];
  };
  return { move };
}

const said = (command: ClinicCommand, [before, after]: [ClinicState, ClinicState]) => feedbackOf(command, before, after, nameOf);

describe('what the console says after a move', () => {
  it('names the coach a skip passed over, undone by Back', () => {
    const { move } = clinic();
    move({ type: 'NEXT_PHASE' });
    expect(said({ type: 'SKIP_SPEAKER' }, move({ type: 'SKIP_SPEAKER' }))).toEqual({ text: 'Skipped Blair', undo: { type: 'BACK' } });
  });

  it('says where a move led: the next phase with its speaker, or who has the floor now', () => {
    const { move } = clinic();
    expect(said({ type: 'NEXT_PHASE' }, move({ type: 'NEXT_PHASE' }))).toEqual({ text: "On to Reflections, Blair's turn", undo: { type: 'BACK' } });
    expect(said({ type: 'NEXT_SPEAKER' }, move({ type: 'NEXT_SPEAKER' }))).toEqual({ text: 'Ben has the floor', undo: { type: 'BACK' } });
    expect(said({ type: 'NEXT_PHASE' }, move({ type: 'NEXT_PHASE' }))).toEqual({ text: 'On to Response', undo: { type: 'BACK' } });
  });

  it('says where Back went, with nothing to undo it', () => {
    const { move } = clinic();
    move({ type: 'NEXT_PHASE' });
    expect(said({ type: 'BACK' }, move({ type: 'BACK' }))).toEqual({ text: 'Back to Case', undo: null });
  });

  it('undoes pause with resume, and a minute added with a minute taken off', () => {
    const { move } = clinic();
    expect(said({ type: 'PAUSE' }, move({ type: 'PAUSE' }))).toEqual({ text: 'Paused', undo: { type: 'RESUME' } });
    expect(said({ type: 'RESUME' }, move({ type: 'RESUME' }))).toEqual({ text: 'Resumed', undo: { type: 'PAUSE' } });
    const add = { type: 'ADJUST_TIME', deltaMs: 60_000 } as const;
    expect(said(add, move(add))).toEqual({ text: 'Added 1 min', undo: { type: 'ADJUST_TIME', deltaMs: -60_000 } });
    const remove = { type: 'ADJUST_TIME', deltaMs: -60_000 } as const;
    expect(said(remove, move(remove))).toEqual({ text: 'Took 1 min off', undo: { type: 'ADJUST_TIME', deltaMs: 60_000 } });
  });

  it('says how much came off when less was left than asked, and undoes just that', () => {
    const { move } = clinic();
    const remove = { type: 'ADJUST_TIME', deltaMs: -60_000 } as const;
    // The case has 20 minutes; 25 s are left.
    expect(said(remove, move(remove, 20 * 60_000 - 25_000))).toEqual({ text: 'Took 25 s off', undo: { type: 'ADJUST_TIME', deltaMs: 25_000 } });
  });

  // 59.6 s left: all of it comes off, and the console says less than a minute did; 0.4 s reads as a second.
  it.each([
    [59_600, 'Took 59 s off', 'Added 59 s'],
    [400, 'Took 1 s off', 'Added 1 s'],
  ])('never rounds the %i ms left up, nor its undo: "%s", then "%s"', (leftMs, tookOff, added) => {
    const { move } = clinic();
    const remove = { type: 'ADJUST_TIME', deltaMs: -60_000 } as const;
    const putBack = { type: 'ADJUST_TIME', deltaMs: leftMs } as const;
    expect(said(remove, move(remove, 20 * 60_000 - leftMs))).toEqual({ text: tookOff, undo: putBack });
    expect(said(putBack, move(putBack, 20 * 60_000 - leftMs))).toMatchObject({ text: added });
  });

  it('says where the clinic moved on to when the time taken off ended a step that moves on by itself, with no undo that would touch the next step', () => {
    const { move } = clinic({ case: 'hard' });
    const remove = { type: 'ADJUST_TIME', deltaMs: -60_000 } as const;
    expect(said(remove, move(remove, 20 * 60_000 - 25_000))).toEqual({ text: "Took 25 s off: on to Reflections, Blair's turn", undo: null });
  });

  it('offers no undo that would not put things back: time added over time, or a resume that ended the step', () => {
    const clock = new SimulatedClock();
    const actor = createActor(clinicMachine, { input: { format: CLASSIC_FORMAT, autoAdvance: { case: 'hard' } }, clock }).start();
    const state = () => clinicStateOf(actor.getSnapshot());
    const move = (command: ClinicCommand): [ClinicState, ClinicState] => {
      const before = state();
      actor.send({ ...command, at: clock.now() });
      return [before, state()];
    };
    for (const participantId of ['gia', 'blair', 'ben']) actor.send({ type: 'PARTICIPANT_JOINED', participantId, at: 0 });
    move({ type: 'SET_CASE_GIVER', participantId: 'gia' });
    move({ type: 'START' });
    // Paused with 25 s left, all of them taken off: resuming ends the case at once.
    clock.increment(20 * 60_000 - 25_000);
    move({ type: 'PAUSE' });
    move({ type: 'ADJUST_TIME', deltaMs: -60_000 });
    expect(said({ type: 'RESUME' }, move({ type: 'RESUME' }))).toEqual({ text: "Resumed: on to Reflections, Blair's turn", undo: null });
    // Blair's turn runs over: a minute added to it is not undone by taking a minute off.
    clock.increment(6 * 60_000);
    const add = { type: 'ADJUST_TIME', deltaMs: 60_000 } as const;
    expect(said(add, move(add))).toEqual({ text: 'Added 1 min', undo: null });
  });

  it('says nothing for settings, nor once the clinic has ended', () => {
    const { move } = clinic();
    const settings = { type: 'SET_AUTO_ADVANCE', phaseId: 'case', mode: 'soft' } as const;
    expect(said(settings, move(settings))).toBeNull();
    expect(said({ type: 'END' }, move({ type: 'END' }))).toBeNull();
  });
});
