/**
 * The mini timer that floats above the video call: a Document Picture-in-Picture window where
 * Chromium has it, a small pop-up window of the `/mini` page where a browser does not.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { byTestId, joinWithName, LAPTOP, seconds, textOf, type BrowserParticipant } from '../support/browser.ts';
import { useBrowserTestbed } from '../support/browserTestbed.ts';
import { createClinicAt } from '../support/participant.ts';

const testbed = useBrowserTestbed();

/** Fran facilitates and Gia brings the case; started, so the Case phase runs. */
async function startedClinic(prepareFran: (page: Page) => Promise<unknown> = async () => undefined) {
  const { clinicId, facilitatorKey } = await createClinicAt(testbed.url, { title: 'Mini timer' });
  const fran = await testbed.open(LAPTOP);
  await prepareFran(fran.page);
  await fran.page.goto(`${testbed.url}/c/${clinicId}#facilitator=${facilitatorKey}`);
  await joinWithName(fran.page, 'Fran');
  const gia = await testbed.joinAs(LAPTOP, clinicId, 'Gia');
  await fran.page.getByRole('button', { name: 'Make case giver: Gia' }).click();
  await fran.page.getByRole('button', { name: 'Start clinic' }).click();
  await byTestId(fran.page, 'countdown').waitFor();
  return { clinicId, fran };
}

/** Clicks "Mini timer" and returns the window it opened. */
async function openMiniTimer(fran: BrowserParticipant): Promise<Page> {
  const opened = fran.page.context().waitForEvent('page');
  await fran.page.getByRole('button', { name: 'Mini timer' }).click();
  const mini = await opened;
  await mini.locator('.mini-timer [data-testid="countdown"]').waitFor();
  return mini;
}

async function expectSameTimeLeft(mini: Page, main: Page) {
  const gap = async () => {
    const [inMini, onPage] = await Promise.all([textOf(mini, 'countdown'), textOf(main, 'countdown')]);
    return Math.abs(seconds(inMini) - seconds(onPage));
  };
  await expect.poll(gap).toBeLessThanOrEqual(1);
}

describe('the mini timer', () => {
  it('floats in a Picture-in-Picture window that follows the clinic', async () => {
    const { fran } = await startedClinic();
    const mini = await openMiniTimer(fran);
    expect(mini.url()).toBe('about:blank');
    expect(await mini.locator('.mini-phase').textContent()).toBe('Case');
    expect(await mini.locator('.mini-speaker').textContent()).toBe('Gia');
    await expectSameTimeLeft(mini, fran.page);

    await fran.page.getByRole('button', { name: 'Next phase' }).click();
    await expect.poll(() => mini.locator('.mini-phase').textContent()).toBe('Reflections');
    await expect.poll(() => mini.locator('.mini-speaker').textContent()).toBe('Fran');
    await expectSameTimeLeft(mini, fran.page);
    // Space pauses, even right after a click on a console button (which must not be pressed again).
    await fran.page.keyboard.press(' ');
    await fran.page.getByRole('button', { name: 'Resume' }).waitFor();
    expect(await mini.locator('.mini-phase').textContent()).toBe('Reflections');
    expect(fran.problems).toEqual([]);
  });

  it('opens the /mini page in a small pop-up where the browser has no Picture-in-Picture', async () => {
    const { clinicId, fran } = await startedClinic((page) =>
      page.addInitScript(() => {
        delete (window as { documentPictureInPicture?: unknown }).documentPictureInPicture;
      }),
    );
    const mini = await openMiniTimer(fran);
    expect(new URL(mini.url()).pathname).toBe(`/c/${clinicId}/mini`);
    expect(await mini.locator('.mini-phase').textContent()).toBe('Case');
    await expectSameTimeLeft(mini, fran.page);
    // The pop-up is this same person on a second window, not a new participant.
    await expect.poll(() => byTestId(fran.page, 'crew').locator('li').count()).toBe(2);
  });
});
