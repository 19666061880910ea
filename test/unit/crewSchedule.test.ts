/**
 * A crew's calendar: sessions kept as wall time in a zone stay at the crew's local time across
 * the clocks' changes, each member sees them in their own zone, and the organiser moves or skips
 * a week. March 2027 is the month the clocks change in the US (Sunday the 14th) and in the EU
 * (Sunday the 28th): for two weeks New York is five hours behind Berlin instead of six.
 */
import { describe, expect, it } from 'vitest';
import {
  addWeeks,
  firstWeekdayFrom,
  instantOf,
  moveRule,
  skipRule,
  startsEarly,
  wallTimeIn,
  wallTimeKind,
  weeklySchedule,
  withSessionMoved,
  withWeekSkipped,
} from '../../shared/crewSchedule.ts';
import type { WallTime } from '../../shared/wallTimes.ts';
import { BERLIN_TUESDAYS, CREATED_AT, crewOf } from '../support/crewFixture.ts';

const HOUR = 3_600_000;
const timesIn = (walls: readonly WallTime[], timeZone: string) => walls.map((wall) => wallTimeIn(instantOf(wall), timeZone).time);

describe('a weekly session across the clocks changing', () => {
  const sessions = weeklySchedule(BERLIN_TUESDAYS, 6);

  it('falls on the crew weekday every week from the first one on or after the start', () => {
    expect(sessions.map((wall) => wall.date)).toEqual(['2027-03-02', '2027-03-09', '2027-03-16', '2027-03-23', '2027-03-30', '2027-04-06']);
    expect(firstWeekdayFrom('2027-03-02', 2)).toBe('2027-03-02');
    expect(firstWeekdayFrom('2027-03-03', 2)).toBe('2027-03-09');
  });

  it('stays at 19:00 for the members in Berlin, whatever the clocks do', () => {
    expect(timesIn(sessions, 'Europe/Berlin')).toEqual(['19:00', '19:00', '19:00', '19:00', '19:00', '19:00']);
  });

  it('moves an hour later for a member in New York in the two weeks the US has changed and the EU has not', () => {
    expect(timesIn(sessions, 'America/New_York')).toEqual(['13:00', '13:00', '14:00', '14:00', '13:00', '13:00']);
    // Their weekday stays Tuesday too.
    expect(sessions.map((wall) => wallTimeIn(instantOf(wall), 'America/New_York').weekday)).toEqual([2, 2, 2, 2, 2, 2]);
  });

  it('is a week apart by the calendar, not by the clock: the week the EU changes is an hour shorter', () => {
    const gaps = sessions.slice(1).map((wall, index) => (instantOf(wall) - instantOf(sessions[index]!)) / HOUR);
    expect(gaps).toEqual([168, 168, 168, 167, 168]);
  });

  it('keeps a crew that meets in New York at its time there, and shows it an hour earlier in Berlin in those weeks', () => {
    const newYork = weeklySchedule({ weekday: 2, time: '13:00', timeZone: 'America/New_York', startsOn: '2027-03-01' }, 5);
    expect(timesIn(newYork, 'America/New_York')).toEqual(['13:00', '13:00', '13:00', '13:00', '13:00']);
    expect(timesIn(newYork, 'Europe/Berlin')).toEqual(['19:00', '19:00', '18:00', '18:00', '19:00']);
  });

  it("shows a member far east the session on their own next day", () => {
    const losAngeles = weeklySchedule({ weekday: 1, time: '17:00', timeZone: 'America/Los_Angeles', startsOn: '2027-03-08' }, 2);
    expect(losAngeles.map((wall) => wallTimeIn(instantOf(wall), 'Asia/Tokyo'))).toEqual([
      { date: '2027-03-09', time: '10:00', timeZone: 'Asia/Tokyo', weekday: 2 },
      { date: '2027-03-16', time: '09:00', timeZone: 'Asia/Tokyo', weekday: 2 },
    ]);
  });
});

describe('a wall time the clocks skip or repeat', () => {
  it('that does not exist (spring forward) happens when the gap ends, 02:30 becoming 03:30, as calendar apps read it', () => {
    const berlin = { date: '2027-03-28', time: '02:30', timeZone: 'Europe/Berlin' };
    expect(wallTimeKind(berlin)).toBe('skipped');
    expect(instantOf(berlin)).toBe(Date.UTC(2027, 2, 28, 1, 30));
    expect(wallTimeIn(instantOf(berlin), 'Europe/Berlin').time).toBe('03:30');
    const newYork = { date: '2027-03-14', time: '02:30', timeZone: 'America/New_York' };
    expect(wallTimeKind(newYork)).toBe('skipped');
    expect(wallTimeIn(instantOf(newYork), 'America/New_York').time).toBe('03:30');
  });

  it('that happens twice (fall back) is the first of the two', () => {
    const berlin = { date: '2027-10-31', time: '02:30', timeZone: 'Europe/Berlin' };
    expect(wallTimeKind(berlin)).toBe('twice');
    expect(instantOf(berlin)).toBe(Date.UTC(2027, 9, 31, 0, 30));
    const newYork = { date: '2027-11-07', time: '01:30', timeZone: 'America/New_York' };
    expect(wallTimeKind(newYork)).toBe('twice');
    expect(instantOf(newYork)).toBe(Date.UTC(2027, 10, 7, 5, 30));
  });

  it('shifts only the night the clocks change: the next week is at 02:30 again', () => {
    const sundays = weeklySchedule({ weekday: 7, time: '02:30', timeZone: 'Europe/Berlin', startsOn: '2027-03-21' }, 3);
    expect(sundays.map(wallTimeKind)).toEqual(['once', 'skipped', 'once']);
    expect(timesIn(sundays, 'Europe/Berlin')).toEqual(['02:30', '03:30', '02:30']);
  });
});

describe('moving and skipping a week', () => {
  const { sessions } = crewOf(4);
  const before = CREATED_AT;

  it('moves a session to another day, keeping its regular slot to show, and back again', () => {
    const moved = withSessionMoved(sessions, 2, { date: '2027-03-18', time: '18:30', timeZone: 'Europe/Berlin' });
    expect(moved[2]).toMatchObject({ scheduled: { date: '2027-03-18', time: '18:30' }, movedFrom: { date: '2027-03-16', time: '19:00' } });
    expect(moved.filter((session, index) => session !== sessions[index])).toHaveLength(1);
    const movedAgain = withSessionMoved(moved, 2, { date: '2027-03-17', time: '19:00', timeZone: 'Europe/Berlin' });
    expect(movedAgain[2]!.movedFrom).toEqual({ date: '2027-03-16', time: '19:00' });
    const back = withSessionMoved(movedAgain, 2, { date: '2027-03-16', time: '19:00', timeZone: 'Europe/Berlin' });
    expect(back[2]).toEqual(sessions[2]);
  });

  it('refuses a move past a neighbouring session, into the past, or of a session that has started', () => {
    const to = (date: string, time = '19:00') => ({ date, time, timeZone: 'Europe/Berlin' });
    expect(moveRule(sessions, 2, to('2027-03-18'), before)).toBeNull();
    expect(moveRule(sessions, 2, to('2027-03-09'), before)).toBe('SESSION_OUT_OF_ORDER');
    expect(moveRule(sessions, 2, to('2027-03-23', '20:00'), before)).toBe('SESSION_OUT_OF_ORDER');
    // An hour after the session before it is still after it, in whichever zone the move is said.
    expect(moveRule(sessions, 2, { date: '2027-03-09', time: '15:00', timeZone: 'America/New_York' }, before)).toBeNull();
    expect(moveRule(sessions, 2, to('2027-03-18'), Date.UTC(2027, 2, 19))).toBe('SESSION_IN_THE_PAST');
    const started = sessions.map((session) => (session.index === 2 ? { ...session, clinicId: 'clinic-2' } : session));
    expect(moveRule(started, 2, to('2027-03-18'), before)).toBe('SESSION_STARTED');
    expect(moveRule(sessions, 9, to('2027-03-18'), before)).toBe('NO_SUCH_SESSION');
  });

  it('skips a week by putting it and every later session a week later, still at 19:00 in Berlin after the clocks change', () => {
    const { sessions: later, skippedDate } = withWeekSkipped(sessions, 3);
    expect(skippedDate).toBe('2027-03-23');
    expect(later.map((session) => session.scheduled.date)).toEqual(['2027-03-02', '2027-03-09', '2027-03-16', '2027-03-30', '2027-04-06', '2027-04-13']);
    expect(timesIn(later.map((session) => session.scheduled), 'Europe/Berlin')).toEqual(Array(6).fill('19:00'));
    expect(later.map((session) => session.kind)).toEqual(sessions.map((session) => session.kind));
  });

  it('carries a moved session along with its regular slot when an earlier week is skipped', () => {
    const moved = withSessionMoved(sessions, 4, { date: '2027-04-01', time: '19:00', timeZone: 'Europe/Berlin' });
    const { sessions: later } = withWeekSkipped(moved, 2);
    expect(later[4]).toMatchObject({ scheduled: { date: addWeeks('2027-04-01', 1) }, movedFrom: { date: '2027-04-06' } });
  });

  it('refuses to skip a week once it or a later session has started', () => {
    expect(skipRule(sessions, 3)).toBeNull();
    const started = sessions.map((session) => (session.index === 4 ? { ...session, clinicId: 'clinic-4' } : session));
    expect(skipRule(started, 3)).toBe('SESSION_STARTED');
    expect(skipRule(started, 5)).toBeNull();
    expect(skipRule(sessions, 6)).toBe('NO_SUCH_SESSION');
  });
});

describe('starting a session ahead of its time', () => {
  const tuesday: WallTime = { date: '2027-03-02', time: '19:00', timeZone: 'Europe/Berlin' };
  const at = (minutesBefore: number) => instantOf(tuesday) - minutesBefore * 60_000;

  it('asks first from more than an hour before, and not within the hour, at its time or after', () => {
    expect(startsEarly(tuesday, at(7 * 24 * 60))).toBe(true);
    expect(startsEarly(tuesday, at(61))).toBe(true);
    expect(startsEarly(tuesday, at(59))).toBe(false);
    expect(startsEarly(tuesday, at(0))).toBe(false);
    expect(startsEarly(tuesday, at(-30))).toBe(false);
  });
});
