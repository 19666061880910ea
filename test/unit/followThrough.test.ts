import { describe, expect, it } from 'vitest';
import { createActor } from 'xstate';
import { clinicMachine, stageOf } from '../../shared/clinicMachine.ts';
import type { ClinicFormat } from '../../shared/formatSchema.ts';
import { earlierSessions, isCheckIn, lastTimeRefusal } from '../../shared/followThrough.ts';
import { CLASSIC } from '../../shared/formats/classic.ts';
import { TROIKA } from '../../shared/formats/troika.ts';
import type { ClinicCommand } from '../../shared/protocolSchemas.ts';

/** A clinic of `format` with Gia and Ana bringing cases and Ben and Cleo coaching, in its lobby. */
function clinic(format: ClinicFormat) {
  let at = 1_000_000;
  const actor = createActor(clinicMachine, { input: { format } }).start();
  const send = (command: ClinicCommand) => actor.send({ ...command, at: (at += 60_000) });
  for (const participantId of ['gia', 'ana', 'ben', 'cleo']) actor.send({ type: 'PARTICIPANT_JOINED', participantId, at });
  send(format.rounds === 'one' ? { type: 'SET_CASE_GIVER', participantId: 'gia' } : { type: 'SET_ROUND_ORDER', caseGiverIds: ['gia', 'ana'] });
  const state = () => ({ stage: stageOf(actor.getSnapshot()), progress: actor.getSnapshot().context });
  return { send, state };
}

describe('the check-in, when takeaways from last time come back', () => {
  it('is the lobby and the first phase, paused or in overtime too; not the second phase, nor the close', () => {
    const { send, state } = clinic(CLASSIC);
    expect(isCheckIn(state())).toBe(true);
    send({ type: 'START' });
    expect(isCheckIn(state())).toBe(true);
    send({ type: 'PAUSE' });
    expect(state().stage).toBe('paused');
    expect(lastTimeRefusal(state())).toBeNull();
    send({ type: 'RESUME' });
    send({ type: 'NEXT_PHASE' });
    expect(lastTimeRefusal(state())).toBe('LAST_TIME_AT_CHECK_IN');
    send({ type: 'BACK' });
    expect(isCheckIn(state())).toBe(true);
    send({ type: 'END' });
    expect(state().stage).toBe('closed');
    expect(isCheckIn(state())).toBe(false);
  });

  it('is not the first phase of a later round', () => {
    const { send, state } = clinic(TROIKA);
    send({ type: 'START' });
    while (state().progress.step!.roundIndex === 0) {
      send({ type: 'NEXT_PHASE' });
      expect(state().progress.step, 'the second round starts').not.toBeNull();
    }
    expect(state().progress.step).toMatchObject({ roundIndex: 1, phaseIndex: 0 });
    expect(isCheckIn(state())).toBe(false);
  });
});

describe('the sessions takeaways come back from', () => {
  const sessions = [
    { index: 0, clinicId: 'intro' },
    { index: 1, clinicId: 'week-2' },
    { index: 2, clinicId: null },
    { index: 3, clinicId: 'week-4' },
    { index: 4, clinicId: 'week-5' },
  ];

  it("are every session started before this one, oldest first, and none of this one's or later ones", () => {
    expect(earlierSessions(sessions, 'week-4')).toEqual([
      { sessionIndex: 0, clinicId: 'intro' },
      { sessionIndex: 1, clinicId: 'week-2' },
    ]);
    expect(earlierSessions(sessions, 'intro')).toEqual([]);
  });

  it("are none in a clinic that is not one of the crew's sessions", () => {
    expect(earlierSessions(sessions, 'elsewhere')).toEqual([]);
  });
});
