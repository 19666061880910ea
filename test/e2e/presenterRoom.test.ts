/**
 * The presenter view on a 1920x1080 shared screen, as a room sees it: a lobby with the join
 * link's QR code, the link and the agenda with times; the live clinic with its cues, speaker and
 * up next sized for the back of the room, all on one screen; and a large summary.
 */
import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { MS_PER_MINUTE } from '../../shared/time.ts';
import { seriousAxeViolations } from '../support/axe.ts';
import { byTestId, textOf, type BrowserParticipant } from '../support/browser.ts';
import { useBrowserTestbed } from '../support/browserTestbed.ts';
import { createClinicAt, TestParticipant } from '../support/participant.ts';
import { readQrCode } from '../support/qrReader.ts';
import { saveScreenshot } from '../support/screenshots.ts';

const SHARED_SCREEN = { viewport: { width: 1920, height: 1080 } };
const testbed = useBrowserTestbed();

const fontSizeOf = (element: Locator) => element.evaluate((node) => Number.parseFloat(getComputedStyle(node).fontSize));

/** Everything on the screen is seen without scrolling: a shared screen is never scrolled. */
async function fitsTheScreen(page: Page): Promise<boolean> {
  return page.evaluate(() => document.documentElement.scrollHeight <= window.innerHeight && document.documentElement.scrollWidth <= window.innerWidth);
}

/** The room between the phase stepper and the phase's title, in CSS pixels. */
async function gapBelowStepper(page: Page): Promise<number> {
  const stepper = (await byTestId(page, 'phase-stepper').boundingBox())!;
  const title = (await byTestId(page, 'phase-title').boundingBox())!;
  return title.y - (stepper.y + stepper.height);
}

/** The width of each line an element's text takes, in CSS pixels. */
const lineWidths = (element: Locator) =>
  element.evaluate((node) => {
    const range = document.createRange();
    range.selectNodeContents(node);
    return [...range.getClientRects()].map((line) => line.width);
  });

async function agendaRows(page: Page): Promise<string[]> {
  return page.locator('[data-testid="presenter-agenda"] tbody tr').evaluateAll((rows) =>
    rows.map((row) => [...row.children].map((cell) => cell.textContent?.trim()).join(' | ')),
  );
}

/** Fran, who facilitates, and Gia and Ana, in the clinic: enough people for a small clinic. */
async function joinThree(clinicId: string, facilitatorKey: string): Promise<[TestParticipant, TestParticipant, TestParticipant]> {
  const fran = await TestParticipant.join(testbed.url, clinicId, 'Fran', facilitatorKey);
  const gia = await TestParticipant.join(testbed.url, clinicId, 'Gia');
  const ana = await TestParticipant.join(testbed.url, clinicId, 'Ana');
  return [fran, gia, ana];
}

/** The shared screen shown on the clinic without a name, at its lobby. */
async function showClinic(page: Page, clinicId: string): Promise<void> {
  await page.goto(`${testbed.url}/c/${clinicId}/present`);
  await page.getByRole('button', { name: 'Show clinic' }).click();
  await byTestId(page, 'presenter-lobby').waitFor();
}

describe('the presenter view on a 1080p shared screen', () => {
  it('shows a lobby to join from, a live clinic the room can read, and a large summary', async () => {
    const { clinicId, facilitatorKey } = await createClinicAt(testbed.url, { title: 'Tuesday crew' });
    const fran = await TestParticipant.join(testbed.url, clinicId, 'Fran', facilitatorKey);
    const gia = await TestParticipant.join(testbed.url, clinicId, 'Gia');
    const ana = await TestParticipant.join(testbed.url, clinicId, 'Ana');
    const ben = await TestParticipant.join(testbed.url, clinicId, 'Ben');
    const everyone = [fran, gia, ana, ben];
    let room: BrowserParticipant | undefined;
    try {
      await fran.command({ type: 'SET_CASE_GIVER', participantId: gia.id });

      room = await testbed.open(SHARED_SCREEN);
      const { page } = room;
      await page.goto(`${testbed.url}/c/${clinicId}/present`);
      await page.getByLabel('Name this screen').waitFor();
      expect(await seriousAxeViolations(page)).toEqual([]);
      await page.getByLabel('Name this screen').fill('Meeting room');
      await page.getByRole('button', { name: 'Show clinic' }).click();

      // The lobby: how to join, the agenda with each phase's start and length, who is here.
      await byTestId(page, 'presenter-lobby').waitFor();
      const joinLink = `${testbed.url}/c/${clinicId}`;
      expect(await textOf(page, 'presenter-join-link')).toBe(joinLink);
      // A link that breaks breaks evenly: no last line of a letter or two under the rest.
      const linkLines = await lineWidths(byTestId(page, 'presenter-join-link'));
      expect(Math.min(...linkLines)).toBeGreaterThanOrEqual(Math.max(...linkLines) / 3);
      const code = page.getByRole('img', { name: 'QR code of the join link' });
      await code.waitFor();
      expect(await readQrCode(code)).toBe(joinLink);
      // Large enough for a phone across the room to find it.
      expect((await code.boundingBox())!.width).toBeGreaterThanOrEqual(400);
      expect(await agendaRows(page)).toEqual([
        '0:00 | Case | 20 min',
        '0:20 | Reflections | 15 min',
        '0:35 | Response | 10 min',
        '0:45 | Dialogue | 35 min',
      ]);
      expect(await page.getByRole('heading', { name: /Agenda/ }).textContent()).toBe('Agenda · about 80 min');
      expect(await page.locator('[data-testid="presenter-people"] li').allTextContents()).toEqual(['Fran', 'Gia · case giver', 'Ana', 'Ben']);
      await saveScreenshot(page, 'presenter-01-lobby-1080p');
      expect(await fitsTheScreen(page)).toBe(true);
      expect(await seriousAxeViolations(page)).toEqual([]);

      // Live, the case giver speaking: every line the room reads is room-sized.
      expect((await fran.command({ type: 'START' })).ok).toBe(true);
      await byTestId(page, 'countdown').waitFor();
      expect(await textOf(page, 'speaker')).toContain('Gia');
      expect(await fontSizeOf(byTestId(page, 'speaker'))).toBeGreaterThanOrEqual(48);
      expect(await fontSizeOf(byTestId(page, 'up-next'))).toBeGreaterThanOrEqual(28);
      expect(await fontSizeOf(byTestId(page, 'phase-title'))).toBeGreaterThanOrEqual(64);
      await saveScreenshot(page, 'presenter-02-live-1080p');
      expect(await fitsTheScreen(page)).toBe(true);
      expect(await seriousAxeViolations(page)).toEqual([]);

      // A minute before the end of the phase: the wrap-up cue.
      await fran.waitFor((state) => state.stage === 'running');
      expect((await fran.command({ type: 'ADJUST_TIME', deltaMs: -10 * MS_PER_MINUTE })).ok).toBe(true);
      await fran.waitFor((state) => state.progress.step?.budgetMs === 10 * MS_PER_MINUTE);
      expect((await fran.command({ type: 'ADJUST_TIME', deltaMs: -9.5 * MS_PER_MINUTE })).ok).toBe(true);
      const cue = page.locator('.cue');
      await expect.poll(() => cue.textContent()).toBe('Wrapping up');
      expect(await fontSizeOf(cue)).toBeGreaterThanOrEqual(48);
      await saveScreenshot(page, 'presenter-03-wrap-up-1080p');
      expect(await fitsTheScreen(page)).toBe(true);
      // A cue fills the screen, and the phase's title still stands clear of the stepper.
      expect(await gapBelowStepper(page)).toBeGreaterThanOrEqual(16);

      // Time's up: as large, and the countdown counts on in overtime.
      await fran.waitFor((state) => state.progress.step?.budgetMs === 30_000);
      expect((await fran.command({ type: 'ADJUST_TIME', deltaMs: -30_000 })).ok).toBe(true);
      await expect.poll(() => cue.textContent()).toBe("Time's up");
      expect(await fontSizeOf(cue)).toBeGreaterThanOrEqual(48);
      expect(await byTestId(page, 'countdown').getAttribute('data-state')).toBe('overtime');
      await saveScreenshot(page, 'presenter-04-times-up-1080p');
      expect(await fitsTheScreen(page)).toBe(true);
      expect(await gapBelowStepper(page)).toBeGreaterThanOrEqual(16);

      // The coaches' turns: who speaks, who has spoken, who follows.
      expect((await fran.command({ type: 'NEXT_PHASE' })).ok).toBe(true);
      await expect.poll(() => textOf(page, 'phase-title')).toBe('Reflections');
      await fran.waitFor((state) => state.progress.step?.phaseIndex === 1);
      expect((await fran.command({ type: 'NEXT_SPEAKER' })).ok).toBe(true);
      await expect.poll(() => page.locator('.turn-strip li.current').textContent()).toBe('Ana');
      expect(await fontSizeOf(page.locator('.turn-strip'))).toBeGreaterThanOrEqual(28);
      expect(await textOf(page, 'up-next')).toContain('Ben');
      await saveScreenshot(page, 'presenter-05-turns-1080p');
      expect(await fitsTheScreen(page)).toBe(true);
      expect(await gapBelowStepper(page)).toBeGreaterThanOrEqual(16);

      // The close: planned against actual, large.
      expect((await fran.command({ type: 'END' })).ok).toBe(true);
      const summary = byTestId(page, 'summary');
      await summary.waitFor();
      expect(await summary.getAttribute('class')).toContain('presenter-summary');
      expect(await fontSizeOf(page.locator('.timeline tbody th').first())).toBeGreaterThanOrEqual(24);
      // Ben's turn never came: it is listed as such, so the turns add up to the phase's plan.
      expect(await page.locator('.timeline-turn th').allTextContents()).toEqual(['Fran', 'Ana', "Ben didn't get a turn"]);
      await saveScreenshot(page, 'presenter-06-summary-1080p');
      expect(await fitsTheScreen(page)).toBe(true);
      expect(await seriousAxeViolations(page)).toEqual([]);
      expect(room.problems).toEqual([]);
    } finally {
      for (const person of everyone) person.close();
    }
  });

  it("shows stillness's one line larger than other guidance, never at a phone's size", async () => {
    const { clinicId, facilitatorKey } = await createClinicAt(testbed.url, { title: 'Still room', formatId: 'lighter' });
    const people = await joinThree(clinicId, facilitatorKey);
    const [fran, gia] = people;
    try {
      await fran.command({ type: 'SET_CASE_GIVER', participantId: gia.id });
      const room = await testbed.open(SHARED_SCREEN);
      const { page } = room;
      await showClinic(page, clinicId);
      expect((await fran.command({ type: 'START' })).ok).toBe(true);
      await expect.poll(() => textOf(page, 'phase-title')).toBe('Case');
      const guidanceSize = await fontSizeOf(byTestId(page, 'guidance'));
      for (const title of ['Clarifying questions', 'Stillness']) {
        expect((await fran.command({ type: 'NEXT_PHASE' })).ok).toBe(true);
        await expect.poll(() => textOf(page, 'phase-title')).toBe(title);
      }
      expect(await fontSizeOf(byTestId(page, 'guidance'))).toBeGreaterThan(guidanceSize);
      await saveScreenshot(page, 'presenter-08-stillness-1080p');
      expect(await fitsTheScreen(page)).toBe(true);
      expect(room.problems).toEqual([]);
    } finally {
      for (const person of people) person.close();
    }
  });

  it('fits a laptop window shared instead of a whole screen', async () => {
    const { clinicId, facilitatorKey } = await createClinicAt(testbed.url, { title: 'Window share', formatId: 'troika' });
    const people = await joinThree(clinicId, facilitatorKey);
    try {
      const room = await testbed.open({ viewport: { width: 1280, height: 720 } });
      await showClinic(room.page, clinicId);
      const code = room.page.getByRole('img', { name: 'QR code of the join link' });
      await code.waitFor();
      // A round per case giver: the first in full, each later one on a line of its own.
      expect(await agendaRows(room.page)).toEqual([
        "Round 1: Fran's case",
        '0:00 | Present | 2 min',
        '0:02 | Clarifying questions | 2 min',
        '0:04 | Consult | 5 min',
        '0:09 | Turn around | 1 min',
        "0:10 | Round 2: Gia's case · the same phases | 10 min",
        "0:20 | Round 3: Ana's case · the same phases | 10 min",
      ]);
      await saveScreenshot(room.page, 'presenter-07-lobby-laptop-window');
      expect(await fitsTheScreen(room.page)).toBe(true);
      expect(await readQrCode(code)).toBe(`${testbed.url}/c/${clinicId}`);
      expect(room.problems).toEqual([]);
    } finally {
      for (const person of people) person.close();
    }
  });
});
