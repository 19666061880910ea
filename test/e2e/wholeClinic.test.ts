/**
 * A whole clinic in real browsers against the production build served by the real server: a
 * facilitator on a laptop, three coaches, and the case giver on a phone, checking every view in
 * every phase: each coach's place in line, a turn running over time on every screen, the console's
 * planned-against-actual timeline as it runs, and the summary at the close. Screenshots land in
 * test-results/screenshots for a person to look at.
 */
import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { CLASSIC as CLASSIC_FORMAT } from '../../shared/formats/classic.ts';
import { byTestId, joinWithName, LAPTOP, PHONE, seconds, sidewaysOverflow, textOf, type BrowserParticipant } from '../support/browser.ts';
import { useBrowserTestbed } from '../support/browserTestbed.ts';
import { saveScreenshot } from '../support/screenshots.ts';

const guidance = Object.fromEntries(CLASSIC_FORMAT.phases.map((phase) => [phase.id, phase]));
const TIMES_UP = "Time's up";
/** Long enough for a few seconds to pass on the clock (expect.poll gives up after one by default). */
const TIME_PASSES_MS = 5_000;

const testbed = useBrowserTestbed();
const open = (profile: typeof LAPTOP) => testbed.open(profile);

describe('a whole clinic in the browser', () => {
  it('runs all four phases with every view in step, the case giver on a phone', async () => {
    const fran = await open(LAPTOP);
    await fran.page.goto(`${testbed.url}/`);
    await saveScreenshot(fran.page, '01-create-laptop');
    await fran.page.getByLabel(/title/i).fill('Tuesday crew');
    await fran.page.getByRole('button', { name: /create clinic/i }).click();
    const joinLink = await textOf(fran.page, 'join-link');
    expect(joinLink).toMatch(/\/c\/[A-Za-z0-9_-]{22}$/);
    expect(await textOf(fran.page, 'facilitator-link')).toMatch(/#facilitator=/);
    await saveScreenshot(fran.page, '02-created-laptop');
    await fran.page.getByRole('button', { name: /open facilitator console/i }).click();
    await joinWithName(fran.page, 'Fran');
    // The facilitator key leaves the address bar once it is stored.
    await expect.poll(() => fran.page.url()).not.toContain('facilitator=');

    const gia = await open(PHONE);
    const ana = await open(LAPTOP);
    const ben = await open(LAPTOP);
    const cal = await open(LAPTOP);
    for (const [person, name] of [[gia, 'Gia'], [ana, 'Ana'], [ben, 'Ben'], [cal, 'Cal']] as const) {
      await person.page.goto(joinLink);
      await joinWithName(person.page, name);
    }
    const everyone = [fran, gia, ana, ben, cal];
    for (const person of everyone) await byTestId(person.page, 'lobby').waitFor();
    await expect.poll(() => byTestId(fran.page, 'lobby').textContent()).toContain('Cal');
    await saveScreenshot(gia.page, '03-lobby-phone');

    await fran.page.getByRole('button', { name: /gia.*case giver|case giver.*gia/i }).click();
    await fran.page.getByRole('button', { name: 'Remove Fran from the order' }).click();
    await expect.poll(() => byTestId(ana.page, 'lobby').textContent()).toMatch(/Gia/);
    // Each coach knows their place in the order before the clinic starts.
    await cal.page.getByText("You'll take the 3rd of 3 coach turns.").waitFor();
    await saveScreenshot(fran.page, '04-lobby-facilitator-laptop');
    await fran.page.getByRole('button', { name: /start clinic/i }).click();

    // Case: the case giver speaks; each coach knows their place in Reflections, still ahead.
    for (const person of everyone) await expect.poll(() => textOf(person.page, 'phase-title')).toContain('Case');
    expect(await textOf(gia.page, 'guidance')).toBe(guidance.case!.guidance.caseGiver);
    expect(await textOf(ana.page, 'guidance')).toBe(guidance.case!.guidance.listeners);
    await expectStandings([ana, "You're first in Reflections"], [ben, "You're 2nd in Reflections"], [cal, "You're 3rd in Reflections"]);
    // Nor the facilitator, out of the order: running the clinic is their part, not listening.
    for (const person of [gia, fran]) expect(await byTestId(person.page, 'standing').count()).toBe(0);
    expect(await textOf(ben.page, 'speaker')).toContain('Gia');
    expect(await textOf(gia.page, 'speaker')).toMatch(/you/i);
    await expectSameCountdown(everyone, 20 * 60);
    await expectCalmPhoneLayout(gia.page);

    // The console's timeline: every phase and coach's turn planned, Case under way, the rest to come.
    const atStart = await consoleTimeline(fran.page);
    expect(atStart.Case).toMatchObject({ status: 'now', planned: '20 min' });
    expect(atStart.Reflections).toMatchObject({ status: '', planned: '15 min', actual: '–' });
    for (const name of ['Ana', 'Ben', 'Cal']) expect(atStart[name]).toMatchObject({ status: '', planned: '5 min', actual: '–' });
    expect(atStart.Response).toMatchObject({ status: '', planned: '10 min', actual: '–' });
    expect(atStart.Dialogue).toMatchObject({ status: '', planned: '35 min', actual: '–' });
    expect(atStart.Total!.planned).toBe('80 min');
    // Case's actual time counts up with the clock, and is the time the countdown has used.
    await expect.poll(async () => durationSeconds((await consoleTimeline(fran.page)).Case!.actual), { timeout: TIME_PASSES_MS }).toBeGreaterThanOrEqual(2);
    await expectActualMatchesCountdown(fran.page, 'Case', 20 * 60);
    await saveScreenshot(gia.page, '05-case-phone');
    await saveScreenshot(fran.page, '06-case-facilitator-laptop');
    await saveScreenshot(ana.page, '07-case-coach-laptop');

    // Reflections: Ana's turn, Ben next, Cal after him; the case giver just listens.
    await fran.page.getByRole('button', { name: 'Next phase' }).click();
    await expectStandings([ana, 'Your turn'], [ben, "You're next"], [cal, "You're 2nd in line"]);
    expect(await textOf(gia.page, 'guidance')).toBe(guidance.reflections!.guidance.caseGiver);
    expect(await textOf(gia.page, 'speaker')).toContain('Ana');
    expect(await turnsOf(gia.page)).toEqual(['Ana (current)', 'Ben', 'Cal']);
    expect(await turnsOf(cal.page)).toEqual(['Ana (current)', 'Ben', 'You']);
    await expectSameCountdown(everyone, 5 * 60);
    const caseDone = (await consoleTimeline(fran.page)).Case!;
    expect(caseDone.status).toBe('');
    expect(durationSeconds(caseDone.actual)).toBeGreaterThanOrEqual(2);
    expect((await consoleTimeline(fran.page)).Ana!.status).toBe('now');
    await saveScreenshot(gia.page, '08-reflections-phone');
    await saveScreenshot(ana.page, '09-reflections-speaking-coach-laptop');
    await saveScreenshot(cal.page, '10-reflections-waiting-coach-laptop');

    // From here the case giver's screen reader hears each change of speaker once, and nothing as the time runs.
    expect(await textOf(gia.page, 'announcement')).toBe('Reflections. Speaking: Ana.');
    await gia.page.evaluate(() => {
      const region = document.querySelector('[data-testid="announcement"]')!;
      const heard: string[] = [];
      Object.assign(window, { heard });
      new MutationObserver(() => heard.push(region.textContent ?? '')).observe(region, { childList: true, characterData: true, subtree: true });
    });
    const heardByGia = () => gia.page.evaluate(() => (window as unknown as { heard: string[] }).heard);

    // Pause shows on every device and stops the actual time; +1 min moves every countdown.
    await fran.page.getByRole('button', { name: 'Pause' }).click();
    for (const person of everyone) await expect.poll(() => byTestId(person.page, 'countdown').getAttribute('data-state')).toBe('paused');
    const pausedAt = (await consoleTimeline(fran.page)).Ana!.actual;
    await saveScreenshot(gia.page, '11-paused-phone');
    await fran.page.waitForTimeout(1_500);
    expect((await consoleTimeline(fran.page)).Ana!.actual).toBe(pausedAt);
    await fran.page.getByRole('button', { name: '+1 min' }).click();
    await fran.page.getByRole('button', { name: 'Resume' }).click();
    for (const person of everyone) await expect.poll(() => byTestId(person.page, 'countdown').getAttribute('data-state')).toBe('running');
    await expectSameCountdown(everyone, 6 * 60);
    await expectActualMatchesCountdown(fran.page, 'Ana', 6 * 60);

    // Next speaker, then back to undo it, then on through all three coaches.
    await fran.page.getByRole('button', { name: 'Next speaker' }).click();
    await expectStandings([ana, "You've had your turn"], [ben, 'Your turn'], [cal, "You're next"]);
    await fran.page.getByRole('button', { name: 'Back' }).click();
    await expectStandings([ana, 'Your turn'], [ben, "You're next"], [cal, "You're 2nd in line"]);
    await expectSameCountdown(everyone, 6 * 60);
    await fran.page.getByRole('button', { name: 'Next speaker' }).click();
    await expect.poll(() => textOf(gia.page, 'speaker')).toContain('Ben');
    expect(await turnsOf(gia.page)).toEqual(['Ana (done)', 'Ben (current)', 'Cal']);
    expect(await heardByGia()).toEqual(['Reflections. Speaking: Ben.', 'Reflections. Speaking: Ana.', 'Reflections. Speaking: Ben.']);
    await fran.page.getByRole('button', { name: 'Next speaker' }).click();
    await expectStandings([ana, "You've had your turn"], [ben, "You've had your turn"], [cal, 'Your turn']);
    expect(await turnsOf(gia.page)).toEqual(['Ana (done)', 'Ben (done)', 'Cal (current)']);
    await expectSameCountdown(everyone, 5 * 60);

    // Cal's time runs out: five minutes taken off a turn with less left end it now, and every screen,
    // the phone too, counts up in the over-time style and says time is up.
    const onTimeColors = await Promise.all(everyone.map((person) => countdownColor(person.page)));
    const lessTime = fran.page.getByRole('button', { name: '−1 min' });
    for (let minute = 0; minute < 5; minute += 1) {
      const before = seconds(await textOf(fran.page, 'countdown'));
      await lessTime.click();
      await expect.poll(async () => seconds(await textOf(fran.page, 'countdown'))).toBeLessThanOrEqual(Math.max(0, before - 59));
    }
    // The last click took off only the seconds that were left; now there are none, and the console says so.
    await expect.poll(() => textOf(fran.page, 'feedback')).toMatch(/^Took \d+ s off/);
    await expect.poll(() => lessTime.isDisabled()).toBe(true);
    expect(await textOf(fran.page, 'control-reasons')).toContain('−1 min: Time is already up');
    for (const [index, person] of everyone.entries()) {
      await expect.poll(() => byTestId(person.page, 'countdown').getAttribute('data-state')).toBe('overtime');
      expect(await textOf(person.page, 'countdown')).toMatch(/^\+\d\d:\d\d$/);
      await person.page.getByText('over time', { exact: true }).waitFor({ timeout: TIME_PASSES_MS });
      await person.page.getByRole('status').filter({ hasText: TIMES_UP }).waitFor({ timeout: TIME_PASSES_MS });
      await expect.poll(() => countdownColor(person.page)).not.toBe(onTimeColors[index]);
    }
    const overtimeStart = await Promise.all(everyone.map(async (person) => seconds(await textOf(person.page, 'countdown'))));
    await Promise.all(
      everyone.map((person, index) => expect.poll(async () => seconds(await textOf(person.page, 'countdown')), { timeout: TIME_PASSES_MS }).toBeLessThanOrEqual(overtimeStart[index]! - 2)),
    );
    // Just over time: the overtime itself was seen growing above, so this one stays close.
    await expectSameCountdown(everyone, -3, 5);
    await expectCalmPhoneLayout(gia.page);
    expect((await consoleTimeline(fran.page)).Cal).toMatchObject({ status: 'now', planned: '5 min' });
    await expectActualMatchesCountdown(fran.page, 'Cal', 0);
    await saveScreenshot(gia.page, '12-overtime-phone');
    await saveScreenshot(cal.page, '13-overtime-speaking-coach-laptop');
    await saveScreenshot(fran.page, '14-overtime-facilitator-laptop');
    const overtimeWhenMovedOn = -seconds(await textOf(fran.page, 'countdown'));
    const readAt = Date.now();
    await fran.page.getByRole('button', { name: 'Next speaker' }).click();
    // The turn ran on while the click travelled: a second or two, more on a loaded machine.
    const secondsToMoveOn = Math.ceil((Date.now() - readAt) / 1_000);

    // Response: the case giver again, on a fresh countdown in the usual style, its bar empty at
    // once (were the fill smoothed, it would sweep back from the overtime turn's full one).
    await expect.poll(() => textOf(gia.page, 'phase-title')).toContain('Response');
    const barFilled = await gia.page
      .locator('[data-testid="step-progress"] .step-progress-used')
      .evaluate((fill) => fill.getBoundingClientRect().width / fill.parentElement!.getBoundingClientRect().width);
    expect(barFilled).toBeLessThan(0.05);
    for (const person of everyone) await expect.poll(() => textOf(person.page, 'phase-title')).toContain('Response');
    expect(await textOf(gia.page, 'guidance')).toBe(guidance.response!.guidance.caseGiver);
    for (const [index, person] of everyone.entries()) {
      expect(await byTestId(person.page, 'countdown').getAttribute('data-state')).toBe('running');
      await expect.poll(() => countdownColor(person.page)).toBe(onTimeColors[index]);
      expect(await person.page.getByRole('status').filter({ hasText: TIMES_UP }).count()).toBe(0);
    }
    await expectSameCountdown(everyone, 10 * 60);
    // The turns are over: nobody is told about them any more.
    for (const coach of [ana, ben, cal]) await expect.poll(() => byTestId(coach.page, 'standing').count()).toBe(0);
    await saveScreenshot(gia.page, '15-response-phone');

    // Dialogue: advice is welcome now.
    await fran.page.getByRole('button', { name: 'Next phase' }).click();
    for (const person of everyone) await expect.poll(() => textOf(person.page, 'phase-title')).toContain('Dialogue');
    expect(await textOf(ben.page, 'guidance')).toBe(guidance.dialogue!.guidance.listeners);
    const beforeFinish = await consoleTimeline(fran.page);
    const beforeFinishAt = Date.now();
    expect(beforeFinish.Case).toEqual(caseDone);
    expect(beforeFinish.Dialogue!.status).toBe('now');
    await saveScreenshot(gia.page, '16-dialogue-phone');
    await saveScreenshot(fran.page, '17-dialogue-facilitator-laptop');

    // In the last phase, finishing is the one way to end: no second button to wonder about.
    expect(await fran.page.getByRole('button', { name: 'End clinic' }).count()).toBe(0);
    // Finishing cannot be undone, so one click only asks; the second one finishes for everyone.
    await fran.page.getByRole('button', { name: 'Finish clinic' }).click();
    await fran.page.getByRole('button', { name: 'Confirm finish' }).click();
    for (const person of everyone) await byTestId(person.page, 'summary').waitFor();
    const finishedWithin = Math.ceil((Date.now() - beforeFinishAt) / 1000);

    // The summary, the same on every screen: planned against what happened, phase by phase.
    const summary = await summaryTimeline(gia.page);
    for (const person of everyone) expect(await summaryTimeline(person.page)).toEqual(summary);
    // Finished phases and turns read as the console last showed them.
    for (const name of ['Case', 'Reflections', 'Ana', 'Ben', 'Cal', 'Response']) expect(summary[name]).toEqual(beforeFinish[name]);
    expect(summary.Case).toEqual({ name: 'Case', status: '', planned: '20 min', actual: caseDone.actual });
    expect(summary.Reflections!.planned).toBe('15 min');
    expect(summary.Response!.planned).toBe('10 min');
    // Cal's turn took just the time it ran over; Reflections counts Ben's undone minute too.
    const calActual = durationSeconds(summary.Cal!.actual);
    expect(calActual).toBeGreaterThanOrEqual(overtimeWhenMovedOn);
    expect(calActual).toBeLessThanOrEqual(overtimeWhenMovedOn + 1 + secondsToMoveOn);
    const turnsTotal = ['Ana', 'Ben', 'Cal'].reduce((sum, name) => sum + durationSeconds(summary[name]!.actual), 0);
    expect(durationSeconds(summary.Reflections!.actual)).toBeGreaterThanOrEqual(turnsTotal - 1);
    // Dialogue ran on from where the console last showed it until the finish.
    const dialogue = durationSeconds(summary.Dialogue!.actual);
    expect(summary.Dialogue).toMatchObject({ status: '', planned: '35 min' });
    expect(dialogue).toBeGreaterThanOrEqual(durationSeconds(beforeFinish.Dialogue!.actual));
    expect(dialogue).toBeLessThanOrEqual(durationSeconds(beforeFinish.Dialogue!.actual) + finishedWithin + 1);
    const phasesTotal = ['Case', 'Reflections', 'Response', 'Dialogue'].reduce((sum, name) => sum + durationSeconds(summary[name]!.actual), 0);
    expect(summary.Total!.planned).toBe('80 min');
    expect(Math.abs(durationSeconds(summary.Total!.actual) - phasesTotal)).toBeLessThanOrEqual(2);
    await saveScreenshot(gia.page, '18-summary-phone');
    await saveScreenshot(fran.page, '19-summary-laptop');

    for (const person of everyone) expect(person.problems).toEqual([]);
    // A clinic outside any crew never asks the server for a crew's takeaways.
    const metrics = await (await fetch(`${testbed.url}/metrics`)).text();
    expect(metrics).not.toContain('NOT_A_CREW_SESSION');
  });
});

/** Each coach's page says their place in line, as given, once the clinic has caught up. */
async function expectStandings(...expected: Array<[BrowserParticipant, string]>) {
  for (const [person, standing] of expected) await expect.poll(() => textOf(person.page, 'standing')).toBe(standing);
}

interface TimelineRow {
  /** A phase's title, or a coach's name for their turn. */
  readonly name: string;
  /** The quiet label beside the name: "now", "skipped", "not reached", or nothing. */
  readonly status: string;
  readonly planned: string;
  /** A duration such as "4 min 30 s", or "–" for a step not reached yet. */
  readonly actual: string;
}

/** The rows of a planned-against-actual table, by the name each row starts with. */
async function timelineOf(table: Locator): Promise<Record<string, TimelineRow>> {
  await table.waitFor();
  const rows = await table
    .getByRole('row')
    .filter({ has: table.page().getByRole('rowheader') })
    .evaluateAll((elements) =>
      elements.map((row) => {
        const header = row.querySelector('th')!;
        const status = header.querySelector('span')?.textContent ?? '';
        const [planned, actual] = [...row.querySelectorAll('td')].map((cell) => cell.textContent!.trim());
        return { name: header.textContent!.slice(0, header.textContent!.length - status.length).trim(), status, planned: planned!, actual: actual! };
      }),
    );
  return Object.fromEntries(rows.map((row) => [row.name, row]));
}

const consoleTimeline = (page: Page) => timelineOf(page.getByRole('complementary', { name: 'Facilitator controls' }).getByRole('table'));
const summaryTimeline = (page: Page) => timelineOf(byTestId(page, 'summary').getByRole('table'));

/** "4 min 30 s", "20 min", "45 s" to seconds; anything else (a dash) is not a duration and fails. */
function durationSeconds(text: string): number {
  const match = /^(?:(\d+) min)? ?(?:(\d+) s)?$/.exec(text);
  if (!match || !(match[1] || match[2])) throw new Error(`not a duration: "${text}"`);
  return Number(match[1] ?? 0) * 60 + Number(match[2] ?? 0);
}

/**
 * The console's actual time for a running step is the time its countdown has used from
 * `budgetSeconds` (its planned time plus or minus what was added or taken off), to the second.
 */
async function expectActualMatchesCountdown(page: Page, rowName: string, budgetSeconds: number) {
  const gap = async () => {
    const [rows, countdown] = await Promise.all([consoleTimeline(page), textOf(page, 'countdown')]);
    return Math.abs(durationSeconds(rows[rowName]!.actual) - (budgetSeconds - seconds(countdown)));
  };
  await expect.poll(gap).toBeLessThanOrEqual(1);
}

const countdownColor = (page: Page) => byTestId(page, 'countdown').evaluate((element) => getComputedStyle(element).color);

/** The coaches' turns as the strip names them, each marked with how far along it is. */
function turnsOf(page: Page): Promise<string[]> {
  return byTestId(page, 'turn-strip')
    .locator('li')
    .evaluateAll((items) => items.map((item) => (item.className === 'upcoming' ? item.textContent! : `${item.textContent} (${item.className})`)));
}

/**
 * Every device shows the same time left (within the second it may be flipping), near `expected`
 * seconds: within `withinSeconds`, as each step of this test takes a few seconds on a loaded
 * machine, while a minute added or taken off stays plain.
 */
async function expectSameCountdown(everyone: BrowserParticipant[], expected: number, withinSeconds = 15) {
  let readings: string[] = [];
  // Pages are read one after another, so a reading may straddle a second: look again until they agree.
  const spread = async () => {
    readings = await Promise.all(everyone.map((person) => textOf(person.page, 'countdown')));
    const values = readings.map(seconds);
    return Math.max(...values) - Math.min(...values);
  };
  await expect.poll(spread, { message: 'countdowns differ' }).toBeLessThanOrEqual(1);
  expect(Math.abs(seconds(readings[0]!) - expected), readings.join(' ')).toBeLessThanOrEqual(withinSeconds);
}

/** On the phone: nothing wider than the screen, and a countdown large and fully in view without scrolling. */
async function expectCalmPhoneLayout(page: Page) {
  expect(await sidewaysOverflow(page)).toBeLessThanOrEqual(0);
  const layout = await page.evaluate(() => {
    const countdown = document.querySelector('[data-testid="countdown"]')!;
    const box = countdown.getBoundingClientRect();
    return {
      fontPx: parseFloat(getComputedStyle(countdown).fontSize),
      bottom: box.bottom,
      height: window.innerHeight,
    };
  });
  expect(layout.fontPx).toBeGreaterThanOrEqual(72);
  expect(layout.bottom).toBeLessThanOrEqual(layout.height);
}
