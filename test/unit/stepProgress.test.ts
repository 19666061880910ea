import { describe, expect, it } from 'vitest';
import { createActor, SimulatedClock } from 'xstate';
import { clinicMachine } from '../../shared/clinicMachine.ts';
import { stepProgressOf, timeCueOf } from '../../shared/cues.ts';
import { CLASSIC as CLASSIC_FORMAT } from '../../shared/formats/classic.ts';
import type { ClinicCommand } from '../../shared/protocolSchemas.ts';

const MIN = 60_000;
const T0 = 1_700_000_000_000;

/** The classic format with Gia as case giver and Ana and Ben coaching, started at T0. */
function startedClinic() {
  const clock = new SimulatedClock();
  clock.set(T0);
  const actor = createActor(clinicMachine, { input: { format: CLASSIC_FORMAT }, clock }).start();
  const send = (command: ClinicCommand) => actor.send({ ...command, at: clock.now() });
  for (const participantId of ['gia', 'ana', 'ben']) actor.send({ type: 'PARTICIPANT_JOINED', participantId, at: clock.now() });
  send({ type: 'SET_CASE_GIVER', participantId: 'gia' });
  send({ type: 'START' });
  return { clock, send, context: () => actor.getSnapshot().context };
}

describe('the progress bar of the step in progress', () => {
  it('fills with the time used and marks the last minute of a 20-minute phase as its wrap-up zone', () => {
    const { clock, context } = startedClinic();
    expect(stepProgressOf(context(), clock.now())).toEqual({ used: 0, wrapUpFrom: 19 / 20, overtime: false });
    clock.increment(5 * MIN);
    expect(stepProgressOf(context(), clock.now())).toEqual({ used: 0.25, wrapUpFrom: 0.95, overtime: false });
  });

  it("uses a coach's turn and its own shorter lead where coaches take turns", () => {
    const { clock, send, context } = startedClinic();
    send({ type: 'NEXT_PHASE' });
    clock.increment(2.5 * MIN);
    // A 5-minute turn with a 30 s wrap-up lead.
    expect(stepProgressOf(context(), clock.now())).toEqual({ used: 0.5, wrapUpFrom: 0.9, overtime: false });
  });

  it('is full and says overtime once time is up, and follows time added', () => {
    const { clock, send, context } = startedClinic();
    clock.increment(25 * MIN);
    expect(stepProgressOf(context(), clock.now())).toMatchObject({ used: 1, overtime: true });
    send({ type: 'ADJUST_TIME', deltaMs: 20 * MIN });
    // 40 minutes of budget now, 25 used, and the wrap-up zone is the last of the 40.
    expect(stepProgressOf(context(), clock.now())).toEqual({ used: 25 / 40, wrapUpFrom: 39 / 40, overtime: false });
  });

  it('keeps the wrap-up zone to the last quarter of a short step, however long the lead', () => {
    const { clock, send, context } = startedClinic();
    send({ type: 'SET_CUE_TIMES', cueTimes: { phaseWrapUpMs: 10 * MIN, turnWrapUpMs: 2 * MIN } });
    // A 20-minute phase wraps up for its last 5 minutes, not its last 10.
    expect(stepProgressOf(context(), clock.now())).toMatchObject({ wrapUpFrom: 0.75 });
    clock.increment(15 * MIN - 1);
    expect(timeCueOf(context(), clock.now())).toBe('none');
    clock.increment(1);
    expect(timeCueOf(context(), clock.now())).toBe('wrapUp');
    // A 5-minute coach's turn for its last 75 s, not its last 2 minutes.
    send({ type: 'NEXT_PHASE' });
    expect(stepProgressOf(context(), clock.now())).toMatchObject({ wrapUpFrom: 0.75 });
    clock.increment(3.75 * MIN - 1);
    expect(timeCueOf(context(), clock.now())).toBe('none');
    clock.increment(1);
    expect(timeCueOf(context(), clock.now())).toBe('wrapUp');
  });

  it('counts the quarter from the time planned, so time taken off still leaves the lead', () => {
    const { clock, send, context } = startedClinic();
    send({ type: 'ADJUST_TIME', deltaMs: -19.5 * MIN });
    // Half a minute left of a 20-minute phase: inside its one-minute lead.
    expect(timeCueOf(context(), clock.now())).toBe('wrapUp');
  });

  it('agrees with the wrap-up cue at every second of a phase', () => {
    const { clock, context } = startedClinic();
    for (let second = 0; second < 20 * 60; second += 1) {
      const progress = stepProgressOf(context(), clock.now())!;
      const inZone = progress.used >= progress.wrapUpFrom;
      expect(inZone, `at ${second} s`).toBe(timeCueOf(context(), clock.now()) === 'wrapUp');
      clock.increment(1_000);
    }
  });

  it('treats a budget that minutes were taken down to nothing as used up and all wrap-up', () => {
    const { clock, send, context } = startedClinic();
    send({ type: 'ADJUST_TIME', deltaMs: -20 * MIN });
    expect(stepProgressOf(context(), clock.now())).toEqual({ used: 1, wrapUpFrom: 0, overtime: true });
  });

  it('has nothing to show before the clinic starts', () => {
    const actor = createActor(clinicMachine, { input: { format: CLASSIC_FORMAT } }).start();
    expect(stepProgressOf(actor.getSnapshot().context, T0)).toBeNull();
  });
});
