/**
 * Notes to the case giver in real browsers: two coaches keep notes on their own devices during
 * the clinic and send chosen ones after the close; the case giver reads them on a phone, keeps a
 * takeaway and deletes the notes from the server; the senders see them delivered, then read. And
 * a page opened over plain HTTP on a network name, where browsers give no Web Crypto, says notes
 * need HTTPS while the clinic itself works.
 */
import type { Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { byTestId, joinWithName, LAPTOP, launchChromium, openBrowserParticipant, PHONE, relayedSocket, withOneCiphertextCharacterChanged } from '../support/browser.ts';
import { useBrowserTestbed } from '../support/browserTestbed.ts';
import { saveScreenshot } from '../support/screenshots.ts';
import { createClinicAt } from '../support/participant.ts';

const testbed = useBrowserTestbed();

async function keepNote(page: Page, text: string) {
  await page.getByTestId('pad-draft').fill(text);
  await page.getByRole('button', { name: 'Keep note' }).click();
  await page.getByText(text).waitFor();
}

const ANA_FIRST = 'When you described Monday mornings your shoulders dropped.';
const ANA_SECOND = 'Kept for myself: ask Gia about the garden later.';
const BEN_NOTE = 'What would the smallest first step be, this week?';
const TAKEAWAY = 'Talk to Sam before Friday.';

describe('notes to the case giver', () => {
  it('go from two coaches to the case giver, who reads them on a phone after the close', async () => {
    const { clinicId, facilitatorKey } = await createClinicAt(testbed.url, { title: 'Harvest check' });
    const fran = await testbed.joinAs(LAPTOP, clinicId, 'Fran', facilitatorKey);
    const gia = await testbed.joinAs(PHONE, clinicId, 'Gia');
    const ana = await testbed.joinAs(LAPTOP, clinicId, 'Ana');
    const ben = await testbed.joinAs(PHONE, clinicId, 'Ben');
    await fran.page.getByRole('button', { name: 'Make case giver: Gia' }).click();
    await fran.page.getByRole('button', { name: 'Start clinic' }).click();

    // During the clinic: each coach's notepad, on their own device; the case giver has none.
    for (const coach of [ana, ben]) await coach.page.getByText('My notes').click();
    await keepNote(ana.page, ANA_FIRST);
    await keepNote(ana.page, ANA_SECOND);
    await keepNote(ben.page, BEN_NOTE);
    await saveScreenshot(ana.page, 'harvest-notepad-laptop');
    await saveScreenshot(ben.page, 'harvest-notepad-phone');
    await byTestId(gia.page, 'countdown').waitFor();
    expect(await gia.page.getByTestId('notepad').count()).toBe(0);

    await fran.page.getByRole('button', { name: 'End clinic' }).click();
    await fran.page.getByRole('button', { name: 'Confirm end' }).click();
    for (const person of [fran, gia, ana, ben]) await byTestId(person.page, 'summary').waitFor();

    // The fingerprint the coach seals for is the one the case giver's phone shows.
    const giaFingerprint = (await gia.page.getByTestId('my-fingerprint').locator('code').textContent())!;
    expect(giaFingerprint).toMatch(/^([0-9A-F]{4} ){4}[0-9A-F]{4}$/);
    await expect.poll(() => ana.page.getByTestId('recipient-fingerprints').textContent()).toBe(giaFingerprint);
    // Gia has one device: the sender is asked to hear that one code read out.
    await ana.page.getByText("Sealed so only Gia's device can read it. On the call, ask Gia to read out the check code their screen shows: it should be this one:").waitFor();
    expect(await gia.page.getByTestId('my-fingerprint').textContent()).toContain('Check code of this device: ');

    // Ana sends one of her two notes; Ben sends his.
    await ana.page.getByRole('checkbox', { name: ANA_SECOND }).uncheck();
    await ana.page.getByRole('button', { name: 'Send this note to Gia' }).click();
    // Gia's phone is open on the summary, so the note is read as soon as it is delivered.
    await byTestId(ana.page, 'receipts').waitFor();
    const inbox = gia.page.getByTestId('inbox');
    await expect.poll(() => inbox.textContent()).toContain(ANA_FIRST);
    // Ben's comes while her phone is offline: it shows once the phone is back.
    await gia.page.context().setOffline(true);
    await byTestId(gia.page, 'reconnecting').waitFor();
    await ben.page.getByRole('button', { name: 'Send this note to Gia' }).click();
    await byTestId(ben.page, 'receipts').waitFor();
    // With nothing left on his pad, there is no code to check.
    await ben.page.getByText('Every note on your pad has been sent.').waitFor();
    expect(await ben.page.getByTestId('recipient-fingerprints').count()).toBe(0);
    await gia.page.context().setOffline(false);

    // Opening them tells the senders.
    await expect.poll(() => inbox.textContent(), { timeout: 15_000 }).toContain(BEN_NOTE);
    expect(await inbox.textContent()).toContain(ANA_FIRST);
    expect(await inbox.textContent()).not.toContain(ANA_SECOND);
    await expect.poll(() => ana.page.getByTestId('receipts').textContent()).toContain('Read');
    await expect.poll(() => ben.page.getByTestId('receipts').textContent()).toContain('Read');
    // What Ana did not send stays on her pad, on her device.
    expect(await ana.page.getByTestId('harvest-send').textContent()).toContain(ANA_SECOND);

    await gia.page.getByPlaceholder('What you take away…').fill(TAKEAWAY);
    await gia.page.getByRole('button', { name: 'Keep takeaway' }).click();
    await expect.poll(() => gia.page.getByTestId('takeaways').textContent()).toContain(TAKEAWAY);
    await saveScreenshot(gia.page, 'harvest-inbox-phone');
    await saveScreenshot(ana.page, 'harvest-send-laptop');
    await saveScreenshot(ben.page, 'harvest-send-phone');

    // A note changed on its way (one character of its ciphertext, by a relay on her phone's
    // socket) does not open: the inbox says so in its place. Unaltered again, both notes read.
    const giaSocket = await relayedSocket(gia.page);
    giaSocket.alter = withOneCiphertextCharacterChanged;
    await gia.page.reload();
    await expect.poll(() => inbox.textContent()).toContain('This would not open on this device: it may have been damaged on its way.');
    // Only the changed one: Ana's, the first the inbox lists, oldest first.
    expect(await inbox.textContent()).toContain(BEN_NOTE);
    expect(await inbox.textContent()).not.toContain(ANA_FIRST);
    await saveScreenshot(gia.page, 'harvest-inbox-damaged-phone');
    giaSocket.alter = null;
    await gia.page.reload();
    await expect.poll(() => inbox.textContent()).toContain(BEN_NOTE);
    expect(await inbox.textContent()).toContain(ANA_FIRST);
    expect(await inbox.textContent()).not.toContain('would not open');

    await gia.page.getByRole('button', { name: 'Delete from server' }).click();
    await gia.page.getByRole('button', { name: 'Delete them for good' }).click();
    await gia.page.getByText('No notes yet.').waitFor();
    expect(await gia.page.getByTestId('takeaways').textContent()).toContain(TAKEAWAY);
    // Her takeaway can still be downloaded; there is no note left to copy.
    expect(await gia.page.getByRole('button', { name: 'Download' }).count()).toBe(1);
    expect(await gia.page.getByRole('button', { name: 'Copy all' }).count()).toBe(0);
    // The senders still see their notes were read.
    expect(await ana.page.getByTestId('receipts').textContent()).toContain('Read');
    for (const person of [fran, gia, ana, ben]) expect(person.problems).toEqual([]);
  });
});

describe('a page opened over plain HTTP on a network name', () => {
  /** A name that is not localhost, resolved to the test server: to the browser, an ordinary insecure site. */
  const NETWORK_NAME = 'clinic.test';
  let closeBrowser: () => Promise<void> = async () => undefined;
  afterAll(() => closeBrowser());

  it('says notes need HTTPS, and the clinic itself works', async () => {
    const browser = await launchChromium([`--host-resolver-rules=MAP ${NETWORK_NAME} 127.0.0.1`]);
    closeBrowser = () => browser.close();
    const { clinicId, facilitatorKey } = await createClinicAt(testbed.url, { title: 'Plain HTTP' });
    const insecureUrl = testbed.url.replace('127.0.0.1', NETWORK_NAME);

    const fran = await testbed.joinAs(LAPTOP, clinicId, 'Fran', facilitatorKey);
    const gia = await openBrowserParticipant(browser, PHONE);
    await gia.page.goto(`${insecureUrl}/c/${clinicId}`);
    const ana = await openBrowserParticipant(browser, PHONE);
    await ana.page.goto(`${insecureUrl}/c/${clinicId}`);
    // The browser itself withholds Web Crypto here: nothing was switched off by the test.
    expect(await gia.page.evaluate(() => ({ secure: window.isSecureContext, subtle: typeof crypto.subtle }))).toEqual({ secure: false, subtle: 'undefined' });
    await joinWithName(gia.page, 'Gia');
    await joinWithName(ana.page, 'Ana');
    await fran.page.getByRole('button', { name: 'Make case giver: Gia' }).click();
    await fran.page.getByRole('button', { name: 'Start clinic' }).click();

    // Everything else works: the live clinic, and the notepad on the device.
    for (const person of [gia, ana]) await byTestId(person.page, 'countdown').waitFor();
    await ana.page.getByText('My notes').click();
    await ana.page.getByTestId('needs-https').waitFor();
    await keepNote(ana.page, 'Still kept on this phone.');
    await saveScreenshot(ana.page, 'harvest-needs-https-notepad-phone');

    await fran.page.getByRole('button', { name: 'End clinic' }).click();
    await fran.page.getByRole('button', { name: 'Confirm end' }).click();
    for (const person of [gia, ana]) {
      await byTestId(person.page, 'summary').waitFor();
      expect(await person.page.getByTestId('needs-https').textContent()).toContain('HTTPS');
    }
    expect(await gia.page.locator('.timeline').count()).toBe(1);
    await saveScreenshot(gia.page, 'harvest-needs-https-summary-phone');
    // Chromium complains, rightly, that an insecure origin cannot use the Cross-Origin-Opener-Policy
    // header the server sends everywhere; that is the point of this page, not a fault in it.
    const COOP_IGNORED = /Cross-Origin-Opener-Policy header has been ignored/;
    for (const person of [fran, gia, ana]) expect(person.problems.filter((problem) => !COOP_IGNORED.test(problem))).toEqual([]);
    await Promise.all([gia.close(), ana.close()]);
  });
});
