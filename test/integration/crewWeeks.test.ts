/**
 * A whole six-week crew on a real server with real clients, on a simulated clock: the organiser
 * creates it, four members join by its link; the intro; a member leaves; the case sessions, each
 * started by its facilitator and entered by every member with their crew token alone, with a
 * different case giver each; a week moved; a member who can't make it; the landing with its
 * decision; and the crew deleted with everything in it.
 */
import { describe, expect, it } from 'vitest';
import { instantOf } from '../../shared/crewSchedule.ts';
import type { CrewView } from '../../shared/crewProtocolSchemas.ts';
import { PROTOCOL_VERSION } from '../../shared/protocol.ts';
import { holdSession, TestCrewMember } from '../support/crewMember.ts';
import { previewAt, TestParticipant } from '../support/participant.ts';
import { useInProcessServer } from '../support/serverFixture.ts';

const HOUR_MS = 3_600_000;
/** A Saturday in February 2027, before the crew's first Tuesday. */
let clock = Date.UTC(2027, 1, 20, 12);
const fixture = useInProcessServer({ now: () => clock });

const nameOf = (crew: CrewView, memberId: string | null) => crew.members.find((member) => member.id === memberId)?.name ?? null;

describe('a crew of six weeks', () => {
  it('meets, rotates cases and leadership, moves a week, lands, and is deleted', async () => {
    const { url } = fixture.server;
    const { organiser: orla, created } = await TestCrewMember.organise(url, 'Orla', { theme: 'wellbeing', weeks: 6, formatId: 'classic' });
    fixture.track(orla);
    // One after another, so the members are listed in the order they joined (joins sent at once
    // may land in any order: with Postgres they do).
    const joined: TestCrewMember[] = [];
    for (const name of ['Ben', 'Cleo', 'Dev', 'Ema']) joined.push(fixture.track(await TestCrewMember.joinCrew(url, created.crewId, name)));
    const [ben, cleo, dev, ema] = joined;
    const everyone = [orla, ben!, cleo!, dev!, ema!];
    const members = await orla.waitFor((crew) => crew.members.length === 5, 'five members');
    expect(members.members.map((member) => member.name)).toEqual(['Orla', 'Ben', 'Cleo', 'Dev', 'Ema']);
    // Nobody's device is sent anything secret.
    expect(JSON.stringify(members)).not.toMatch(/tokenHash|organiserKey|departed/);
    expect(members.sessions.map((session) => session.kind)).toEqual(['intro', 'case', 'case', 'case', 'case', 'landing']);

    /** Session `index` held at its time by everyone who can make it; the crew as it is after. */
    async function holdWeek(index: number, inCrew: TestCrewMember[]): Promise<CrewView> {
      clock = instantOf(orla.crew!.sessions[index]!.scheduled);
      const { clinicId, attending, devices, host } = await holdSession(inCrew, index, fixture.track);
      expect(host.me!.isFacilitator).toBe(true);
      // The week travels apart from the crew's name, for each device to word in its own language.
      expect(host.state).toMatchObject({ title: 'Tuesday crew', crewWeek: index + 1 });
      // Ended, the session's link lets nobody new look in.
      expect(await previewAt(url, clinicId)).toMatchObject({ ok: false, error: { reason: 'CLINIC_CLOSED' } });
      expect(devices.filter((device) => device.me!.isFacilitator)).toHaveLength(1);
      // Each device is its member, by their crew name, and nobody typed one.
      expect(host.state!.participants.map((person) => person.name).sort()).toEqual(attending.map((member) => member.name).sort());
      clock += 90 * 60_000;
      return orla.crew!;
    }

    // Week 1, the intro: hosted by the organiser.
    expect(orla.crew!.sessions[0]!.facilitatorId).toBe(orla.id);
    const afterIntro = await holdWeek(0, everyone);
    expect(afterIntro.sessions[0]!.summary!.rounds.map((round) => round.caseGiverId)).toEqual([orla.id]);

    // Ema leaves: gone from the crew and every session; her device is told, and cannot come back.
    await ema!.commandAndSee({ type: 'LEAVE' });
    await ema!.waitUntil(() => ema!.gone.some((notice) => notice.reason === 'left'), 'her departure');
    const withoutEma = await orla.waitFor((crew) => crew.members.length === 4, 'four members');
    expect(JSON.stringify(withoutEma)).not.toContain(ema!.id);
    expect(await new TestCrewMember(url, 'Ema again').join(created.crewId, { memberToken: ema!.joined!.memberToken })).toMatchObject({ ok: false, error: { reason: 'LEFT_CREW' } });
    const crew = [orla, ben!, cleo!, dev!];

    // The rota: Cleo would like to bring a case in week 2; the organiser confirms Ben instead, with Cleo facilitating.
    await cleo!.commandAndSee({ type: 'VOLUNTEER', sessionIndex: 1, volunteering: true });
    expect(orla.crew!.sessions[1]!.volunteerIds).toEqual([cleo!.id]);
    await orla.commandAndSee({ type: 'CONFIRM_ROTA', sessionIndex: 1, caseGiverIds: [ben!.id], facilitatorId: cleo!.id });

    // Week 3 moves to the Wednesday; its planned case giver then can't make it, and is replaced.
    const week3 = orla.crew!.sessions[2]!;
    const moved = await orla.commandAndSee({ type: 'MOVE_SESSION', sessionIndex: 2, date: '2027-03-17', time: '19:00' });
    expect(moved.sessions[2]).toMatchObject({ scheduled: { date: '2027-03-17', time: '19:00', timeZone: 'Europe/Berlin' }, movedFrom: { date: week3.scheduled.date, time: '19:00' } });
    const absent = crew.find((member) => member.id === week3.caseGiverIds[0])!;
    const reassigned = await absent.commandAndSee({ type: 'CANNOT_ATTEND', sessionIndex: 2, cannot: true });
    expect(reassigned.sessions[2]!.caseGiverIds).toHaveLength(1);
    expect(reassigned.sessions[2]!.caseGiverIds).not.toContain(absent.id);
    expect(reassigned.sessions[2]!.cannotAttendIds).toEqual([absent.id]);

    // Weeks 2 to 5: a different case giver each, every member once.
    const caseGivers: string[] = [];
    for (const index of [1, 2, 3, 4]) {
      const held = await holdWeek(index, crew);
      const [round] = held.sessions[index]!.summary!.rounds;
      caseGivers.push(nameOf(held, round!.caseGiverId)!);
    }
    expect(caseGivers[0]).toBe('Ben');
    expect([...caseGivers].sort()).toEqual(['Ben', 'Cleo', 'Dev', 'Orla']);
    const week3Clinic = orla.crew!.sessions[2]!.clinicId!;
    // Who could not make it was not in that week's clinic, and, it having ended, cannot come in now.
    const present = crew.find((member) => member !== absent)!;
    const lookIn = fixture.track(await present.enterSession(week3Clinic));
    await lookIn.waitFor((state) => state.stage === 'closed', "week 3's summary");
    expect(lookIn.state!.participants.map((person) => person.name)).not.toContain(absent.name);
    await expect(absent.enterSession(week3Clinic)).rejects.toThrow('CLINIC_CLOSED');

    // The landing: the decision waits for it, then is recorded.
    expect(await orla.command({ type: 'RECORD_LANDING', decision: 'anotherCycle' })).toMatchObject({ ok: false, error: { reason: 'NOT_THE_LANDING' } });
    await holdWeek(5, crew);
    const landed = await orla.commandAndSee({ type: 'RECORD_LANDING', decision: 'anotherCycle' });
    expect(landed.landing).toEqual({ decision: 'anotherCycle', decidedAt: clock });
    expect(landed.sessions.every((session) => session.summary !== null)).toBe(true);
    expect(clock - instantOf(landed.sessions[0]!.scheduled)).toBeGreaterThan(5 * 7 * 24 * HOUR_MS);

    // Deletion: every device is told; the crew and its sessions' clinics are gone.
    const clinicIds = landed.sessions.map((session) => session.clinicId!);
    expect(await orla.command({ type: 'DELETE_CREW' })).toMatchObject({ ok: true });
    await Promise.all(crew.map((member) => member.waitUntil(() => member.gone.some((notice) => notice.reason === 'deleted'), 'the deletion')));
    expect(await new TestCrewMember(url, 'Ben again').join(created.crewId, { memberToken: ben!.joined!.memberToken })).toMatchObject({ ok: false, error: { reason: 'CREW_NOT_FOUND' } });
    for (const clinicId of clinicIds) {
      const late = fixture.track(new TestParticipant(url, clinicId, 'Late'));
      expect(await late.socket.timeout(5_000).emitWithAck('clinic:join', { protocolVersion: PROTOCOL_VERSION, clinicId, name: 'Late' })).toMatchObject({ ok: false, error: { code: 'CLINIC_NOT_FOUND' } });
    }
  }, 60_000);
});
