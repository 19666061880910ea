/**
 * A crew's organiser at work in the browser, on a laptop, with members on a phone, another phone and
 * a laptop: moving a session, a member who can't make it, removing a member (which closes the crew
 * to new members until the organiser opens it again), a member leaving, the landing's decision once the landing has started, handing organising over, and deleting the crew.
 * Each is clicked on the crew page and checked on another device, as its person would notice it.
 */
import type { BrowserContextOptions, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { seriousAxeViolations } from '../support/axe.ts';
import { byTestId, LAPTOP, PHONE, textOf } from '../support/browser.ts';
import { useBrowserTestbed } from '../support/browserTestbed.ts';
import { TestCrewMember } from '../support/crewMember.ts';
import { expectInLobby, inWeeks, joinCrewByLink, sessionCard, startWeekEarly } from '../support/crewPage.ts';
import { saveScreenshot } from '../support/screenshots.ts';

const testbed = useBrowserTestbed();

/** Every device in the crew's own zone, so the page shows each session at the wall time the crew set. */
const CREW_ZONE = 'Europe/Berlin';
const inCrewZone = (profile: BrowserContextOptions): BrowserContextOptions => ({ ...profile, timezoneId: CREW_ZONE });

const daysAfter = (date: string, days: number) => new Date(Date.parse(`${date}T12:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
/** "Sat 19 Dec": a calendar date as the crew page writes it in English. */
const shownDay = (date: string) => new Intl.DateTimeFormat('en-GB', { timeZone: 'UTC', weekday: 'short', day: 'numeric', month: 'short' }).format(Date.parse(`${date}T12:00:00Z`));

/** A session card's people as it lists them, e.g. `{ 'Case giver': 'Orla', Facilitator: 'Ben (you)', "Can't make it": 'Cleo' }`. */
async function peopleOn(page: Page, week: number): Promise<Record<string, string | undefined>> {
  const card = sessionCard(page, week);
  const terms = await card.getByRole('term').allTextContents();
  const definitions = await card.getByRole('definition').allTextContents();
  return Object.fromEntries(terms.map((term, index) => [term, definitions[index]]));
}

const eyebrowOf = (page: Page) => page.locator('.eyebrow').first().textContent();
const membersHeading = (page: Page, count: number) => byTestId(page, 'crew-members').getByRole('heading', { name: `Members (${count} of up to 12)` });
const decisionCard = (page: Page) => page.getByRole('region', { name: "The crew's decision" });

describe("a crew's organiser", () => {
  it("moves a week, sees who can't make it, removes a member and sees another leave, records the landing and hands over; the new organiser deletes the crew", async () => {
    // Three weeks, the fewest a crew has: the intro, one case session and the landing.
    const { organiser: orlaScripted, created } = await TestCrewMember.organise(testbed.url, 'Orla', {
      cadence: { weekday: 2, time: '19:00', timeZone: CREW_ZONE, startsOn: inWeeks(2) },
      weeks: 3,
    });
    const crewLink = `${testbed.url}/crews/${created.crewId}`;
    const landingDate = orlaScripted.crew!.sessions[2]!.scheduled.date;
    orlaScripted.close();

    // Orla organises from her laptop, by the organiser link; Ben and Dev join on phones, Cleo on a laptop.
    const orla = await testbed.open(inCrewZone(LAPTOP));
    await orla.page.goto(`${crewLink}#organiser=${created.organiserKey}`);
    await expect.poll(() => eyebrowOf(orla.page)).toBe('Crew · you organise it');
    const ben = await testbed.open(inCrewZone(PHONE));
    await joinCrewByLink(ben.page, crewLink, 'Ben');
    const cleo = await testbed.open(inCrewZone(LAPTOP));
    await joinCrewByLink(cleo.page, crewLink, 'Cleo');
    const dev = await testbed.open(inCrewZone(PHONE));
    await joinCrewByLink(dev.page, crewLink, 'Dev');
    await membersHeading(orla.page, 4).waitFor();

    // Orla moves the landing to the Thursday after, at 10:00; Ben's phone shows its new date and time.
    expect(await sessionCard(ben.page, 3).getByText(/^Moved/).count()).toBe(0);
    const movedTo = daysAfter(landingDate, 2);
    const landingOnLaptop = sessionCard(orla.page, 3);
    await landingOnLaptop.getByText('Organise week 3').click();
    // The new time is in the crew's zone, which the editor names.
    await landingOnLaptop.getByRole('group', { name: 'Move it (Central European Time)' }).waitFor();
    await landingOnLaptop.getByLabel('Date of week 3').fill(movedTo);
    await landingOnLaptop.getByLabel('Time of week 3').fill('10:00');
    // The picker writes the date as the browser's locale does; the page says it in its own words.
    expect(await byTestId(orla.page, 'move-to-2').textContent()).toBe(`Moves week 3 to ${shownDay(movedTo)} at 10:00.`);
    await saveScreenshot(orla.page, 'crew-organiser-01-move-laptop');
    expect(await seriousAxeViolations(orla.page)).toEqual([]);
    await landingOnLaptop.getByRole('button', { name: 'Move', exact: true }).click();
    const landingOnPhone = sessionCard(ben.page, 3);
    await expect.poll(() => landingOnPhone.locator('.crew-session-date').textContent()).toBe(shownDay(movedTo));
    expect(await landingOnPhone.locator('.crew-session-time').textContent()).toBe('10:00');
    await landingOnPhone.getByText(`Moved from ${shownDay(landingDate)}`, { exact: true }).waitFor();
    await landingOnPhone.scrollIntoViewIfNeeded();
    await saveScreenshot(ben.page, 'crew-organiser-01-moved-phone', { fullPage: false });

    // Cleo can't make week 2; Orla's laptop lists her as not coming, and she is asked nothing there.
    await sessionCard(cleo.page, 2).getByRole('button', { name: "I can't make it" }).click();
    await expect.poll(() => peopleOn(orla.page, 2).then((people) => people["Can't make it"])).toBe('Cleo');
    const week2 = await peopleOn(orla.page, 2);
    for (const part of [week2['Case giver'], week2.Facilitator]) expect(part).not.toMatch(/Cleo/);
    await sessionCard(cleo.page, 2).getByRole('button', { name: 'I can make it after all' }).waitFor();

    // Orla removes Dev: his phone is told he is out of the crew, and Ben's no longer lists him.
    const devOnLaptop = byTestId(orla.page, 'crew-members').getByRole('listitem').filter({ hasText: 'Dev' });
    await devOnLaptop.getByText('Manage Dev').click();
    await devOnLaptop.getByRole('button', { name: 'Remove from the crew' }).click();
    await devOnLaptop.getByRole('button', { name: 'Remove Dev everywhere' }).click();
    await dev.page.getByRole('heading', { name: 'You are no longer in this crew' }).waitFor();
    await saveScreenshot(dev.page, 'crew-organiser-02-removed-phone');
    expect(await seriousAxeViolations(dev.page)).toEqual([]);
    await membersHeading(ben.page, 3).waitFor();
    expect(await byTestId(ben.page, 'crew-members').textContent()).not.toContain('Dev');

    // The removal closed the crew to new members: Dev, on a fresh browser with the link he still
    // has, is told so before he types a name, until Orla opens it again; Ben's phone shows both.
    const closedLine = "Closed to new members: the crew link lets in only members' own devices.";
    await expect.poll(() => textOf(ben.page, 'crew-joining')).toBe(closedLine);
    expect(await byTestId(ben.page, 'crew-joining').getByRole('button').count(), 'a member has no switch').toBe(0);
    const devAgain = await testbed.open(inCrewZone(PHONE));
    // Whether a name field shows at any moment of the page's life, not only when the test looks.
    await devAgain.page.addInitScript(() => {
      new MutationObserver(() => {
        if (document.getElementById('member-name')) document.documentElement.dataset.sawNameField = 'yes';
      }).observe(document, { childList: true, subtree: true });
    });
    await devAgain.page.goto(crewLink);
    // Only a member's own new device comes in now: the form asks for a pairing code, and for no name.
    await expect
      .poll(() => textOf(devAgain.page, 'crew-newcomers-refused'))
      .toBe('This crew is not taking new members: ask its organiser to open it. Already in it? Pair this device with a code from another of yours.');
    await devAgain.page.getByLabel('Pairing code').waitFor();
    expect(await devAgain.page.evaluate(() => document.documentElement.dataset.sawNameField ?? 'no')).toBe('no');
    expect(await devAgain.page.getByRole('button', { name: 'I am new to this crew' }).count()).toBe(0);
    await saveScreenshot(devAgain.page, 'crew-organiser-02b-closed-phone');
    expect(await seriousAxeViolations(devAgain.page)).toEqual([]);
    await saveScreenshot(orla.page, 'crew-organiser-02c-closed-laptop');
    await byTestId(orla.page, 'crew-joining').getByRole('button', { name: 'Open to new members' }).click();
    await expect.poll(() => textOf(ben.page, 'crew-joining')).toBe('Anyone with the crew link can join.');
    // Opened again, his link asks for his name once more.
    await devAgain.page.reload();
    await devAgain.page.getByLabel('Your name').waitFor();
    expect(await devAgain.page.getByTestId('crew-newcomers-refused').count()).toBe(0);
    await byTestId(orla.page, 'crew-joining').getByRole('button', { name: 'Close to new members' }).waitFor();

    // Cleo leaves, with a second click: her laptop says so, and Orla's no longer has her anywhere.
    const cleoBeforeLeaving = await cleo.page.context().storageState();
    await cleo.page.getByRole('button', { name: 'Leave the crew' }).click();
    await cleo.page.getByRole('button', { name: 'Leave: remove me everywhere' }).click();
    await cleo.page.getByRole('heading', { name: 'You left this crew' }).waitFor();
    await membersHeading(orla.page, 2).waitFor();
    expect(await byTestId(orla.page, 'crew-page').textContent()).not.toContain('Cleo');
    // A browser of hers that was closed meanwhile is told she is out when it comes back, without
    // being told the organiser took her out, which the server can no longer tell from her leaving.
    const cleoLater = await testbed.open({ ...inCrewZone(LAPTOP), storageState: cleoBeforeLeaving });
    await cleoLater.page.goto(crewLink);
    await cleoLater.page.getByRole('heading', { name: 'You are no longer in this crew' }).waitFor();
    expect(await textOf(cleoLater.page, 'crew-departed')).toContain('You left this crew, or its organiser took you out of it.');

    // The weeks come round: the intro and week 2 held, the landing started; both devices are taken in each time.
    const devices = [orla.page, ben.page];
    const startWeek = async (week: number) => {
      await startWeekEarly(orla.page, week);
      const clinicId = orla.page.url().split('/c/')[1]!;
      for (const page of devices) await expectInLobby(page, clinicId);
    };
    // The intro is hosted, a session; a case session is a clinic, and its facilitator's buttons say so.
    const startAndEnd = async (facilitator: Page, what: 'session' | 'clinic') => {
      await facilitator.getByRole('button', { name: `Start ${what}` }).click();
      await facilitator.getByRole('button', { name: `End ${what}` }).click();
      await facilitator.getByRole('button', { name: 'Confirm end' }).click();
      for (const page of devices) {
        await page.getByRole('heading', { name: what === 'session' ? 'Session closed' : 'Clinic closed' }).waitFor();
        await page.goto(crewLink);
        await byTestId(page, 'crew-page').waitFor();
      }
    };
    expect(await textOf(orla.page, 'session-1-facilitator')).toBe('Orla (you)');
    await startWeek(1);
    await startAndEnd(orla.page, 'session');
    expect(await peopleOn(orla.page, 2)).toEqual({ 'Case giver': 'Orla (you)', Facilitator: 'Ben' });
    // There is no decision to record before the landing has started.
    expect(await decisionCard(orla.page).count()).toBe(0);
    await startWeek(2);
    await startAndEnd(ben.page, 'clinic');
    await startWeek(3);

    // While the landing runs, Orla records the crew's decision from the crew page; Ben's phone shows it.
    await orla.page.goto(crewLink);
    await byTestId(orla.page, 'crew-live').waitFor();
    await decisionCard(orla.page).getByRole('button', { name: 'End the crew here' }).click();
    await ben.page.goto(crewLink);
    await decisionCard(ben.page).getByText('End the crew here.').waitFor();
    expect(await decisionCard(ben.page).getByRole('button').count()).toBe(0);
    await saveScreenshot(orla.page, 'crew-organiser-03-landing-recorded-laptop');

    // Orla hands organising to Ben: his phone now offers the organiser's controls, her laptop no longer does.
    const benOnLaptop = byTestId(orla.page, 'crew-members').getByRole('listitem').filter({ hasText: 'Ben' });
    await benOnLaptop.getByText('Manage Ben').click();
    await benOnLaptop.getByRole('button', { name: 'Make organiser' }).click();
    await benOnLaptop.getByRole('button', { name: 'Hand organising to Ben' }).click();
    await expect.poll(() => eyebrowOf(ben.page)).toBe('Crew · you organise it');
    await decisionCard(ben.page).getByRole('button', { name: 'Another cycle, organisers rotating' }).waitFor();
    // The other choices say they change what was recorded.
    await decisionCard(ben.page).getByText('Change it to:').waitFor();
    await byTestId(ben.page, 'crew-members').getByText('Manage Orla').waitFor();
    await expect.poll(() => eyebrowOf(orla.page)).toBe('Crew');
    expect(await orla.page.getByRole('button', { name: 'Delete the crew' }).count()).toBe(0);
    expect(await decisionCard(orla.page).getByRole('button').count()).toBe(0);
    expect(await byTestId(orla.page, 'crew-members').getByText(/^Manage/).count()).toBe(0);
    await orla.page.getByRole('button', { name: 'Leave the crew' }).waitFor();
    await saveScreenshot(ben.page, 'crew-organiser-04-new-organiser-phone');
    expect(await seriousAxeViolations(ben.page)).toEqual([]);

    // Ben deletes the crew, with a second click: Orla's laptop says it is gone, his phone that he deleted it;
    // both lead on to starting a crew.
    await ben.page.getByRole('button', { name: 'Delete the crew' }).click();
    await ben.page.getByRole('button', { name: 'Delete it for everyone, now' }).click();
    await orla.page.getByRole('heading', { name: 'This crew was deleted' }).waitFor();
    await ben.page.getByRole('heading', { name: 'You deleted this crew' }).waitFor();
    for (const device of [orla, ben]) await device.page.getByRole('link', { name: 'Start a crew' }).waitFor();
    await saveScreenshot(orla.page, 'crew-organiser-05-deleted-laptop');
    await saveScreenshot(ben.page, 'crew-organiser-06-deleted-phone');
    // Dev's fresh browser, which the crew never knew, opens the link again: it leads nowhere, and
    // the page says so without asking for a pairing code first.
    await devAgain.page.reload();
    await byTestId(devAgain.page, 'crew-not-found').waitFor();
    expect(await devAgain.page.getByRole('textbox').count()).toBe(0);

    for (const device of [orla, ben, cleo, cleoLater, dev, devAgain]) expect(device.problems).toEqual([]);
  });
});
