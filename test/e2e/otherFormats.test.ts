/**
 * Formats other than the classic one, in the browser: Troika consulting in two rounds, each with
 * its own case giver, whose phone tells them to turn their back while the others consult; and the
 * Presencing Institute clinic's stillness, a quiet screen. The create page offers the library.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { byTestId, joinWithName, LAPTOP, moveOn, PHONE, sidewaysOverflow, textOf } from '../support/browser.ts';
import { useBrowserTestbed } from '../support/browserTestbed.ts';
import { builtFormatWords } from '../../client/views/formatBuilderWords.ts';
import { customFormatOf } from '../../shared/customFormat.ts';
import { CLASSIC } from '../../shared/formats/classic.ts';
import { createClinicAt, TestParticipant } from '../support/participant.ts';
import { saveScreenshot } from '../support/screenshots.ts';

const testbed = useBrowserTestbed();

const roundOrder = (page: Page) => byTestId(page, 'round-order').locator('.person-name').allTextContents();

/** The floors' labels, chosen or not, that would not fit their select beside the select's own arrow. */
const clippedFloorsIn = (builder: Locator) =>
  builder.locator('.builder-phase select').evaluateAll((selects) =>
    (selects as HTMLSelectElement[]).flatMap((select) => {
      const style = getComputedStyle(select);
      const pen = document.createElement('canvas').getContext('2d')!;
      pen.font = `${style.fontStyle} ${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
      const arrowWidth = 20;
      const room = select.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight) - arrowWidth;
      return [...select.options].filter((option) => pen.measureText(option.text).width > room).map((option) => option.text);
    }),
  );

/** The longest floor's label in `language`, as its catalog has it. */
const longestFloorIn = (language: string) =>
  (JSON.parse(readFileSync(join(import.meta.dirname, '../../client/locales', `${language}.json`), 'utf8')) as Record<string, string>)['builder.floor.othersWhileAway'];

async function joined(url: string, name: string, profile = LAPTOP) {
  const person = await testbed.open(profile);
  await person.page.goto(url);
  await joinWithName(person.page, name);
  await byTestId(person.page, 'lobby').waitFor();
  return person;
}

describe('the create page', () => {
  it('offers the library with each agenda and its length, and fits it to the time there is', async () => {
    const fran = await testbed.open(LAPTOP);
    await fran.page.goto(testbed.url);
    await fran.page.getByLabel('Format').selectOption({ label: 'Kollegiale Beratung' });
    expect(await textOf(fran.page, 'format-description')).toContain('moderator');
    await fran.page.getByLabel('People taking part').fill('5');
    await expect.poll(() => textOf(fran.page, 'estimate')).toBe('About 45 minutes for 5 people');
    await fran.page.getByLabel('Fit to').fill('20');
    await fran.page.getByRole('button', { name: 'Fit', exact: true }).click();
    await expect.poll(() => textOf(fran.page, 'fit-note')).toMatch(/too short for 5 people: even at its shortest this format takes \d+ minutes/);
    await fran.page.getByLabel('Fit to').fill('40');
    await fran.page.getByRole('button', { name: 'Fit', exact: true }).click();
    await expect.poll(() => textOf(fran.page, 'estimate')).toBe('About 40 minutes for 5 people');
    await saveScreenshot(fran.page, 'formats-01-create-laptop');
    await fran.page.getByRole('button', { name: 'Create clinic' }).click();
    await fran.page.getByRole('heading', { name: 'Your clinic is ready' }).waitFor();
  });
});

describe('a format of your own', () => {
  it('is built, kept on this device, and runs two rounds with stillness and a case giver who turns away, on a phone', async () => {
    const fran = await testbed.open(LAPTOP);
    await fran.page.goto(testbed.url);
    await fran.page.getByLabel('Format').selectOption({ label: 'Lighter case clinic' });
    await fran.page.getByLabel('Format').selectOption({ label: 'Build your own…' });
    const builder = byTestId(fran.page, 'format-builder');
    // What keeps it from use is said beside the greyed-out button.
    const use = builder.getByRole('button', { name: 'Use this format' });
    const problem = () => use.evaluate((button) => document.getElementById(button.getAttribute('aria-describedby') ?? '')?.textContent ?? null);
    await builder.getByLabel('Name', { exact: true }).fill(' ');
    expect([await use.isDisabled(), await problem()]).toEqual([true, 'Give the format a name to use it.']);
    await builder.getByLabel('Name', { exact: true }).fill('Quiet troika');
    await builder.getByLabel('Minutes of phase 2').fill('0');
    expect([await use.isDisabled(), await problem()]).toEqual([true, 'Set phase 2 to between 1 and 120 minutes to use the format.']);
    await builder.getByLabel('Minutes of phase 2').fill('5');
    expect(await problem()).toBeNull();
    await builder.getByLabel('A round for each person who brings a case').check();
    await builder.getByRole('button', { name: 'Remove phase 6' }).click();
    await builder.getByRole('button', { name: 'Remove phase 4' }).click();
    await builder.getByLabel('Phase 1 name').fill('Present');
    await builder.getByLabel('Phase 4 name').fill('Consult');
    await builder.getByLabel('Who holds the floor in phase 4').selectOption({ label: 'The others, case giver turned away' });
    await builder.getByRole('button', { name: 'Add a phase' }).click();
    await builder.getByLabel('Phase 5 name').fill('Turn around');
    await builder.getByLabel('Who holds the floor in phase 5').selectOption({ label: 'Case giver' });
    // Moved by keyboard, a phase takes the focused button with it: Enter twice moves it twice.
    const phaseNames = () => builder.locator('.builder-phase input:not([type])').evaluateAll((inputs) => (inputs as HTMLInputElement[]).map((input) => input.value));
    const names = await phaseNames();
    await builder.getByRole('button', { name: 'Move phase 1 down' }).focus();
    await fran.page.keyboard.press('Enter');
    await fran.page.keyboard.press('Enter');
    expect(await phaseNames()).toEqual([names[1], names[2], names[0], ...names.slice(3)]);
    expect(await fran.page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe('Move phase 3 down');
    for (const from of [3, 2]) await builder.getByRole('button', { name: `Move phase ${from} up` }).click();
    expect(await phaseNames()).toEqual(names);
    await saveScreenshot(fran.page, 'formats-07-builder-laptop');
    // Each phase's floor and minutes sit side by side as one row of fields, the same height.
    const fieldHeights = await builder.locator('.builder-phase').evaluateAll((rows) =>
      rows.map((row) => [...row.querySelectorAll('select, input[type="number"]')].map((field) => Math.round(field.getBoundingClientRect().height))),
    );
    for (const [floor, minutes] of fieldHeights) expect(floor).toBe(minutes);
    // On a laptop each floor reads whole, the longest ("The others, case giver turned away") too,
    // in every language: its label fits the select beside the select's own arrow.
    const phase4Floor = builder.locator('.builder-phase select').nth(3);
    for (const language of ['de', 'es', 'en']) {
      await fran.page.getByTestId('language').selectOption(language);
      await expect.poll(() => phase4Floor.evaluate((select: HTMLSelectElement) => select.selectedOptions[0]!.text)).toBe(longestFloorIn(language));
      expect(await clippedFloorsIn(builder), language).toEqual([]);
    }
    // The minutes say they are minutes, not just a number.
    expect(await builder.locator('.builder-phase .duration-unit').allTextContents()).toEqual(['min', 'min', 'min', 'min', 'min']);
    // Until the format is used, the create button is greyed out and says what to press first.
    const create = fran.page.getByRole('button', { name: 'Create clinic' });
    expect(await create.isDisabled()).toBe(true);
    expect(await create.evaluate((button) => document.getElementById(button.getAttribute('aria-describedby')!)?.textContent)).toBe('Press “Use this format” above first, then create the clinic.');
    await builder.getByRole('button', { name: 'Use this format' }).click();
    expect(await create.isDisabled()).toBe(false);
    await fran.page.getByRole('button', { name: 'Keep it on this device' }).click();
    expect(await fran.page.locator('.durations .duration-name').allTextContents()).toEqual([
      'Presentcase giver',
      'Clarifying questionseveryone',
      'Stillnesssilence',
      'Consultthe others, case giver turned away',
      'Turn aroundcase giver',
    ]);

    // Kept on this device: it is offered again on the next visit.
    await fran.page.reload();
    await fran.page.getByLabel('Format').selectOption({ label: 'Quiet troika' });
    await fran.page.getByRole('button', { name: 'Create clinic' }).click();
    await fran.page.getByRole('button', { name: 'Open facilitator console' }).click();
    await joinWithName(fran.page, 'Fran');
    await byTestId(fran.page, 'lobby').waitFor();
    expect(await fran.page.getByRole('heading', { level: 1 }).textContent()).toBe('Quiet troika');
    const link = fran.page.url().split('#')[0]!;
    const ben = await joined(link, 'Ben', PHONE);
    const ana = await joined(link, 'Ana');
    // Clicked without waiting: each lineup change is made from the state the one before left.
    await fran.page.getByRole('button', { name: 'Make first case giver: Ben' }).click();
    await fran.page.getByRole('button', { name: 'Remove Fran from the order' }).click();
    await expect.poll(() => roundOrder(fran.page)).toEqual(['Ben', 'Ana']);
    await fran.page.getByRole('button', { name: 'Start clinic' }).click();

    await expect.poll(() => textOf(ben.page, 'round')).toContain('Round 1 of 2: your case');
    await moveOn(fran.page, 'Clarifying questions');
    await moveOn(fran.page, 'Stillness');
    await expect.poll(() => textOf(ben.page, 'phase-title')).toBe('Stillness');
    expect(await byTestId(ben.page, 'speaker').count()).toBe(0);
    await moveOn(fran.page, 'Consult');
    await expect.poll(() => textOf(ben.page, 'turn-away')).toBe('Turn your back (camera off) and listen. Say nothing.');
    expect(await textOf(ana.page, 'turn-away')).toBe('Ben has turned away and is listening.');
    await saveScreenshot(ben.page, 'formats-09-own-format-turned-away-phone');
    await moveOn(fran.page, 'Turn around');
    await moveOn(fran.page, 'Present');
    await expect.poll(() => textOf(ben.page, 'round')).toContain("Round 2 of 2: Ana's case");
    for (const person of [fran, ben, ana]) expect(person.problems).toEqual([]);
  });

  it('keeps names with no place to break inside a phone, in the lobby and live', async () => {
    const unbroken = 'Supercalifragilisticexpialidociousphases';
    const { id: _library, translations: _words, ...classic } = CLASSIC;
    const format = { ...classic, id: 'custom-unbroken', name: unbroken, phases: classic.phases.map((phase, index) => (index === 0 ? { ...phase, title: unbroken } : phase)) };
    const { clinicId, facilitatorKey } = await createClinicAt(testbed.url, { title: unbroken, format });
    const fran = await TestParticipant.join(testbed.url, clinicId, 'Fran', facilitatorKey);
    try {
      const gia = await joined(`${testbed.url}/c/${clinicId}`, 'Gia', PHONE);
      expect(await sidewaysOverflow(gia.page)).toBeLessThanOrEqual(0);
      const { participants } = await fran.waitFor((state) => state.participants.length === 2, 'Gia in the lobby');
      for (const command of [{ type: 'SET_CASE_GIVER', participantId: participants.find((person) => person.name === 'Gia')!.id }, { type: 'START' }] as const) {
        const reply = await fran.command(command);
        if (!reply.ok) throw new Error(reply.error.message);
        await fran.waitForRevision(reply.data.revision);
      }
      const title = byTestId(gia.page, 'phase-title');
      await expect.poll(() => title.textContent()).toBe(unbroken);
      expect(await sidewaysOverflow(gia.page)).toBeLessThanOrEqual(0);
      // Wrapped, not cut at the screen's edges.
      expect(await title.evaluate((heading) => heading.scrollWidth <= heading.clientWidth)).toBe(true);
      await saveScreenshot(gia.page, 'formats-10-unbroken-names-phone');
      expect(gia.problems).toEqual([]);
    } finally {
      fran.close();
    }
  });
});

describe('Troika consulting', () => {
  it('runs two rounds, each with its own case giver, who turns their back while the others consult', async () => {
    const { clinicId, facilitatorKey } = await createClinicAt(testbed.url, { formatId: 'troika', title: 'Troika' });
    const link = `${testbed.url}/c/${clinicId}`;
    const fran = await joined(`${link}#facilitator=${facilitatorKey}`, 'Fran');
    const ben = await joined(link, 'Ben', PHONE);
    const ana = await joined(link, 'Ana');
    const cy = await joined(link, 'Cy');

    // The facilitator only facilitates; Ben brings the first case, Ana the second.
    // Everyone who joined brings a case by default, the facilitator too, who joined first.
    await expect.poll(() => roundOrder(fran.page)).toEqual(['Fran', 'Ben', 'Ana', 'Cy']);
    // Clicked without waiting, as in the format of one's own above.
    await fran.page.getByRole('button', { name: 'Make first case giver: Ben' }).click();
    await fran.page.getByRole('button', { name: 'Remove Fran from the order' }).click();
    await fran.page.getByRole('button', { name: 'Remove Cy from the rounds' }).click();
    await expect.poll(() => roundOrder(fran.page)).toEqual(['Ben', 'Ana']);
    await expect.poll(() => ben.page.getByText('You bring a case in round 1; you coach in the others.').count()).toBe(1);
    await saveScreenshot(fran.page, 'formats-02-troika-lobby-laptop');
    await fran.page.getByRole('button', { name: 'Start clinic' }).click();

    await expect.poll(() => textOf(ben.page, 'phase-title')).toBe('Present');
    expect(await textOf(ben.page, 'round')).toContain('Round 1 of 2: your case');
    expect(await textOf(ana.page, 'round')).toContain("Round 1 of 2: Ben's case");

    await moveOn(fran.page, 'Clarifying questions');
    await moveOn(fran.page, 'Consult');
    await expect.poll(() => textOf(ben.page, 'phase-title')).toBe('Consult');
    expect(await textOf(ben.page, 'turn-away')).toBe('Turn your back (camera off) and listen. Take notes if you like; say nothing.');
    expect(await byTestId(ben.page, 'speaker').count()).toBe(0);
    expect(await textOf(cy.page, 'turn-away')).toBe('Ben has turned away and is listening.');
    await saveScreenshot(ben.page, 'formats-03-troika-turned-away-phone');

    // On to the second round: Ana's case, Ben coaches now.
    await moveOn(fran.page, 'Turn around');
    await expect.poll(() => textOf(ben.page, 'up-next')).toBe("Up next: Ana's case");
    await moveOn(fran.page, 'Present');
    await expect.poll(() => textOf(ben.page, 'round')).toContain("Round 2 of 2: Ana's case");
    expect(await textOf(ana.page, 'guidance')).toBe('Share your challenge and the help you would like.');
    await saveScreenshot(ben.page, 'formats-04-troika-second-round-phone');
    for (const title of ['Clarifying questions', 'Consult', 'Turn around']) await moveOn(fran.page, title);
    await fran.page.getByRole('button', { name: 'Finish clinic' }).click();
    await fran.page.getByRole('button', { name: 'Confirm finish' }).click();

    // The summary has a part for each round, headed by its case giver.
    await ben.page.getByRole('heading', { name: 'Clinic closed' }).waitFor();
    expect(await ben.page.getByRole('rowheader', { name: 'Round 1: Ben' }).count()).toBe(1);
    expect(await ben.page.getByRole('rowheader', { name: 'Round 2: Ana' }).count()).toBe(1);
    await saveScreenshot(ben.page, 'formats-05-troika-summary-phone');
    for (const person of [fran, ben, ana, cy]) expect(person.problems).toEqual([]);
  });
});

describe("a format of one's own that ends with each coach in turn", () => {
  it('asks before the next speaker after the last turn finishes the clinic, and no key finishes it', async () => {
    const draft = { name: 'Tell and reflect', rounds: 'one', phases: [{ title: 'Tell', floor: 'caseGiver', minutes: 5 }, { title: 'Reflect', floor: 'eachCoach', minutes: 2 }] } as const;
    const { clinicId, facilitatorKey } = await createClinicAt(testbed.url, { format: customFormatOf(draft, builtFormatWords()) });
    const fran = await testbed.joinAs(LAPTOP, clinicId, 'Fran', facilitatorKey);
    const gia = await testbed.joinAs(PHONE, clinicId, 'Gia');
    const ana = await testbed.joinAs(LAPTOP, clinicId, 'Ana');
    await fran.page.getByRole('button', { name: 'Make case giver: Gia' }).click();
    await fran.page.getByRole('button', { name: 'Start clinic' }).click();
    await moveOn(fran.page, 'Reflect');
    // Fran and Ana coach, in that order: on Ana's turn, the last, the next speaker is the end.
    await fran.page.getByRole('button', { name: 'Next speaker' }).click();
    await expect.poll(() => textOf(gia.page, 'speaker')).toContain('Ana');
    await fran.page.keyboard.press('n');
    await fran.page.keyboard.press('ArrowRight');
    await fran.page.getByRole('button', { name: 'Next speaker' }).click();
    await fran.page.getByRole('button', { name: 'Confirm finish' }).waitFor();
    // Neither key nor the first click ended it.
    expect(await textOf(gia.page, 'phase-title')).toBe('Reflect');
    await fran.page.getByRole('button', { name: 'Confirm finish' }).click();
    await gia.page.getByRole('heading', { name: 'Clinic closed' }).waitFor();
    for (const person of [fran, gia, ana]) expect(person.problems).toEqual([]);
  });
});

describe('the Presencing Institute clinic', () => {
  it('shows stillness as a quiet screen, then gives a skipped coach their mirror back before the phase moves on', async () => {
    const { clinicId, facilitatorKey } = await createClinicAt(testbed.url, { formatId: 'presencing' });
    const link = `${testbed.url}/c/${clinicId}`;
    const fran = await joined(`${link}#facilitator=${facilitatorKey}`, 'Fran');
    const gia = await joined(link, 'Gia', PHONE);
    const ana = await joined(link, 'Ana');
    // Ben coaches too, so there is a turn after Ana's to give hers back from.
    await joined(link, 'Ben');
    await fran.page.getByRole('button', { name: 'Make case giver: Gia' }).click();
    await fran.page.getByRole('button', { name: 'Remove Fran from the order' }).click();
    await fran.page.getByRole('button', { name: 'Start clinic' }).click();
    await expect.poll(() => textOf(gia.page, 'phase-title')).toBe('Intention statement');
    await moveOn(fran.page, 'Clarifying questions');
    await moveOn(fran.page, 'Stillness');

    await expect.poll(() => textOf(gia.page, 'phase-title')).toBe('Stillness');
    for (const person of [gia, ana]) {
      expect(await byTestId(person.page, 'speaker').count()).toBe(0);
      expect(await byTestId(person.page, 'up-next').count()).toBe(0);
    }
    expect(await textOf(gia.page, 'guidance')).toBe('Silence. Stay with what you feel right now.');
    expect(await textOf(ana.page, 'guidance')).toBe('Silence. Notice the image, feeling or gesture the case brings up.');
    await saveScreenshot(gia.page, 'formats-06-stillness-phone');

    // Mirroring: Ana is skipped; once Ben, the last in the order, has the floor, she gets it back.
    await moveOn(fran.page, 'Mirroring');
    await expect.poll(() => textOf(ana.page, 'standing')).toBe('Your turn');
    await fran.page.getByRole('button', { name: 'Skip speaker' }).click();
    await expect.poll(() => textOf(ana.page, 'standing')).toBe('Your turn was skipped');
    await fran.page.getByRole('button', { name: 'Back to skipped: Ana' }).click();
    await expect.poll(() => textOf(ana.page, 'standing')).toBe('Your turn');
    expect(await byTestId(gia.page, 'turn-strip').locator('li.current').textContent()).toBe('Ana');
    // Once the console shows the turn given back, nobody else waits.
    await expect.poll(() => fran.page.getByRole('button', { name: /Back to skipped/ }).count()).toBe(0);
    await saveScreenshot(fran.page, 'formats-08-turn-given-back-laptop');
    await fran.page.getByRole('button', { name: 'Next speaker' }).click();
    await expect.poll(() => textOf(ana.page, 'phase-title')).toBe('Response');
    expect(await byTestId(ana.page, 'standing').count()).toBe(0);
  });
});
