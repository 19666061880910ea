/**
 * The stored crew: what a record must be to be read back, and the clear error for one that is not.
 */
import { describe, expect, it } from 'vitest';
import { CREW_SCHEMA_VERSION, readStoredCrew, storedCrewSchema, type StoredCrew } from '../../shared/crewSchema.ts';
import { NewerRecordError } from '../../shared/recordMigrations.ts';
import { crewOf } from '../support/crewFixture.ts';

const crew = crewOf(4);
const problems = (record: unknown) => storedCrewSchema.safeParse(record).error?.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`) ?? [];
const withSession = (index: number, change: Partial<StoredCrew['sessions'][number]>): StoredCrew => ({
  ...crew,
  sessions: crew.sessions.map((session) => (session.index === index ? { ...session, ...change } : session)),
});

describe('a stored crew', () => {
  it('reads back from its JSON exactly as it was written', () => {
    expect(readStoredCrew(JSON.parse(JSON.stringify(crew)))).toEqual(crew);
  });

  it('refuses sessions that name someone outside the crew, or come out of order', () => {
    expect(problems(withSession(2, { caseGiverIds: ['zed'] }))).toEqual(['sessions.2: A session names someone who is not a member.']);
    expect(problems(withSession(0, { caseGiverIds: ['ben'] }))).toEqual(['sessions.0.caseGiverIds: Only case sessions have case givers.']);
    expect(problems(withSession(5, { kind: 'case' }))).toEqual(['sessions.5.kind: Session 5 is the landing.']);
    expect(problems({ ...crew, weeks: 7 })).toEqual(['sessions: A crew of 7 weeks has 7 sessions.']);
    expect(problems({ ...crew, organiserId: 'zed' })).toEqual(['organiserId: The organiser is not a member.']);
  });

  it('refuses times, zones and sizes a crew cannot have', () => {
    expect(problems({ ...crew, cadence: { ...crew.cadence, time: '24:00' } })).toEqual(['cadence.time: Use a time as HH:MM, from 00:00 to 23:59.']);
    expect(problems({ ...crew, cadence: { ...crew.cadence, timeZone: '+01:00' } })).toEqual(['cadence.timeZone: Use an IANA time zone, such as Europe/Berlin.']);
    expect(problems(withSession(1, { scheduled: { ...crew.sessions[1]!.scheduled, date: '2027-02-30' } }))).toEqual([
      'sessions.1.scheduled.date: Use a date of the calendar as YYYY-MM-DD.',
    ]);
    // An intro and a landing with no case session between is no crew.
    expect(problems({ ...crew, weeks: 2, sessions: crew.sessions.slice(0, 2) })[0]).toMatch(/^weeks:/);
    expect(problems({ ...crewOf(12), members: [...crewOf(12).members, { ...crew.members[0]!, id: 'm13' }] })[0]).toMatch(/^members:/);
  });

  it('keeps no content: a note or a free text field is refused', () => {
    expect(problems({ ...crew, notes: 'what Ben said' })[0]).toMatch(/notes/);
    expect(problems(withSession(2, { summary: { startedAt: 1, closedAt: 2, rounds: [{ caseGiverId: 'ben', phases: [], note: 'x' }] } as never }))[0]).toMatch(/note/);
  });

  it('says plainly when a record was written by a newer version', () => {
    expect(() => readStoredCrew({ ...crew, schemaVersion: CREW_SCHEMA_VERSION + 1 })).toThrow(/newer version \(schema 3; this one reads up to 2\)/);
    // A server tells that one apart: the record is fine, a newer release reads it.
    expect(() => readStoredCrew({ ...crew, schemaVersion: CREW_SCHEMA_VERSION + 1 })).toThrow(NewerRecordError);
    expect(() => readStoredCrew({ ...crew, name: '' })).toThrow(/does not match schema 2/);
    expect(() => readStoredCrew({ ...crew, name: '' })).not.toThrow(NewerRecordError);
  });

  it('written before crews could be closed to new members (schema 1) reads as open, unless someone has left or been removed', () => {
    const { openToNewMembers: _none, ...asVersionOneWroteIt } = { ...crew, schemaVersion: 1 };
    expect(readStoredCrew(JSON.parse(JSON.stringify(asVersionOneWroteIt)))).toEqual({ ...crew, openToNewMembers: true });
    // Whoever left still has the link: the crew is read as closed, for its organiser to open.
    const afterADeparture = { ...asVersionOneWroteIt, departedTokenHashes: ['a'.repeat(43)] };
    expect(readStoredCrew(afterADeparture)).toEqual({ ...afterADeparture, schemaVersion: CREW_SCHEMA_VERSION, openToNewMembers: false });
  });

  it('keeps a crew closed to new members closed when read back', () => {
    const closed = { ...crew, openToNewMembers: false };
    expect(readStoredCrew(JSON.parse(JSON.stringify(closed)))).toEqual(closed);
  });

  it('refuses a crew written without a schema version: every crew ever written had one', () => {
    const { schemaVersion: _none, ...unversioned } = crew;
    expect(() => readStoredCrew(unversioned)).toThrow(/unknown schema version/);
  });
});
