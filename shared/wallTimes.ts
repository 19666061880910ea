/**
 * What a crew's calendar is made of, and which values are real: a wall time, a weekly cadence, an
 * IANA zone, a day of the calendar. The schemas check payloads and stored crews with these, so
 * they do no date arithmetic: that is `crewSchedule.ts`, whose Temporal polyfill the server then
 * loads only when a crew's dates are worked out, not at every start.
 */

/** ISO weekday: 1 is Monday, 7 is Sunday. */
export type Weekday = 1 | 2 | 3 | 4 | 5 | 6 | 7;

/** A date and a time as a clock on the wall in `timeZone` shows them. */
export interface WallTime {
  /** YYYY-MM-DD */
  readonly date: string;
  /** HH:MM, 24-hour */
  readonly time: string;
  readonly timeZone: string;
}

/** When a crew meets: every `weekday` at `time` in `timeZone`, the first time on or after `startsOn`. */
export interface Cadence {
  readonly weekday: Weekday;
  readonly time: string;
  readonly timeZone: string;
  readonly startsOn: string;
}

/**
 * IANA names only ("Europe/Berlin", "UTC"): a fixed offset such as "+01:00" has no daylight saving,
 * so a session kept in it would drift an hour from the members' clocks twice a year.
 */
export function isIanaTimeZone(name: string): boolean {
  if (!/^[A-Za-z][A-Za-z0-9_+-]*(\/[A-Za-z0-9_+-]+)*$/.test(name)) return false;
  try {
    new Intl.DateTimeFormat('en', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

/** A real day of the calendar: 2027-02-30 is not one. */
export function isCalendarDate(date: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) return false;
  // Date refuses a day that does not exist, or rolls it over into the next month: a real one comes back as it went in.
  const midnight = new Date(`${date}T00:00:00Z`);
  return !Number.isNaN(midnight.getTime()) && midnight.toISOString().slice(0, 10) === date;
}
