/**
 * At a glance on every screen: a phase stepper and a progress bar with its wrap-up zone, phases
 * that differ in colour and in words, a phone lying sideways that keeps the guidance in view,
 * overtime digits as large as the time left was, and a screen that says when it may be out of
 * date. Devices: the facilitator's laptop, the case giver's phone upright, a coach's phone on its
 * side, a coach's laptop at 200 % zoom, and a 1080p presenter screen.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import {
  byTestId,
  joinWithName,
  LAPTOP,
  LAPTOP_ZOOMED_200,
  layoutCounter,
  lookAgain,
  moveOn,
  PHONE,
  PHONE_LANDSCAPE,
  PRESENTER_SCREEN,
  relayedSocket,
  sidewaysOverflow,
  textOf,
  type BrowserParticipant,
  type RelayedSocket,
} from '../support/browser.ts';
import { useBrowserTestbed } from '../support/browserTestbed.ts';
import { createClinicAt } from '../support/participant.ts';
import { saveScreenshot } from '../support/screenshots.ts';

const testbed = useBrowserTestbed();

interface Crew {
  readonly fran: BrowserParticipant;
  readonly gia: BrowserParticipant;
  readonly ana: BrowserParticipant;
  readonly ben: BrowserParticipant;
  readonly room: BrowserParticipant;
}

/** Fran facilitates, Gia brings the case, Ana and Ben coach, and a meeting room shows the clinic. */
async function startedClinic(title: string, beforeJoining: (name: string, page: Page) => Promise<void> = async () => undefined): Promise<Crew> {
  // Two-minute turns with a 45 s wrap-up lead, which a turn this short caps at its last quarter.
  const { clinicId, facilitatorKey } = await createClinicAt(testbed.url, { title, minutes: { reflections: 2 }, cueTimes: { phaseWrapUpMs: 60_000, turnWrapUpMs: 45_000 } });
  const fran = await testbed.joinAs(LAPTOP, clinicId, 'Fran', facilitatorKey);
  const people: Record<string, BrowserParticipant> = {};
  for (const [name, profile] of [['Gia', PHONE], ['Ana', PHONE_LANDSCAPE], ['Ben', LAPTOP_ZOOMED_200]] as const) {
    const person = await testbed.open(profile);
    await beforeJoining(name, person.page);
    await person.page.goto(`${testbed.url}/c/${clinicId}`);
    await joinWithName(person.page, name);
    await byTestId(person.page, 'lobby').waitFor();
    people[name] = person;
  }
  const room = await testbed.open(PRESENTER_SCREEN);
  await room.page.goto(`${testbed.url}/c/${clinicId}/present`);
  await room.page.getByRole('button', { name: 'Show clinic' }).click();
  await byTestId(room.page, 'presenter-lobby').waitFor();
  await fran.page.getByRole('button', { name: 'Make case giver: Gia' }).click();
  await fran.page.getByRole('button', { name: 'Remove Fran from the order' }).click();
  const start = fran.page.getByRole('button', { name: 'Start clinic' });
  await expect.poll(() => start.isEnabled()).toBe(true);
  await start.click();
  const crew = { fran, gia: people.Gia!, ana: people.Ana!, ben: people.Ben!, room };
  for (const person of Object.values(crew)) await byTestId(person.page, 'countdown').waitFor();
  return crew;
}

/** The stepper as a person reads it: each phase's title, the current one marked. */
const stepperOf = (page: Page) =>
  byTestId(page, 'phase-stepper')
    .locator('li')
    .evaluateAll((items) => items.map((item) => `${item.textContent?.trim()}${item.getAttribute('aria-current') === 'step' ? ' (current)' : ''}`));

const progressOf = (page: Page) =>
  byTestId(page, 'step-progress').evaluate((bar) => ({
    state: bar.getAttribute('data-state'),
    used: Number(bar.getAttribute('data-used')),
    wrapUpFrom: Number(bar.getAttribute('data-wrap-up-from')),
  }));

const pageTint = (page: Page) => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
const digitsSize = (page: Page) => byTestId(page, 'countdown').evaluate((element) => parseFloat(getComputedStyle(element).fontSize));

/**
 * Whether an element is wholly inside the window as it is, without scrolling: the layout viewport,
 * since a phone zooms out to show a page wider than itself and `innerWidth` grows with it.
 */
const inView = (page: Page, testId: string) =>
  byTestId(page, testId).evaluate((element) => {
    const box = element.getBoundingClientRect();
    const { clientWidth, clientHeight } = document.documentElement;
    return box.top >= 0 && box.left >= 0 && box.bottom <= clientHeight && box.right <= clientWidth;
  });

describe('at a glance on every screen', () => {
  it('shows the phases, the time used with its wrap-up zone, and colours each phase apart', async () => {
    const crew = await startedClinic('Glance check');
    const { fran, gia, ana, ben, room } = crew;
    const everyone = [fran, gia, ana, ben, room];

    // Every screen lists every phase of the format, Case marked as the current one in words, not colour alone.
    for (const person of everyone) {
      await expect.poll(() => stepperOf(person.page)).toEqual(['1Case (current)', '2Reflections', '3Response', '4Dialogue']);
      expect(await byTestId(person.page, 'phase-stepper').getAttribute('aria-label')).toBe('Phase 1 of 4');
      // A 20-minute phase with a one-minute wrap-up lead: the zone is its last twentieth.
      const bar = await progressOf(person.page);
      expect(bar.wrapUpFrom).toBeCloseTo(0.95, 3);
      expect(bar.used).toBeLessThan(0.05);
      expect(bar.state).toBe('running');
    }
    // A phone upright, a phone on its side: the phase, the time and the guidance, all without scrolling.
    for (const phone of [gia, ana]) {
      for (const part of ['phase-title', 'countdown', 'step-progress', 'guidance']) expect(await inView(phone.page, part), part).toBe(true);
    }
    const caseTint = await pageTint(gia.page);
    await saveScreenshot(gia.page, 'glance-01-case-phone', { fullPage: false });
    await saveScreenshot(ana.page, 'glance-02-case-phone-landscape', { fullPage: false });
    await saveScreenshot(fran.page, 'glance-03-case-console-laptop', { fullPage: false });
    await saveScreenshot(ben.page, 'glance-04-case-coach-zoom200', { fullPage: false });
    await saveScreenshot(room.page, 'glance-05-case-presenter-1080p', { fullPage: false });

    // Reflections: another colour, another current step, and the bar follows a coach's turn.
    await moveOn(fran.page, 'Reflections');
    for (const person of everyone) {
      await expect.poll(() => stepperOf(person.page)).toEqual(['✓Case (done)', '2Reflections (current)', '3Response', '4Dialogue']);
      // A two-minute turn wraps up for its last 30 s, a quarter of it, not for the 45 s lead.
      expect((await progressOf(person.page)).wrapUpFrom).toBeCloseTo(0.75, 3);
    }
    expect(await pageTint(gia.page)).not.toBe(caseTint);
    for (const part of ['phase-title', 'countdown', 'guidance']) expect(await inView(ana.page, part), part).toBe(true);

    // A minute taken off leaves one: the 30 s of wrap-up are now its second half. Into that zone
    // as the turn runs, the bar says so together with the cue.
    await fran.page.keyboard.press('-');
    for (const person of everyone) await expect.poll(async () => (await progressOf(person.page)).wrapUpFrom).toBeCloseTo(0.5, 3);
    const giaLayouts = await layoutCounter(gia.page);
    const watchedFrom = { layouts: await giaLayouts(), at: Date.now() };
    for (const person of everyone) {
      await expect.poll(async () => (await progressOf(person.page)).state, { timeout: 45_000 }).toBe('wrapUp');
      expect((await progressOf(person.page)).used).toBeGreaterThanOrEqual(0.5);
      await expect.poll(() => person.page.locator('.cue').textContent()).toMatch(/wrap/i);
    }
    // While the turn ran down, the phone beside the laptop redrew with each second's tick and
    // stayed still between: a bar sliding at the screen's frame rate would cost it its battery.
    // What is left of the half minute to the wrap-up (some 25 s) is long enough for a rate; the
    // wrap-up's own redraw is in it.
    const watchedMs = Date.now() - watchedFrom.at;
    expect(watchedMs).toBeGreaterThan(10_000);
    expect(((await giaLayouts()) - watchedFrom.layouts) / (watchedMs / 1000)).toBeLessThan(5);
    // Nor does anything run an animation of more than a moment that would not lay out (a
    // transform's or an opacity's, say); a colour easing into the wrap-up's may still be running.
    const lastingAnimations = await gia.page.evaluate(
      () => document.getAnimations().filter((animation) => animation.playState === 'running' && Number(animation.effect?.getComputedTiming().activeDuration) > 2_000).length,
    );
    expect(lastingAnimations).toBe(0);
    await saveScreenshot(gia.page, 'glance-06-wrap-up-phone', { fullPage: false });
    await saveScreenshot(ana.page, 'glance-07-wrap-up-phone-landscape', { fullPage: false });
    await saveScreenshot(room.page, 'glance-08-wrap-up-presenter-1080p', { fullPage: false });

    // Over time: the digits keep their size on every screen, the bar is full.
    const sizes = await Promise.all(everyone.map((person) => digitsSize(person.page)));
    await fran.page.keyboard.press('-');
    for (const [index, person] of everyone.entries()) {
      await expect.poll(() => byTestId(person.page, 'countdown').getAttribute('data-state')).toBe('overtime');
      expect(await textOf(person.page, 'countdown')).toMatch(/^\+\d\d:\d\d$/);
      expect(await digitsSize(person.page)).toBe(sizes[index]);
      // The sign hangs beside the digits and is itself whole on the screen.
      expect(await inView(person.page, 'countdown-sign')).toBe(true);
      expect(await progressOf(person.page)).toMatchObject({ state: 'overtime', used: 1 });
    }
    // On the phone upright the digits stay large, and nothing spills sideways.
    expect(sizes[1]).toBeGreaterThanOrEqual(96);
    for (const phone of [gia, ana]) {
      expect(await sidewaysOverflow(phone.page)).toBeLessThanOrEqual(0);
    }
    await saveScreenshot(gia.page, 'glance-09-overtime-phone', { fullPage: false });
    await saveScreenshot(ana.page, 'glance-10-overtime-phone-landscape', { fullPage: false });
    await saveScreenshot(room.page, 'glance-11-overtime-presenter-1080p', { fullPage: false });
    await saveScreenshot(ben.page, 'glance-12-overtime-coach-zoom200', { fullPage: false });
    for (const person of everyone) expect(person.problems).toEqual([]);
  });
});

describe('a screen that may be out of date', () => {
  it('says so when the connection drops, and when the server stops answering while the socket looks open', async () => {
    // Gia's phone reaches the server through a relay the test can silence, as a dead Wi-Fi would.
    let giaSocket: RelayedSocket | undefined;
    const crew = await startedClinic('Stale check', async (name, page) => {
      if (name === 'Gia') giaSocket = await relayedSocket(page);
    });
    const { gia, ana } = crew;
    const badge = (page: Page) => byTestId(page, 'reconnecting');
    expect(await badge(gia.page).count()).toBe(0);

    // Offline: at once.
    await ana.page.context().setOffline(true);
    await expect.poll(() => badge(ana.page).textContent()).toBe('May be out of date\u00a0— reconnecting…');
    expect(await byTestId(ana.page, 'countdown').evaluate((element) => element.closest('.countdown')!.hasAttribute('data-stale'))).toBe(true);
    expect(await inView(ana.page, 'reconnecting')).toBe(true);
    await saveScreenshot(ana.page, 'glance-13-offline-phone-landscape', { fullPage: false });
    await ana.page.context().setOffline(false);
    await badge(ana.page).waitFor({ state: 'detached', timeout: 15_000 });

    // Silent: the socket stays open but nothing comes back. Seeing the page again sends a round of
    // clock pings at once; a few seconds without an answer and the badge shows.
    giaSocket!.silenced = true;
    await lookAgain(gia.page);
    await expect.poll(() => badge(gia.page).count(), { timeout: 10_000 }).toBe(1);
    // The socket is up, so nothing is reconnecting: the badge says what it waits for.
    expect(await badge(gia.page).textContent()).toBe('May be out of date\u00a0— waiting for the server…');
    expect(await inView(gia.page, 'reconnecting')).toBe(true);
    await saveScreenshot(gia.page, 'glance-14-unanswered-phone', { fullPage: false });
    giaSocket!.silenced = false;
    await lookAgain(gia.page);
    await badge(gia.page).waitFor({ state: 'detached', timeout: 15_000 });
  });
});
