/**
 * What the crew page says: each session at the viewer's own clock (with the crew's beside it where
 * they differ, as in the weeks the US and the EU change their clocks apart), the rota's standings,
 * the history's planned-against-actual lines, a pairing code's time left, and what a member may do
 * as the shared rules say.
 */
import { describe, expect, it, vi } from 'vitest';
import { listText } from '../../client/language.ts';
import { dayOf, cadenceText, historyOf, mayDo, movedFromText, nameOf, pairingCodeLifetime, refusalOf, sessionsAndSkips, sessionTitle, sessionWhen, stageOf, standingText, zoneName } from '../../client/crewWording.ts';
import { withCrewCommand } from '../../shared/crewCommands.ts';
import type { CrewCommand, CrewView } from '../../shared/crewProtocolSchemas.ts';
import { withRotaSuggested } from '../../shared/crewRota.ts';
import { weeklySchedule } from '../../shared/crewSchedule.ts';
import type { StoredCrew } from '../../shared/crewSchema.ts';
import { viewOf } from '../../server/crewDesk.ts';
import { afterSession, BERLIN_TUESDAYS, CREATED_AT, crewOf } from '../support/crewFixture.ts';

const LOCALE = 'en-GB';
const viewed = (crew: StoredCrew): CrewView => viewOf(withRotaSuggested(crew));

describe("a session's time, as each member sees it", () => {
  const [first, , third] = weeklySchedule(BERLIN_TUESDAYS, 6);

  it('is the crew time, alone, for a member in the crew zone', () => {
    expect(sessionWhen(first!, 'Europe/Berlin', LOCALE)).toEqual({ date: 'Tue 2 Mar', time: '19:00', crewTime: null });
  });

  it("is the member's own clock, with the crew's beside it, six hours apart from New York, and five in the week the US has changed its clocks and the EU not yet", () => {
    expect(sessionWhen(first!, 'America/New_York', LOCALE)).toEqual({ date: 'Tue 2 Mar', time: '13:00', crewTime: 'Tue 19:00 Central European Time' });
    expect(sessionWhen(third!, 'America/New_York', LOCALE)).toEqual({ date: 'Tue 16 Mar', time: '14:00', crewTime: 'Tue 19:00 Central European Time' });
  });

  it('falls on the next day for a member far to the east, and says so', () => {
    expect(sessionWhen(first!, 'Asia/Tokyo', LOCALE)).toEqual({ date: 'Wed 3 Mar', time: '03:00', crewTime: 'Tue 19:00 Central European Time' });
  });

  it("names the crew's rhythm in its own zone, and a skipped date as a day", () => {
    expect(cadenceText(BERLIN_TUESDAYS)).toBe('Tuesdays at 19:00, Central European Time');
    expect(cadenceText({ weekday: 7, time: '09:30', timeZone: 'America/New_York' })).toBe('Sundays at 09:30, Eastern Time');
    expect(dayOf('2027-03-16', LOCALE)).toBe('Tue 16 Mar');
  });

  it("names a zone in the viewer's language, not by its id's city in English, and UTC by its name rather than an offset", () => {
    expect(zoneName('Europe/Vienna', 'de-DE')).toBe('Mitteleuropäische Zeit');
    expect(zoneName('Asia/Calcutta', 'es-ES')).toBe('hora estándar de la India');
    expect(zoneName('America/New_York', 'es-ES')).toBe('hora oriental');
    expect(zoneName('UTC', LOCALE)).toBe('Coordinated Universal Time');
  });

  it('names a zone by its standard name in a browser without generic names, rather than failing', () => {
    const Original = Intl.DateTimeFormat;
    const withoutGeneric = vi.spyOn(Intl, 'DateTimeFormat').mockImplementation(function withoutGenericNames(locale, options) {
      if (options?.timeZoneName === 'longGeneric') throw new RangeError('Value longGeneric out of range for Intl.DateTimeFormat options property timeZoneName');
      return new Original(locale, options);
    });
    try {
      expect(zoneName('Europe/Paris', LOCALE)).toMatch(/^Central European (Standard|Summer) Time$/);
    } finally {
      withoutGeneric.mockRestore();
    }
  });

  it('says where a moved session was: its day, or its time alone where the day is the same, as the viewer sees them', () => {
    const scheduled = { date: '2027-03-18', time: '10:00', timeZone: 'Europe/Berlin' };
    expect(movedFromText({ scheduled, movedFrom: null }, 'Europe/Berlin', LOCALE)).toBeNull();
    expect(movedFromText({ scheduled, movedFrom: { date: '2027-03-16', time: '19:00' } }, 'Europe/Berlin', LOCALE)).toBe('Moved from Tue 16 Mar');
    expect(movedFromText({ scheduled, movedFrom: { date: '2027-03-18', time: '19:00' } }, 'Europe/Berlin', LOCALE)).toBe('Moved from 19:00');
    // In Tokyo the evening it was planned for is already the next morning.
    expect(movedFromText({ scheduled, movedFrom: { date: '2027-03-18', time: '19:00' } }, 'Asia/Tokyo', LOCALE)).toBe('Moved from Fri 19 Mar');
  });

  it('writes the month out in Spanish, whose short Tuesday and March read alike, and short in German', () => {
    expect(sessionWhen(first!, 'Europe/Madrid', 'es-ES').date).toBe('mar, 2 de marzo');
    expect(dayOf('2027-03-16', 'es-ES')).toBe('mar, 16 de marzo');
    expect(dayOf('2027-03-16', 'de-DE')).toBe('Di., 16. März');
  });
});

describe('the list of sessions', () => {
  it('shows a skipped week in its place among the dates, not after the last week', () => {
    const crew = crewOf(4);
    const skipped = withCrewCommand(crew, crew.organiserId, { type: 'SKIP_WEEK', sessionIndex: 2 }, CREATED_AT);
    const list = sessionsAndSkips(viewed(skipped)).map((entry) => ('session' in entry ? `week ${entry.session.index + 1} ${entry.session.scheduled.date}` : `skipped ${entry.skipped}`));
    expect(list).toEqual([
      'week 1 2027-03-02',
      'week 2 2027-03-09',
      'skipped 2027-03-16',
      'week 3 2027-03-23',
      'week 4 2027-03-30',
      'week 5 2027-04-06',
      'week 6 2027-04-13',
    ]);
  });
});

describe('the weeks and the rota', () => {
  const held = afterSession(withRotaSuggested(crewOf(4)), 0);

  it('calls each week by its number and kind, and tells a held week from one running and one to come', () => {
    const crew = viewed(held);
    expect(crew.sessions.map(sessionTitle)).toEqual(['Week 1 · Intro', 'Week 2 · Case session', 'Week 3 · Case session', 'Week 4 · Case session', 'Week 5 · Case session', 'Week 6 · Landing']);
    expect(stageOf(crew.sessions[0]!)).toBe('held');
    expect(stageOf({ clinicId: 'running', summary: null })).toBe('live');
    expect(stageOf(crew.sessions[1]!)).toBe('upcoming');
  });

  it('says where each member stands in the case rota', () => {
    expect(standingText({ stage: 'bringingNow', broughtIn: [1, 2], plannedIn: [], bringingIn: 2 })).toBe('Bringing a case now, in week 3');
    expect(standingText({ stage: 'brought', broughtIn: [1], plannedIn: [], bringingIn: null })).toBe('Brought a case in week 2');
    expect(standingText({ stage: 'planned', broughtIn: [], plannedIn: [2, 4], bringingIn: null })).toBe('Planned for weeks 3 and 5');
    expect(standingText({ stage: 'notYet', broughtIn: [], plannedIn: [], bringingIn: null })).toBe('Not yet');
    expect(standingText({ stage: 'noCase', broughtIn: [], plannedIn: [], bringingIn: null })).toBe('No case this time round');
  });

  it('shows the history as planned against actual minutes, naming case givers and never anything said', () => {
    const twoHeld = viewed(afterSession(held, 1));
    const caseGiver = nameOf(twoHeld, twoHeld.sessions[1]!.caseGiverIds[0]!);
    const lines = historyOf(twoHeld);
    expect(lines.map((line) => line.title)).toEqual(['Week 1 · Intro', 'Week 2 · Case session']);
    expect(lines[0]!.caseGivers).toEqual([]);
    expect(lines[1]!.caseGivers).toEqual([caseGiver]);
    // The fixture holds every step for a minute, whatever was planned.
    const steps = twoHeld.sessions[1]!.summary!.rounds.flatMap((round) => round.phases);
    expect(lines[1]!.actualMinutes).toBe(steps.reduce((total, phase) => total + phase.actualMs, 0) / 60_000);
    expect(lines[1]!.plannedMinutes).toBe(Math.round(steps.reduce((total, phase) => total + phase.plannedMs, 0) / 60_000));
  });

  it('speaks of someone who left without a name, and lists names as a sentence', () => {
    expect(nameOf(viewed(held), 'nobody-here')).toBe('a former member');
    expect(listText(['Ben'])).toBe('Ben');
    expect(listText(['Ben', 'Cleo', 'Dev'])).toBe('Ben, Cleo and Dev');
  });
});

describe('what a member may do, asked of the shared rules', () => {
  const crew = viewed(crewOf(4));
  const [organiser, member] = crew.members.map((person) => person.id);

  it('lets only the organiser confirm a rota or skip a week, and any member volunteer for a case session', () => {
    const confirm: CrewCommand = { type: 'CONFIRM_ROTA', sessionIndex: 1, caseGiverIds: [member!], facilitatorId: organiser! };
    expect(mayDo(crew, organiser!, confirm, CREATED_AT)).toBe(true);
    expect(refusalOf(crew, member!, confirm, CREATED_AT)).toBe('NOT_ORGANISER');
    expect(refusalOf(crew, member!, { type: 'SKIP_WEEK', sessionIndex: 2 }, CREATED_AT)).toBe('NOT_ORGANISER');
    expect(mayDo(crew, member!, { type: 'VOLUNTEER', sessionIndex: 1, volunteering: true }, CREATED_AT)).toBe(true);
    expect(refusalOf(crew, member!, { type: 'VOLUNTEER', sessionIndex: 0, volunteering: true }, CREATED_AT)).toBe('NOT_A_CASE_SESSION');
  });

  it("lets a session's facilitator start it, and the organiser any; nobody else", () => {
    const facilitatorId = crew.sessions[1]!.facilitatorId!;
    const bystander = crew.members.find((person) => person.id !== facilitatorId && person.id !== organiser)!.id;
    expect(mayDo(crew, facilitatorId, { type: 'START_SESSION', sessionIndex: 1 }, CREATED_AT)).toBe(true);
    expect(mayDo(crew, organiser!, { type: 'START_SESSION', sessionIndex: 1 }, CREATED_AT)).toBe(true);
    expect(refusalOf(crew, bystander, { type: 'START_SESSION', sessionIndex: 1 }, CREATED_AT)).toBe('NOT_SESSION_LEAD');
  });

  it('keeps the organiser from leaving, and refuses a move into the past', () => {
    expect(refusalOf(crew, organiser!, { type: 'LEAVE' }, CREATED_AT)).toBe('ORGANISER_CANNOT_LEAVE');
    expect(mayDo(crew, member!, { type: 'LEAVE' }, CREATED_AT)).toBe(true);
    expect(refusalOf(crew, organiser!, { type: 'MOVE_SESSION', sessionIndex: 1, date: '2027-02-01', time: '19:00' }, CREATED_AT)).toBe('SESSION_IN_THE_PAST');
  });
});

describe("a pairing code's time left", () => {
  const expiresAt = CREATED_AT + 10 * 60_000;

  it('counts down in whole minutes, rounded up, until it has expired', () => {
    expect(pairingCodeLifetime(expiresAt, CREATED_AT)).toBe('Works once, for 10 more minutes.');
    expect(pairingCodeLifetime(expiresAt, expiresAt - 30_000)).toBe('Works once, for 1 more minute.');
    expect(pairingCodeLifetime(expiresAt, expiresAt)).toBe('This code has expired: show a new one.');
  });
});
