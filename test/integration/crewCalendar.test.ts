/**
 * A crew session downloads as an .ics file: one event at the session's instant in UTC, so a
 * weekly 19:00 in Berlin is 18:00Z before the clocks change and 17:00Z after; a moved session
 * downloads at its new time and replaces the old event; it names no member; a session or crew
 * that does not exist is a 404. Only a member's device gets it: the form it posts carries the
 * device's token, and the crew link alone (which a removed member keeps) gets nothing.
 */
import { describe, expect, it } from 'vitest';
import { sessionCalendar } from '../../server/sessionCalendar.ts';
import { crewOf } from '../support/crewFixture.ts';
import { TestCrewMember } from '../support/crewMember.ts';
import { useInProcessServer } from '../support/serverFixture.ts';

const fixture = useInProcessServer({ now: () => Date.UTC(2027, 1, 20, 12) });

/** The event's properties, unfolded (RFC 5545: a line starting with a space continues the one before). */
function eventOf(ics: string): Record<string, string> {
  const lines = ics.replace(/\r\n /g, '').split('\r\n');
  return Object.fromEntries(lines.filter((line) => line.includes(':')).map((line) => [line.slice(0, line.indexOf(':')), line.slice(line.indexOf(':') + 1)]));
}

describe('a crew session as an .ics file', () => {
  it('is at its instant in UTC, across a change of the clocks, and follows a moved session', async () => {
    const { url } = fixture.server;
    const { organiser, created } = await TestCrewMember.organise(url, 'Orla', { name: 'Tuesday crew, Berlin; weekly' });
    fixture.track(organiser);
    const download = (week: number | string, crewId = created.crewId, form: Record<string, string> = { memberToken: created.memberToken }) =>
      fetch(`${url}/crews/${crewId}/weeks/${week}.ics`, { method: 'POST', body: new URLSearchParams(form) });

    const first = await download(1);
    expect(first.status).toBe(200);
    expect(first.headers.get('content-type')).toBe('text/calendar; charset=utf-8');
    expect(first.headers.get('content-disposition')).toBe('attachment; filename=crew-week-1.ics');
    const intro = await first.text();
    expect(intro).toMatch(/^BEGIN:VCALENDAR\r\n[^]*END:VCALENDAR\r\n$/);
    // Tuesday 2 March 2027, 19:00 in Berlin (CET): 18:00 UTC, for the 90 minutes a crew session takes.
    expect(eventOf(intro)).toMatchObject({ DTSTART: '20270302T180000Z', DTEND: '20270302T193000Z', SUMMARY: 'Tuesday crew\\, Berlin\\; weekly: week 1 of 6\\, intro' });
    expect(intro).not.toContain('Orla');
    // Nor the crew link: a calendar event travels where the link must not.
    expect(intro).not.toContain(created.crewId);
    // 30 March, after Europe moved its clocks on: still 19:00 in Berlin, now 17:00 UTC.
    expect(eventOf(await (await download(5)).text())).toMatchObject({ DTSTART: '20270330T170000Z', SUMMARY: expect.stringContaining('week 5 of 6\\, case session') });

    await organiser.commandAndSee({ type: 'MOVE_SESSION', sessionIndex: 1, date: '2027-03-10', time: '20:15' });
    const moved = eventOf(await (await download(2)).text());
    expect(moved).toMatchObject({ UID: eventOf(intro).UID!.replace(/-0@/, '-1@'), DTSTART: '20270310T191500Z' });
    expect(Number(moved.SEQUENCE)).toBeGreaterThan(Number(eventOf(intro).SEQUENCE));

    // Titled in the language the member's page shows; anything else is English.
    const inGerman = await download(5, created.crewId, { memberToken: created.memberToken, lang: 'de' });
    expect(eventOf(await inGerman.text()).SUMMARY).toBe('Tuesday crew\\, Berlin\\; weekly: Woche 5 von 6\\, Fallsitzung');
    const unknown = await download(1, created.crewId, { memberToken: created.memberToken, lang: 'xx' });
    expect(eventOf(await unknown.text()).SUMMARY).toContain('week 1 of 6');

    const missing = await download(7);
    expect(missing.status).toBe(404);
    expect(await missing.text()).toBe('There is no such crew session.');
    const missingInGerman = await download(7, created.crewId, { memberToken: created.memberToken, lang: 'de' });
    expect([missingInGerman.status, await missingInGerman.text()]).toEqual([404, 'Diese Sitzung der Crew gibt es nicht.']);
    expect((await download(0)).status).toBe(404);
    expect((await download('x')).status).toBe(404);
    expect((await download(1, 'no-such-crew-id')).status).toBe(404);
  });

  it('is for members only: not for the crew link alone, a removed member, a made-up token or a form the page never sends', async () => {
    const { url } = fixture.server;
    const { organiser, created } = await TestCrewMember.organise(url, 'Orla');
    const rex = await TestCrewMember.joinCrew(url, created.crewId, 'Rex');
    fixture.track(organiser);
    fixture.track(rex);
    const calendarUrl = `${url}/crews/${created.crewId}/weeks/2.ics`;
    const post = (body: string | URLSearchParams) => fetch(calendarUrl, { method: 'POST', body });
    const outcome = async (answer: Response) => [answer.status, answer.headers.get('content-type'), await answer.text()];
    const refused = [403, 'text/plain; charset=utf-8', 'This device is not in this crew any more. Open the crew page again.'];

    expect((await post(new URLSearchParams({ memberToken: rex.joined!.memberToken }))).status).toBe(200);
    await organiser.commandAndSee({ type: 'REMOVE_MEMBER', memberId: rex.id });
    expect(await outcome(await post(new URLSearchParams({ memberToken: rex.joined!.memberToken })))).toEqual(refused);
    expect(await outcome(await post(new URLSearchParams({ memberToken: 'madeUpToken1234567' })))).toEqual(refused);
    expect(await outcome(await post(new URLSearchParams({ lang: 'de' })))).toEqual([403, 'text/plain; charset=utf-8', 'Dieses Gerät gehört nicht mehr zu dieser Crew. Öffne die Seite der Crew noch einmal.']);
    // The crew link alone, as the earlier link was: the app's not-found page, no calendar.
    const byLink = await fetch(calendarUrl);
    expect([byLink.status, byLink.headers.get('content-type')]).toEqual([404, 'text/html; charset=utf-8']);

    const tooLong = await post(new URLSearchParams({ memberToken: created.memberToken, padding: 'x'.repeat(2_000) }));
    expect([tooLong.status, await tooLong.text()]).toEqual([413, 'The calendar file could not be made. Please try again.']);
    // Still there for a member afterwards.
    expect((await post(new URLSearchParams({ memberToken: created.memberToken }))).status).toBe(200);
  });

  it('folds long lines at 75 octets without splitting a character', async () => {
    const crew = { ...crewOf(3), name: `Ünterstützungskreis ${'für Menschen, die viel tragen; '.repeat(2)}`.slice(0, 80) };
    const ics = (await sessionCalendar(crew, 0, Date.UTC(2027, 1, 20)))!;
    const physical = ics.split('\r\n').filter(Boolean);
    expect(physical.every((line) => Buffer.byteLength(line) <= 75)).toBe(true);
    expect(physical.some((line) => line.startsWith(' '))).toBe(true);
    expect(eventOf(ics).SUMMARY).toBe(`${crew.name.replace(/[,;]/g, (character) => `\\${character}`)}: week 1 of 6\\, intro`);
  });
});
