/**
 * A crew's calendar. Sessions are kept as a wall date and time in an IANA time zone ("Tuesday
 * 19:00, Europe/Berlin"), never as an instant or an offset, so a weekly session stays at 19:00
 * local when the clocks change; the instant is worked out when it is needed, and shown in each
 * member's own zone. Time-zone rules come from the Temporal polyfill (over the runtime's own
 * zone data), never from offsets written here. Pure: nothing reads a clock. What a wall time is,
 * and which are real, is `wallTimes.ts`: the schemas check dates without loading the polyfill.
 */
import { Temporal } from 'temporal-polyfill';
import type { Reason } from './reasons.ts';
import { sessionKindAt, type CrewSession, type CrewSessionKind } from './crewSchema.ts';
import { CREW_INTRO } from './formats/crewIntro.ts';
import { CREW_LANDING } from './formats/crewLanding.ts';
import type { Cadence, WallTime, Weekday } from './wallTimes.ts';

const plainDateTime = ({ date, time }: Pick<WallTime, 'date' | 'time'>) => Temporal.PlainDateTime.from(`${date}T${time}`);

/**
 * The instant (epoch ms) a wall time names. A time the clocks skip when they spring forward is
 * moved on by the length of the gap (02:30 on a night that jumps from 02:00 to 03:00 is 03:30); a
 * time that happens twice when they fall back is its first occurrence. This is RFC 5545's rule,
 * which calendar apps apply to the `.ics` a session downloads as, so the app and everyone's
 * calendar agree (Temporal calls it `compatible`).
 */
export function instantOf(wall: WallTime): number {
  return plainDateTime(wall).toZonedDateTime(wall.timeZone, { disambiguation: 'compatible' }).epochMilliseconds;
}

/** How long before its time a session starts only once the one starting it confirms. */
export const EARLY_START_MS = 60 * 60_000;

/**
 * Whether starting a session at `at` is early enough to ask first: a tap on next week's card,
 * days ahead, must not pull every member in unasked. A crew that meets a little early is not asked.
 */
export const startsEarly = (scheduled: WallTime, at: number): boolean => at < instantOf(scheduled) - EARLY_START_MS;

/** Whether a wall time happens once, never (skipped when the clocks spring forward), or twice (they fall back). */
export function wallTimeKind(wall: WallTime): 'once' | 'skipped' | 'twice' {
  const local = plainDateTime(wall);
  const earlier = local.toZonedDateTime(wall.timeZone, { disambiguation: 'earlier' });
  const later = local.toZonedDateTime(wall.timeZone, { disambiguation: 'later' });
  if (earlier.epochMilliseconds === later.epochMilliseconds) return 'once';
  return earlier.toPlainDateTime().equals(local) ? 'twice' : 'skipped';
}

/** The wall time an instant shows in a zone, with its weekday: a session as a member in that zone sees it. */
export function wallTimeIn(epochMs: number, timeZone: string): WallTime & { readonly weekday: Weekday } {
  const zoned = Temporal.Instant.fromEpochMilliseconds(epochMs).toZonedDateTimeISO(timeZone);
  return {
    date: zoned.toPlainDate().toString(),
    time: zoned.toPlainTime().toString({ smallestUnit: 'minute' }),
    timeZone,
    weekday: zoned.dayOfWeek as Weekday,
  };
}

export const addWeeks = (date: string, weeks: number): string => Temporal.PlainDate.from(date).add({ weeks }).toString();

/** The first date on or after `from` that falls on `weekday`. */
export function firstWeekdayFrom(from: string, weekday: Weekday): string {
  const start = Temporal.PlainDate.from(from);
  return start.add({ days: (weekday - start.dayOfWeek + 7) % 7 }).toString();
}

/** The wall times of `count` weekly sessions, the first on the cadence's weekday on or after its start. */
export function weeklySchedule(cadence: Cadence, count: number): WallTime[] {
  const first = firstWeekdayFrom(cadence.startsOn, cadence.weekday);
  return Array.from({ length: count }, (_, week) => ({ date: addWeeks(first, week), time: cadence.time, timeZone: cadence.timeZone }));
}

/** A new crew's sessions, weekly from its cadence, none planned yet: the case sessions in `caseFormatId`. */
export function plannedSessions(cadence: Cadence, weeks: number, caseFormatId: string): CrewSession[] {
  const formatIds: Record<CrewSessionKind, string> = { intro: CREW_INTRO.id, case: caseFormatId, landing: CREW_LANDING.id };
  return weeklySchedule(cadence, weeks).map((scheduled, index) => {
    const kind = sessionKindAt(index, weeks);
    return {
      index,
      kind,
      scheduled,
      movedFrom: null,
      formatId: formatIds[kind],
      caseGiverIds: [],
      volunteerIds: [],
      facilitatorId: null,
      confirmed: false,
      cannotAttendIds: [],
      clinicId: null,
      summary: null,
    };
  });
}

type Slot = Pick<CrewSession, 'scheduled' | 'movedFrom' | 'clinicId'>;

const hasStarted = (session: Slot) => session.clinicId !== null;

/**
 * Whether session `index` may move to `to`: it has not started, `to` is still to come at server
 * time `at`, and it stays after the session before it and before the one after it, so "week 3"
 * is still the third session.
 */
export function moveRule(sessions: readonly Slot[], index: number, to: WallTime, at: number): Reason | null {
  const session = sessions[index];
  if (!session) return 'NO_SUCH_SESSION';
  if (hasStarted(session)) return 'SESSION_STARTED';
  const instant = instantOf(to);
  if (instant <= at) return 'SESSION_IN_THE_PAST';
  const before = sessions[index - 1];
  const after = sessions[index + 1];
  if ((before && instantOf(before.scheduled) >= instant) || (after && instantOf(after.scheduled) <= instant)) return 'SESSION_OUT_OF_ORDER';
  return null;
}

/** Session `index` moved to `to`, remembering its regular slot (moved back there, it is no longer "moved"). */
export function withSessionMoved<T extends Slot>(sessions: readonly T[], index: number, to: WallTime): T[] {
  return sessions.map((session, at) => {
    if (at !== index) return session;
    const regular = session.movedFrom ?? { date: session.scheduled.date, time: session.scheduled.time };
    const backHome = regular.date === to.date && regular.time === to.time && to.timeZone === session.scheduled.timeZone;
    return { ...session, scheduled: to, movedFrom: backHome ? null : regular };
  });
}

/** A week can be skipped while neither its session nor any after it has started. */
export function skipRule(sessions: readonly Slot[], index: number): Reason | null {
  if (!sessions[index]) return 'NO_SUCH_SESSION';
  return sessions.slice(index).some(hasStarted) ? 'SESSION_STARTED' : null;
}

/**
 * Skipping a week (a holiday, say) puts that week's session and every one after it a week later,
 * each at its own wall time, so the crew keeps all its sessions and nobody loses their case. The
 * skipped date is returned so the crew page can say there is no session that day.
 */
export function withWeekSkipped<T extends Slot>(sessions: readonly T[], index: number): { sessions: T[]; skippedDate: string } {
  const skipped = sessions[index];
  if (!skipped) throw new Error(`No session at index ${index}`);
  const later = (date: string) => addWeeks(date, 1);
  return {
    skippedDate: skipped.scheduled.date,
    sessions: sessions.map((session, at) =>
      at < index
        ? session
        : {
            ...session,
            scheduled: { ...session.scheduled, date: later(session.scheduled.date) },
            movedFrom: session.movedFrom && { ...session.movedFrom, date: later(session.movedFrom.date) },
          },
    ),
  };
}
