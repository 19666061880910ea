import { describe, expect, it } from 'vitest';
import { createActor } from 'xstate';
import { clinicMachine } from '../../shared/clinicMachine.ts';
import { getFormat } from '../../shared/formatLibrary.ts';
import { caseBringersOf, caseGiverRefusal, noteRecipientsOf, sendRefusal } from '../../shared/harvestRules.ts';
import type { ClinicCommand } from '../../shared/protocolSchemas.ts';
import { clinicStateOf } from '../support/clinicStates.ts';

/** Wise Crowds with a round each for Gia, Ana and Bo, after `commands`. */
function wiseCrowds(commands: readonly ClinicCommand[]) {
  const actor = createActor(clinicMachine, { input: { format: getFormat('wiseCrowds') } }).start();
  for (const participantId of ['gia', 'ana', 'bo']) actor.send({ type: 'PARTICIPANT_JOINED', participantId, at: 0 });
  for (const command of [{ type: 'START' } as const, ...commands]) actor.send({ ...command, at: 0 });
  return clinicStateOf(actor.getSnapshot());
}

describe('the harvest of a clinic with a round per case giver', () => {
  it('is for every case giver while it runs, and after the close only for those whose round it reached', () => {
    const running = wiseCrowds([]);
    expect(caseBringersOf(running)).toEqual(['gia', 'ana', 'bo']);
    // Ended in Gia's round: Ana and Bo brought nothing, so nobody writes them notes and they keep no takeaways.
    const endedEarly = wiseCrowds([{ type: 'END' }]);
    expect(caseBringersOf(endedEarly)).toEqual(['gia']);
    expect(noteRecipientsOf(endedEarly, 'bo')).toEqual(['gia']);
    expect(caseGiverRefusal(endedEarly, 'ana')).toBe('NOTES_FOR_CASE_GIVERS');
    expect(sendRefusal(endedEarly, 'ana', 'takeaway', 'ana')).not.toBeNull();
    expect(sendRefusal(endedEarly, 'gia', 'takeaway', 'gia')).toBeNull();
  });

  it("leaves out a round the facilitator stepped into and undid with Back before ending", () => {
    const phasesPerRound = getFormat('wiseCrowds').phases.length;
    const intoAnasRound = Array.from({ length: phasesPerRound }, () => ({ type: 'NEXT_PHASE' }) as const);
    const inAnasRound = wiseCrowds(intoAnasRound);
    expect(inAnasRound.progress.step?.roundIndex).toBe(1);
    const undoneThenEnded = wiseCrowds([...intoAnasRound, { type: 'BACK' }, { type: 'END' }]);
    expect(undoneThenEnded.progress.undone.map((step) => step.roundIndex)).toEqual([1]);
    expect(caseBringersOf(undoneThenEnded)).toEqual(['gia']);
    expect(noteRecipientsOf(undoneThenEnded, 'bo')).toEqual(['gia']);
    // Ended in Ana's round, she brought her case.
    expect(caseBringersOf(wiseCrowds([...intoAnasRound, { type: 'END' }]))).toEqual(['gia', 'ana']);
  });
});
