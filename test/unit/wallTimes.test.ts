/**
 * What a crew schedule accepts: IANA zones, and days that are on the calendar. The date check
 * does without Temporal, so it is held to Temporal's answer over leap years, century years and
 * every month and day number a form could send.
 */
import { Temporal } from 'temporal-polyfill';
import { describe, expect, it } from 'vitest';
import { isCalendarDate, isIanaTimeZone } from '../../shared/wallTimes.ts';

const two = (value: number) => String(value).padStart(2, '0');

function temporalTakes(date: string): boolean {
  try {
    Temporal.PlainDate.from(date, { overflow: 'reject' });
    return true;
  } catch {
    return false;
  }
}

describe('what a crew schedule accepts', () => {
  it('takes IANA zones only: a fixed offset would drift from the members clocks', () => {
    expect(['Europe/Berlin', 'America/New_York', 'UTC', 'America/Argentina/Buenos_Aires'].map(isIanaTimeZone)).toEqual([true, true, true, true]);
    expect(['+01:00', 'GMT+1', 'Mars/Olympus', 'Europe/Berlin; drop', ''].map(isIanaTimeZone)).toEqual([false, false, false, false, false]);
  });

  it('takes days of the calendar only', () => {
    expect(['2027-02-28', '2028-02-29', '2000-02-29', '2027-12-31'].map(isCalendarDate)).toEqual([true, true, true, true]);
    expect(['2027-02-29', '2100-02-29', '2027-04-31', '2027-13-01', '2027-00-10', '2027-01-00', '27-03-01', '2027-3-1'].map(isCalendarDate)).toEqual([
      false, false, false, false, false, false, false, false,
    ]);
  });

  it('agrees with Temporal on every month and day number, in leap, common and century years', () => {
    const candidates = ['0000', '1900', '2000', '2027', '2028', '2100', '9999'].flatMap((year) =>
      Array.from({ length: 15 }, (_, month) => Array.from({ length: 34 }, (_, day) => `${year}-${two(month)}-${two(day)}`)).flat(),
    );
    const disagreements = candidates.filter((date) => isCalendarDate(date) !== temporalTakes(date));
    expect(disagreements).toEqual([]);
    expect(candidates.filter(isCalendarDate)).toHaveLength(7 * 365 + 3);
  });
});
