/**
 * What the crew pages say about a crew, pure: a session's name and stage, its time in the viewer's
 * own zone (with the crew's beside it where they differ), the crew's weekly rhythm, the history's
 * planned-against-actual lines, and what the viewer may do, asked of the shared rules.
 */
import { crewCommandRule } from '../shared/crewCommands.ts';
import type { CrewCommand, CrewView } from '../shared/crewProtocolSchemas.ts';
import type { CaseStanding } from '../shared/crewRota.ts';
import { instantOf } from '../shared/crewSchedule.ts';
import type { Cadence, WallTime } from '../shared/wallTimes.ts';
import type { CrewSession, CrewSessionKind } from '../shared/crewSchema.ts';
import type { Reason } from '../shared/reasons.ts';
import { intlLocale, listText, t, type MessageId } from './language.ts';

const SESSION_KIND_NAMES: Record<CrewSessionKind, MessageId> = { intro: 'crew.kind.intro', case: 'crew.kind.case', landing: 'crew.kind.landing' };

/** A session still to come, running now (its clinic is open), or held (its clinic closed). */
export type SessionStage = 'upcoming' | 'live' | 'held';

export const stageOf = (session: Pick<CrewSession, 'clinicId' | 'summary'>): SessionStage =>
  session.clinicId === null ? 'upcoming' : session.summary === null ? 'live' : 'held';

/** "Week 3 · Case session": week 1 is the intro, as in the `.ics` address. */
export const sessionTitle = (session: Pick<CrewSession, 'index' | 'kind'>): string => t('crew.sessionTitle', { week: session.index + 1, kind: t(SESSION_KIND_NAMES[session.kind]) });

/** A zone's name as `style` writes it in `locale`, if there is one and the browser has the style. */
function zoneNamed(timeZone: string, locale: string, style: 'longGeneric' | 'long'): string | undefined {
  try {
    return new Intl.DateTimeFormat(locale, { timeZone, timeZoneName: style }).formatToParts(Date.now()).find((part) => part.type === 'timeZoneName')?.value;
  } catch {
    // Safari before 15.4 has no generic names: it throws a RangeError for the style.
    return undefined;
  }
}

/** Zone names by locale and zone: every session card names one, on every change of the crew. */
const zoneNames = new Map<string, string>();

/**
 * A zone's name in the viewer's language, as calendars write it: "Central European Time",
 * "Mitteleuropäische Zeit", "hora oriental". Where the language has no name for it but an offset
 * ("GMT+00:00" for UTC), or the browser no generic names, its standard name ("Coordinated
 * Universal Time", "Central European Standard Time").
 */
export function zoneName(timeZone: string, locale: string = intlLocale()): string {
  const key = `${locale} ${timeZone}`;
  let name = zoneNames.get(key);
  if (name === undefined) {
    const generic = zoneNamed(timeZone, locale, 'longGeneric');
    name = generic === undefined || /^GMT[+-]/.test(generic) ? (zoneNamed(timeZone, locale, 'long') ?? generic ?? timeZone) : generic;
    zoneNames.set(key, name);
  }
  return name;
}

/** "Tuesdays at 19:00, Central European Time": the crew's rhythm as its organiser set it. */
export const cadenceText = ({ weekday, time, timeZone }: Pick<Cadence, 'weekday' | 'time' | 'timeZone'>): string =>
  t('crew.cadence', { weekday: String(weekday), time, zone: zoneName(timeZone) });

export interface SessionWhen {
  /** "Tue 2 Mar" in the viewer's zone. */
  readonly date: string;
  /** "19:00" in the viewer's zone. */
  readonly time: string;
  /** "Tue 19:00 Central European Time" where the crew's clock shows another time or day; null where it agrees. */
  readonly crewTime: string | null;
}

/** Languages whose short weekday and month can read alike ("mar, 2 mar": martes, marzo), so their month is written out. */
const MONTH_WRITTEN_OUT: ReadonlySet<string> = new Set(['es']);
/** A day written short: "Tue 2 Mar", "Di., 2. März", "mar, 2 de marzo". */
const dateFormat = (locale: string, timeZone: string) =>
  new Intl.DateTimeFormat(locale, { timeZone, weekday: 'short', day: 'numeric', month: MONTH_WRITTEN_OUT.has(new Intl.Locale(locale).language) ? 'long' : 'short' });
const timeFormat = (locale: string, timeZone: string) => new Intl.DateTimeFormat(locale, { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
const weekdayFormat = (locale: string, timeZone: string) => new Intl.DateTimeFormat(locale, { timeZone, weekday: 'short' });

/** When a session takes place, in `viewerZone`, from its wall time in the crew's zone. */
export function sessionWhen(wall: WallTime, viewerZone: string, locale: string = intlLocale()): SessionWhen {
  const instant = instantOf(wall);
  const date = dateFormat(locale, viewerZone).format(instant);
  const time = timeFormat(locale, viewerZone).format(instant);
  const sameClock = date === dateFormat(locale, wall.timeZone).format(instant) && time === timeFormat(locale, wall.timeZone).format(instant);
  return { date, time, crewTime: sameClock ? null : t('crew.crewTime', { weekday: weekdayFormat(locale, wall.timeZone).format(instant), time: wall.time, zone: zoneName(wall.timeZone, locale) }) };
}

/**
 * "Moved from Tue 22 Dec", or "Moved from 19:00" where only its time changed: when a moved session
 * was to be, in the viewer's zone as its new time is; null for one that was not moved.
 */
export function movedFromText(session: Pick<CrewSession, 'scheduled' | 'movedFrom'>, viewerZone: string, locale: string = intlLocale()): string | null {
  if (!session.movedFrom) return null;
  const was = sessionWhen({ ...session.movedFrom, timeZone: session.scheduled.timeZone }, viewerZone, locale);
  const is = sessionWhen(session.scheduled, viewerZone, locale);
  return was.date === is.date ? t('session.movedFromTime', { time: was.time }) : t('session.movedFrom', { date: was.date });
}

/** "Tue 29 Dec": a date of the calendar, as a day (noon UTC, so no zone moves it to another). */
export const dayOf = (date: string, locale: string = intlLocale()): string => dateFormat(locale, 'UTC').format(Date.parse(`${date}T12:00:00Z`));

/** A line of the sessions' list: a session, or a week skipped, in its place among them. */
export type SessionListEntry = { readonly session: CrewView['sessions'][number] } | { readonly skipped: string };

/** The sessions with each skipped week before the first session after it, so the dates read in order. */
export function sessionsAndSkips({ sessions, skippedDates }: Pick<CrewView, 'sessions' | 'skippedDates'>): SessionListEntry[] {
  const skips = [...skippedDates].sort();
  const entries: SessionListEntry[] = [];
  for (const session of sessions) {
    while (skips.length > 0 && skips[0]! < session.scheduled.date) entries.push({ skipped: skips.shift()! });
    entries.push({ session });
  }
  return [...entries, ...skips.map((skipped) => ({ skipped }))];
}

/** This device's time zone, as the browser knows it. */
export const viewerTimeZone = (): string => Intl.DateTimeFormat().resolvedOptions().timeZone;

/**
 * The crew in the shape the shared rules read. A member's device token hashes are never sent to
 * devices and no rule the page asks reads them, so the view's members stand in with none.
 */
export const rulesCrewOf = (crew: CrewView) => ({ ...crew, members: crew.members.map((member) => ({ ...member, tokenHashes: [] })) });

/** Why `memberId` may not send `command` now (server time `at`), or null if they may: the shared rules, never the view's own. */
export const refusalOf = (crew: CrewView, memberId: string, command: CrewCommand, at: number): Reason | null => crewCommandRule(rulesCrewOf(crew), memberId, command, at);

export const mayDo = (crew: CrewView, memberId: string, command: CrewCommand, at: number): boolean => refusalOf(crew, memberId, command, at) === null;

/** A member's name, or how the page speaks of someone who has left. */
export const nameOf = (crew: Pick<CrewView, 'members'>, memberId: string | null): string =>
  crew.members.find((member) => member.id === memberId)?.name ?? t('crew.formerMember');

const weeks = (indexes: readonly number[]) => ({ count: indexes.length, weeks: listText(indexes.map((index) => String(index + 1))) });

/** Where a member stands in the case rota, as the shared rules put it: "Bringing a case now, in week 2", "Planned for weeks 3 and 5"… */
export function standingText({ stage, broughtIn, plannedIn, bringingIn }: Omit<CaseStanding, 'memberId'>): string {
  switch (stage) {
    case 'bringingNow':
      return t('crew.standing.bringingNow', { week: (bringingIn ?? 0) + 1 });
    case 'brought':
      return t('crew.standing.brought', weeks(broughtIn));
    case 'planned':
      return t('crew.standing.planned', weeks(plannedIn));
    case 'notYet':
      return t('crew.standing.notYet');
    case 'noCase':
      return t('crew.standing.noCase');
  }
}

export interface HistoryLine {
  readonly index: number;
  readonly title: string;
  /** Who brought a case, in round order; empty for the intro and the landing. */
  readonly caseGivers: readonly string[];
  readonly plannedMinutes: number;
  readonly actualMinutes: number;
}

const minutes = (ms: number) => Math.round(ms / 60_000);

/** The held sessions, oldest first, with their planned-against-actual time: how the weeks went, never what was said. */
export function historyOf(crew: Pick<CrewView, 'members' | 'sessions'>): HistoryLine[] {
  return crew.sessions.flatMap((session) => {
    if (!session.summary) return [];
    const phases = session.summary.rounds.flatMap((round) => round.phases);
    return [
      {
        index: session.index,
        title: sessionTitle(session),
        caseGivers: session.kind === 'case' ? session.summary.rounds.map((round) => nameOf(crew, round.caseGiverId)) : [],
        plannedMinutes: minutes(phases.reduce((total, phase) => total + phase.plannedMs, 0)),
        actualMinutes: minutes(phases.reduce((total, phase) => total + phase.actualMs, 0)),
      },
    ];
  });
}

/** "Works once, for 10 more minutes": a pairing code's time left, in whole minutes rounded up. */
export function pairingCodeLifetime(expiresAt: number, serverNow: number): string {
  const left = Math.ceil((expiresAt - serverNow) / 60_000);
  return left <= 0 ? t('crew.pairing.expired') : t('crew.pairing.lifetime', { minutes: left });
}
