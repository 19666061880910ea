/**
 * What a crew keeps, and for how long: its sessions' clinics outlive the clinics' own retention and
 * go with the crew, CREW_RETENTION_DAYS after its last session (or at once, by the organiser),
 * leaving nothing readable in the store; a member who leaves is taken out of past
 * sessions' summaries too.
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_CREW_RETENTION_DAYS } from '../../server/app.ts';
import { FORMER_MEMBER_NAME } from '../../server/room/clinicRoom.ts';
import { instantOf } from '../../shared/crewSchedule.ts';
import { PROTOCOL_VERSION } from '../../shared/protocol.ts';
import { holdSession, TestCrewMember } from '../support/crewMember.ts';
import { storeHolds, SUITE_STORE } from '../support/testStores.ts';
import { openSocket, previewAt } from '../support/participant.ts';
import { useInProcessServer } from '../support/serverFixture.ts';

const DAY_MS = 86_400_000;
let clock = Date.UTC(2027, 1, 20, 12);
const fixture = useInProcessServer({ now: () => clock });

/** A three-week crew of Orla (organising), Bartholomew and Cressida, names easy to find in a file. */
async function threeWeekCrew() {
  const { url } = fixture.server;
  const { organiser, created } = await TestCrewMember.organise(url, 'Orlaith Quennell', { name: 'Zanzibar crew', weeks: 3 });
  fixture.track(organiser);
  const others = await Promise.all(['Bartholomew Yeo', 'Cressida Vane'].map(async (name) => fixture.track(await TestCrewMember.joinCrew(url, created.crewId, name))));
  const crew = [organiser, ...others];
  await organiser.waitFor((view) => view.members.length === 3, 'three members');
  return { crew, crewId: created.crewId };
}

/** A look at the link finds the clinic: ended, it refuses newcomers, but it is there. */
const clinicExists = async (clinicId: string) => {
  const reply = await previewAt(fixture.server.url, clinicId);
  return reply.ok || reply.error.reason === 'CLINIC_CLOSED';
};

describe('a crew and its sessions', () => {
  it(`are kept ${DEFAULT_CREW_RETENTION_DAYS} days after its last session, the clinics past their own retention, then deleted together`, async () => {
    const { crew, crewId } = await threeWeekCrew();
    const [orla] = crew;
    clock = instantOf(orla!.crew!.sessions[0]!.scheduled);
    const { clinicId } = await holdSession(crew, 0, fixture.track);
    const lastSession = instantOf(orla!.crew!.sessions.at(-1)!.scheduled);

    // A closed clinic on its own goes a day after closing; a crew's stays.
    expect(await fixture.server.app.registry.deleteExpired(clock + 8 * DAY_MS)).toEqual([]);
    expect(await fixture.server.app.crews.deleteExpired(lastSession + (DEFAULT_CREW_RETENTION_DAYS - 1) * DAY_MS)).toEqual([]);
    expect(await clinicExists(clinicId)).toBe(true);

    expect(await fixture.server.app.crews.deleteExpired(lastSession + (DEFAULT_CREW_RETENTION_DAYS + 1) * DAY_MS)).toEqual([crewId]);
    await Promise.all(crew.map((member) => member.waitUntil(() => member.gone.some((notice) => notice.reason === 'deleted'), 'the deletion')));
    expect(await clinicExists(clinicId)).toBe(false);
    expect(await storeHolds(SUITE_STORE, fixture.server.dataDir, ['Zanzibar crew', 'Orlaith Quennell', 'Bartholomew Yeo', 'Cressida Vane'])).toEqual([]);
  });

  it('go at once when the organiser deletes the crew, leaving nothing of them readable in the store', async () => {
    const { crew } = await threeWeekCrew();
    const [orla] = crew;
    clock = instantOf(orla!.crew!.sessions[0]!.scheduled);
    const { clinicId } = await holdSession(crew, 0, fixture.track);
    expect(await storeHolds(SUITE_STORE, fixture.server.dataDir, ['Zanzibar crew', 'Cressida Vane'])).toEqual(['Zanzibar crew', 'Cressida Vane']);
    expect(await orla!.command({ type: 'DELETE_CREW' })).toMatchObject({ ok: true });
    expect(await clinicExists(clinicId)).toBe(false);
    expect(await storeHolds(SUITE_STORE, fixture.server.dataDir, ['Zanzibar crew', 'Orlaith Quennell', 'Bartholomew Yeo', 'Cressida Vane'])).toEqual([]);
  });
});

describe('a member who leaves', () => {
  it("is taken out of past summaries and sessions' clinics as well as the members and the rota", async () => {
    const { crew } = await threeWeekCrew();
    const [orla, bart, cressida] = crew;
    await orla!.commandAndSee({ type: 'CONFIRM_ROTA', sessionIndex: 1, caseGiverIds: [bart!.id], facilitatorId: cressida!.id });
    clock = instantOf(orla!.crew!.sessions[1]!.scheduled);
    const { clinicId, devices } = await holdSession(crew, 1, fixture.track);
    expect(orla!.crew!.sessions[1]!.summary!.rounds.map((round) => round.caseGiverId)).toEqual([bart!.id]);
    const [orlaInClinic, bartInClinic] = devices;
    const bartsClinicToken = bartInClinic!.me!.participantToken;
    const sentAway = new Promise((resolve) => bartInClinic!.socket.once('clinic:gone', resolve));

    await bart!.commandAndSee({ type: 'LEAVE' });
    const after = await orla!.waitFor((view) => view.members.length === 2, 'two members');
    expect(after.sessions[1]!.summary!.rounds.map((round) => round.caseGiverId)).toEqual([null]);
    expect(JSON.stringify(after)).not.toContain(bart!.id);

    // The clinic the session ran as keeps his place in its history, but not his name, nor his devices.
    expect(await sentAway).toEqual({ reason: 'removed' });
    const shown = await orlaInClinic!.waitFor((state) => !state.participants.some((person) => person.name === 'Bartholomew Yeo'), 'his name gone');
    expect(shown.participants.find((person) => person.id === bart!.id)?.name).toBe(FORMER_MEMBER_NAME);
    expect(await storeHolds(SUITE_STORE, fixture.server.dataDir, ['Bartholomew Yeo'])).toEqual([]);
    const socket = openSocket(fixture.server.url);
    try {
      expect(await socket.timeout(5_000).emitWithAck('clinic:join', { protocolVersion: PROTOCOL_VERSION, clinicId, participantToken: bartsClinicToken })).toMatchObject({ ok: false, error: { reason: 'REMOVED' } });
    } finally {
      socket.disconnect();
    }
  });
});
