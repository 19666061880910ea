/**
 * The case rota and rotating leadership over whole crews: everyone brings a case before anyone
 * brings a second, facilitation goes round evenly and never to the session's case giver, and the
 * rota copes with volunteers, confirmation, a member who can't make it and a member who leaves.
 */
import { describe, expect, it } from 'vitest';
import {
  casesPerSession,
  newNameRule,
  caseSessionsNeeded,
  formatOf,
  caseStandings,
  confirmRule,
  joinRule,
  landingRule,
  leaveRule,
  organiserRule,
  sessionLineup,
  suggestedCaseGivers,
  volunteerRule,
  weeksForEveryone,
  withCannotAttend,
  withConfirmed,
  withLandingDecision,
  withOrganiser,
  withoutMember,
  withRotaSuggested,
  withVolunteer,
} from '../../shared/crewRota.ts';
import { storedCrewSchema, type StoredCrew } from '../../shared/crewSchema.ts';
import { ACTION_LEARNING } from '../../shared/formats/actionLearning.ts';
import { CLASSIC } from '../../shared/formats/classic.ts';
import { CREW_INTRO } from '../../shared/formats/crewIntro.ts';
import { CREW_LANDING } from '../../shared/formats/crewLanding.ts';
import { TROIKA } from '../../shared/formats/troika.ts';
import { WISE_CROWDS } from '../../shared/formats/wiseCrowds.ts';
import { afterSession, crewOf } from '../support/crewFixture.ts';

/** The crew after every session was held in turn, the rota suggested again before each, as the server will. */
function wholeCrew(crew: StoredCrew): StoredCrew {
  let next = crew;
  for (const session of crew.sessions) next = afterSession(withRotaSuggested(next), session.index);
  return next;
}

const caseSessions = (crew: StoredCrew) => crew.sessions.filter((session) => session.kind === 'case');
const countsOf = (crew: StoredCrew, ids: (session: StoredCrew['sessions'][number]) => readonly string[]) =>
  crew.members.map((member) => crew.sessions.filter((session) => ids(session).includes(member.id)).length);
const spread = (counts: readonly number[]) => Math.max(...counts) - Math.min(...counts);

describe('how many case sessions a crew needs', () => {
  it('holds one case a session in a format of one round, so a crew of six needs six', () => {
    expect(casesPerSession(CLASSIC, 6)).toBe(1);
    expect(caseSessionsNeeded(CLASSIC, 6)).toBe(6);
    expect(weeksForEveryone(CLASSIC, 6)).toBe(8);
    expect(weeksForEveryone(CLASSIC, 3)).toBe(5);
  });

  it('holds as many cases as the format is made for, within the crew and a 90-minute session', () => {
    expect([3, 4, 6].map((size) => casesPerSession(TROIKA, size))).toEqual([3, 4, 4]);
    expect(caseSessionsNeeded(TROIKA, 6)).toBe(2);
    expect(casesPerSession(WISE_CROWDS, 6)).toBe(6);
    // Action learning takes 35 minutes a round: two fit.
    expect(casesPerSession(ACTION_LEARNING, 4)).toBe(2);
    expect(weeksForEveryone(ACTION_LEARNING, 4)).toBe(4);
  });
});

describe.each([3, 4, 6])('a six-week crew of %i', (size) => {
  const crew = wholeCrew(crewOf(size));
  const slots = caseSessions(crew).length;

  it('has one case giver in each case session, and nobody a second case before everyone has had one', () => {
    const givers = caseSessions(crew).map((session) => session.caseGiverIds);
    expect(givers.every((ids) => ids.length === 1)).toBe(true);
    const firstCycle = givers.slice(0, Math.min(size, slots)).flat();
    expect(new Set(firstCycle).size).toBe(firstCycle.length);
    expect(spread(countsOf(crew, (session) => session.caseGiverIds))).toBeLessThanOrEqual(1);
  });

  it('shares facilitation evenly, never to the case giver of the session', () => {
    expect(crew.sessions.every((session) => session.facilitatorId !== null && !session.caseGiverIds.includes(session.facilitatorId))).toBe(true);
    expect(spread(countsOf(crew, (session) => (session.facilitatorId === null ? [] : [session.facilitatorId])))).toBeLessThanOrEqual(1);
    expect(crew.sessions[0]!.facilitatorId).toBe(crew.organiserId);
  });

  it('keeps in its history who brought a case each week, and says who has not', () => {
    for (const session of caseSessions(crew)) expect(session.summary!.rounds.map((round) => round.caseGiverId)).toEqual(session.caseGiverIds);
    const without = caseStandings(crew).filter((standing) => standing.broughtIn.length === 0);
    expect(without).toHaveLength(Math.max(0, size - slots));
    // With every case session held, they have no case this time round, not "not yet".
    expect(without.map((standing) => standing.stage).filter((stage) => stage !== 'noCase')).toEqual([]);
    expect(storedCrewSchema.safeParse(crew).success).toBe(true);
  });
});

describe('where each member stands in the case rota', () => {
  const suggested = withRotaSuggested(crewOf(4));
  const [week2CaseGiver] = suggested.sessions[1]!.caseGiverIds;
  const standingOf = (crew: StoredCrew, memberId: string) => caseStandings(crew).find((standing) => standing.memberId === memberId);

  it('is bringing a case while that session runs, and has brought it once the session closed', () => {
    expect(standingOf(suggested, week2CaseGiver!)).toMatchObject({ stage: 'planned', plannedIn: [1], bringingIn: null });
    const running = { ...suggested, sessions: suggested.sessions.map((session) => (session.index === 1 ? { ...session, clinicId: 'week-2-clinic' } : session)) };
    expect(standingOf(running, week2CaseGiver!)).toMatchObject({ stage: 'bringingNow', broughtIn: [1], bringingIn: 1 });
    expect(standingOf(afterSession(running, 1), week2CaseGiver!)).toMatchObject({ stage: 'brought', broughtIn: [1], bringingIn: null });
  });

  it('is "not yet" for those the rota has no week for while case weeks are to come', () => {
    // Six members, four case weeks: two wait for a week that may still open up.
    const stages = caseStandings(withRotaSuggested(crewOf(6))).map((standing) => standing.stage);
    expect(stages.filter((stage) => stage === 'notYet')).toHaveLength(2);
    expect(stages.filter((stage) => stage === 'planned')).toHaveLength(4);
  });
});

describe('a crew too big for its weeks', () => {
  it('gets everyone a case once given the weeks the rota says it needs', () => {
    const crew = wholeCrew(crewOf(6, { weeks: weeksForEveryone(CLASSIC, 6) }));
    expect(caseStandings(crew).every((standing) => standing.broughtIn.length === 1)).toBe(true);
  });

  it('brings several cases to a session in a format with a round per case giver', () => {
    const crew = wholeCrew(crewOf(6, { formatId: 'troika' }));
    expect(caseSessions(crew).map((session) => session.caseGiverIds.length)).toEqual([4, 4, 4, 4]);
    // Everyone has brought a case within the two sessions the rota said were needed.
    const firstTwo = new Set(caseSessions(crew).slice(0, 2).flatMap((session) => session.caseGiverIds));
    expect(firstTwo.size).toBe(6);
    expect(spread(countsOf(crew, (session) => session.caseGiverIds))).toBeLessThanOrEqual(1);
  });
});

describe('volunteers and confirmation', () => {
  const crew = withRotaSuggested(crewOf(4));

  it('suggests a volunteer who has not brought a case yet ahead of the crew order', () => {
    expect(suggestedCaseGivers(crew, 1)).toEqual(['orla']);
    const volunteered = withVolunteer(crew, 1, 'dev', true);
    expect(suggestedCaseGivers(volunteered, 1)).toEqual(['dev']);
    expect(withRotaSuggested(volunteered).sessions.map((session) => session.caseGiverIds)).toEqual([[], ['dev'], ['orla'], ['ben'], ['cleo'], []]);
    expect(suggestedCaseGivers(withVolunteer(volunteered, 1, 'dev', false), 1)).toEqual(['orla']);
  });

  it('takes volunteers to case sessions only, and only from members', () => {
    expect(volunteerRule(crew, 2, 'ben')).toBeNull();
    expect(volunteerRule(crew, 0, 'ben')).toBe('NOT_A_CASE_SESSION');
    expect(volunteerRule(crew, 2, 'zed')).toBe('NOT_A_MEMBER');
    expect(volunteerRule(afterSession(crew, 2), 2, 'ben')).toBe('SESSION_STARTED');
  });

  it('keeps what the organiser confirmed when the rota is suggested again', () => {
    const confirmed = withConfirmed(crew, 4, ['ben'], 'orla');
    const again = withRotaSuggested(confirmed);
    expect(again.sessions[4]).toMatchObject({ caseGiverIds: ['ben'], facilitatorId: 'orla', confirmed: true });
    // Ben's case is taken, so the other sessions go to the rest.
    expect(again.sessions.slice(1, 4).map((session) => session.caseGiverIds[0])).toEqual(['orla', 'cleo', 'dev']);
  });

  it('refuses a confirmation the session cannot hold', () => {
    expect(confirmRule(crew, 2, ['ben'], 'cleo')).toBeNull();
    expect(confirmRule(crew, 2, ['ben', 'cleo'], 'dev')).toBe('TOO_MANY_CASES');
    expect(confirmRule(crew, 2, ['ben', 'ben'], 'dev')).toBe('CASE_GIVERS_INVALID');
    expect(confirmRule(crew, 2, ['zed'], 'dev')).toBe('NOT_A_MEMBER');
    expect(confirmRule(crew, 0, ['ben'], 'orla')).toBe('NOT_A_CASE_SESSION');
    const away = withCannotAttend(crew, 2, 'cleo', true);
    expect(confirmRule(away, 2, ['cleo'], 'dev')).toBe('CASE_GIVERS_INVALID');
    expect(confirmRule(away, 2, ['ben'], 'cleo')).toBe('FACILITATOR_ABSENT');
  });
});

describe("a member who can't make it", () => {
  const crew = withRotaSuggested(crewOf(4));

  it('hands their case to whoever was planned next, and takes that later turn, so nobody loses one', () => {
    expect(crew.sessions.map((session) => session.caseGiverIds[0] ?? null)).toEqual([null, 'orla', 'ben', 'cleo', 'dev', null]);
    const away = withCannotAttend(withConfirmed(crew, 2, ['ben'], 'dev'), 2, 'ben', true);
    expect(away.sessions.map((session) => session.caseGiverIds[0] ?? null)).toEqual([null, 'orla', 'cleo', 'ben', 'dev', null]);
    expect(away.sessions[2]).toMatchObject({ cannotAttendIds: ['ben'], confirmed: false });
    expect(sessionLineup(away, 2)).toEqual({ lineup: ['orla', 'cleo', 'dev'], caseGiverIds: ['cleo'], facilitatorId: 'dev' });
  });

  it('hands their facilitation to someone else who can make it and is not bringing a case', () => {
    const facilitator = crew.sessions[3]!.facilitatorId!;
    const away = withCannotAttend(crew, 3, facilitator, true);
    const replacement = away.sessions[3]!.facilitatorId;
    expect(replacement).not.toBeNull();
    expect([facilitator, ...away.sessions[3]!.caseGiverIds]).not.toContain(replacement);
  });

  it('can say they can make it after all, without taking back what was reassigned', () => {
    const back = withCannotAttend(withCannotAttend(crew, 2, 'ben', true), 2, 'ben', false);
    expect(back.sessions[2]).toMatchObject({ cannotAttendIds: [], caseGiverIds: ['cleo'] });
  });

  it('is never both away and offering a case: offering says they will come, and saying they cannot withdraws the offer', () => {
    const away = withCannotAttend(crew, 3, 'dev', true);
    const offered = withVolunteer(away, 3, 'dev', true);
    expect(offered.sessions[3]).toMatchObject({ cannotAttendIds: [], volunteerIds: ['dev'] });
    expect(withCannotAttend(offered, 3, 'dev', true).sessions[3]).toMatchObject({ cannotAttendIds: ['dev'], volunteerIds: [] });
    // Taking an offer back says nothing of coming.
    expect(withVolunteer(away, 3, 'dev', false).sessions[3]!.cannotAttendIds).toEqual(['dev']);
  });
});

describe('a member who leaves', () => {
  // Intro, Orla's case and Ben's case are held; Ben then leaves.
  const held = [0, 1, 2].reduce((crew, index) => afterSession(withRotaSuggested(crew), index), crewOf(4));
  const left = withoutMember(held, 'ben');

  it('is gone from the members, and their devices are known only to be told so', () => {
    expect(left.members.map((member) => member.id)).toEqual(['orla', 'cleo', 'dev']);
    expect(left.departedTokenHashes).toEqual(held.members[1]!.tokenHashes);
  });

  it('is gone from every session, past summaries included, and the crew record stays valid', () => {
    expect(JSON.stringify(left.sessions)).not.toContain('"ben"');
    expect(left.sessions[2]!.summary!.rounds[0]!.caseGiverId).toBeNull();
    expect(left.sessions[2]!.summary!.rounds[0]!.phases).toEqual(held.sessions[2]!.summary!.rounds[0]!.phases);
    expect(storedCrewSchema.safeParse(left).success).toBe(true);
  });

  it('leaves every session to come with a facilitator, and the rota going on without them', () => {
    expect(left.sessions.filter((session) => session.clinicId === null).every((session) => session.facilitatorId !== null)).toBe(true);
    const finished = [3, 4, 5].reduce((crew, index) => afterSession(withRotaSuggested(crew), index), left);
    expect(caseStandings(finished).map((standing) => standing.broughtIn.length)).toEqual([1, 1, 1]);
  });

  it('must hand the organiser role over first', () => {
    expect(leaveRule(held, 'orla')).toBe('ORGANISER_CANNOT_LEAVE');
    expect(organiserRule(held, 'orla')).toBe('ALREADY_ORGANISER');
    expect(organiserRule(held, 'zed')).toBe('NOT_A_MEMBER');
    const handedOver = withOrganiser(held, 'cleo');
    expect(leaveRule(handedOver, 'orla')).toBeNull();
    expect(withoutMember(handedOver, 'orla').organiserId).toBe('cleo');
  });
});

describe('joining and landing', () => {
  it('takes twelve members at most', () => {
    expect(joinRule(crewOf(11))).toBeNull();
    expect(joinRule(crewOf(12))).toBe('CREW_FULL');
  });

  it('takes nobody new while the crew is closed to new members, however much room it has', () => {
    expect(joinRule({ ...crewOf(3), openToNewMembers: false })).toBe('CREW_CLOSED');
  });

  it('takes nobody new by a name a member goes by, whatever its case, spacing or width', () => {
    const crew = crewOf(3);
    for (const taken of ['Ben', 'ben', 'BEN', 'Ｂｅｎ']) expect(newNameRule(crew, taken), taken).toBe('NAME_TAKEN');
    for (const free of ['Ben K.', 'Benno', 'Dev']) expect(newNameRule(crew, free), free).toBeNull();
  });

  it("records the crew's decision once the landing has started", () => {
    const crew = withRotaSuggested(crewOf(3));
    expect(landingRule(crew)).toBe('NOT_THE_LANDING');
    const landed = afterSession(crew, 5);
    expect(landingRule(landed)).toBeNull();
    const decided = withLandingDecision(landed, 'anotherCycle', Date.UTC(2027, 3, 6, 19));
    expect(storedCrewSchema.parse(decided).landing).toEqual({ decision: 'anotherCycle', decidedAt: Date.UTC(2027, 3, 6, 19) });
  });
});

describe("a crew's own format", () => {
  it('runs its case sessions only: the intro and the landing stay the library\'s, whatever id it took', () => {
    const library = crewOf(4, { weeks: 3 });
    // Sent over the protocol rather than built on the create page, it may take the intro's id.
    const { translations: _libraryOnly, ...classic } = CLASSIC;
    const own = { ...classic, id: CREW_INTRO.id, name: 'Our own way' };
    const crew = storedCrewSchema.parse({ ...library, defaultFormat: { kind: 'custom', format: own }, sessions: library.sessions.map((session) => ({ ...session, formatId: session.kind === 'case' ? own.id : session.formatId })) });
    expect(crew.sessions.map((session) => formatOf(crew, session))).toEqual([CREW_INTRO, own, CREW_LANDING]);
  });
});
