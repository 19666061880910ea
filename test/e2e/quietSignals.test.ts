/**
 * In the room, in the browser: the case giver on a phone asks for a moment, the facilitator sees
 * it, pauses for it, and the phone shows it was seen; a coach says "Ready" in the lobby and raises
 * a hand during the case, which the facilitator and the case giver see and the facilitator marks
 * answered. The other coaches never see the signal.
 */
import { describe, expect, it } from 'vitest';
import { byTestId, LAPTOP, PHONE, textOf } from '../support/browser.ts';
import { useBrowserTestbed } from '../support/browserTestbed.ts';
import { saveScreenshot } from '../support/screenshots.ts';
import { createClinicAt } from '../support/participant.ts';

const testbed = useBrowserTestbed();

describe('quiet signals and raised hands', () => {
  it('a moment asked for on the phone, seen and paused for on the console; a hand raised and answered', async () => {
    const { clinicId, facilitatorKey } = await createClinicAt(testbed.url, { title: 'Signals' });
    const fran = await testbed.joinAs(LAPTOP, clinicId, 'Fran', facilitatorKey);
    const gia = await testbed.joinAs(PHONE, clinicId, 'Gia');
    const ana = await testbed.joinAs(LAPTOP, clinicId, 'Ana');
    await fran.page.getByRole('button', { name: 'Make case giver: Gia' }).click();

    // Ready blocks nothing, and the facilitator sees the count: of the coaches other than
    // themselves, since nobody asks the facilitator, who coaches too here, to press it.
    await ana.page.getByRole('button', { name: "I'm ready" }).click();
    await expect.poll(() => textOf(fran.page, 'ready-count')).toBe('1 of 1 coach ready for Reflections');
    await expect.poll(() => ana.page.getByRole('button', { name: "I'm ready ✓" }).getAttribute('aria-pressed')).toBe('true');
    await fran.page.getByRole('button', { name: 'Start clinic' }).click();
    for (const device of [fran, gia, ana]) await byTestId(device.page, 'countdown').waitFor();

    // The phone asks for a moment; only the facilitator is told.
    await gia.page.getByRole('button', { name: 'I need a moment' }).click();
    const card = byTestId(fran.page, 'signal-card');
    await expect.poll(() => card.textContent()).toContain('Gia needs a moment');
    await saveScreenshot(gia.page, 'signals-01-sent-phone');
    await saveScreenshot(fran.page, 'signals-02-console-laptop');
    await card.getByRole('button', { name: 'Pause' }).click();
    await expect.poll(() => textOf(gia.page, 'signal-status')).toContain('seen, and paused for you');
    await expect.poll(() => byTestId(gia.page, 'countdown').getAttribute('data-state')).toBe('paused');
    await saveScreenshot(gia.page, 'signals-03-seen-phone');
    expect(await ana.page.getByText('needs a moment').count()).toBe(0);

    // Ana raises her hand to ask; the facilitator and the case giver see the queue.
    await fran.page.getByRole('button', { name: 'Resume' }).click();
    await ana.page.getByRole('button', { name: 'Raise hand to ask' }).click();
    await expect.poll(() => textOf(ana.page, 'hand-place')).toBe('Your hand is up: you ask next.');
    await expect.poll(() => textOf(fran.page, 'hand-queue')).toContain('Ana');
    await expect.poll(() => textOf(gia.page, 'case-giver-hands')).toBe('Waiting to ask: Ana');
    await saveScreenshot(ana.page, 'signals-04-hand-coach-laptop');
    await saveScreenshot(gia.page, 'signals-05-hands-phone');
    await fran.page.getByRole('button', { name: 'Answered: Ana' }).click();
    await expect.poll(() => byTestId(gia.page, 'case-giver-hands').count()).toBe(0);
    await expect.poll(() => ana.page.getByRole('button', { name: 'Raise hand to ask' }).count()).toBe(1);

    // The phone takes its (answered) signal back; the console lets it go.
    await gia.page.getByRole('button', { name: 'I need a moment' }).click();
    await expect.poll(() => byTestId(fran.page, 'signal-card').count()).toBe(0);
    for (const device of [fran, gia, ana]) expect(device.problems).toEqual([]);
  });
});
