/**
 * A facilitator on a slow connection sets up the lineup faster than the server answers: every
 * click lands as meant, none undoes another, and nothing is refused.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { byTestId, joinWithName, LAPTOP, PHONE } from '../support/browser.ts';
import { useBrowserTestbed } from '../support/browserTestbed.ts';
import { createClinicAt } from '../support/participant.ts';
import { saveScreenshot } from '../support/screenshots.ts';
import { openSlowLink, type SlowLink } from '../support/slowLink.ts';

const testbed = useBrowserTestbed();
/** Each way, on the socket: a click's answer comes back 1.2 s later, long after the next click. */
const ONE_WAY_DELAY_MS = 600;
let slowLink: SlowLink;

beforeAll(async () => void (slowLink = await openSlowLink(testbed.url, ONE_WAY_DELAY_MS)));
afterAll(() => slowLink.close());

describe('a facilitator on a slow connection', () => {
  it('chooses the case giver and takes two people out of the order in quick succession, and all four land', async () => {
    const { clinicId, facilitatorKey } = await createClinicAt(testbed.url, { title: 'Slow link' });
    const fran = await testbed.open(LAPTOP);
    await fran.page.goto(`${slowLink.url}/c/${clinicId}#facilitator=${facilitatorKey}`);
    await joinWithName(fran.page, 'Fran');
    await byTestId(fran.page, 'lobby').waitFor();
    const others = [];
    for (const [name, profile] of [['Gia', PHONE], ['Ana', LAPTOP], ['Ben', LAPTOP], ['Cy', LAPTOP]] as const) {
      others.push(await testbed.joinAs(profile, clinicId, name));
    }
    const gia = others[0]!;
    const coachOrder = (page = fran.page) => page.locator('.coach-order .person-name').allTextContents();
    await expect.poll(() => coachOrder()).toEqual(['Fran', 'Gia', 'Ana', 'Ben', 'Cy']);

    // Each click comes before the last one's answer could have.
    const clickedAt = Date.now();
    await fran.page.getByRole('button', { name: 'Make case giver: Gia' }).click();
    await fran.page.getByRole('button', { name: 'Remove Fran from the order' }).click();
    await fran.page.getByRole('button', { name: 'Remove Cy from the order' }).click();
    await fran.page.getByRole('button', { name: 'Move Ben up' }).click();
    expect(Date.now() - clickedAt).toBeLessThan(2 * ONE_WAY_DELAY_MS);

    await expect.poll(() => coachOrder(gia.page), { timeout: 15_000 }).toEqual(['Ben', 'Ana']);
    await expect.poll(() => coachOrder()).toEqual(['Ben', 'Ana']);
    expect(await gia.page.locator('.case-giver-name').textContent()).toBe('Gia');
    expect(await fran.page.locator('.listening .person-name').allTextContents()).toEqual(['Fran', 'Cy']);
    expect(await fran.page.getByRole('alert').count()).toBe(0);
    await saveScreenshot(gia.page, 'slow-01-lineup-after-quick-clicks-phone');
    await saveScreenshot(fran.page, 'slow-02-console-after-quick-clicks-laptop');
    for (const person of [fran, ...others]) expect(person.problems).toEqual([]);
  });
});
