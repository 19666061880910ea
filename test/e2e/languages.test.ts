/**
 * A clinic in German and in Spanish on a phone, as a browser set to that language opens it: every
 * word in the language (the format's too), long German words kept inside a phone's width, the
 * language switched and remembered on the device; and a shared screen whose language is set for
 * its clinic without changing the facilitator's own screens.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { seriousAxeViolations } from '../support/axe.ts';
import { byTestId, LAPTOP, PHONE, sidewaysOverflow, textOf } from '../support/browser.ts';
import { useBrowserTestbed } from '../support/browserTestbed.ts';
import { TestCrewMember } from '../support/crewMember.ts';
import { createClinicAt, TestParticipant } from '../support/participant.ts';
import { saveScreenshot } from '../support/screenshots.ts';

const testbed = useBrowserTestbed();

/** Nothing sticks out sideways: a phone never scrolls left and right. */
const fitsTheWidth = async (page: Page) => (await sidewaysOverflow(page)) <= 0;
/** The phase stepper's titles in view that their tab cuts short with an ellipsis. */
const cutStepTitles = (page: Page) =>
  page.locator('.phase-step-title').evaluateAll((titles) =>
    titles.filter((title) => title.getBoundingClientRect().width > 1 && title.scrollWidth > title.clientWidth).map((title) => title.textContent),
  );
const languageOf = (page: Page) => page.evaluate(() => document.documentElement.lang);
/** The console's buttons whose words do not fit inside them, or that reach past the control bar's padding. */
const cutControls = (page: Page) =>
  page.locator('.control-bar').evaluate((bar) => {
    const barRight = bar.getBoundingClientRect().right - parseFloat(getComputedStyle(bar).paddingRight);
    return [...bar.querySelectorAll('button')].filter((button) => button.scrollWidth > button.clientWidth + 1 || button.getBoundingClientRect().right > barRight + 1).map((button) => button.textContent);
  });
/** The phase title takes one line: its longest word is not broken in two. */
const titleOnOneLine = (page: Page) =>
  byTestId(page, 'phase-title').evaluate((title) => title.getBoundingClientRect().height < 1.5 * parseFloat(getComputedStyle(title).lineHeight));

/** Joins by name in whatever language the join page speaks. */
async function join(page: Page, url: string, name: string) {
  await page.goto(url);
  await page.locator('#display-name').fill(name);
  await page.locator('form button[type="submit"]').click();
}

/** A classic clinic with Fran facilitating and Ben coaching over sockets; the browser joins as `name`. */
async function clinicWith(formatId: string) {
  const { clinicId, facilitatorKey } = await createClinicAt(testbed.url, { formatId });
  const fran = await TestParticipant.join(testbed.url, clinicId, 'Fran', facilitatorKey);
  const ben = await TestParticipant.join(testbed.url, clinicId, 'Ben');
  return { clinicId, facilitatorKey, fran, ben, url: `${testbed.url}/c/${clinicId}` };
}

describe('a clinic in another language', () => {
  it('runs in German on the case giver’s phone, and switches to English and back on that device', async () => {
    const { fran, ben, url } = await clinicWith('classic');
    try {
      const gia = await testbed.open({ ...PHONE, locale: 'de-DE' });
      const { page } = gia;
      await page.goto(url);
      expect(await textOf(page, 'join-role')).toBe('Du trittst als Teilnehmer·in bei');
      expect(await languageOf(page)).toBe('de');
      await saveScreenshot(page, 'languages-01-join-de-phone');
      await join(page, url, 'Gia');
      await byTestId(page, 'lobby').waitFor();
      await page.getByText('Warten, bis die Moderation startet.').waitFor();

      await fran.waitFor((state) => state.participants.length === 3);
      const giaId = fran.state!.participants.find((person) => person.name === 'Gia')!.id;
      expect((await fran.command({ type: 'SET_CASE_GIVER', participantId: giaId })).ok).toBe(true);
      expect((await fran.command({ type: 'SET_COACH_ORDER', coachIds: [ben.id] })).ok).toBe(true);
      expect((await fran.command({ type: 'START' })).ok).toBe(true);

      // The case, in the format's German words, with the quiet signals a case giver sends.
      await expect.poll(() => textOf(page, 'phase-title')).toBe('Fall');
      expect(await textOf(page, 'guidance')).toBe('Erzähle deinen Fall mit deinen eigenen Worten. Die Berater·innen stellen nur Verständnisfragen.');
      expect(await textOf(page, 'up-next')).toBe('Als Nächstes: Spiegeln mit Ben');
      await page.getByRole('button', { name: 'Ich brauche einen Moment' }).click();
      await expect.poll(() => textOf(page, 'signal-status')).toBe('„Ich brauche einen Moment“: gesendet, noch nicht gesehen.');
      expect(await fitsTheWidth(page)).toBe(true);
      expect(await seriousAxeViolations(page)).toEqual([]);
      await saveScreenshot(page, 'languages-02-case-de-phone');

      // A coach's turn: who speaks, in German; the stepper names every phase in German.
      expect((await fran.command({ type: 'NEXT_PHASE' })).ok).toBe(true);
      await expect.poll(() => textOf(page, 'speaker')).toBe('Es spricht: Ben');
      expect(await page.locator('.phase-step-title').allTextContents()).toEqual(['Fall (erledigt)', 'Spiegeln', 'Antwort', 'Dialog']);
      expect(await fitsTheWidth(page)).toBe(true);
      await saveScreenshot(page, 'languages-03-reflections-de-phone');

      // Switched on this device, in place, and remembered on the next visit.
      await page.getByTestId('language').selectOption('en');
      await expect.poll(() => textOf(page, 'phase-title')).toBe('Reflections');
      expect(await languageOf(page)).toBe('en');
      await page.reload();
      await expect.poll(() => textOf(page, 'speaker')).toBe('Speaking: Ben');
      await page.getByTestId('language').selectOption('de');
      await expect.poll(() => textOf(page, 'phase-title')).toBe('Spiegeln');

      expect((await fran.command({ type: 'END' })).ok).toBe(true);
      await page.getByRole('heading', { name: 'Beratung beendet' }).waitFor();
      expect(await page.locator('.timeline thead th').allTextContents()).toEqual(['Phase', 'Geplant', 'Tatsächlich']);
      expect(await fitsTheWidth(page)).toBe(true);
      // The smallest phones too: the table gets smaller rather than pushing its times off the screen.
      await page.setViewportSize({ width: 320, height: 640 });
      await saveScreenshot(page, 'languages-04b-summary-de-small-phone');
      expect(await fitsTheWidth(page)).toBe(true);
      await saveScreenshot(page, 'languages-04-summary-de-phone');
      expect(gia.problems).toEqual([]);
    } finally {
      for (const person of [fran, ben]) person.socket.disconnect();
    }
  });

  it('runs in Spanish on a coach’s phone: their place, their hand, the refusal of a control in words', async () => {
    const { fran, ben, url } = await clinicWith('presencing');
    try {
      const ana = await testbed.open({ ...PHONE, locale: 'es-MX' });
      const { page } = ana;
      await join(page, url, 'Ana');
      await byTestId(page, 'lobby').waitFor();
      await fran.waitFor((state) => state.participants.length === 3);
      const anaId = fran.state!.participants.find((person) => person.name === 'Ana')!.id;
      expect((await fran.command({ type: 'SET_CASE_GIVER', participantId: ben.id })).ok).toBe(true);
      expect((await fran.command({ type: 'SET_COACH_ORDER', coachIds: [fran.id, anaId] })).ok).toBe(true);
      await page.getByText('Como coach, tu turno es el 2.º de 2.').waitFor();
      await saveScreenshot(page, 'languages-05-lobby-es-phone');
      expect((await fran.command({ type: 'START' })).ok).toBe(true);

      await expect.poll(() => textOf(page, 'phase-title')).toBe('Intención');
      await expect.poll(() => textOf(page, 'standing')).toBe('Espejo: te toca en 2.º lugar');
      expect((await fran.command({ type: 'NEXT_PHASE' })).ok).toBe(true);
      await expect.poll(() => textOf(page, 'phase-title')).toBe('Preguntas aclaratorias');
      await page.getByRole('button', { name: 'Levantar la mano para preguntar' }).click();
      await expect.poll(() => textOf(page, 'hand-place')).toBe('Has levantado la mano: te toca preguntar a continuación.');
      expect(await textOf(page, 'guidance')).toBe('Solo preguntas aclaratorias: sin consejos, sin preguntas que lleven a una respuesta.');
      expect(await fitsTheWidth(page)).toBe(true);
      // Eight phases on a phone: numbers only, never a title cut to a few letters.
      expect(await cutStepTitles(page)).toEqual([]);
      expect(await seriousAxeViolations(page)).toEqual([]);
      await saveScreenshot(page, 'languages-06-questions-es-phone');
      expect(ana.problems).toEqual([]);
    } finally {
      for (const person of [fran, ben]) person.socket.disconnect();
    }
  });

  it('shows a crew, from its creation to its weeks, in German on a phone', async () => {
    const orla = await testbed.open({ ...PHONE, locale: 'de-DE', timezoneId: 'Europe/Berlin' });
    const { page } = orla;
    await page.goto(`${testbed.url}/crews/new`);
    await page.getByLabel('Name der Crew').fill('Dienstagscrew');
    await page.getByLabel('Dein Name').fill('Orla');
    await page.getByLabel('Jeden').selectOption({ label: 'Dienstag' });
    await page.getByLabel('Zeitzone').selectOption('Europe/Berlin');
    await page.getByLabel('Ab', { exact: true }).fill(new Date(Date.now() + 14 * 86_400_000).toISOString().slice(0, 10));
    await page.getByLabel('Format der Fallsitzungen').selectOption({ label: 'Troika-Beratung' });
    expect(await fitsTheWidth(page)).toBe(true);
    await saveScreenshot(page, 'languages-08-new-crew-de-phone');
    await page.getByRole('button', { name: 'Crew gründen' }).click();
    await page.getByRole('link', { name: 'Zur Crew-Seite' }).click();
    await byTestId(page, 'crew-page').waitFor();
    expect(await textOf(page, 'crew-name')).toBe('Dienstagscrew');
    await page.getByText('Dienstags um 19:00, Mitteleuropäische Zeit').waitFor();
    expect(await byTestId(page, 'session-1').locator('h3').textContent()).toMatch(/^Woche 1 · Auftakt/);
    expect(await byTestId(page, 'session-2').locator('.crew-session-format').textContent()).toBe('Troika-Beratung');
    expect(await fitsTheWidth(page)).toBe(true);
    expect(await seriousAxeViolations(page)).toEqual([]);
    await saveScreenshot(page, 'languages-09-crew-de-phone');

    // The intro's clinic names its crew and week in German too (a crew needs a second member to meet).
    const cleo = await TestCrewMember.joinCrew(testbed.url, page.url().split('/').at(-1)!, 'Cleo');
    try {
      await byTestId(page, 'session-1').getByRole('button', { name: 'Sitzung starten' }).click();
      // Weeks ahead of its time, it asks again.
      await byTestId(page, 'session-1').getByRole('button', { name: /^Geplant für .+: jetzt starten\?$/ }).click();
      await byTestId(page, 'lobby').waitFor();
      expect(await byTestId(page, 'lobby').locator('h1').textContent()).toBe('Dienstagscrew: Woche 1');
      expect(await fitsTheWidth(page)).toBe(true);
      await saveScreenshot(page, 'languages-10-crew-session-de-phone');
    } finally {
      cleo.close();
    }
    expect(orla.problems).toEqual([]);
  });

  it('keeps long German words whole and inside: the create page and a phase title on a phone, the console at every width', async () => {
    const gia = await testbed.open({ ...PHONE, locale: 'de-DE' });
    await gia.page.goto(testbed.url);
    await gia.page.getByRole('button', { name: 'Anpassen', exact: true }).waitFor();
    expect(await fitsTheWidth(gia.page)).toBe(true);

    const { facilitatorKey, fran, ben, url } = await clinicWith('kollegialeBeratung');
    try {
      // Fran's laptop, beside her scripted device that moves the clinic on.
      const laptop = await testbed.open({ ...LAPTOP, locale: 'de-DE' });
      await laptop.page.goto(`${url}#facilitator=${facilitatorKey}`);
      await join(gia.page, url, 'Gia');
      await fran.waitFor((state) => state.participants.length === 3);
      const giaId = fran.state!.participants.find((person) => person.name === 'Gia')!.id;
      expect((await fran.command({ type: 'SET_CASE_GIVER', participantId: giaId })).ok).toBe(true);
      expect((await fran.command({ type: 'SET_COACH_ORDER', coachIds: [ben.id] })).ok).toBe(true);
      expect((await fran.command({ type: 'SET_ROLE', roleId: 'moderator', participantId: fran.id })).ok).toBe(true);
      expect(await fran.command({ type: 'START' })).toMatchObject({ ok: true });
      expect((await fran.command({ type: 'NEXT_PHASE' })).ok).toBe(true);

      await expect.poll(() => textOf(gia.page, 'phase-title')).toBe('Spontanerzählung');
      expect(await titleOnOneLine(gia.page)).toBe(true);
      expect(await fitsTheWidth(gia.page)).toBe(true);
      await saveScreenshot(gia.page, 'languages-05-long-title-de-phone');

      await expect.poll(() => textOf(laptop.page, 'phase-title')).toBe('Spontanerzählung');
      // Wide, the console's narrower column, zoomed to 200 %, and a phone's width.
      for (const [width, height] of [[1280, 800], [1024, 768], [640, 400], [520, 700], [390, 844]] as const) {
        await laptop.page.setViewportSize({ width, height });
        expect({ width, cut: await cutControls(laptop.page) }).toEqual({ width, cut: [] });
      }
      await saveScreenshot(laptop.page, 'languages-06-console-de-narrow');
    } finally {
      for (const person of [fran, ben]) person.socket.disconnect();
    }
  });

  it("keeps a shared screen's language for its clinic, apart from the facilitator's own screens", async () => {
    const first = await clinicWith('kollegialeBeratung');
    const second = await clinicWith('classic');
    try {
      const laptop = await testbed.open(LAPTOP);
      const { page } = laptop;
      await page.goto(`${first.url}/present`);
      await page.getByLabel('Name this screen').fill('Room');
      await page.getByRole('button', { name: 'Show clinic' }).click();
      await byTestId(page, 'presenter-lobby').waitFor();
      await page.getByLabel('Language of this shared screen').selectOption('de');
      await page.getByRole('heading', { name: 'Mit Handy oder Laptop beitreten' }).waitFor();
      expect(await page.locator('[data-testid="presenter-agenda"] tbody th').allTextContents()).toEqual([
        'Casting',
        'Spontanerzählung',
        'Schlüsselfrage',
        'Methodenwahl',
        'Beratung',
        'Abschluss',
      ]);
      expect(await page.evaluate(() => document.documentElement.scrollHeight <= window.innerHeight)).toBe(true);
      await saveScreenshot(page, 'languages-07-presenter-de-laptop');

      // The same device's own screens, and another clinic's shared screen, keep the device's language.
      await page.goto(second.url);
      await page.locator('#display-name').waitFor();
      expect(await textOf(page, 'join-role')).toBe("You're joining as a participant");
      await page.goto(`${second.url}/present`);
      await page.getByLabel('Name this screen').waitFor();
      await page.goto(`${first.url}/present`);
      await page.getByRole('heading', { name: 'Mit Handy oder Laptop beitreten' }).waitFor();
      expect(await languageOf(page)).toBe('de');
    } finally {
      for (const person of [first.fran, first.ben, second.fran, second.ben]) person.socket.disconnect();
    }
  });
});
