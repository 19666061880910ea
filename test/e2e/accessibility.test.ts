/**
 * Accessibility on every view. axe, in light and in dark: the create page and its links, the join
 * page, a lobby of sixteen, the facilitator's console, the case giver's phone, a coach and a
 * listener under each kind of floor rule in two formats, paused and over time, the shared screen,
 * the summary, and the crew pages; each page checked in both schemes where it stands, and every
 * serious or critical violation reported at once with the view and scheme it was found in.
 * Scripted participants fill the seats nobody needs to look at. And the keyboard alone: a clinic
 * run and a crew week organised with Tab, Shift+Tab, Enter, Space and the console's shortcuts,
 * every control reached and every focus stop ringed.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { ClinicFormat } from '../../shared/formatSchema.ts';
import { MAX_TIME_ADJUSTMENT_MS } from '../../shared/protocol.ts';
import type { FacilitatorCommand } from '../../shared/protocolSchemas.ts';
import { CLASSIC } from '../../shared/formats/classic.ts';
import { LIGHTER } from '../../shared/formats/lighter.ts';
import { COLOUR_RULES, seriousAxeViolations } from '../support/axe.ts';
import { byTestId, LAPTOP, PHONE, PRESENTER_SCREEN, textOf, type BrowserParticipant } from '../support/browser.ts';
import { useBrowserTestbed } from '../support/browserTestbed.ts';
import { TestCrewMember } from '../support/crewMember.ts';
import { createClinicAt, TestParticipant } from '../support/participant.ts';
import { KeyboardWalk } from '../support/keyboard.ts';
import { saveScreenshot } from '../support/screenshots.ts';

const testbed = useBrowserTestbed();

const SCHEMES = ['light', 'dark'] as const;

/** The violations found so far in a test, each with the view and the colour scheme. */
function axeLog() {
  const found: string[] = [];
  const log = {
    found,
    /**
     * Checks the page with every disclosure open, with every rule in light, then with the rules
     * colours decide in dark, and keeps a dark screenshot of the window where one is named.
     * Transitions are off (reduced motion), so no colour is read halfway through changing scheme.
     */
    async check(page: Page, where: string, darkScreenshot?: string): Promise<void> {
      // What a disclosure holds is checked too: settings, shortcuts, notes, a week's organiser controls.
      await page.evaluate(() => {
        for (const details of document.querySelectorAll('details')) details.open = true;
      });
      for (const colorScheme of SCHEMES) {
        await page.emulateMedia({ colorScheme, reducedMotion: 'reduce' });
        for (const violation of await seriousAxeViolations(page, colorScheme === 'dark' ? COLOUR_RULES : undefined)) found.push(`${where} (${colorScheme}): ${violation}`);
        if (colorScheme === 'dark' && darkScreenshot) await saveScreenshot(page, `a11y-${darkScreenshot}`, { fullPage: false });
      }
    },
  };
  return {
    ...log,
    /** Checks each page at once, when `ready` says it shows `where`. */
    checkEach(pages: readonly RolePage[], where: string, ready: (page: Page) => Promise<unknown>): Promise<unknown> {
      return Promise.all(
        pages.map(async ({ role, page, screenshot }) => {
          await ready(page);
          await log.check(page, `${where}, ${role}`, screenshot ? slug(`${where} ${role}`) : undefined);
        }),
      );
    },
  };
}

const slug = (words: string) => words.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');

type AxeLog = ReturnType<typeof axeLog>;

/** The first phase of each kind of floor rule in the format: one view per kind is enough. */
function phasePerFloorKind(format: ClinicFormat) {
  const seen = new Set<string>();
  return format.phases.filter((phase) => !seen.has(phase.floor.kind) && seen.add(phase.floor.kind));
}

/** A page to check in a role; a dark screenshot of it is kept where `screenshot` is set. */
interface RolePage {
  readonly role: string;
  readonly page: Page;
  readonly screenshot?: boolean;
}

const showsPhase = (page: Page, title: string) => expect.poll(() => textOf(page, 'phase-title')).toBe(title);

async function joinedPage(profile: typeof LAPTOP, link: string, name: string): Promise<BrowserParticipant> {
  const person = await testbed.open(profile);
  await person.page.goto(link);
  await person.page.locator('#display-name').fill(name);
  await person.page.getByRole('button', { name: /join/i }).click();
  await byTestId(person.page, 'lobby').waitFor();
  return person;
}

/**
 * A clinic of `format` with a facilitator on a laptop, the case giver on a phone, a coach who speaks
 * first, a listener left out of the order and `others` scripted people; the facilitator's second,
 * scripted device moves the clinic on.
 */
async function clinicWithRoles(format: ClinicFormat, others: number) {
  const { clinicId, facilitatorKey } = await createClinicAt(testbed.url, { formatId: format.id, title: `${format.name} check` });
  const link = `${testbed.url}/c/${clinicId}`;
  const facilitator = await joinedPage(LAPTOP, `${link}#facilitator=${facilitatorKey}`, 'Fran');
  const [caseGiver, coach, listener] = await Promise.all([joinedPage(PHONE, link, 'Gia'), joinedPage(LAPTOP, link, 'Ben'), joinedPage(LAPTOP, link, 'Lu')]);
  const driver = await TestParticipant.join(testbed.url, clinicId, 'Fran', facilitatorKey);
  const scripted = await Promise.all(Array.from({ length: others }, (_, i) => TestParticipant.join(testbed.url, clinicId, `Person ${i + 1}`)));
  const people = await driver.waitFor((state) => state.participants.length === 4 + others, 'everyone in the lobby');
  const idOf = (name: string) => people.participants.find((person) => person.name === name)!.id;
  return { clinicId, link, facilitator, caseGiver, coach, listener, driver, scripted, idOf };
}

type ClinicWithRoles = Awaited<ReturnType<typeof clinicWithRoles>>;

/** The driver's command, once its state has come back. */
async function drive(clinic: ClinicWithRoles, command: FacilitatorCommand): Promise<void> {
  const reply = await clinic.driver.command(command);
  if (!reply.ok) throw new Error(`${command.type}: ${reply.error.message}`);
  await clinic.driver.waitForRevision(reply.data.revision);
}

async function startWithRoles(clinic: ClinicWithRoles) {
  const { idOf, scripted } = clinic;
  await drive(clinic, { type: 'SET_CASE_GIVER', participantId: idOf('Gia') });
  await drive(clinic, { type: 'SET_COACH_ORDER', coachIds: [idOf('Ben'), idOf('Fran'), ...scripted.map((person) => person.id)] });
  await drive(clinic, { type: 'START' });
}

/** Moves the clinic to each phase of a floor kind not seen yet in it, and checks every page there. */
async function checkEachFloorKind(clinic: ClinicWithRoles, format: ClinicFormat, pages: readonly RolePage[], axe: AxeLog) {
  for (const phase of phasePerFloorKind(format)) {
    const index = format.phases.indexOf(phase);
    while (clinic.driver.state!.progress.step!.phaseIndex < index) await drive(clinic, { type: 'NEXT_PHASE' });
    await axe.checkEach(pages, `${format.id} ${phase.title} (floor ${phase.floor.kind})`, (page) => showsPhase(page, phase.title));
  }
}

/** Every browser page of the clinic saw no error; all its devices leave. */
async function leave(clinic: ClinicWithRoles, devices: readonly BrowserParticipant[]): Promise<void> {
  for (const device of devices) {
    expect(device.problems).toEqual([]);
    await device.close();
  }
  for (const person of [clinic.driver, ...clinic.scripted]) person.close();
}

describe('axe in light and dark', () => {
  it('finds nothing serious on the create page, its links, the join page, a lobby of sixteen, each role under each floor rule of the classic format, and the summary', async () => {
    const axe = axeLog();
    const { found, check } = axe;
    const creator = await testbed.open(LAPTOP);
    await creator.page.goto(testbed.url);
    await creator.page.getByRole('button', { name: 'Create clinic' }).waitFor();
    await check(creator.page, 'create page, laptop', 'create-laptop');
    await creator.page.getByRole('button', { name: 'Create clinic' }).click();
    await byTestId(creator.page, 'join-link').waitFor();
    await check(creator.page, 'links page, laptop', 'links-laptop');
    await creator.page.getByRole('button', { name: 'Open facilitator console' }).click();
    await creator.page.locator('#display-name').waitFor();
    await check(creator.page, 'join page as facilitator, laptop');
    const phone = await testbed.open(PHONE);
    await phone.page.goto(creator.page.url().split('#')[0]!);
    await phone.page.locator('#display-name').waitFor();
    await check(phone.page, 'join page, phone', 'join-phone');
    await phone.page.goto(testbed.url);
    await phone.page.getByRole('button', { name: 'Create clinic' }).waitFor();
    await check(phone.page, 'create page, phone', 'create-phone');
    await phone.page.goto(`${testbed.url}/c/no-such-clinic`);
    await byTestId(phone.page, 'clinic-not-found').waitFor();
    await check(phone.page, 'a link that leads nowhere, phone');
    await Promise.all([creator.close(), phone.close()]);

    const clinic = await clinicWithRoles(CLASSIC, 12);
    const pages: readonly RolePage[] = [
      { role: 'facilitator', page: clinic.facilitator.page, screenshot: true },
      { role: 'case giver phone', page: clinic.caseGiver.page, screenshot: true },
      { role: 'coach', page: clinic.coach.page },
      { role: 'listener', page: clinic.listener.page },
    ];
    await expect.poll(() => byTestId(clinic.facilitator.page, 'crew').locator('li').count()).toBe(16);
    await check(clinic.facilitator.page, 'lobby of 16, facilitator', 'lobby-16-facilitator');
    await check(clinic.caseGiver.page, 'lobby of 16, phone', 'lobby-16-phone');
    await startWithRoles(clinic);
    // Lu, out of the order, is told so rather than left to read the coaches' words as theirs.
    await expect.poll(() => textOf(clinic.listener.page, 'standing')).toBe("You're listening, not coaching.");
    await checkEachFloorKind(clinic, CLASSIC, pages, axe);

    await drive(clinic, { type: 'END' });
    await axe.checkEach(pages, 'summary', (page) => byTestId(page, 'summary').waitFor());
    await leave(clinic, [clinic.facilitator, clinic.caseGiver, clinic.coach, clinic.listener]);
    expect(found).toEqual([]);
  });

  it('finds nothing serious on each role and the shared screen under each floor rule of the lighter format, stillness included, paused and over time', async () => {
    const axe = axeLog();
    const { found, check } = axe;
    const clinic = await clinicWithRoles(LIGHTER, 2);
    const screen = await testbed.open(PRESENTER_SCREEN);
    await screen.page.goto(`${clinic.link}/present`);
    await screen.page.getByRole('button', { name: 'Show clinic' }).waitFor();
    await check(screen.page, 'join page of the shared screen');
    await screen.page.getByRole('button', { name: 'Show clinic' }).click();
    await byTestId(screen.page, 'presenter-lobby').waitFor();
    await check(screen.page, 'shared screen lobby', 'presenter-lobby');
    await startWithRoles(clinic);
    const pages: readonly RolePage[] = [
      { role: 'facilitator', page: clinic.facilitator.page },
      { role: 'case giver phone', page: clinic.caseGiver.page, screenshot: true },
      { role: 'coach', page: clinic.coach.page },
      { role: 'listener', page: clinic.listener.page },
      { role: 'shared screen', page: screen.page, screenshot: true },
    ];
    await checkEachFloorKind(clinic, LIGHTER, pages, axe);
    // Paused, the countdown fades back on every screen.
    await drive(clinic, { type: 'PAUSE' });
    await axe.checkEach(pages, 'paused', (page) => page.locator('.countdown[data-state="paused"]').waitFor());
    // Over time, in its amber, with time's up said on every screen.
    await drive(clinic, { type: 'RESUME' });
    await drive(clinic, { type: 'ADJUST_TIME', deltaMs: -MAX_TIME_ADJUSTMENT_MS });
    await axe.checkEach(pages, 'over time', (page) => page.getByRole('status').filter({ hasText: "Time's up" }).waitFor());
    await drive(clinic, { type: 'END' });
    await byTestId(screen.page, 'summary').waitFor();
    await check(screen.page, 'shared screen summary', 'presenter-summary');
    await leave(clinic, [clinic.facilitator, clinic.caseGiver, clinic.coach, clinic.listener, screen]);
    expect(found).toEqual([]);
  });

  it('finds nothing serious on the crew create page and a crew page, for its organiser on a laptop and a member on a phone', async () => {
    const { found, check } = axeLog();
    const laptop = await testbed.open(LAPTOP);
    await laptop.page.goto(`${testbed.url}/crews/new`);
    await laptop.page.getByLabel('Crew name').fill('Tuesday crew');
    await laptop.page.getByLabel('Your name').fill('Orla');
    await check(laptop.page, 'crew create page, laptop', 'crew-new-laptop');
    await laptop.page.getByRole('button', { name: 'Create crew' }).click();
    const crewLink = await textOf(laptop.page, 'crew-link');
    await check(laptop.page, "crew's links, laptop", 'crew-created-laptop');
    const cleo = await TestCrewMember.joinCrew(testbed.url, crewLink.split('/').at(-1)!, 'Cleo');
    await laptop.page.getByRole('link', { name: 'Go to the crew page' }).click();
    await expect.poll(() => byTestId(laptop.page, 'crew-members').textContent()).toContain('Cleo');
    await check(laptop.page, 'crew page with every week and member opened, organiser, laptop', 'crew-organiser-laptop');

    const phone = await testbed.open(PHONE);
    await phone.page.goto(`${testbed.url}/crews/new`);
    await phone.page.getByLabel('Crew name').waitFor();
    await check(phone.page, 'crew create page, phone');
    await phone.page.goto(crewLink);
    await phone.page.getByLabel('Your name').waitFor();
    await check(phone.page, 'crew join page, phone', 'crew-join-phone');
    await phone.page.getByLabel('Your name').fill('Ben');
    await phone.page.getByRole('button', { name: 'Join crew' }).click();
    await byTestId(phone.page, 'crew-page').waitFor();
    await check(phone.page, 'crew page, member, phone', 'crew-member-phone');
    for (const person of [laptop, phone]) expect(person.problems).toEqual([]);
    cleo.socket.disconnect();
    expect(found).toEqual([]);
  });
});

describe('by keyboard alone', () => {
  it('a facilitator creates, starts, runs and finishes a clinic with Tab, Shift+Tab, Enter, Space and the shortcuts, every stop showing a focus ring', async () => {
    const fran = await testbed.open(LAPTOP);
    const { page } = fran;
    const keys = new KeyboardWalk(page);
    await page.goto(testbed.url);
    await keys.tabTo(page.getByLabel('Clinic title (optional)'));
    await page.keyboard.type('Keyboard clinic');
    await keys.tabTo(page.getByRole('button', { name: 'Create clinic' }));
    expect(await keys.unreachedControls()).toEqual([]);
    await keys.tabTo(page.getByRole('button', { name: 'Create clinic' }));
    await page.keyboard.press('Enter');
    await keys.tabTo(page.getByRole('button', { name: 'Open facilitator console' }));
    await page.keyboard.press('Enter');
    await keys.tabTo(page.locator('#display-name'));
    await page.keyboard.type('Fran');
    await page.keyboard.press('Enter');
    await byTestId(page, 'lobby').waitFor();

    const clinicId = page.url().split('/c/')[1]!.split('#')[0]!;
    // A coach joins by keyboard too.
    const ben = await testbed.open(LAPTOP);
    const benKeys = new KeyboardWalk(ben.page);
    await ben.page.goto(`${testbed.url}/c/${clinicId}`);
    await benKeys.tabTo(ben.page.locator('#display-name'));
    await ben.page.keyboard.type('Ben');
    await ben.page.keyboard.press('Enter');
    await byTestId(ben.page, 'lobby').waitFor();
    const others = await Promise.all(['Gia', 'Ana'].map((name) => TestParticipant.join(testbed.url, clinicId, name)));
    const [gia] = others;
    await expect.poll(() => byTestId(page, 'crew').locator('li').count()).toBe(4);
    expect(await keys.unreachedControls()).toEqual([]);
    await keys.tabTo(page.getByRole('button', { name: 'Make case giver: Gia' }));
    await page.keyboard.press('Space');
    await gia!.waitFor((state) => state.progress.caseGiverIds[0] === gia!.id, 'Gia as case giver');
    // The pressed button is gone with Gia's choice: focus goes to who brings the case, not to the page.
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent)).toBe('Case giver');
    // Moving a coach two places is two presses: focus stays on the button as its row moves.
    const coachOrder = () => page.locator('.coach-order .person-name').allTextContents();
    await expect.poll(coachOrder).toEqual(['Fran', 'Ben', 'Ana']);
    await keys.tabTo(page.getByRole('button', { name: 'Move Ana up' }));
    await page.keyboard.press('Enter');
    await expect.poll(coachOrder).toEqual(['Fran', 'Ana', 'Ben']);
    await page.keyboard.press('Enter');
    await expect.poll(coachOrder).toEqual(['Ana', 'Fran', 'Ben']);
    await keys.tabTo(page.getByRole('button', { name: 'Start clinic' }), { backwards: true });
    await page.keyboard.press('Enter');
    await showsPhase(page, CLASSIC.phases[0]!.title);
    expect(await keys.unreachedControls()).toEqual([]);

    // The console's shortcuts: next phase, pause and resume, a minute more, next speaker.
    await page.keyboard.press('n');
    await showsPhase(page, CLASSIC.phases[1]!.title);
    const countdown = byTestId(page, 'countdown');
    await page.keyboard.press('Space');
    await expect.poll(() => countdown.getAttribute('data-state')).toBe('paused');
    await page.keyboard.press('Space');
    await expect.poll(() => countdown.getAttribute('data-state')).not.toBe('paused');
    // The coach keeps a note: the notepad opens from its summary, the note is typed and kept.
    await benKeys.tabTo(ben.page.locator('summary', { hasText: 'My notes' }));
    await ben.page.keyboard.press('Enter');
    await benKeys.tabTo(ben.page.getByLabel('A note for the case giver'));
    await ben.page.keyboard.type('The pause before "my team"');
    await benKeys.tabTo(ben.page.getByRole('button', { name: 'Keep note' }));
    await ben.page.keyboard.press('Enter');
    await expect.poll(() => ben.page.locator('.pad-note-text').allTextContents()).toEqual(['The pause before "my team"']);
    expect(await benKeys.unreachedControls()).toEqual([]);
    const turn = gia!.state!.progress.step!.turnIndex;
    await page.keyboard.press('ArrowRight');
    await gia!.waitFor((state) => state.progress.step!.turnIndex === turn + 1, 'the next speaker');

    // The shortcuts' list opens from its summary with Enter.
    await keys.tabTo(page.locator('summary', { hasText: 'Keyboard shortcuts' }));
    await page.keyboard.press('Enter');
    await page.getByText('Pause or resume').waitFor();
    await keys.tabTo(page.getByRole('button', { name: 'End clinic' }), { backwards: true });
    await page.keyboard.press('Enter');
    await page.getByRole('button', { name: 'Confirm end' }).waitFor();
    await page.keyboard.press('Enter');
    await byTestId(page, 'summary').waitFor();
    expect(await keys.unreachedControls()).toEqual([]);
    expect([...keys.ringless, ...benKeys.ringless]).toEqual([]);
    for (const device of [fran, ben]) expect(device.problems).toEqual([]);
    for (const person of others) person.close();
  });

  it("reaches every control of a crew page in dark, opens a week's organiser controls and changes its rota with the keyboard", async () => {
    const { organiser, created } = await TestCrewMember.organise(testbed.url, 'Orla');
    const members = [organiser, ...(await Promise.all(['Cleo', 'Dev'].map((name) => TestCrewMember.joinCrew(testbed.url, created.crewId, name))))];
    const laptop = await testbed.open(LAPTOP);
    const { page } = laptop;
    const keys = new KeyboardWalk(page);
    // In dark, where the focus ring has its own colour.
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.goto(`${testbed.url}/crews/${created.crewId}#organiser=${created.organiserKey}`);
    await byTestId(page, 'crew-page').waitFor();
    expect(await keys.unreachedControls()).toEqual([]);

    const week2 = byTestId(page, 'session-2');
    await keys.tabTo(week2.locator('summary', { hasText: 'Organise week 2' }));
    await page.keyboard.press('Enter');
    const facilitator = week2.getByLabel('Facilitator');
    await keys.tabTo(facilitator);
    await saveScreenshot(page, 'a11y-keyboard-crew-rota-dark', { fullPage: false });
    const before = await facilitator.inputValue();
    await page.keyboard.press('ArrowDown');
    await expect.poll(() => facilitator.inputValue()).not.toBe(before);
    const chosen = await facilitator.inputValue();
    await keys.tabTo(week2.getByRole('button', { name: 'Confirm rota' }));
    await page.keyboard.press('Enter');
    await organiser.waitFor((crew) => crew.sessions[1]!.facilitatorId === chosen, 'the new facilitator');
    expect(await keys.unreachedControls()).toEqual([]);
    expect([...keys.ringless]).toEqual([]);
    expect(laptop.problems).toEqual([]);
    for (const member of members) member.socket.disconnect();
  });
});
