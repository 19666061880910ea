/**
 * The way into a clinic: the links page with its QR code, the join page on a phone and a laptop
 * (the clinic's title, the part you arrive in, checked only when sent; a returning device let
 * back in by itself after a momentary refusal), and every link that leads nowhere, each saying so
 * before it asks for a name.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { refuse } from '../../shared/reasons.ts';
import { ROUTE_PARAMETER, routeKeyOf } from '../../shared/routeKey.ts';
import { seriousAxeViolations } from '../support/axe.ts';
import { byTestId, LAPTOP, lookAgain, PHONE, relayedSocket, sidewaysOverflow, textOf } from '../support/browser.ts';
import { useBrowserTestbed } from '../support/browserTestbed.ts';
import { createClinicAt, TestParticipant } from '../support/participant.ts';
import { readQrCode } from '../support/qrReader.ts';
import { saveScreenshot } from '../support/screenshots.ts';

const testbed = useBrowserTestbed();

const nameField = (page: Page) => page.locator('#display-name');

describe('the links page', () => {
  it('shows a QR code a phone reads as the exact join link', async () => {
    const fran = await testbed.open(LAPTOP);
    await fran.page.goto(`${testbed.url}/`);
    await fran.page.getByLabel(/title/i).fill('Tuesday crew');
    await fran.page.getByRole('button', { name: /create clinic/i }).click();
    const joinLink = await textOf(fran.page, 'join-link');
    expect(joinLink).toMatch(new RegExp(`^${testbed.url}/c/[A-Za-z0-9_-]{8,64}$`));
    const code = fran.page.getByRole('img', { name: 'QR code of the join link' });
    await code.waitFor();
    expect(await readQrCode(code)).toBe(joinLink);
    await saveScreenshot(fran.page, 'join-01-links-laptop');
    expect(await seriousAxeViolations(fran.page)).toEqual([]);

    const phone = await testbed.open(PHONE);
    await phone.page.goto(`${testbed.url}/`);
    await phone.page.getByRole('button', { name: /create clinic/i }).click();
    const phoneCode = phone.page.getByRole('img', { name: 'QR code of the join link' });
    expect(await readQrCode(phoneCode)).toBe(await textOf(phone.page, 'join-link'));
    await saveScreenshot(phone.page, 'join-02-links-phone');
    for (const device of [fran, phone]) expect(device.problems).toEqual([]);
  });
});

describe('the connection a balancer routes', () => {
  /** The `route` parameter of each WebSocket the page opens, in order. */
  function routesOpenedBy(page: Page): string[] {
    const routes: string[] = [];
    page.on('websocket', (socket) => routes.push(new URL(socket.url()).searchParams.get(ROUTE_PARAMETER) ?? 'none'));
    return routes;
  }

  it("carries the clinic's route key from every device on its pages, and a key of its own from the create page", async () => {
    const fran = await testbed.open(LAPTOP);
    const franRoutes = routesOpenedBy(fran.page);
    await fran.page.goto(`${testbed.url}/`);
    await fran.page.getByRole('button', { name: /create clinic/i }).click();
    const clinicId = new URL(await textOf(fran.page, 'join-link')).pathname.split('/').pop()!;
    expect(franRoutes).toHaveLength(1);
    expect(franRoutes[0]).toMatch(/^[0-9a-f]{8}$/);
    expect(franRoutes[0]).not.toBe(routeKeyOf(clinicId));

    const gia = await testbed.open(PHONE);
    const giaRoutes = routesOpenedBy(gia.page);
    await gia.page.goto(`${testbed.url}/c/${clinicId}`);
    await nameField(gia.page).fill('Gia');
    await gia.page.getByRole('button', { name: 'Join clinic' }).click();
    await byTestId(gia.page, 'lobby').waitFor();
    const screen = await testbed.open(LAPTOP);
    const screenRoutes = routesOpenedBy(screen.page);
    await screen.page.goto(`${testbed.url}/c/${clinicId}/present`);
    await expect.poll(() => screenRoutes.length).toBe(1);
    expect([...giaRoutes, ...screenRoutes]).toEqual([routeKeyOf(clinicId), routeKeyOf(clinicId)]);
    for (const device of [fran, gia, screen]) expect(device.problems).toEqual([]);
  });
});

describe('the join page', () => {
  it('shows the title and "joining as facilitator" on the facilitator link, and checks the name only when sent', async () => {
    const { clinicId, facilitatorKey } = await createClinicAt(testbed.url, { title: 'Tuesday crew' });
    const fran = await testbed.open(LAPTOP);
    await fran.page.goto(`${testbed.url}/c/${clinicId}#facilitator=${facilitatorKey}`);
    await expect.poll(() => textOf(fran.page, 'join-title')).toBe('Tuesday crew');
    expect(await textOf(fran.page, 'join-role')).toBe("You're joining as facilitator");
    // Nothing was typed, so nothing is wrong yet.
    expect(await fran.page.getByRole('alert').count()).toBe(0);
    expect(await nameField(fran.page).getAttribute('aria-invalid')).toBeNull();
    await saveScreenshot(fran.page, 'join-03-facilitator-laptop');
    expect(await seriousAxeViolations(fran.page)).toEqual([]);

    await fran.page.getByRole('button', { name: 'Join clinic' }).click();
    await expect.poll(() => fran.page.getByRole('alert').textContent()).toBe('Please enter your name.');
    expect(await nameField(fran.page).getAttribute('aria-invalid')).toBe('true');
    expect(await nameField(fran.page).evaluate((input) => input === document.activeElement)).toBe(true);
    await saveScreenshot(fran.page, 'join-04-empty-name-laptop');
    await nameField(fran.page).fill('Fran');
    expect(await fran.page.getByRole('alert').count()).toBe(0);
    await fran.page.getByRole('button', { name: 'Join clinic' }).click();
    await byTestId(fran.page, 'lobby').waitFor();
    expect(await fran.page.getByRole('button', { name: 'Start clinic' }).count()).toBe(1);
    expect(fran.problems).toEqual([]);
  });

  it('shows the title and "joining as a participant" on the join link, on a phone', async () => {
    const { clinicId } = await createClinicAt(testbed.url, { title: 'Tuesday crew, week 3: a longer title to wrap on a phone' });
    const gia = await testbed.open(PHONE);
    await gia.page.goto(`${testbed.url}/c/${clinicId}`);
    await expect.poll(() => textOf(gia.page, 'join-title')).toBe('Tuesday crew, week 3: a longer title to wrap on a phone');
    expect(await textOf(gia.page, 'join-role')).toBe("You're joining as a participant");
    expect(await gia.page.getByRole('alert').count()).toBe(0);
    // Nothing runs off the side of the phone.
    expect(await sidewaysOverflow(gia.page)).toBeLessThanOrEqual(0);
    await saveScreenshot(gia.page, 'join-05-participant-phone');
    expect(await seriousAxeViolations(gia.page)).toEqual([]);
    await nameField(gia.page).fill('Gia');

    // Offline, the name is not sent to join later, out of sight: the form says so, and keeps it.
    await gia.page.context().setOffline(true);
    // Nothing on a join form can be out of date: the badge only says the page is reconnecting.
    await expect.poll(() => textOf(gia.page, 'reconnecting')).toBe('Reconnecting…');
    await gia.page.getByRole('button', { name: 'Join clinic' }).click();
    await expect.poll(() => gia.page.getByRole('alert').textContent()).toBe('This device is not connected, so this was not sent. Try again once it has reconnected.');
    expect(await nameField(gia.page).inputValue()).toBe('Gia');
    await saveScreenshot(gia.page, 'join-05b-offline-phone');
    // Back online, once the page says it has reconnected, she tries again.
    await gia.page.context().setOffline(false);
    await byTestId(gia.page, 'reconnecting').waitFor({ state: 'detached', timeout: 15_000 });
    await gia.page.getByRole('button', { name: 'Join clinic' }).click();
    await byTestId(gia.page, 'lobby').waitFor();
    expect(gia.problems).toEqual([]);
  });

  it('says the join form waits for the server while the server does not answer, and joins once it does', async () => {
    const { clinicId } = await createClinicAt(testbed.url, { title: 'Quiet line' });
    const gia = await testbed.open(PHONE);
    const giaSocket = await relayedSocket(gia.page);
    await gia.page.goto(`${testbed.url}/c/${clinicId}`);
    await expect.poll(() => textOf(gia.page, 'join-title')).toBe('Quiet line');
    await nameField(gia.page).fill('Gia');

    // The socket stays open but nothing comes back: nothing is reconnecting, the page waits.
    expect(await byTestId(gia.page, 'reconnecting').count()).toBe(0);
    giaSocket.silenced = true;
    await lookAgain(gia.page);
    await expect.poll(() => byTestId(gia.page, 'reconnecting').count(), { timeout: 10_000 }).toBe(1);
    expect(await textOf(gia.page, 'reconnecting')).toBe('Waiting for the server…');
    await saveScreenshot(gia.page, 'join-05c-unanswered-phone');
    giaSocket.silenced = false;
    await lookAgain(gia.page);
    await byTestId(gia.page, 'reconnecting').waitFor({ state: 'detached', timeout: 15_000 });
    expect(await nameField(gia.page).inputValue()).toBe('Gia');
    await gia.page.getByRole('button', { name: 'Join clinic' }).click();
    await byTestId(gia.page, 'lobby').waitFor();
    expect(gia.problems).toEqual([]);
  });

  it('lets a returning phone the server turns away for a moment back in by itself, never asking its name again', async () => {
    const { clinicId } = await createClinicAt(testbed.url, { title: 'Busy server' });
    const gia = await testbed.joinAs(PHONE, clinicId, 'Gia');
    await byTestId(gia.page, 'lobby').waitFor();
    // Whether the join form shows at any moment of the page's life, not only when the test looks.
    await gia.page.addInitScript(() => {
      new MutationObserver(() => {
        if (document.getElementById('display-name')) document.documentElement.dataset.sawNameForm = 'yes';
      }).observe(document, { childList: true, subtree: true });
    });
    // Her first two joins after the reload are answered as a restarting server answers them.
    const giaSocket = await relayedSocket(gia.page);
    let refused = 0;
    giaSocket.alter = (message) => {
      const joinAnswer = /^43(\d+)\[\{"ok":true,"data":\{.*"participantToken"/.exec(message);
      if (!joinAnswer || refused === 2) return message;
      refused += 1;
      return `43${joinAnswer[1]}${JSON.stringify([refuse('SERVER_RESTARTING')])}`;
    };
    await gia.page.reload();
    await expect.poll(() => byTestId(gia.page, 'reconnecting').count()).toBe(1);
    await byTestId(gia.page, 'lobby').waitFor({ timeout: 10_000 });
    expect(refused).toBe(2);
    expect(await byTestId(gia.page, 'reconnecting').count()).toBe(0);
    expect(await gia.page.evaluate(() => document.documentElement.dataset.sawNameForm ?? 'no')).toBe('no');
    expect(gia.problems).toEqual([]);
  });

  it('names a clinic without a title plainly', async () => {
    const { clinicId } = await createClinicAt(testbed.url);
    const ana = await testbed.open(PHONE);
    await ana.page.goto(`${testbed.url}/c/${clinicId}`);
    await expect.poll(() => textOf(ana.page, 'join-title')).toBe('Join the case clinic');
    expect(await textOf(ana.page, 'join-role')).toBe("You're joining as a participant");
  });
});

describe('a link that leads nowhere', () => {
  it('says a deleted clinic is gone before asking for a name', async () => {
    const { clinicId, facilitatorKey } = await createClinicAt(testbed.url, { title: 'Short-lived' });
    const fran = await TestParticipant.join(testbed.url, clinicId, 'Fran', facilitatorKey);
    expect((await fran.command({ type: 'DELETE_CLINIC' })).ok).toBe(true);
    fran.close();

    const gia = await testbed.open(PHONE);
    await gia.page.goto(`${testbed.url}/c/${clinicId}`);
    await byTestId(gia.page, 'clinic-not-found').waitFor();
    expect(await gia.page.getByRole('heading', { level: 1 }).textContent()).toBe("This link doesn't lead to a clinic");
    expect(await nameField(gia.page).count()).toBe(0);
    expect(await gia.page.getByRole('link', { name: 'Start a new clinic' }).getAttribute('href')).toBe('/');
    await saveScreenshot(gia.page, 'join-06-deleted-phone');
    expect(await seriousAxeViolations(gia.page)).toEqual([]);
    expect(gia.problems).toEqual([]);
  });

  it('says an ended clinic lets nobody new in, before asking for a name, and lets back in one who was there', async () => {
    const { clinicId, facilitatorKey } = await createClinicAt(testbed.url, { title: 'Over now' });
    const fran = await TestParticipant.join(testbed.url, clinicId, 'Fran', facilitatorKey);
    const gia = await testbed.joinAs(PHONE, clinicId, 'Gia');
    await fran.waitFor((state) => state.participants.length === 2);
    const giaId = fran.state!.participants.find((person) => person.name === 'Gia')!.id;
    for (const command of [{ type: 'SET_CASE_GIVER', participantId: giaId }, { type: 'START' }, { type: 'END' }] as const) {
      expect(await fran.command(command)).toMatchObject({ ok: true });
    }
    fran.close();
    await byTestId(gia.page, 'summary').waitFor();

    const stranger = await testbed.open(PHONE);
    await stranger.page.goto(`${testbed.url}/c/${clinicId}`);
    await byTestId(stranger.page, 'ended').waitFor();
    expect(await stranger.page.getByRole('heading', { level: 1 }).textContent()).toBe('This clinic has ended');
    expect(await nameField(stranger.page).count()).toBe(0);
    expect(await stranger.page.getByText('Gia').count()).toBe(0);
    await saveScreenshot(stranger.page, 'join-06b-ended-phone');
    expect(await seriousAxeViolations(stranger.page)).toEqual([]);
    expect(stranger.problems).toEqual([]);

    // Gia, who was there, opens it again on her phone.
    await gia.page.reload();
    await byTestId(gia.page, 'summary').waitFor();
  });

  it("keeps a 60-letter name without a space inside a phone: the lobby, the live view and the console's bar", async () => {
    const longName = 'Wolfeschlegelsteinhausenbergerdorffwelchevoralternwarengewis';
    expect(longName).toHaveLength(60);
    const { clinicId, facilitatorKey } = await createClinicAt(testbed.url);
    const fran = await testbed.joinAs(PHONE, clinicId, 'Fran', facilitatorKey);
    // Fran's second device, scripted, sets the clinic up; her phone's console moves it on.
    const driver = await TestParticipant.join(testbed.url, clinicId, 'Fran', facilitatorKey);
    const [wolfe, gia] = [await TestParticipant.join(testbed.url, clinicId, longName), await TestParticipant.join(testbed.url, clinicId, 'Gia')];
    try {
      await driver.waitFor((state) => state.participants.length === 3);
      expect(await driver.command({ type: 'SET_CASE_GIVER', participantId: gia.id })).toMatchObject({ ok: true });
      expect(await driver.command({ type: 'SET_COACH_ORDER', coachIds: [wolfe.id] })).toMatchObject({ ok: true });
      await expect.poll(() => fran.page.getByText(longName).count()).toBeGreaterThan(0);
      expect(await sidewaysOverflow(fran.page)).toBeLessThanOrEqual(0);
      await saveScreenshot(fran.page, 'join-09-long-name-lobby-phone');

      expect(await driver.command({ type: 'START' })).toMatchObject({ ok: true });
      await byTestId(fran.page, 'control-bar').waitFor();
      await fran.page.getByRole('button', { name: 'Next phase' }).click();
      await expect.poll(() => textOf(fran.page, 'feedback')).toContain(longName);
      expect(await textOf(fran.page, 'speaker')).toContain(longName);
      expect(await sidewaysOverflow(fran.page)).toBeLessThanOrEqual(0);
      const barRight = await byTestId(fran.page, 'control-bar').evaluate((bar) => bar.getBoundingClientRect().right);
      expect(barRight).toBeLessThanOrEqual(PHONE.viewport!.width);
      // A touch screen has no keys: the buttons show none.
      expect(await fran.page.locator('.key-hint').evaluateAll((hints) => hints.filter((hint) => hint.getBoundingClientRect().width > 0).length)).toBe(0);
      await saveScreenshot(fran.page, 'join-10-long-name-console-phone', { fullPage: false });
    } finally {
      for (const device of [driver, wolfe, gia]) device.close();
    }
  });

  it('leaves nothing of a clinic on a device in it once it is deleted', async () => {
    const { clinicId, facilitatorKey } = await createClinicAt(testbed.url, { title: 'Short-lived' });
    const fran = await TestParticipant.join(testbed.url, clinicId, 'Fran', facilitatorKey);
    const gia = await testbed.joinAs(PHONE, clinicId, 'Gia');
    await byTestId(gia.page, 'lobby').waitFor();
    const keptOfIt = () => gia.page.evaluate((id) => Object.keys(localStorage).filter((key) => key.includes(id)).sort(), clinicId);
    // The same device shows the clinic on a shared screen too, in a language of its own.
    const screen = await gia.page.context().newPage();
    await screen.goto(`${testbed.url}/c/${clinicId}/present`);
    await byTestId(screen, 'presenter-lobby').waitFor();
    await screen.getByLabel('Language of this shared screen').selectOption('de');
    // Sorted like the keys: which comes first depends on the clinic's random id.
    expect(await keptOfIt()).toEqual([`case-clinic:${clinicId}`, `case-clinic:screen-language:${clinicId}`].sort());
    expect((await fran.command({ type: 'DELETE_CLINIC' })).ok).toBe(true);
    fran.close();
    await gia.page.getByRole('heading', { name: 'This clinic was deleted' }).waitFor();
    await expect.poll(keptOfIt).toEqual([]);
    expect(gia.problems).toEqual([]);
  });

  it('says an unknown clinic id leads nowhere, on a laptop too', async () => {
    const ben = await testbed.open(LAPTOP);
    await ben.page.goto(`${testbed.url}/c/NoSuchClinic0000000000`);
    await byTestId(ben.page, 'clinic-not-found').waitFor();
    expect(await nameField(ben.page).count()).toBe(0);
    await saveScreenshot(ben.page, 'join-07-unknown-laptop');
  });

  it('says a replaced facilitator link no longer gives control, and lets its holder join as a participant', async () => {
    const { clinicId, facilitatorKey } = await createClinicAt(testbed.url, { title: 'Rotated' });
    const fran = await TestParticipant.join(testbed.url, clinicId, 'Fran', facilitatorKey);
    expect((await fran.command({ type: 'ROTATE_FACILITATOR_KEY' })).ok).toBe(true);

    const old = await testbed.open(LAPTOP);
    await old.page.goto(`${testbed.url}/c/${clinicId}#facilitator=${facilitatorKey}`);
    await byTestId(old.page, 'link-replaced').waitFor();
    expect(await nameField(old.page).count()).toBe(0);
    await saveScreenshot(old.page, 'join-08-replaced-link-laptop');
    expect(await seriousAxeViolations(old.page)).toEqual([]);
    await old.page.getByRole('button', { name: 'Join as a participant' }).click();
    await expect.poll(() => textOf(old.page, 'join-role')).toBe("You're joining as a participant");
    expect(await textOf(old.page, 'join-title')).toBe('Rotated');
    fran.close();
  });

  it('sends a styled page with 404 for a broken clinic link and for an unknown path', async () => {
    for (const [path, heading, shot] of [
      ['/c/bad!chars', 'This clinic link is not complete', 'join-09-broken-link-phone'],
      ['/no/such/page', 'Page not found', 'join-10-unknown-path-phone'],
    ] as const) {
      const visitor = await testbed.open(PHONE);
      const response = await visitor.page.goto(`${testbed.url}${path}`);
      expect(response?.status(), path).toBe(404);
      await byTestId(visitor.page, 'not-found').waitFor();
      expect(await visitor.page.getByRole('heading', { level: 1 }).textContent()).toBe(heading);
      // A broken link asks nothing of the server: no clinic to look for.
      expect(await nameField(visitor.page).count()).toBe(0);
      await saveScreenshot(visitor.page, shot);
      expect(await seriousAxeViolations(visitor.page)).toEqual([]);
      expect(visitor.problems.filter((problem) => !problem.includes('404'))).toEqual([]);
    }
  });
});
