/**
 * The presenter view opened on a computer nobody joined from, such as the one in a meeting room:
 * it joins as a shared screen, which everyone can see is there, and never becomes a coach.
 */
import { describe, expect, it } from 'vitest';
import { byTestId, LAPTOP, PHONE, seconds, textOf } from '../support/browser.ts';
import { useBrowserTestbed } from '../support/browserTestbed.ts';
import { createClinicAt } from '../support/participant.ts';

const testbed = useBrowserTestbed();

describe('the presenter view on a shared screen', () => {
  it('joins as a screen the crew can see, takes no turn, and shows the same time left', async () => {
    const { clinicId, facilitatorKey } = await createClinicAt(testbed.url, { title: 'Screen check' });
    const fran = await testbed.joinAs(LAPTOP, clinicId, 'Fran', facilitatorKey);
    const gia = await testbed.joinAs(PHONE, clinicId, 'Gia');

    const room = await testbed.open(LAPTOP);
    await room.page.goto(`${testbed.url}/c/${clinicId}/present`);
    await room.page.getByRole('heading', { name: 'Screen check' }).waitFor();
    expect(await textOf(room.page, 'join-role')).toBe('This screen joins as the shared screen');
    const screenName = room.page.getByLabel('Name this screen');
    expect(await screenName.inputValue()).toBe('Shared screen');
    await screenName.fill('Meeting room');
    await room.page.getByRole('button', { name: 'Show clinic' }).click();
    await byTestId(room.page, 'presenter-lobby').waitFor();

    // The facilitator sees the screen in the crew, but not among the coaches or as a possible case giver.
    const crew = byTestId(fran.page, 'crew');
    await expect.poll(() => crew.textContent()).toContain('Meeting roomshared screen');
    await fran.page.getByRole('button', { name: 'Make case giver: Gia' }).click();
    await expect.poll(() => fran.page.locator('.coach-order .person-name').allTextContents()).toEqual(['Fran']);
    for (const offer of ['Make case giver: Meeting room', 'Add to order: Meeting room']) {
      expect(await fran.page.getByRole('button', { name: offer }).count(), offer).toBe(0);
    }

    await fran.page.getByRole('button', { name: 'Start clinic' }).click();
    for (const device of [fran, gia, room]) await byTestId(device.page, 'countdown').waitFor();
    // The coaches' turns the console plans are the people's alone.
    const timeline = await fran.page.locator('.timeline').textContent();
    expect(timeline).toContain('Fran');
    expect(timeline).not.toContain('Meeting room');
    const gap = async () => {
      const [onConsole, onScreen] = await Promise.all([fran, room].map((device) => textOf(device.page, 'countdown').then(seconds)));
      return Math.abs(onConsole! - onScreen!);
    };
    await expect.poll(gap).toBeLessThanOrEqual(1);
    for (const device of [fran, gia, room]) expect(device.problems).toEqual([]);
  });
});
