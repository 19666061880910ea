/**
 * A crew's case rota and rotating leadership, pure: how many case sessions a crew needs, who is
 * suggested to bring a case and to facilitate each session, volunteering and confirmation, "I
 * can't make it", a member leaving, the organiser handing over, and the lineup a session's clinic
 * starts with. A session that has started (it has a clinic) is history and never changes here,
 * except that a member who leaves is taken out of it.
 */
import { CREW_SESSION_MINUTES, CREW_SIZE, CREW_WEEKS } from './crewLimits.ts';
import type { Reason } from './reasons.ts';
import type { CrewMember, CrewSession, LandingDecision, StoredCrew } from './crewSchema.ts';
import { findFormat } from './formatLibrary.ts';
import { defaultMinutesOf, peopleWithin, totalMinutes } from './formatPlanning.ts';
import type { ClinicFormat } from './formatSchema.ts';

export type Crew = Pick<StoredCrew, 'members' | 'sessions' | 'organiserId' | 'defaultFormat' | 'openToNewMembers'>;

/**
 * How many cases one session of `format` holds for a crew of `crewSize`. A format of one round
 * holds one. A format with a round per case giver (Troika, Wise Crowds, action learning) is made
 * for everyone in its participant range to bring a case in one sitting, so it holds as many as
 * that range's nearest size to the crew (never more than the crew), and no more rounds than fit
 * the crew's session time: Troika holds four cases for a crew of four or more (ten minutes a
 * round), action learning two (35 minutes a round).
 */
export function casesPerSession(format: ClinicFormat, crewSize: number): number {
  if (format.rounds === 'one') return 1;
  const people = peopleWithin(format, crewSize);
  const roundMinutes = totalMinutes(format, defaultMinutesOf(format), people) / people;
  return Math.max(1, Math.min(people, crewSize, Math.floor(CREW_SESSION_MINUTES / roundMinutes)));
}

/** Case sessions for everyone to bring one case. */
export const caseSessionsNeeded = (format: ClinicFormat, crewSize: number): number => Math.ceil(crewSize / casesPerSession(format, crewSize));

/** Weeks for everyone to bring a case: the case sessions, the intro and the landing. */
export const weeksForEveryone = (format: ClinicFormat, crewSize: number): number =>
  Math.min(CREW_WEEKS.max, Math.max(CREW_WEEKS.min, caseSessionsNeeded(format, crewSize) + 2));

/**
 * A session's format: the library's, or, for a case session, the crew's own; undefined if neither
 * has it. The intro and the landing are always the library's, whatever id a crew's own format took.
 */
export function formatOf(crew: Pick<Crew, 'defaultFormat'>, session: Pick<CrewSession, 'formatId' | 'kind'>): ClinicFormat | undefined {
  const own = crew.defaultFormat.kind === 'custom' && session.kind === 'case' ? crew.defaultFormat.format : undefined;
  return own?.id === session.formatId ? own : findFormat(session.formatId);
}

const isOpen = (session: CrewSession) => session.clinicId === null;
const canMakeIt = (session: CrewSession, memberId: string) => !session.cannotAttendIds.includes(memberId);
const without = (ids: readonly string[], id: string) => ids.filter((candidate) => candidate !== id);

function sessionAt(crew: Crew, index: number): CrewSession {
  const session = crew.sessions[index];
  if (!session) throw new Error(`No session at index ${index}`);
  return session;
}

function withSession(crew: Crew, index: number, change: (session: CrewSession) => CrewSession): CrewSession[] {
  return crew.sessions.map((session) => (session.index === index ? change(session) : session));
}

/**
 * A member's record for a suggestion in session `index`: the sessions held, confirmed or before
 * it in which they took the part (later unconfirmed ones are only earlier suggestions, worked out
 * again after this one), how many of those were held, the latest, and the soonest later suggestion
 * (-1 for none: someone with no turn planned at all comes first).
 */
interface Tally {
  readonly times: number;
  readonly held: number;
  readonly latest: number;
  readonly nextSuggested: number;
}

function tallyOf(crew: Crew, index: number, takesPart: (session: CrewSession) => boolean): Tally {
  const others = crew.sessions.filter((session) => session.index !== index && takesPart(session));
  const counted = others.filter((session) => !isOpen(session) || session.confirmed || session.index < index);
  const suggested = others.filter((session) => !counted.includes(session));
  return {
    times: counted.length,
    held: counted.filter((session) => !isOpen(session)).length,
    latest: Math.max(-1, ...counted.map((session) => session.index)),
    nextSuggested: suggested[0]?.index ?? -1,
  };
}

const caseTally = (crew: Crew, memberId: string, index: number) => tallyOf(crew, index, (session) => session.caseGiverIds.includes(memberId));
const facilitationTally = (crew: Crew, memberId: string, index: number) => tallyOf(crew, index, (session) => session.facilitatorId === memberId);

/** Members ordered by the keys, smallest first; ties keep the crew's joining order. */
function ranked(members: readonly CrewMember[], keys: (member: CrewMember) => readonly number[]): CrewMember[] {
  const keyed = members.map((member, order) => ({ member, keys: [...keys(member), order] }));
  keyed.sort((a, b) => {
    const at = a.keys.findIndex((key, index) => key !== b.keys[index]);
    return at === -1 ? 0 : a.keys[at]! - b.keys[at]!;
  });
  return keyed.map(({ member }) => member);
}

/**
 * Who is suggested to bring a case to session `index`, as many as its format holds: fairness
 * first (the fewest cases held, confirmed or planned before it, so nobody brings a second before
 * everyone has brought one; then the fewest already held), then whoever volunteered, then whoever
 * has no later turn suggested, then the one whose suggested turn is soonest (brought forward, not
 * someone given a second), then whoever brought one longest ago, then the crew's joining order.
 * Members who can't make it are never suggested.
 */
export function suggestedCaseGivers(crew: Crew, index: number): string[] {
  const session = sessionAt(crew, index);
  const format = formatOf(crew, session);
  if (session.kind !== 'case' || !format) return [];
  const candidates = crew.members.filter((member) => canMakeIt(session, member.id));
  return ranked(candidates, (member) => {
    const tally = caseTally(crew, member.id, index);
    return [tally.times, tally.held, session.volunteerIds.includes(member.id) ? 0 : 1, tally.nextSuggested, tally.latest];
  })
    .slice(0, casesPerSession(format, crew.members.length))
    .map((member) => member.id);
}

/**
 * Who is suggested to facilitate session `index`: the organiser for the intro, having convened
 * the crew; otherwise whoever has facilitated least and longest ago, never one of the session's
 * case givers while someone else can make it.
 */
export function suggestedFacilitator(crew: Crew, index: number): string | null {
  const session = sessionAt(crew, index);
  const present = crew.members.filter((member) => canMakeIt(session, member.id));
  if (session.kind === 'intro' && present.some((member) => member.id === crew.organiserId)) return crew.organiserId;
  const notGivingACase = present.filter((member) => !session.caseGiverIds.includes(member.id));
  const candidates = notGivingACase.length > 0 ? notGivingACase : present;
  const tally = (member: CrewMember) => facilitationTally(crew, member.id, index);
  return ranked(candidates, (member) => [tally(member).times, tally(member).latest])[0]?.id ?? null;
}

/**
 * Every session not yet started nor confirmed gets the suggested case givers and facilitator,
 * worked out session by session from the first, so the turns go round the crew.
 */
export function withRotaSuggested<T extends Crew>(crew: T): T {
  const open = (session: CrewSession) => isOpen(session) && !session.confirmed;
  let next: T = { ...crew, sessions: crew.sessions.map((session) => (open(session) ? { ...session, caseGiverIds: [], facilitatorId: null } : session)) };
  for (const session of next.sessions.filter(open)) {
    next = { ...next, sessions: withSession(next, session.index, (planned) => ({ ...planned, caseGiverIds: suggestedCaseGivers(next, session.index) })) };
    next = { ...next, sessions: withSession(next, session.index, (planned) => ({ ...planned, facilitatorId: suggestedFacilitator(next, session.index) })) };
  }
  return next;
}

export interface CaseStanding {
  readonly memberId: string;
  /** Sessions already held (or running) in which they brought a case. */
  readonly broughtIn: readonly number[];
  /** Sessions to come in which they are planned to. */
  readonly plannedIn: readonly number[];
  /** The session running now in which they bring a case, if one is. */
  readonly bringingIn: number | null;
  /** Where that leaves them; `noCase` once no case session is left to come and none was theirs. */
  readonly stage: 'bringingNow' | 'brought' | 'planned' | 'notYet' | 'noCase';
}

const isRunning = (session: CrewSession) => session.clinicId !== null && session.summary === null;

/** Who has brought a case, who is bringing one now, who is planned to and who has not, in the crew's order. */
export function caseStandings(crew: Crew): CaseStanding[] {
  const where = (memberId: string, held: boolean) =>
    crew.sessions.filter((session) => session.caseGiverIds.includes(memberId) && isOpen(session) !== held).map((session) => session.index);
  const caseSessionToCome = crew.sessions.some((session) => session.kind === 'case' && isOpen(session));
  return crew.members.map((member) => {
    const broughtIn = where(member.id, true);
    const plannedIn = where(member.id, false);
    const bringingIn = crew.sessions.find((session) => broughtIn.includes(session.index) && isRunning(session))?.index ?? null;
    const stage = bringingIn !== null ? 'bringingNow' : broughtIn.length > 0 ? 'brought' : plannedIn.length > 0 ? 'planned' : caseSessionToCome ? 'notYet' : 'noCase';
    return { memberId: member.id, broughtIn, plannedIn, bringingIn, stage };
  });
}

const isMember = (crew: Crew, memberId: string) => crew.members.some((member) => member.id === memberId);

/** Whether the rota of session `index` may change: it exists and has not started. */
export function openSessionRule(crew: Crew, index: number): Reason | null {
  const session = crew.sessions[index];
  if (!session) return 'NO_SUCH_SESSION';
  return isOpen(session) ? null : 'SESSION_STARTED';
}

export function volunteerRule(crew: Crew, index: number, memberId: string): Reason | null {
  if (!isMember(crew, memberId)) return 'NOT_A_MEMBER';
  return openSessionRule(crew, index) ?? (sessionAt(crew, index).kind === 'case' ? null : 'NOT_A_CASE_SESSION');
}

/**
 * "I'd like to bring a case" to session `index`, or taking it back. Offering a case says they will
 * be there: an earlier "I can't make it" goes, as saying that withdraws an offer.
 */
export function withVolunteer<T extends Crew>(crew: T, index: number, memberId: string, volunteering: boolean): T {
  return {
    ...crew,
    sessions: withSession(crew, index, (session) => ({
      ...session,
      volunteerIds: volunteering ? [...without(session.volunteerIds, memberId), memberId] : without(session.volunteerIds, memberId),
      cannotAttendIds: volunteering ? without(session.cannotAttendIds, memberId) : session.cannotAttendIds,
    })),
  };
}

/** The organiser may confirm case givers who can make it, each once, as many as the format holds, and a facilitator who can. */
export function confirmRule(crew: Crew, index: number, caseGiverIds: readonly string[], facilitatorId: string): Reason | null {
  const closed = openSessionRule(crew, index);
  if (closed) return closed;
  const session = sessionAt(crew, index);
  if ([facilitatorId, ...caseGiverIds].some((memberId) => !isMember(crew, memberId))) return 'NOT_A_MEMBER';
  if (session.kind !== 'case' && caseGiverIds.length > 0) return 'NOT_A_CASE_SESSION';
  if (new Set(caseGiverIds).size !== caseGiverIds.length || !caseGiverIds.every((memberId) => canMakeIt(session, memberId))) return 'CASE_GIVERS_INVALID';
  const format = formatOf(crew, session);
  if (format && caseGiverIds.length > casesPerSession(format, crew.members.length)) return 'TOO_MANY_CASES';
  return canMakeIt(session, facilitatorId) ? null : 'FACILITATOR_ABSENT';
}

export function withConfirmed<T extends Crew>(crew: T, index: number, caseGiverIds: readonly string[], facilitatorId: string): T {
  return { ...crew, sessions: withSession(crew, index, (session) => ({ ...session, caseGiverIds: [...caseGiverIds], facilitatorId, confirmed: true })) };
}

/**
 * Someone's part in session `index` goes to another: as case giver, the one suggested now; if that
 * member was planned to bring a case later, the one leaving their seat takes that later turn if
 * they can make it, so nobody loses a turn. As facilitator, the one suggested. The session then
 * waits for the organiser's confirmation again.
 */
function withPartsReassigned<T extends Crew>(crew: T, index: number, memberId: string): T {
  const session = sessionAt(crew, index);
  let next: T = crew;
  if (session.caseGiverIds.includes(memberId)) {
    next = { ...next, sessions: withSession(next, index, (planned) => ({ ...planned, caseGiverIds: without(planned.caseGiverIds, memberId), confirmed: false })) };
    const replacement = suggestedCaseGivers(next, index).find((candidate) => !sessionAt(next, index).caseGiverIds.includes(candidate));
    if (replacement !== undefined) {
      const later = next.sessions.find((other) => other.index > index && isOpen(other) && other.caseGiverIds.includes(replacement) && canMakeIt(other, memberId) && isMember(next, memberId));
      next = { ...next, sessions: withSession(next, index, (planned) => ({ ...planned, caseGiverIds: [...planned.caseGiverIds, replacement] })) };
      if (later) {
        const swapped = later.caseGiverIds.map((candidate) => (candidate === replacement ? memberId : candidate));
        next = { ...next, sessions: withSession(next, later.index, (planned) => ({ ...planned, caseGiverIds: swapped, confirmed: false })) };
      }
    }
  }
  if (sessionAt(next, index).facilitatorId === memberId) {
    next = { ...next, sessions: withSession(next, index, (planned) => ({ ...planned, facilitatorId: null, confirmed: false })) };
    next = { ...next, sessions: withSession(next, index, (planned) => ({ ...planned, facilitatorId: suggestedFacilitator(next, index) })) };
  }
  return next;
}

/** "I can't make it" to session `index` (or "I can after all"): their case or facilitation there is reassigned. */
export function withCannotAttend<T extends Crew>(crew: T, index: number, memberId: string, cannot: boolean): T {
  const marked: T = {
    ...crew,
    sessions: withSession(crew, index, (session) => ({
      ...session,
      cannotAttendIds: cannot ? [...without(session.cannotAttendIds, memberId), memberId] : without(session.cannotAttendIds, memberId),
      volunteerIds: cannot ? without(session.volunteerIds, memberId) : session.volunteerIds,
    })),
  };
  return cannot ? withPartsReassigned(marked, index, memberId) : marked;
}

export function leaveRule(crew: Crew, memberId: string): Reason | null {
  if (!isMember(crew, memberId)) return 'NOT_A_MEMBER';
  return memberId === crew.organiserId ? 'ORGANISER_CANNOT_LEAVE' : null;
}

type LeavingCrew = Crew & Pick<StoredCrew, 'departedTokenHashes'>;

/**
 * A member leaves and is removed everywhere: from the members, from every session's rota, and
 * from past sessions' summaries. Their parts in sessions to come are reassigned; their devices'
 * token hashes are kept only so those devices can be told why they cannot come back.
 */
export function withoutMember<T extends LeavingCrew>(crew: T, memberId: string): T {
  const leaving = crew.members.find((member) => member.id === memberId);
  if (!leaving) throw new Error('Not a member of this crew');
  const members = crew.members.filter((member) => member.id !== memberId);
  let next: T = { ...crew, members, departedTokenHashes: [...crew.departedTokenHashes, ...leaving.tokenHashes] };
  for (const session of crew.sessions.filter(isOpen)) next = withPartsReassigned(next, session.index, memberId);
  return {
    ...next,
    sessions: next.sessions.map((session) => ({
      ...session,
      caseGiverIds: without(session.caseGiverIds, memberId),
      volunteerIds: without(session.volunteerIds, memberId),
      cannotAttendIds: without(session.cannotAttendIds, memberId),
      facilitatorId: session.facilitatorId === memberId ? null : session.facilitatorId,
      summary: session.summary && {
        ...session.summary,
        rounds: session.summary.rounds.map((round) => (round.caseGiverId === memberId ? { ...round, caseGiverId: null } : round)),
      },
    })),
  };
}

/** Why someone new may not come in by name: about the crew, never about what they typed. */
export const NEWCOMER_REFUSALS = ['CREW_CLOSED', 'CREW_FULL'] as const satisfies readonly Reason[];
export type NewcomerRefusal = (typeof NEWCOMER_REFUSALS)[number];
export const isNewcomerRefusal = (reason: string): reason is NewcomerRefusal => (NEWCOMER_REFUSALS as readonly string[]).includes(reason);

/** Whether someone new may come in by name, to the crew or to one of its sessions' clinics. */
export const newcomerRule = (crew: Pick<Crew, 'openToNewMembers'>): 'CREW_CLOSED' | null => (crew.openToNewMembers ? null : 'CREW_CLOSED');

/** Whether someone new may join the crew by name. */
export function joinRule(crew: Crew): NewcomerRefusal | null {
  return newcomerRule(crew) ?? (crew.members.length < CREW_SIZE.max ? null : 'CREW_FULL');
}

/** Names as people read them: "anna" and "Anna " are one name, "Ａnna" (full width) too. */
const nameKey = (name: string): string => name.normalize('NFKC').trim().toLowerCase();

/**
 * Whether someone new may join by `name`: not one a member already goes by, since the others could
 * not tell them apart, and a member on a new device would become a second member.
 */
export const newNameRule = (crew: Pick<Crew, 'members'>, name: string): 'NAME_TAKEN' | null =>
  crew.members.some((member) => nameKey(member.name) === nameKey(name)) ? 'NAME_TAKEN' : null;

export function organiserRule(crew: Crew, memberId: string): Reason | null {
  if (!isMember(crew, memberId)) return 'NOT_A_MEMBER';
  return memberId === crew.organiserId ? 'ALREADY_ORGANISER' : null;
}

/** The organiser role handed to another member; the former organiser stays a member. */
export const withOrganiser = <T extends Crew>(crew: T, memberId: string): T => ({ ...crew, organiserId: memberId });

/** The crew's decision can be recorded once its landing has started. */
export function landingRule(crew: Crew): Reason | null {
  const landing = crew.sessions.at(-1);
  return landing?.kind === 'landing' && !isOpen(landing) ? null : 'NOT_THE_LANDING';
}

export const withLandingDecision = <T extends Crew>(crew: T, decision: LandingDecision, at: number): T & Pick<StoredCrew, 'landing'> => ({
  ...crew,
  landing: { decision, decidedAt: at },
});

export interface SessionLineup {
  /** Everyone who can make it, in the crew's order: coaches start after each round's case giver. */
  readonly lineup: readonly string[];
  /** The case giver of each round; in the intro and the landing, the host: its facilitator. */
  readonly caseGiverIds: readonly string[];
  readonly facilitatorId: string | null;
}

/** Who takes which part when session `index` starts as a clinic. */
export function sessionLineup(crew: Crew, index: number): SessionLineup {
  const session = sessionAt(crew, index);
  const lineup = crew.members.map((member) => member.id).filter((memberId) => canMakeIt(session, memberId));
  const facilitatorId = session.facilitatorId !== null && lineup.includes(session.facilitatorId) ? session.facilitatorId : suggestedFacilitator(crew, index);
  const caseGiverIds = session.kind === 'case' ? session.caseGiverIds.filter((memberId) => lineup.includes(memberId)) : facilitatorId === null ? [] : [facilitatorId];
  return { lineup, caseGiverIds, facilitatorId };
}
