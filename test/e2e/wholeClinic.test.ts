/**
 * A whole clinic in real browsers against the production build served by the real server: a
 * facilitator on a laptop, two coaches, and the case giver on a phone, checking every view in
 * every phase. Screenshots land in test-results/screenshots for a person to look at.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { CLASSIC_FORMAT } from '../../shared/format.ts';
import { byTestId, joinWithName, LAPTOP, PHONE, seconds, textOf, type BrowserParticipant } from '../support/browser.ts';
import { useBrowserTestbed } from '../support/browserTestbed.ts';
import { PROJECT_ROOT } from '../support/servers.ts';

const SCREENSHOT_DIR = join(PROJECT_ROOT, 'test-results/screenshots');
const guidance = Object.fromEntries(CLASSIC_FORMAT.phases.map((phase) => [phase.id, phase]));

const testbed = useBrowserTestbed();
const open = (profile: typeof LAPTOP) => testbed.open(profile);

beforeAll(() => {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
});

async function shoot(page: Page, name: string) {
  await page.screenshot({ path: join(SCREENSHOT_DIR, `${name}.png`), fullPage: true });
}

describe('a whole clinic in the browser', () => {
  it('runs all four phases with every view in step, the case giver on a phone', async () => {
    const fran = await open(LAPTOP);
    await fran.page.goto(`${testbed.url}/`);
    await shoot(fran.page, '01-create-laptop');
    await fran.page.getByLabel(/title/i).fill('Tuesday crew');
    await fran.page.getByRole('button', { name: /create clinic/i }).click();
    const joinLink = await textOf(fran.page, 'join-link');
    expect(joinLink).toMatch(/\/c\/[A-Za-z0-9_-]{22}$/);
    expect(await textOf(fran.page, 'facilitator-link')).toMatch(/#facilitator=/);
    await shoot(fran.page, '02-created-laptop');
    await fran.page.getByRole('button', { name: /open facilitator console/i }).click();
    await joinWithName(fran.page, 'Fran');
    // The facilitator key leaves the address bar once it is stored.
    await expect.poll(() => fran.page.url()).not.toContain('facilitator=');

    const gia = await open(PHONE);
    const ana = await open(LAPTOP);
    const ben = await open(LAPTOP);
    for (const [person, name] of [[gia, 'Gia'], [ana, 'Ana'], [ben, 'Ben']] as const) {
      await person.page.goto(joinLink);
      await joinWithName(person.page, name);
    }
    const everyone = [fran, gia, ana, ben];
    for (const person of everyone) await byTestId(person.page, 'lobby').waitFor();
    await expect.poll(() => byTestId(fran.page, 'lobby').textContent()).toContain('Ben');
    await shoot(gia.page, '03-lobby-phone');

    await fran.page.getByRole('button', { name: /gia.*case giver|case giver.*gia/i }).click();
    await fran.page.getByRole('button', { name: 'Remove Fran from the order' }).click();
    await expect.poll(() => byTestId(ana.page, 'lobby').textContent()).toMatch(/Gia/);
    await shoot(fran.page, '04-lobby-facilitator-laptop');
    await fran.page.getByRole('button', { name: /start clinic/i }).click();

    // Case: the case giver speaks; the first coach is next.
    for (const person of everyone) await expect.poll(() => textOf(person.page, 'phase-title')).toContain('Case');
    expect(await textOf(gia.page, 'guidance')).toBe(guidance.case!.caseGiverGuidance);
    expect(await textOf(ana.page, 'guidance')).toBe(guidance.case!.coachGuidance);
    expect(await textOf(ana.page, 'standing')).toMatch(/you're next/i);
    expect(await textOf(ben.page, 'speaker')).toContain('Gia');
    expect(await textOf(gia.page, 'speaker')).toMatch(/you/i);
    await expectSameCountdown(everyone, 20 * 60);
    await expectCalmPhoneLayout(gia.page);
    await shoot(gia.page, '05-case-phone');
    await shoot(fran.page, '06-case-facilitator-laptop');
    await shoot(ana.page, '07-case-coach-laptop');

    // Reflections: Ana's turn, Ben next; the case giver just listens.
    await fran.page.getByRole('button', { name: 'Next phase' }).click();
    await expect.poll(() => textOf(ana.page, 'standing')).toMatch(/your turn/i);
    expect(await textOf(ben.page, 'standing')).toMatch(/you're next/i);
    expect(await textOf(gia.page, 'guidance')).toBe(guidance.reflections!.caseGiverGuidance);
    expect(await textOf(gia.page, 'speaker')).toContain('Ana');
    expect(await turnsOf(gia.page)).toEqual(['Ana (current)', 'Ben']);
    expect(await turnsOf(ben.page)).toEqual(['Ana (current)', 'You']);
    await expectSameCountdown(everyone, 5 * 60);
    await shoot(gia.page, '08-reflections-phone');
    await shoot(ana.page, '09-reflections-speaking-coach-laptop');

    // Pause shows on every device; +1 min moves every countdown.
    await fran.page.getByRole('button', { name: 'Pause' }).click();
    for (const person of everyone) await expect.poll(() => byTestId(person.page, 'countdown').getAttribute('data-state')).toBe('paused');
    await shoot(gia.page, '10-paused-phone');
    await fran.page.getByRole('button', { name: /\+1 min|add one minute/i }).click();
    await fran.page.getByRole('button', { name: 'Resume' }).click();
    for (const person of everyone) await expect.poll(() => byTestId(person.page, 'countdown').getAttribute('data-state')).toBe('running');
    await expectSameCountdown(everyone, 6 * 60);

    // Next speaker, then back to undo it, then on through both coaches.
    await fran.page.getByRole('button', { name: 'Next speaker' }).click();
    await expect.poll(() => textOf(ben.page, 'standing')).toMatch(/your turn/i);
    await fran.page.getByRole('button', { name: 'Back' }).click();
    await expect.poll(() => textOf(ana.page, 'standing')).toMatch(/your turn/i);
    await expectSameCountdown(everyone, 6 * 60);
    await fran.page.getByRole('button', { name: 'Next speaker' }).click();
    await expect.poll(() => textOf(gia.page, 'speaker')).toContain('Ben');
    expect(await turnsOf(gia.page)).toEqual(['Ana (done)', 'Ben (current)']);
    await fran.page.getByRole('button', { name: 'Next speaker' }).click();

    // Response: the case giver again.
    for (const person of everyone) await expect.poll(() => textOf(person.page, 'phase-title')).toContain('Response');
    expect(await textOf(gia.page, 'guidance')).toBe(guidance.response!.caseGiverGuidance);
    await shoot(gia.page, '11-response-phone');

    // Dialogue: advice is welcome now.
    await fran.page.getByRole('button', { name: 'Next phase' }).click();
    for (const person of everyone) await expect.poll(() => textOf(person.page, 'phase-title')).toContain('Dialogue');
    expect(await textOf(ben.page, 'guidance')).toBe(guidance.dialogue!.coachGuidance);
    await shoot(gia.page, '12-dialogue-phone');
    await shoot(fran.page, '13-dialogue-facilitator-laptop');

    // Finishing cannot be undone, so one click only asks; the second one finishes for everyone.
    await fran.page.getByRole('button', { name: 'Finish clinic' }).click();
    await fran.page.getByRole('button', { name: 'Confirm finish' }).click();
    for (const person of everyone) await byTestId(person.page, 'summary').waitFor();
    const summary = await textOf(gia.page, 'summary');
    for (const phase of CLASSIC_FORMAT.phases) expect(summary).toContain(phase.title);
    await shoot(gia.page, '14-summary-phone');
    await shoot(fran.page, '15-summary-laptop');

    for (const person of everyone) expect(person.problems).toEqual([]);
  });
});

/** Every device shows the same time left (within the second it may be flipping), near `expected` seconds. */
/** The coaches' turns as the strip names them, each marked with how far along it is. */
function turnsOf(page: Page): Promise<string[]> {
  return byTestId(page, 'turn-strip')
    .locator('li')
    .evaluateAll((items) => items.map((item) => (item.className === 'upcoming' ? item.textContent! : `${item.textContent} (${item.className})`)));
}

async function expectSameCountdown(everyone: BrowserParticipant[], expected: number) {
  const readings = await Promise.all(everyone.map((person) => textOf(person.page, 'countdown')));
  const values = readings.map(seconds);
  expect(Math.max(...values) - Math.min(...values), readings.join(' ')).toBeLessThanOrEqual(1);
  expect(Math.abs(values[0]! - expected), readings.join(' ')).toBeLessThanOrEqual(5);
}

/** On the phone: nothing wider than the screen, and a countdown large and fully in view without scrolling. */
async function expectCalmPhoneLayout(page: Page) {
  const layout = await page.evaluate(() => {
    const countdown = document.querySelector('[data-testid="countdown"]')!;
    const box = countdown.getBoundingClientRect();
    return {
      overflow: document.documentElement.scrollWidth - window.innerWidth,
      fontPx: parseFloat(getComputedStyle(countdown).fontSize),
      bottom: box.bottom,
      height: window.innerHeight,
    };
  });
  expect(layout.overflow).toBeLessThanOrEqual(0);
  expect(layout.fontPx).toBeGreaterThanOrEqual(72);
  expect(layout.bottom).toBeLessThanOrEqual(layout.height);
}
