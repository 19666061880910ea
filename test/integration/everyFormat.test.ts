/**
 * Every format in the library, run from create to close over the protocol alone: the lineup, the
 * rounds and the roles it needs, then each step in turn, checking at every step who holds the floor.
 */
import { describe, expect, it } from 'vitest';
import type { ClinicState } from '../../shared/clinicStateSchema.ts';
import { isInTurnsPhase } from '../../shared/clinicSteps.ts';
import { FORMAT_LIBRARY } from '../../shared/formatLibrary.ts';
import type { ClinicFormat } from '../../shared/formatSchema.ts';
import { roundLineup } from '../../shared/lineup.ts';
import { invariantViolations } from '../support/clinicInvariants.ts';
import { commandAndSettle } from '../support/crew.ts';
import { createClinicAt } from '../support/participant.ts';
import { useInProcessServer } from '../support/serverFixture.ts';

/** The facilitator drives a whole session quickly: a generous pace, the rest as in production. */
const fixture = useInProcessServer({ limits: { eventBurst: 200 } });

/** Who should hold the floor at the state's step, from the format's rule for its phase. */
function expectedSpeaker(state: ClinicState): string | null {
  const { progress } = state;
  const step = progress.step!;
  const { floor } = progress.plan[step.phaseIndex]!;
  const { caseGiverId, coachIds } = roundLineup(progress, step.roundIndex);
  switch (floor.kind) {
    case 'caseGiver':
      return caseGiverId;
    case 'eachCoach':
      return coachIds[step.turnIndex]!;
    case 'role':
      return progress.roleHolders[floor.roleId]!;
    default:
      return null;
  }
}

/** As many people as the format likes best, within what it allows: the facilitator watches. */
const crewSize = (format: ClinicFormat) => Math.min(format.participants.max, Math.max(format.participants.min, 4));

describe('every format in the library', () => {
  it.each(FORMAT_LIBRARY.map((format) => [format.name, format] as const))('%s runs from create to close', async (_name, format) => {
    const minutes = Object.fromEntries(format.phases.map((phase) => [phase.id, phase.minimumMinutes]));
    const { clinicId, facilitatorKey } = await createClinicAt(fixture.server.url, { formatId: format.id, minutes, title: format.name });
    const fran = await fixture.joinAs(clinicId, 'Fran', facilitatorKey);
    const crew = [];
    for (let index = 0; index < crewSize(format); index += 1) crew.push(await fixture.joinAs(clinicId, `Member ${index + 1}`));
    const everyone = [fran, ...crew];
    const ids = crew.map((member) => member.id);

    // The facilitator only facilitates; the crew brings the cases and coaches.
    await commandAndSettle(fran, everyone, { type: 'SET_COACH_ORDER', coachIds: ids });
    await commandAndSettle(fran, everyone, { type: 'SET_CASE_GIVER', participantId: ids[0]! });
    // A format with a round per case giver runs two rounds here, in an order the facilitator chose.
    const caseGivers = format.rounds === 'one' ? [ids[0]!] : [ids[1]!, ids[0]!];
    if (format.rounds === 'eachCaseGiver') await commandAndSettle(fran, everyone, { type: 'SET_ROUND_ORDER', caseGiverIds: caseGivers });
    for (const [index, role] of format.roles.entries()) {
      await commandAndSettle(fran, everyone, { type: 'SET_ROLE', roleId: role.id, participantId: index === 0 ? fran.id : ids.at(-1)! });
    }
    expect(fran.state!.progress.caseGiverIds).toEqual(caseGivers);

    let state = await commandAndSettle(fran, everyone, { type: 'START' });
    const seenCaseGivers: string[] = [];
    for (let moves = 0; state.stage !== 'closed'; moves += 1) {
      if (moves > 60) throw new Error(`${format.name} did not close after ${moves} moves`);
      expect(invariantViolations(state)).toEqual([]);
      expect(state.progress.step!.speakerId, `${format.name}: ${state.progress.plan[state.progress.step!.phaseIndex]!.title}`).toBe(expectedSpeaker(state));
      const caseGiverId = roundLineup(state.progress, state.progress.step!.roundIndex).caseGiverId!;
      if (seenCaseGivers.at(-1) !== caseGiverId) seenCaseGivers.push(caseGiverId);
      state = await commandAndSettle(fran, everyone, isInTurnsPhase(state.progress) ? { type: 'NEXT_SPEAKER' } : { type: 'NEXT_PHASE' });
    }

    // Each round had its own case giver, in the order chosen, and every step of every round is in the summary.
    expect(seenCaseGivers).toEqual(caseGivers);
    const coachTurns = (roundIndex: number) => roundLineup(state.progress, roundIndex).coachIds.length;
    const expectedSteps = caseGivers.flatMap((_, roundIndex) =>
      format.phases.flatMap((phase, phaseIndex) =>
        Array.from({ length: phase.floor.kind === 'eachCoach' ? coachTurns(roundIndex) : 1 }, (_, turnIndex) => [roundIndex, phaseIndex, turnIndex]),
      ),
    );
    expect(state.progress.finished.map((step) => [step.roundIndex, step.phaseIndex, step.turnIndex])).toEqual(expectedSteps);
    expect(invariantViolations(state)).toEqual([]);
  });
});
