/**
 * What the crew page tells a member changed for them in the rota: weeks still to come they are now
 * down for, or no longer, since what they last saw; a week held since is no news.
 */
import { describe, expect, it } from 'vitest';
import { dutiesOf, rotaChanges, rotaSettled, seenDutiesOf } from '../../client/rotaChanges.ts';
import { withCrewCommand } from '../../shared/crewCommands.ts';
import { withRotaSuggested } from '../../shared/crewRota.ts';
import type { StoredCrew } from '../../shared/crewSchema.ts';
import { viewOf } from '../../server/crewDesk.ts';
import { afterSession, CREATED_AT, crewOf } from '../support/crewFixture.ts';

const viewed = (crew: StoredCrew) => viewOf(withRotaSuggested(crew));

describe('changes in the rota for a member', () => {
  const crew = withRotaSuggested(crewOf(4));
  const before = viewed(crew);
  /** Who the rota has bringing the case in week 2, and someone it does not have down for that week. */
  const planned = before.sessions[1]!.caseGiverIds[0]!;
  const volunteer = crew.members.map((member) => member.id).find((id) => id !== planned && before.sessions[1]!.facilitatorId !== id)!;

  it('are none for the rota as the member last saw it', () => {
    for (const { id } of crew.members) expect(rotaChanges(dutiesOf(before, id), before, id)).toEqual([]);
    expect(dutiesOf(before, planned)).toContain('1:caseGiver');
  });

  it('say a week someone is now down for, and the week someone else no longer is', () => {
    const after = viewed(withCrewCommand(crew, volunteer, { type: 'VOLUNTEER', sessionIndex: 1, volunteering: true }, CREATED_AT));
    expect(after.sessions[1]!.caseGiverIds).toEqual([volunteer]);
    expect(rotaChanges(dutiesOf(before, volunteer), after, volunteer)).toContainEqual({ sessionIndex: 1, duty: 'caseGiver', now: true });
    expect(rotaChanges(dutiesOf(before, planned), after, planned)).toContainEqual({ sessionIndex: 1, duty: 'caseGiver', now: false });
  });

  it('wait for a week further ahead to be one of the next two', () => {
    const week5 = before.sessions[4]!;
    const newcomer = crew.members.map((member) => member.id).find((id) => !week5.caseGiverIds.includes(id) && id !== week5.facilitatorId)!;
    const confirmed = withCrewCommand(crew, crew.organiserId, { type: 'CONFIRM_ROTA', sessionIndex: 4, caseGiverIds: [newcomer], facilitatorId: week5.facilitatorId! }, CREATED_AT);
    expect(viewed(confirmed).sessions[4]!.caseGiverIds).toEqual([newcomer]);
    expect(rotaChanges(dutiesOf(before, newcomer), viewed(confirmed), newcomer).filter((change) => change.sessionIndex === 4)).toEqual([]);
    const weeksLater = viewed(afterSession(afterSession(afterSession(confirmed, 0), 1), 2));
    expect(rotaChanges(dutiesOf(before, newcomer), weeksLater, newcomer)).toContainEqual({ sessionIndex: 4, duty: 'caseGiver', now: true });
  });

  it('say where a case went further ahead when it left one of the next two weeks', () => {
    const [, week2, , week4] = before.sessions;
    const elsewhere = crew.members.map((member) => member.id).find((id) => id !== planned)!;
    // As a week skipped can leave it: the case planned for week 2 is now in week 4.
    const moved = {
      ...before,
      sessions: before.sessions.map((session) =>
        session === week2 ? { ...session, caseGiverIds: [elsewhere] } : session === week4 ? { ...session, caseGiverIds: [planned] } : session,
      ),
    };
    const changes = rotaChanges(dutiesOf(before, planned), moved, planned);
    expect(changes).toContainEqual({ sessionIndex: 1, duty: 'caseGiver', now: false });
    expect(changes).toContainEqual({ sessionIndex: 3, duty: 'caseGiver', now: true });
    // Only a duty that left the next weeks is followed further: nothing else of week 4 is news.
    expect(changes.filter((change) => change.sessionIndex === 3)).toEqual([{ sessionIndex: 3, duty: 'caseGiver', now: true }]);
  });

  it("are counted from what this member saw, never from what another member saw on the same device", () => {
    const kept = { memberId: planned, duties: dutiesOf(before, planned) };
    expect(seenDutiesOf(kept, planned)).toEqual(dutiesOf(before, planned));
    expect(seenDutiesOf(kept, volunteer)).toBeNull();
    expect(seenDutiesOf(undefined, planned)).toBeNull();
  });

  it('wait for the crew to have met: until then every member who joins reshuffles the rota', () => {
    expect(rotaSettled(before)).toBe(false);
    expect(rotaSettled(viewed(afterSession(crew, 0)))).toBe(true);
  });

  it('leave out a week that has been held since', () => {
    const facilitator = before.sessions[0]!.facilitatorId!;
    const held = viewed(afterSession(crew, 0));
    expect(dutiesOf(before, facilitator)).toContain('0:facilitator');
    expect(rotaChanges(dutiesOf(before, facilitator), held, facilitator).filter((change) => change.sessionIndex === 0)).toEqual([]);
  });
});
