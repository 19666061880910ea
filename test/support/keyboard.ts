/**
 * The keyboard alone in end-to-end tests: Tab and Shift+Tab to a control, noting every stop on the
 * way that shows no focus ring, and a walk through all of a page's controls to find any that Tab
 * never reaches.
 */
import type { Locator, Page } from 'playwright-core';

/** What a person can operate: everything Tab should stop at. */
const CONTROLS = 'a[href], button:not([disabled]), input:not([disabled]):not([type="hidden"]), select:not([disabled]), textarea:not([disabled]), summary';

/** Stops a walk gives up after, so a trap or a missing control fails rather than hangs. */
const MOST_STOPS = 120;

/**
 * The focused element as a person would name it, or null when its focus ring shows: an outline at
 * least 2px wide, or a box shadow, drawn because focus came from the keyboard.
 */
function ringlessFocus(page: Page): Promise<string | null> {
  return page.evaluate(() => {
    const element = document.activeElement;
    if (!element || element === document.body) return null;
    // Focus on a part the browser draws inside a field (a date field's calendar button), which
    // the browser rings itself: the field is the active element but does not match :focus.
    if (!element.matches(':focus')) return null;
    const style = getComputedStyle(element);
    const outlined = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2;
    if (outlined || style.boxShadow !== 'none') return null;
    const name = element.getAttribute('aria-label') ?? (element.textContent ?? '').trim().slice(0, 40);
    return `${element.tagName.toLowerCase()} "${name}"`;
  });
}

export class KeyboardWalk {
  /** Every focus stop so far that showed no focus ring, as `tag "name"`. */
  readonly ringless = new Set<string>();

  constructor(private readonly page: Page) {}

  /** Presses Tab (or Shift+Tab) until `target` has focus; fails if it never does. */
  async tabTo(target: Locator, { backwards = false } = {}): Promise<void> {
    for (let stop = 0; stop < MOST_STOPS; stop += 1) {
      if (await target.evaluate((element) => element === document.activeElement).catch(() => false)) return;
      await this.page.keyboard.press(backwards ? 'Shift+Tab' : 'Tab');
      const ringless = await ringlessFocus(this.page);
      if (ringless) this.ringless.add(ringless);
    }
    throw new Error(`Tab never reached ${target}`);
  }

  /**
   * Tabs once round the whole page, through its end and back from its top: the visible controls it
   * never stopped at, as `tag "name"` (an empty list when Tab reaches them all).
   */
  async unreachedControls(): Promise<string[]> {
    await this.page.evaluate((selector) => {
      for (const element of document.querySelectorAll(selector)) element.removeAttribute('data-tab-reached');
    }, CONTROLS);
    let pastTheEnd = 0;
    for (let stop = 0; stop < MOST_STOPS && pastTheEnd < 2; stop += 1) {
      await this.page.keyboard.press('Tab');
      const ringless = await ringlessFocus(this.page);
      if (ringless) this.ringless.add(ringless);
      // Past the last control focus leaves the page (the body has it) before Tab comes back to the
      // top. A date or time field takes several stops in a row, one per part.
      const where = await this.page.evaluate(() => {
        const element = document.activeElement;
        const walk = window as unknown as { lastTabStop?: Element };
        const previous = walk.lastTabStop;
        walk.lastTabStop = element ?? undefined;
        if (!element || element === document.body) return 'outside';
        if (element === previous) return 'same';
        if (element.hasAttribute('data-tab-reached')) return 'again';
        element.setAttribute('data-tab-reached', '');
        return 'new';
      });
      if (where === 'again') break;
      if (where === 'outside') pastTheEnd += 1;
    }
    return this.page.evaluate((selector) => {
      const visible = (element: Element) => element.checkVisibility({ visibilityProperty: true });
      const reached = (element: Element) =>
        element.hasAttribute('data-tab-reached') ||
        // Tab stops at one radio of a group; the arrow keys move between them.
        (element instanceof HTMLInputElement && element.type === 'radio' && document.querySelector(`input[type="radio"][name="${element.name}"][data-tab-reached]`) !== null);
      return [...document.querySelectorAll(selector)]
        .filter((element) => visible(element) && !reached(element) && !element.closest('[inert]'))
        .map((element) => `${element.tagName.toLowerCase()} "${(element.getAttribute('aria-label') ?? element.textContent ?? '').trim().slice(0, 40)}"`);
    }, CONTROLS);
  }
}
