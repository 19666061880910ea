/**
 * Who came: a member who said they could not make it, then came after all, is not kept as absent
 * once the session is held; one who stayed away is.
 */
import { describe, expect, it } from 'vitest';
import { instantOf } from '../../shared/crewSchedule.ts';
import { TestCrewMember } from '../support/crewMember.ts';
import { useInProcessServer } from '../support/serverFixture.ts';

/** A Saturday in February 2027, before the crew's first Tuesday. */
let clock = Date.UTC(2027, 1, 20, 12);
const fixture = useInProcessServer({ now: () => clock });

describe("a session's absentees", () => {
  it('leave out a member who came late after saying they could not make it', async () => {
    const { url } = fixture.server;
    const { organiser: orla, created } = await TestCrewMember.organise(url, 'Orla');
    fixture.track(orla);
    const members: TestCrewMember[] = [];
    for (const name of ['Ben', 'Cleo', 'Dev']) members.push(fixture.track(await TestCrewMember.joinCrew(url, created.crewId, name)));
    const [ben, cleo, dev] = members as [TestCrewMember, TestCrewMember, TestCrewMember];
    await orla.waitFor((crew) => crew.members.length === 4, 'four members');
    for (const absent of [cleo, dev]) await absent.commandAndSee({ type: 'CANNOT_ATTEND', sessionIndex: 0, cannot: true });

    clock = instantOf(orla.crew!.sessions[0]!.scheduled);
    const started = await orla.command({ type: 'START_SESSION', sessionIndex: 0 });
    if (!started.ok) throw new Error(started.error.reason);
    const clinicId = started.data.clinicId!;
    const host = fixture.track(await orla.enterSession(clinicId));
    fixture.track(await ben.enterSession(clinicId));
    expect(await host.command({ type: 'START' })).toMatchObject({ ok: true });
    // Cleo comes after all, once it has begun.
    const late = fixture.track(await cleo.enterSession(clinicId));
    await host.waitFor((state) => state.participants.some((person) => person.id === late.id), 'Cleo in the clinic');
    expect(await host.command({ type: 'END' })).toMatchObject({ ok: true });

    const held = await orla.waitFor((crew) => crew.sessions[0]!.summary !== null, 'the summary');
    expect(held.sessions[0]!.cannotAttendIds).toEqual([dev.id]);
  });
});
