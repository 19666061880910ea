/**
 * What a crew keeps of a held session: its summary, naming only members as case givers, and who
 * could not make it, less those who came after all.
 */
import { describe, expect, it } from 'vitest';
import { createActor } from 'xstate';
import { clinicMachine } from '../../shared/clinicMachine.ts';
import { heldSession } from '../../shared/crewHistory.ts';
import { formatOf } from '../../shared/crewRota.ts';
import { crewOf } from '../support/crewFixture.ts';

describe('a held session', () => {
  const crew = crewOf(4);
  const [orla, ben, cleo, dev] = crew.members.map((member) => member.id);
  const planned = { ...crew.sessions[1]!, cannotAttendIds: [cleo!, dev!] };

  /** The clinic as it closed: Orla, Ben and Cleo (a latecomer) came, and a guest brought the case. */
  function closedClinic() {
    let at = Date.UTC(2027, 2, 9, 18);
    const actor = createActor(clinicMachine, { input: { format: formatOf(crew, planned)! } }).start();
    for (const participantId of [orla!, ben!, 'guest']) actor.send({ type: 'PARTICIPANT_JOINED', participantId, at });
    actor.send({ type: 'SET_CASE_GIVER', participantId: 'guest', at });
    actor.send({ type: 'START', at });
    actor.send({ type: 'PARTICIPANT_JOINED', participantId: cleo!, at: (at += 60_000) });
    actor.send({ type: 'END', at: (at += 60_000) });
    return actor.getSnapshot().context;
  }

  const members = new Set(crew.members.map((member) => member.id));
  const cameAtFirst = [orla!, ben!, 'guest'];

  it('no longer lists as absent a member who came after all, in its lineup or not, and still lists one who did not', () => {
    const progress = closedClinic();
    expect(heldSession(planned, progress, members, [...cameAtFirst, cleo!]).cannotAttendIds).toEqual([dev]);
    // Dev came too, and listened from outside the lineup.
    expect(progress.lineup).not.toContain(dev);
    expect(heldSession(planned, progress, members, [...cameAtFirst, cleo!, dev!]).cannotAttendIds).toEqual([]);
  });

  it('names no case giver who is not in the crew', () => {
    const held = heldSession(planned, closedClinic(), members, cameAtFirst);
    expect(held.summary!.rounds.map((round) => round.caseGiverId)).toEqual([null]);
    expect(heldSession(planned, closedClinic(), new Set([...members, 'guest']), cameAtFirst).summary!.rounds[0]!.caseGiverId).toBe('guest');
  });
});
