/**
 * A crew in the browser: created on a laptop, a phone paired by its code (typed) and another by its
 * QR code's link, both taken into two weeks' sessions without a name typed again; a session's link
 * opened directly on a paired device; the crew page on a laptop and a phone, for the organiser and
 * a member, with the organiser confirming a volunteer's case and skipping a week; a member's
 * calendar download.
 */
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { CLASSIC } from '../../shared/formats/classic.ts';
import { seriousAxeViolations } from '../support/axe.ts';
import { byTestId, LAPTOP, PHONE, relayedSocket, sidewaysOverflow, textOf } from '../support/browser.ts';
import { useBrowserTestbed } from '../support/browserTestbed.ts';
import { TestCrewMember } from '../support/crewMember.ts';
import { expectInLobby, inWeeks, joinCrewByLink, sessionCard, startWeekEarly } from '../support/crewPage.ts';
import type { TestParticipant } from '../support/participant.ts';
import { readQrCode } from '../support/qrReader.ts';
import { saveScreenshot } from '../support/screenshots.ts';

const testbed = useBrowserTestbed();

const namesIn = (device: TestParticipant) => device.state?.participants.map((person) => person.name).sort() ?? [];

describe('a crew', () => {
  it('is created on a laptop; a paired phone is taken into two weeks of sessions without typing a name; the organiser confirms and skips', async () => {
    const laptop = await testbed.open(LAPTOP);
    // The organiser's line is one the test can slow down.
    const laptopLine = await relayedSocket(laptop.page);
    await laptop.page.goto(`${testbed.url}/`);
    await laptop.page.getByRole('link', { name: 'Start a crew' }).click();
    await laptop.page.waitForURL('**/crews/new');
    await laptop.page.getByLabel('Crew name').fill('Tuesday crew');
    await laptop.page.getByLabel('Theme (optional)').fill('wellbeing');
    await laptop.page.getByLabel('Your name').fill('Orla');
    await laptop.page.getByLabel('Every').selectOption({ label: 'Tuesday' });
    await laptop.page.getByLabel('Time zone').selectOption('Europe/Berlin');
    await laptop.page.getByLabel('Starting from').fill(inWeeks(2));
    expect(await laptop.page.getByLabel('Weeks').inputValue()).toBe('6');
    await saveScreenshot(laptop.page, 'crew-01-create-laptop');
    // Its choices, time and date are as tall as its text fields: each lines up with the one beside it.
    const heightOf = async (label: string) => Math.round((await laptop.page.getByLabel(label, { exact: true }).boundingBox())!.height);
    for (const label of ['Every', 'At', 'Time zone', 'Starting from', 'Weeks', 'Format of the case sessions']) expect(await heightOf(label), label).toBe(await heightOf('Your name'));
    expect(await seriousAxeViolations(laptop.page)).toEqual([]);
    await laptop.page.getByRole('button', { name: 'Create crew' }).click();

    const crewLink = await textOf(laptop.page, 'crew-link');
    expect(crewLink).toMatch(new RegExp(`^${testbed.url}/crews/[A-Za-z0-9_-]{8,64}$`));
    expect(await textOf(laptop.page, 'organiser-link')).toMatch(new RegExp(`^${crewLink}#organiser=`));
    await saveScreenshot(laptop.page, 'crew-02-created-laptop');
    const organiserLink = await textOf(laptop.page, 'organiser-link');
    await laptop.page.getByRole('link', { name: 'Go to the crew page' }).click();
    await byTestId(laptop.page, 'crew-page').waitFor();
    const crewId = crewLink.split('/').at(-1)!;

    // The organiser link makes another device the organiser's, and its key leaves the address bar.
    const desktop = await testbed.open(LAPTOP);
    await desktop.page.goto(organiserLink);
    await expect.poll(() => desktop.page.locator('.eyebrow').first().textContent()).toBe('Crew · you organise it');
    expect(desktop.page.url()).toBe(crewLink);
    await desktop.close();

    // Two more members: one in a browser by the crew link, one scripted.
    const ben = await testbed.open(LAPTOP);
    await joinCrewByLink(ben.page, crewLink, 'Ben');
    const cleo = await TestCrewMember.joinCrew(testbed.url, crewId, 'Cleo');
    await expect.poll(() => byTestId(laptop.page, 'crew-members').textContent()).toContain('Cleo');

    // A member's "Add to calendar" downloads that week's event, and the crew page stays where it was.
    const [download] = await Promise.all([ben.page.waitForEvent('download'), sessionCard(ben.page, 2).getByRole('button', { name: 'Add to calendar' }).click()]);
    expect(download.suggestedFilename()).toBe('crew-week-2.ics');
    expect(await readFile(await download.path(), 'utf8')).toContain('SUMMARY:Tuesday crew: week 2 of 6\\, case session');
    expect(ben.page.url()).toBe(crewLink);

    // The organiser's laptop shows a code for a phone, and a QR code of the crew link carrying it.
    await laptop.page.getByRole('button', { name: 'Add a phone' }).click();
    const code = await textOf(laptop.page, 'pairing-code');
    expect(code).toMatch(/^[A-Z2-9]{4}-[A-Z2-9]{4}$/);
    const qr = laptop.page.getByRole('img', { name: 'QR code that adds a device as you' });
    await qr.waitFor();
    const pairingLink = await readQrCode(qr);
    expect(pairingLink).toBe(`${crewLink}#pair=${code}`);
    await saveScreenshot(laptop.page, 'crew-03-pairing-laptop', { fullPage: false });

    // The phone opens the crew link and types the code.
    const phone = await testbed.open(PHONE);
    await phone.page.goto(`${testbed.url}/crews/new`);
    await phone.page.getByLabel('Crew name').waitFor();
    expect(await sidewaysOverflow(phone.page)).toBeLessThanOrEqual(0);
    await saveScreenshot(phone.page, 'crew-01-create-phone');
    expect(await seriousAxeViolations(phone.page)).toEqual([]);
    await phone.page.goto(crewLink);
    await phone.page.getByRole('button', { name: 'I have a pairing code' }).click();
    await phone.page.getByLabel('Pairing code').fill(code.toLowerCase());
    await saveScreenshot(phone.page, 'crew-04-pairing-phone');
    await phone.page.getByRole('button', { name: 'Pair this device' }).click();
    await byTestId(phone.page, 'crew-page').waitFor();
    expect(await phone.page.locator('.eyebrow').first().textContent()).toContain('you organise it');
    // The laptop says its code was used, and shows it no more.
    await laptop.page.getByText('Paired: your other device is in the crew.').waitFor();
    expect(await laptop.page.getByTestId('pairing-code').count()).toBe(0);
    await saveScreenshot(laptop.page, 'crew-04-paired-laptop', { fullPage: false });

    // A second phone reads the QR code of a new code with its camera: it pairs with no typing, and the code leaves the address bar.
    await laptop.page.getByRole('button', { name: 'Done' }).click();
    await laptop.page.getByRole('button', { name: 'Add a phone' }).click();
    const secondQr = laptop.page.getByRole('img', { name: 'QR code that adds a device as you' });
    await secondQr.waitFor();
    const secondLink = await readQrCode(secondQr);
    // Opened in a tab already on the crew page, the link changes only the fragment: it pairs all the same.
    const tablet = await testbed.open(PHONE);
    await tablet.page.goto(crewLink);
    // Giving a member's name instead would make a second Ben: it is turned away, towards pairing.
    await tablet.page.getByLabel('Your name').fill('ben');
    await tablet.page.getByRole('button', { name: 'Join crew' }).click();
    await tablet.page.getByText('Someone in this crew already goes by that name.', { exact: false }).waitFor();
    await saveScreenshot(tablet.page, 'crew-04-name-taken-phone');
    await tablet.page.goto(secondLink!);
    await byTestId(tablet.page, 'crew-page').waitFor();
    expect(tablet.page.url()).toBe(crewLink);

    // Week 1, the intro: its facilitator, the organiser, starts it from the laptop; every member's devices are taken in.
    expect(await textOf(laptop.page, 'session-1-facilitator')).toBe('Orla (you)');
    await startWeekEarly(laptop.page, 1);
    const week1 = laptop.page.url().split('/c/')[1]!;
    // A crew's session is not open to anyone with its link, and its lobby does not say it is.
    await laptop.page.getByText('Members get in with this link on devices already in the crew; someone new only while the crew takes new members.').waitFor();
    await expectInLobby(phone.page, week1);
    await expectInLobby(ben.page, week1);
    const cleoInWeek1 = await cleo.enterSession(week1);
    await expect.poll(() => namesIn(cleoInWeek1)).toEqual(['Ben', 'Cleo', 'Orla']);
    await saveScreenshot(phone.page, 'crew-05-taken-into-week-1-phone');

    // The facilitator holds it, briefly; the crew keeps its planned-against-actual summary.
    await saveScreenshot(laptop.page, 'crew-05-week-1-host-laptop');
    await laptop.page.getByRole('button', { name: 'Start session' }).click();
    await laptop.page.getByRole('button', { name: 'End session' }).click();
    await laptop.page.getByRole('button', { name: 'Confirm end' }).click();
    await cleo.waitFor((crew) => crew.sessions[0]!.summary !== null, 'the summary of week 1');
    cleoInWeek1.close();

    // Back on the crew page, a member volunteers for week 2; the organiser confirms her, with Ben to facilitate.
    await byTestId(phone.page, 'summary').waitFor();
    // Nobody brought a case: it closes as a session, with no notes to send or to read.
    await phone.page.getByRole('heading', { name: 'Session closed' }).waitFor();
    expect(await phone.page.getByText(/notes/i).count()).toBe(0);
    await saveScreenshot(phone.page, 'crew-06-week-1-closed-phone');
    await phone.page.getByRole('link', { name: 'Back to the crew' }).click();
    await byTestId(phone.page, 'crew-page').waitFor();
    for (const device of [laptop, ben]) await device.page.goto(crewLink);
    await byTestId(laptop.page, 'crew-history').waitFor();
    expect(await textOf(laptop.page, 'session-2-case-givers')).toBe('Orla (you)');
    await cleo.commandAndSee({ type: 'VOLUNTEER', sessionIndex: 1, volunteering: true });
    // Her offer makes her the one suggested; the organiser makes it so.
    await expect.poll(() => textOf(laptop.page, 'session-2-case-givers')).toBe('Cleo');
    // Orla's laptop says what that changed for her, reloaded or not, until she says she has seen it.
    const orlasChanges = byTestId(laptop.page, 'rota-changes');
    const noLongerWeek2 = orlasChanges.getByText("You're no longer down to bring a case in week 2.");
    await noLongerWeek2.waitFor();
    await laptop.page.reload();
    await noLongerWeek2.waitFor();
    await saveScreenshot(laptop.page, 'crew-05-rota-changes-laptop', { fullPage: false });
    await orlasChanges.getByRole('button', { name: 'Got it' }).click();
    await laptop.page.reload();
    await byTestId(laptop.page, 'crew-page').waitFor();
    expect(await orlasChanges.count()).toBe(0);
    const organise = sessionCard(laptop.page, 2).locator('details');
    await organise.locator('summary').click();
    await organise.getByLabel('Case giver', { exact: true }).selectOption({ label: 'Cleo' });
    await organise.getByLabel('Facilitator').selectOption({ label: 'Ben' });
    await organise.getByRole('button', { name: 'Confirm rota' }).click();
    await expect.poll(() => textOf(ben.page, 'session-2-case-givers')).toBe('Cleo');
    expect(await textOf(ben.page, 'session-2-facilitator')).toBe('Ben (you)');
    expect(await sessionCard(ben.page, 2).textContent()).toContain('Confirmed');

    // The organiser skips week 3: it and every later week move on a week.
    const week3Before = await sessionCard(laptop.page, 3).locator('.crew-session-date').textContent();
    const skip = sessionCard(laptop.page, 3).locator('details');
    await skip.locator('summary').click();
    await skip.getByRole('button', { name: 'Skip this week' }).click();
    // On a slow line the answer is late: until it comes the button holds back, and keeps focus.
    const answer = laptopLine.holdBack();
    await skip.getByRole('button', { name: /Skip it/ }).click();
    const skipButton = skip.getByRole('button', { name: 'Skip this week' });
    expect(await skip.getByRole('button', { name: /Skip it/ }).count()).toBe(0);
    expect(await skipButton.getAttribute('aria-disabled')).toBe('true');
    await skipButton.focus();
    await laptop.page.keyboard.press('Enter');
    expect(await skip.getByRole('button', { name: /Skip it/ }).count()).toBe(0);
    expect(await skipButton.evaluate((button) => button === document.activeElement)).toBe(true);
    answer();
    await expect.poll(() => skipButton.getAttribute('aria-disabled')).toBeNull();
    await expect.poll(() => sessionCard(laptop.page, 3).locator('.crew-session-date').textContent()).not.toBe(week3Before);
    expect(await laptop.page.getByText(/that week was skipped/).count()).toBe(1);
    // In its place among the dates, between week 2 and the week 3 it moved on.
    const listed = await laptop.page.locator('.crew-session-list > li').evaluateAll((items) => items.map((item) => item.getAttribute('data-testid')));
    expect(listed.slice(0, 4)).toEqual(['session-1', 'session-2', 'crew-skipped', 'session-3']);

    // The phone says it would like to bring a case in week 4.
    await sessionCard(phone.page, 4).getByRole('button', { name: "I'd like to bring a case" }).click();
    await expect.poll(() => sessionCard(phone.page, 4).getByRole('button', { name: 'Take back my offer' }).count()).toBe(1);

    await saveScreenshot(laptop.page, 'crew-06-organiser-laptop');
    expect(await seriousAxeViolations(laptop.page)).toEqual([]);
    await sessionCard(phone.page, 5).locator('summary').click();
    await saveScreenshot(phone.page, 'crew-07-organiser-phone');
    expect(await seriousAxeViolations(phone.page)).toEqual([]);
    await saveScreenshot(ben.page, 'crew-08-member-laptop');
    expect(await seriousAxeViolations(ben.page)).toEqual([]);
    // Offline, Ben's crew page says it may be out of date (a pill on a laptop, a bar on a phone), until it is back.
    await ben.page.context().setOffline(true);
    await byTestId(ben.page, 'reconnecting').waitFor();
    await saveScreenshot(ben.page, 'crew-08b-member-offline-laptop', { fullPage: false });
    await ben.page.setViewportSize(PHONE.viewport!);
    await saveScreenshot(ben.page, 'crew-08c-member-offline-phone', { fullPage: false });
    await ben.page.context().setOffline(false);
    await byTestId(ben.page, 'reconnecting').waitFor({ state: 'detached', timeout: 15_000 });
    await saveScreenshot(ben.page, 'crew-09-member-phone');

    // Week 2: its facilitator, Ben, starts it from his crew page; Orla's phone is taken in as her, again without a name.
    await startWeekEarly(ben.page, 2);
    const week2 = ben.page.url().split('/c/')[1]!;
    expect(week2).not.toBe(week1);
    await expectInLobby(phone.page, week2);
    await expectInLobby(laptop.page, week2);
    expect(await byTestId(phone.page, 'lobby').locator('h1').textContent()).toBe('Tuesday crew: week 2');
    const cleoInWeek2 = await cleo.enterSession(week2);
    await expect.poll(() => namesIn(cleoInWeek2)).toEqual(['Ben', 'Cleo', 'Orla']);
    cleoInWeek2.close();

    // The tablet, which never saw the start, opens week 2's link directly: the crew it knows admits it as Orla.
    await tablet.page.goto(`${testbed.url}/c/${week2}`);
    await expectInLobby(tablet.page, week2);
    expect(await byTestId(tablet.page, 'lobby').textContent()).toContain('Orla');

    // Latecomers on the crew page see the session is on.
    await laptop.page.goto(crewLink);
    await byTestId(laptop.page, 'crew-live').waitFor();
    expect(await laptop.page.getByRole('button', { name: 'Join the session now' }).count(), 'one way in, at the top').toBe(1);
    await saveScreenshot(laptop.page, 'crew-10-live-laptop', { fullPage: false });

    for (const device of [laptop, phone, tablet, ben]) expect(device.problems).toEqual([]);
    cleo.close();
  });

  it("can run its case sessions in a format its organiser built and kept on this device", async () => {
    const laptop = await testbed.open(LAPTOP);
    await laptop.page.goto(`${testbed.url}/crews/new`);
    // Built by its organiser: in one language, without the library's translations.
    const { translations: _translations, ...classic } = CLASSIC;
    const ours = { ...classic, id: 'ours-short', name: 'Our short clinic', description: 'The classic clinic, shorter.' };
    await laptop.page.evaluate((format) => localStorage.setItem('case-clinic:formats', JSON.stringify([format])), ours);
    await laptop.page.reload();
    await laptop.page.getByLabel('Crew name').fill('Thursday crew');
    await laptop.page.getByLabel('Your name').fill('Tess');
    await laptop.page.getByLabel('Format of the case sessions').selectOption({ label: 'Our short clinic' });
    expect(await laptop.page.locator('.format-description').textContent()).toContain('The classic clinic, shorter.');
    await laptop.page.getByRole('button', { name: 'Create crew' }).click();
    await laptop.page.getByRole('link', { name: 'Go to the crew page' }).click();
    await expect.poll(() => sessionCard(laptop.page, 2).locator('.crew-session-format').textContent()).toBe('Our short clinic');
    expect(laptop.problems).toEqual([]);
  });
});
