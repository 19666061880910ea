import { describe, expect, it, vi } from 'vitest';
import { createActor } from 'xstate';
import { keyName, shortcutCommand, shortcutFor, targetKeepsKey } from '../../client/shortcuts.ts';
import { releaseFocusAfterPointer } from '../../client/views/releaseFocus.ts';
import { clinicMachine } from '../../shared/clinicMachine.ts';
import { CLASSIC as CLASSIC_FORMAT } from '../../shared/formats/classic.ts';
import { clinicStateOf } from '../support/clinicStates.ts';
import type { ClinicCommand } from '../../shared/protocolSchemas.ts';

function startedClinic() {
  const actor = createActor(clinicMachine, { input: { format: CLASSIC_FORMAT } }).start();
  const send = (command: ClinicCommand) => actor.send({ ...command, at: 0 });
  actor.send({ type: 'PARTICIPANT_JOINED', participantId: 'ana', at: 0 });
  send({ type: 'SET_CASE_GIVER', participantId: 'gia' });
  send({ type: 'START' });
  return { actor, send };
}

describe('facilitator shortcuts', () => {
  it('toggles pause and resume on space', () => {
    const { actor, send } = startedClinic();
    expect(shortcutCommand(' ', clinicStateOf(actor.getSnapshot()))).toEqual({ type: 'PAUSE' });
    send({ type: 'PAUSE' });
    expect(shortcutCommand(' ', clinicStateOf(actor.getSnapshot()))).toEqual({ type: 'RESUME' });
    actor.stop();
  });

  it('moves to the next speaker inside reflections and to the next phase elsewhere', () => {
    const { actor, send } = startedClinic();
    expect(shortcutCommand('ArrowRight', clinicStateOf(actor.getSnapshot()))).toEqual({ type: 'NEXT_PHASE' });
    send({ type: 'NEXT_PHASE' });
    expect(shortcutCommand('ArrowRight', clinicStateOf(actor.getSnapshot()))).toEqual({ type: 'NEXT_SPEAKER' });
    expect(shortcutCommand('N', clinicStateOf(actor.getSnapshot()))).toEqual({ type: 'NEXT_SPEAKER' });
    actor.stop();
  });

  it('never finishes the clinic from the keyboard in the last phase', () => {
    const { actor, send } = startedClinic();
    send({ type: 'NEXT_PHASE' });
    send({ type: 'NEXT_PHASE' });
    expect(actor.getSnapshot().context.step?.phaseIndex).toBe(2);
    expect(shortcutCommand('n', clinicStateOf(actor.getSnapshot()))).toEqual({ type: 'NEXT_PHASE' });
    send({ type: 'NEXT_PHASE' });
    expect(actor.getSnapshot().context.step?.phaseIndex).toBe(3);
    expect(shortcutCommand('ArrowRight', clinicStateOf(actor.getSnapshot()))).toBeNull();
    expect(shortcutCommand('ArrowLeft', clinicStateOf(actor.getSnapshot()))).toEqual({ type: 'BACK' });
    actor.stop();
  });

  it('never finishes the clinic from the keyboard on the last turn of a last phase in which each coach speaks', () => {
    // The classic format up to its reflections, each coach in turn, as a format one builds can end.
    const format = { ...CLASSIC_FORMAT, phases: CLASSIC_FORMAT.phases.slice(0, 2) };
    const actor = createActor(clinicMachine, { input: { format } }).start();
    for (const participantId of ['ana', 'ben']) actor.send({ type: 'PARTICIPANT_JOINED', participantId, at: 0 });
    actor.send({ type: 'SET_CASE_GIVER', participantId: 'gia', at: 0 });
    for (const type of ['START', 'NEXT_PHASE'] as const) actor.send({ type, at: 0 });
    expect(shortcutCommand('n', clinicStateOf(actor.getSnapshot()))).toEqual({ type: 'NEXT_SPEAKER' });
    actor.send({ type: 'NEXT_SPEAKER', at: 0 });
    expect(actor.getSnapshot().context.step?.turnIndex).toBe(1);
    expect(shortcutCommand('n', clinicStateOf(actor.getSnapshot()))).toBeNull();
    expect(shortcutCommand('ArrowRight', clinicStateOf(actor.getSnapshot()))).toBeNull();
    actor.stop();
  });

  it('maps time keys to a minute each way and ignores other keys', () => {
    const { actor } = startedClinic();
    expect(shortcutCommand('+', clinicStateOf(actor.getSnapshot()))).toEqual({ type: 'ADJUST_TIME', deltaMs: 60_000 });
    expect(shortcutCommand('-', clinicStateOf(actor.getSnapshot()))).toEqual({ type: 'ADJUST_TIME', deltaMs: -60_000 });
    expect(shortcutCommand('x', clinicStateOf(actor.getSnapshot()))).toBeNull();
    expect(shortcutCommand('Enter', clinicStateOf(actor.getSnapshot()))).toBeNull();
    actor.stop();
  });

  it('keeps working after a click on a console button, which only keeps Space and Enter', () => {
    for (const key of ['ArrowRight', 'n', 'ArrowLeft', 'b', 's', '+', '-']) expect(targetKeepsKey('control', key)).toBe(false);
    expect(targetKeepsKey('control', ' ')).toBe(true);
    expect(targetKeepsKey('control', 'Enter')).toBe(true);
  });

  it('leaves every key to a field being typed in, and none to the page', () => {
    for (const key of [' ', 'n', '+', '-', 'ArrowLeft']) {
      expect(targetKeepsKey('textEntry', key)).toBe(true);
      expect(targetKeepsKey('page', key)).toBe(false);
    }
  });
});

describe('focus after a console button is clicked', () => {
  it('goes back to the page after a mouse click, so Space pauses, but stays put for the keyboard', () => {
    const clicked = (detail: number) => {
      const blur = vi.fn();
      releaseFocusAfterPointer({ detail, currentTarget: { blur } as unknown as HTMLElement });
      return blur.mock.calls.length;
    };
    expect(clicked(1)).toBe(1);
    expect(clicked(0)).toBe(0);
  });
});

describe('key hints on the console buttons', () => {
  it('put each key on the button it presses now: → or N on Next phase, then on Next speaker', () => {
    const { actor, send } = startedClinic();
    const state = () => clinicStateOf(actor.getSnapshot());
    expect(shortcutFor({ type: 'NEXT_PHASE' }, state())?.hint).toBe('N');
    expect(shortcutFor({ type: 'NEXT_SPEAKER' }, state())).toBeNull();
    expect(keyName(shortcutFor({ type: 'PAUSE' }, state())!.hint)).toBe('Space');
    expect(shortcutFor({ type: 'BACK' }, state())?.hint).toBe('B');
    expect(shortcutFor({ type: 'ADJUST_TIME', deltaMs: 60_000 }, state())?.hint).toBe('+');
    expect(shortcutFor({ type: 'ADJUST_TIME', deltaMs: -60_000 }, state())?.hint).toBe('−');
    expect(shortcutFor({ type: 'ADJUST_TIME', deltaMs: 120_000 }, state())).toBeNull();
    send({ type: 'NEXT_PHASE' });
    expect(shortcutFor({ type: 'NEXT_SPEAKER' }, state())?.ariaKeys).toBe('ArrowRight N');
    expect(shortcutFor({ type: 'NEXT_PHASE' }, state())).toBeNull();
    send({ type: 'PAUSE' });
    expect(keyName(shortcutFor({ type: 'RESUME' }, state())!.hint)).toBe('Space');
    actor.stop();
  });

  it('gives the last phase no key for finishing', () => {
    const { actor, send } = startedClinic();
    for (let phase = 0; phase < 3; phase += 1) send({ type: 'NEXT_PHASE' });
    expect(shortcutFor({ type: 'NEXT_PHASE' }, clinicStateOf(actor.getSnapshot()))).toBeNull();
    actor.stop();
  });
});
