/**
 * Time everyone can trust, and a view that survives the network: devices whose clocks are minutes
 * wrong show the same time left, and a phone that loses its connection keeps counting, says so
 * quietly, and is exactly current when it is back.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { byTestId, joinWithName, LAPTOP, PHONE, seconds, textOf, type BrowserParticipant } from '../support/browser.ts';
import { useBrowserTestbed } from '../support/browserTestbed.ts';
import { createClinicAt } from '../support/participant.ts';
import { saveScreenshot } from '../support/screenshots.ts';

const MINUTE_MS = 60_000;

const testbed = useBrowserTestbed();

type SkewedWindow = typeof globalThis & { clockSkewMs: number };

/** Makes the page's clock run `skewMs` off, as on a device whose clock was set wrong; `clockSkewMs` changes it later. */
async function skewClock(page: Page, skewMs: number) {
  await page.addInitScript((skew: number) => {
    const RealDate = Date;
    (globalThis as SkewedWindow).clockSkewMs = skew;
    const skewedNow = () => RealDate.now() + (globalThis as SkewedWindow).clockSkewMs;
    class SkewedDate extends RealDate {
      constructor(...args: unknown[]) {
        if (args.length === 0) super(skewedNow());
        else super(...(args as [number]));
      }
      static override now() {
        return skewedNow();
      }
    }
    globalThis.Date = SkewedDate as DateConstructor;
  }, skewMs);
}

/** A started clinic: Fran facilitates on a laptop; everyone else joins by the link. */
async function startedClinic(others: Array<{ name: string; profile: typeof LAPTOP; skewMs?: number }>) {
  const { clinicId, facilitatorKey } = await createClinicAt(testbed.url, { title: 'Clock check' });
  const fran = await testbed.joinAs(LAPTOP, clinicId, 'Fran', facilitatorKey);
  const joined: BrowserParticipant[] = [];
  for (const { name, profile, skewMs } of others) {
    const person = await testbed.open(profile);
    if (skewMs) await skewClock(person.page, skewMs);
    await person.page.goto(`${testbed.url}/c/${clinicId}`);
    await joinWithName(person.page, name);
    await byTestId(person.page, 'lobby').waitFor();
    joined.push(person);
  }
  await fran.page.getByRole('button', { name: `Make case giver: ${others[0]!.name}` }).click();
  const start = fran.page.getByRole('button', { name: 'Start clinic' });
  await expect.poll(() => start.isEnabled()).toBe(true);
  await start.click();
  for (const person of [fran, ...joined]) await byTestId(person.page, 'countdown').waitFor();
  return { fran, others: joined };
}

describe('a countdown everyone can trust', () => {
  it('shows the same time left on devices whose clocks are minutes fast or slow', async () => {
    const { fran, others } = await startedClinic([
      { name: 'Gia', profile: PHONE, skewMs: 7 * MINUTE_MS },
      { name: 'Ana', profile: LAPTOP, skewMs: -9 * MINUTE_MS },
      { name: 'Ben', profile: LAPTOP },
    ]);
    const everyone = [fran, ...others];
    // The skewed pages really do see a wrong clock.
    const clocks = await Promise.all(everyone.map((person) => person.page.evaluate(() => Date.now())));
    expect(clocks[1]! - clocks[0]!).toBeGreaterThan(6 * MINUTE_MS);
    expect(clocks[0]! - clocks[2]!).toBeGreaterThan(8 * MINUTE_MS);

    for (let reading = 0; reading < 3; reading += 1) {
      // Let the offset measurement settle, then compare all four at one moment.
      await fran.page.waitForTimeout(700);
      const shown = await Promise.all(everyone.map((person) => textOf(person.page, 'countdown')));
      const values = shown.map(seconds);
      expect(Math.max(...values) - Math.min(...values), shown.join(' ')).toBeLessThanOrEqual(1);
      expect(values[0]).toBeGreaterThan(19 * 60);
    }
    for (const person of everyone) expect(person.problems).toEqual([]);
  });
});

describe('a phone whose clock was corrected while it lay asleep', () => {
  it('is right again as soon as the page is seen', async () => {
    const { fran, others } = await startedClinic([
      { name: 'Gia', profile: PHONE, skewMs: -5 * MINUTE_MS },
      { name: 'Ana', profile: LAPTOP },
    ]);
    const gia = others[0]!;
    const gap = async () => Math.abs(seconds(await textOf(gia.page, 'countdown')) - seconds(await textOf(fran.page, 'countdown')));
    await expect.poll(gap).toBeLessThanOrEqual(1);

    // The device's clock jumps by 4 minutes (a network time correction), then the page becomes visible again.
    await gia.page.evaluate((jumpMs) => {
      (globalThis as SkewedWindow).clockSkewMs += jumpMs;
      document.dispatchEvent(new Event('visibilitychange'));
    }, 4 * MINUTE_MS);
    await expect.poll(gap, { timeout: 10_000 }).toBeLessThanOrEqual(1);
    // And it stays right.
    await gia.page.waitForTimeout(1_500);
    expect(await gap()).toBeLessThanOrEqual(1);
  });
});

describe('a dropped connection', () => {
  it('keeps counting with a quiet badge, then shows exactly where the clinic is once back', async () => {
    const { fran, others } = await startedClinic([{ name: 'Gia', profile: PHONE }, { name: 'Ana', profile: LAPTOP }]);
    const gia = others[0]!;
    const context = gia.page.context();

    await context.setOffline(true);
    await byTestId(gia.page, 'reconnecting').waitFor();
    const before = seconds(await textOf(gia.page, 'countdown'));
    await expect.poll(async () => seconds(await textOf(gia.page, 'countdown')), { timeout: 5_000 }).toBeLessThan(before);

    // A signal tapped meanwhile is not sent, to arrive out of the blue later: the phone says so at once.
    await gia.page.getByRole('button', { name: 'I need a moment' }).click();
    await expect.poll(() => gia.page.getByRole('alert').textContent()).toContain('This device is not connected, so this was not sent.');
    await saveScreenshot(gia.page, 'connection-offline-signal-phone');

    // The clinic moves on while the phone is away.
    await fran.page.getByRole('button', { name: 'Next phase' }).click();
    await expect.poll(() => textOf(fran.page, 'phase-title')).toBe('Reflections');
    expect(await textOf(gia.page, 'phase-title')).toBe('Case');

    await context.setOffline(false);
    await expect.poll(() => textOf(gia.page, 'phase-title'), { timeout: 15_000 }).toBe('Reflections');
    await byTestId(gia.page, 'reconnecting').waitFor({ state: 'detached' });
    expect(await textOf(gia.page, 'speaker')).toContain('Fran');
    const gapToConsole = async () => Math.abs(seconds(await textOf(gia.page, 'countdown')) - seconds(await textOf(fran.page, 'countdown')));
    await expect.poll(gapToConsole).toBeLessThanOrEqual(1);
    // Back as the same person: still one Gia, online; the signal tapped offline never reached Fran.
    const crew = await byTestId(fran.page, 'crew').textContent();
    expect(crew!.match(/Gia/g)).toHaveLength(1);
    expect(await byTestId(fran.page, 'signal-card').count()).toBe(0);
  });
});
