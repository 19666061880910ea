/**
 * The chimes and vibrations a coach's phone gives, recorded from the page's own Web Audio and
 * Vibration calls: "you're up" when their turn starts, and time-up when the last phase runs out
 * and the clinic closes by itself.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { byTestId, joinWithName, LAPTOP, moveOn, PHONE, textOf } from '../support/browser.ts';
import { useBrowserTestbed } from '../support/browserTestbed.ts';
import { createClinicAt } from '../support/participant.ts';

const testbed = useBrowserTestbed();

/** The notes of each chime in client/chime.ts, in Hz. */
const YOUR_TURN = [523.25, 659.25, 783.99];
const TIME_UP = [659.25, 523.25];

type RecordingWindow = typeof globalThis & { notesPlayed: number[]; vibrations: unknown[] };

/** Records every note the page plays and every vibration it asks for. */
async function recordSignals(page: Page) {
  await page.addInitScript(() => {
    const recording = globalThis as RecordingWindow;
    recording.notesPlayed = [];
    recording.vibrations = [];
    const RealOscillator = OscillatorNode;
    globalThis.OscillatorNode = class extends RealOscillator {
      constructor(context: BaseAudioContext, options?: OscillatorOptions) {
        super(context, options);
        recording.notesPlayed.push(options?.frequency ?? 0);
      }
    };
    navigator.vibrate = (pattern) => {
      recording.vibrations.push(pattern);
      return true;
    };
  });
}

const signalsOf = (page: Page) => page.evaluate(() => ({ notes: (globalThis as RecordingWindow).notesPlayed, vibrations: (globalThis as RecordingWindow).vibrations }));

describe("a coach's phone", () => {
  it("chimes and buzzes when their turn starts, and chimes time-up when the clinic closes by itself", async () => {
    const { clinicId, facilitatorKey } = await createClinicAt(testbed.url, { minutes: { dialogue: 1 }, autoAdvance: { dialogue: 'hard' } });
    const fran = await testbed.joinAs(LAPTOP, clinicId, 'Fran', facilitatorKey);
    const gia = await testbed.joinAs(LAPTOP, clinicId, 'Gia');
    const ana = await testbed.open(PHONE);
    await recordSignals(ana.page);
    await ana.page.goto(`${testbed.url}/c/${clinicId}`);
    // Joining is a tap, which lets the page play sound.
    await joinWithName(ana.page, 'Ana');
    await byTestId(ana.page, 'lobby').waitFor();

    // Each click waits for the console to show the one before: an order made on a screen that
    // had not caught up would put Ana elsewhere, and a move would be refused as stale.
    await fran.page.getByRole('button', { name: 'Make case giver: Gia' }).click();
    await expect.poll(() => fran.page.locator('.case-giver-name').textContent()).toBe('Gia');
    await fran.page.getByRole('button', { name: 'Move Ana up' }).click();
    await expect.poll(() => fran.page.locator('.coach-order .person-name').first().textContent()).toBe('Ana');
    await fran.page.getByRole('button', { name: 'Start clinic' }).click();
    await expect.poll(() => textOf(fran.page, 'phase-title')).toBe('Case');
    await byTestId(ana.page, 'countdown').waitFor();
    expect(await signalsOf(ana.page)).toEqual({ notes: [], vibrations: [] });

    await moveOn(fran.page, 'Reflections');
    await expect.poll(() => byTestId(ana.page, 'standing').textContent()).toBe('Your turn');
    await expect.poll(() => signalsOf(ana.page)).toEqual({ notes: YOUR_TURN, vibrations: [[200, 100, 200]] });

    // The sound is a switch named for what it switches, showing which way it is: off, then on again.
    const sound = ana.page.getByRole('switch', { name: 'Sound', exact: true });
    expect(await sound.getAttribute('aria-checked')).toBe('true');
    await sound.click();
    await expect.poll(() => sound.getAttribute('aria-checked')).toBe('false');
    await sound.click();
    await expect.poll(() => sound.getAttribute('aria-checked')).toBe('true');

    // On to Dialogue (one minute, moving on by itself), then take its last minute away.
    await moveOn(fran.page, 'Response');
    await moveOn(fran.page, 'Dialogue');
    await expect.poll(() => byTestId(ana.page, 'phase-title').textContent()).toBe('Dialogue');
    await fran.page.getByRole('button', { name: '−1 min' }).click();
    await ana.page.getByRole('heading', { name: 'Clinic closed' }).waitFor();
    await expect.poll(async () => (await signalsOf(ana.page)).notes.slice(-TIME_UP.length)).toEqual(TIME_UP);
  });
});
