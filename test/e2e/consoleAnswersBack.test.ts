/**
 * The console answers back: each button shows its key, each move says what it did with a way to
 * undo it, a disabled control says why in words on the screen, the time and the controls stay
 * together on a small or zoomed screen, focus goes somewhere sensible after Start and each new
 * phase, and axe finds nothing serious on the lobby or the console.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { seriousAxeViolations } from '../support/axe.ts';
import { byTestId, joinWithName, LAPTOP, LAPTOP_ZOOMED_200, PHONE, seconds, sidewaysOverflow, textOf, type BrowserParticipant } from '../support/browser.ts';
import { useBrowserTestbed } from '../support/browserTestbed.ts';
import { createClinicAt } from '../support/participant.ts';
import { saveScreenshot } from '../support/screenshots.ts';

const testbed = useBrowserTestbed();

/** A console button's accessible name, the key shown on it, and what it says about itself. */
async function buttonFacts(page: Page, name: string) {
  const button = page.getByRole('button', { name, exact: true });
  return button.evaluate((element) => ({
    hint: element.querySelector('kbd')?.textContent ?? null,
    keys: element.getAttribute('aria-keyshortcuts'),
    disabled: (element as HTMLButtonElement).disabled,
    reason: element.getAttribute('aria-describedby') ? (document.getElementById(element.getAttribute('aria-describedby')!)?.textContent ?? '(missing)') : null,
  }));
}

const focusedTestId = (page: Page) => page.evaluate(() => document.activeElement?.getAttribute('data-testid') ?? document.activeElement?.tagName ?? null);

/** Whether each element is wholly inside the window as it is, without scrolling. */
const allInView = (page: Page, selectors: readonly string[]) =>
  page.evaluate(
    (list) =>
      list.map((selector) => {
        const element = document.querySelector(selector);
        if (!element) return `${selector}: missing`;
        const box = element.getBoundingClientRect();
        const visible = box.top >= 0 && box.left >= 0 && box.bottom <= window.innerHeight && box.right <= window.innerWidth;
        return `${selector}: ${visible ? 'in view' : 'out of view'}`;
      }),
    selectors,
  );

/** WCAG contrast ratio between two `rgb()` colours. */
function contrast(first: string, second: string): number {
  const luminance = (color: string) => {
    const [r, g, b] = color.match(/[\d.]+/g)!.slice(0, 3).map((part) => {
      const channel = Number(part) / 255;
      return channel <= 0.03928 ? channel / 12.92 : ((channel + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
  };
  const [light, dark] = [luminance(first), luminance(second)].sort((a, b) => b - a);
  return (light! + 0.05) / (dark! + 0.05);
}

describe('the console answers back', () => {
  it('shows keys, says what each move did with an undo, explains disabled controls and places focus', async () => {
    const { clinicId, facilitatorKey } = await createClinicAt(testbed.url, { title: 'Console check' });
    const fran = await testbed.joinAs(LAPTOP, clinicId, 'Fran', facilitatorKey);
    const people: BrowserParticipant[] = [];
    for (const name of ['Gia', 'Ana', 'Ben']) {
      const person = await testbed.open(name === 'Gia' ? PHONE : LAPTOP);
      await person.page.goto(`${testbed.url}/c/${clinicId}`);
      await joinWithName(person.page, name);
      people.push(person);
    }
    await expect.poll(() => byTestId(fran.page, 'crew').textContent()).toContain('Ben');
    await fran.page.getByRole('button', { name: 'Make case giver: Gia' }).click();
    await fran.page.getByRole('button', { name: 'Remove Fran from the order' }).click();
    await expect.poll(() => fran.page.locator('.coach-order .person-name').allTextContents()).toEqual(['Ana', 'Ben']);
    expect(await seriousAxeViolations(fran.page)).toEqual([]);
    await saveScreenshot(fran.page, 'console-01-lobby-laptop');

    // Start from the bottom of a long lobby: the live screen opens at its top, focus on the phase.
    await fran.page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
    await fran.page.getByRole('button', { name: 'Start clinic' }).click();
    await expect.poll(() => focusedTestId(fran.page)).toBe('phase-title');
    expect(await fran.page.evaluate(() => window.scrollY)).toBe(0);

    // Keys on the buttons, from the shortcut table: → or N moves on the phase here.
    expect(await buttonFacts(fran.page, 'Next phase')).toMatchObject({ hint: 'N', keys: 'ArrowRight N', disabled: false });
    expect(await buttonFacts(fran.page, 'Pause')).toMatchObject({ hint: 'Space', keys: 'Space' });
    expect(await buttonFacts(fran.page, '+1 min')).toMatchObject({ hint: '+', disabled: false });
    expect(await buttonFacts(fran.page, '−1 min')).toMatchObject({ hint: '−', disabled: false });
    // Disabled controls say why, on the screen, one line per reason.
    const turnsOnly = 'Speakers take turns only in a phase where each coach speaks.';
    expect(await buttonFacts(fran.page, 'Next speaker')).toMatchObject({ hint: null, disabled: true, reason: `Next speaker, Skip speaker: ${turnsOnly}` });
    expect(await buttonFacts(fran.page, 'Back')).toMatchObject({ disabled: true, reason: 'Back: There is no earlier step to go back to.' });
    await expect.poll(() => byTestId(fran.page, 'control-reasons').isVisible()).toBe(true);
    expect(await byTestId(fran.page, 'feedback').textContent()).toBe('');
    expect(await seriousAxeViolations(fran.page)).toEqual([]);
    await saveScreenshot(fran.page, 'console-02-case-laptop', { fullPage: false });

    // A click moves on: the line says where to, with Undo (B); focus is back on the new phase.
    await fran.page.getByRole('button', { name: 'Next phase' }).click();
    await expect.poll(() => textOf(fran.page, 'feedback')).toBe("On to Reflections, Ana's turn—UndoB");
    await expect.poll(() => focusedTestId(fran.page)).toBe('phase-title');
    // Where coaches take turns the key moves to Next speaker.
    expect(await buttonFacts(fran.page, 'Next speaker')).toMatchObject({ hint: 'N', disabled: false, reason: null });
    expect(await buttonFacts(fran.page, 'Next phase')).toMatchObject({ hint: null, disabled: false });

    // A stray S skips Ana: the console says so at once, and Undo gives her turn back.
    await fran.page.keyboard.press('s');
    await expect.poll(() => textOf(fran.page, 'feedback')).toBe('Skipped Ana—UndoB');
    await expect.poll(() => textOf(people[0]!.page, 'speaker')).toContain('Ben');
    await expect.poll(() => textOf(people[1]!.page, 'standing')).toBe('Your turn was skipped');
    await saveScreenshot(fran.page, 'console-03-skipped-with-undo-laptop', { fullPage: false });
    await fran.page.getByRole('button', { name: 'Undo' }).click();
    await expect.poll(() => textOf(people[1]!.page, 'standing')).toBe('Your turn');
    await expect.poll(() => textOf(fran.page, 'feedback')).toBe("Back to Reflections, Ana's turn");

    // Time: the undo of a minute added is a minute taken off, with its own key.
    const before = await textOf(fran.page, 'countdown');
    await fran.page.keyboard.press('+');
    await expect.poll(() => textOf(fran.page, 'feedback')).toBe('Added 1 min—Undo−');
    await fran.page.getByRole('button', { name: 'Undo' }).click();
    await expect.poll(() => textOf(fran.page, 'feedback')).toBe('Took 1 min off—Undo+');
    expect(Math.abs(seconds(before) - seconds(await textOf(fran.page, 'countdown')))).toBeLessThanOrEqual(5);

    // Pause by key: the line offers Resume as the undo.
    await fran.page.keyboard.press(' ');
    await expect.poll(() => textOf(fran.page, 'feedback')).toBe('Paused—UndoSpace');
    expect(await buttonFacts(fran.page, 'Resume')).toMatchObject({ hint: 'Space' });
    await fran.page.keyboard.press(' ');
    await expect.poll(() => textOf(fran.page, 'feedback')).toBe('Resumed—UndoSpace');

    // A keyboard user's focus stays on the button they pressed.
    await fran.page.getByRole('button', { name: 'Next speaker' }).focus();
    await fran.page.keyboard.press('Enter');
    await expect.poll(() => textOf(fran.page, 'feedback')).toBe('Ben has the floor—UndoB');
    expect(await fran.page.evaluate(() => document.activeElement?.textContent)).toBe('Next speakerN');

    // The focus ring stands out 3:1 from the console around it.
    await fran.page.keyboard.press('Tab');
    const ring = await fran.page.evaluate(() => {
      const focused = document.activeElement as HTMLElement;
      let around: Element | null = focused.parentElement;
      while (around && getComputedStyle(around).backgroundColor === 'rgba(0, 0, 0, 0)') around = around.parentElement;
      return { outline: getComputedStyle(focused).outlineColor, style: getComputedStyle(focused).outlineStyle, width: getComputedStyle(focused).outlineWidth, around: getComputedStyle(around ?? document.body).backgroundColor, page: getComputedStyle(document.body).backgroundColor };
    });
    expect(ring.style).toBe('solid');
    expect(parseFloat(ring.width)).toBeGreaterThanOrEqual(2);
    expect(contrast(ring.outline, ring.around)).toBeGreaterThanOrEqual(3);
    expect(contrast(ring.outline, ring.page)).toBeGreaterThanOrEqual(3);
    expect(await seriousAxeViolations(fran.page)).toEqual([]);
    await saveScreenshot(fran.page, 'console-04-focus-ring-laptop', { fullPage: false });

    // Scrolled down to the crew on a laptop, the controls and the time are still in view.
    await fran.page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
    expect(await allInView(fran.page, ['[data-testid="countdown"]', '[data-testid="control-bar"]'])).toEqual([
      '[data-testid="countdown"]: in view',
      '[data-testid="control-bar"]: in view',
    ]);
    await saveScreenshot(fran.page, 'console-05-scrolled-laptop', { fullPage: false });

    // The same console at 200 % zoom: a compact bar at the bottom holds the time and every control.
    const zoomed = await testbed.open(LAPTOP_ZOOMED_200);
    await zoomed.page.goto(`${testbed.url}/c/${clinicId}#facilitator=${facilitatorKey}`);
    await byTestId(zoomed.page, 'control-bar').waitFor();
    const bar = ['[data-testid="console-clock"]', '[data-testid="control-bar"]', '.control-grid-moves', '.control-grid-time'];
    const everyInView = bar.map((selector) => `${selector}: in view`);
    expect(await allInView(zoomed.page, bar)).toEqual(everyInView);
    expect(await textOf(zoomed.page, 'console-clock')).toMatch(/^Reflections\d\d:\d\d$/);
    await saveScreenshot(zoomed.page, 'console-06-top-zoom200', { fullPage: false });
    for (const position of ['middle', 'bottom'] as const) {
      await zoomed.page.evaluate((where) => window.scrollTo(0, where === 'bottom' ? document.body.scrollHeight : document.body.scrollHeight / 2), position);
      expect(await allInView(zoomed.page, bar), position).toEqual(everyInView);
      await saveScreenshot(zoomed.page, `console-07-${position}-zoom200`, { fullPage: false });
    }
    // Nothing spills sideways, and a move from the zoomed console answers there too.
    expect(await sidewaysOverflow(zoomed.page)).toBeLessThanOrEqual(0);
    await zoomed.page.getByRole('button', { name: 'Back', exact: true }).click();
    await expect.poll(() => textOf(zoomed.page, 'feedback')).toBe("Back to Reflections, Ana's turn");
    expect(await seriousAxeViolations(zoomed.page)).toEqual([]);
    for (const person of [fran, zoomed, ...people]) expect(person.problems).toEqual([]);
  });
});
