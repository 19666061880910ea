/**
 * Headless Chromium for end-to-end tests: Debian's build (no browser download), a laptop and a
 * phone profile, and a record of every console error or CSP violation a page reports.
 */
import { chromium, type Browser, type BrowserContextOptions, type Page } from 'playwright-core';
import { expect } from 'vitest';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

export const LAPTOP: BrowserContextOptions = { viewport: { width: 1280, height: 800 } };
export const PHONE: BrowserContextOptions = {
  viewport: { width: 390, height: 844 },
  deviceScaleFactor: 3,
  isMobile: true,
  hasTouch: true,
};

/** The phone turned on its side. */
export const PHONE_LANDSCAPE: BrowserContextOptions = { ...PHONE, viewport: { width: 844, height: 390 } };
/** A 1080p screen shared in the call. */
export const PRESENTER_SCREEN: BrowserContextOptions = { viewport: { width: 1920, height: 1080 } };
/**
 * The laptop at 200 % browser zoom: zoom halves the CSS viewport and doubles the device pixels per
 * CSS pixel, which is what this profile sets (the screenshots are the laptop's 1280 x 800 pixels).
 */
export const LAPTOP_ZOOMED_200: BrowserContextOptions = { viewport: { width: 640, height: 400 }, deviceScaleFactor: 2 };

/** `extraArgs` adds Chromium switches, e.g. `--host-resolver-rules` to reach the test server by a network name. */
export function launchChromium(extraArgs: readonly string[] = []): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
      ...extraArgs,
    ],
  });
}

export interface BrowserParticipant {
  readonly page: Page;
  /** Console errors and page errors seen so far; a healthy page has none. */
  readonly problems: string[];
  close(): Promise<void>;
}

export async function openBrowserParticipant(browser: Browser, profile: BrowserContextOptions, options: { timezoneId?: string } = {}): Promise<BrowserParticipant> {
  const context = await browser.newContext({ ...profile, ...options });
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(message.text());
  });
  page.on('pageerror', (error) => problems.push(error.message));
  return { page, problems, close: () => context.close() };
}

/**
 * Counts the page's layouts, as Chromium itself does (DevTools' performance metrics): a page that
 * lays out at the screen's frame rate between updates is animating something, which a phone pays
 * for in battery.
 */
export async function layoutCounter(page: Page): Promise<() => Promise<number>> {
  const session = await page.context().newCDPSession(page);
  await session.send('Performance.enable');
  return async () => (await session.send('Performance.getMetrics')).metrics.find((metric) => metric.name === 'LayoutCount')?.value ?? Number.NaN;
}

/** A page's socket, relayed by the test, which can hold back or change what the server sends. */
export interface RelayedSocket {
  /**
   * While true the server's Socket.IO messages are dropped and the page hears nothing, as over a
   * dead Wi-Fi whose socket looks open. Engine.IO's heartbeat still passes, so the server does not
   * close the connection a while later, after the test has let the messages through again.
   */
  silenced: boolean;
  /** While set, each text message from the server is passed on as this makes it. */
  alter: ((message: string) => string) | null;
  /**
   * Holds the server's Socket.IO messages back, as a slow line delays them, until the function it
   * returns is called: then they arrive, in order.
   */
  holdBack(): () => void;
}

/**
 * Relays the Socket.IO connections of pages loaded from now on (Socket.IO keeps the `WebSocket` it
 * found when its page loaded): call before the page opens the clinic, or reload the page after.
 */
export async function relayedSocket(page: Page): Promise<RelayedSocket> {
  let held: Array<() => void> | null = null;
  const relay: RelayedSocket = {
    silenced: false,
    alter: null,
    holdBack() {
      held ??= [];
      return () => {
        const deliveries = held ?? [];
        held = null;
        for (const deliver of deliveries) deliver();
      };
    },
  };
  await page.routeWebSocket(/socket\.io/, (socket) => {
    const server = socket.connectToServer();
    socket.onMessage((message) => server.send(message));
    server.onMessage((message) => {
      // A Socket.IO packet's Engine.IO type is 4 (message); binary ones carry its attachments.
      const isSocketIoPacket = typeof message !== 'string' || message.startsWith('4');
      if (relay.silenced && isSocketIoPacket) return;
      const deliver = () => socket.send(relay.alter && typeof message === 'string' ? relay.alter(message) : message);
      if (held && isSocketIoPacket) held.push(deliver);
      else deliver();
    });
  });
  return relay;
}

/** A server's message with the middle character of its first sealed note's ciphertext swapped for another base64url one: damaged on its way. */
export function withOneCiphertextCharacterChanged(message: string): string {
  const found = /"ciphertext":"([A-Za-z0-9_-]+)"/.exec(message);
  if (!found) return message;
  const at = found.index + '"ciphertext":"'.length + Math.floor(found[1]!.length / 2);
  return `${message.slice(0, at)}${message[at] === 'A' ? 'B' : 'A'}${message.slice(at + 1)}`;
}

/** What a page does when it is seen again: it pings the server's clock at once, so a silent server shows soon. */
export const lookAgain = (page: Page) => page.evaluate(() => document.dispatchEvent(new Event('visibilitychange')));

/**
 * How far the page sticks out sideways, in CSS px (0 or less: not at all). Measured against the
 * layout viewport: a phone zooms out to show a page wider than itself, and `innerWidth` grows with it.
 */
export const sidewaysOverflow = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

export const byTestId = (page: Page, id: string) => page.locator(`[data-testid="${id}"]`).first();

export async function textOf(page: Page, id: string): Promise<string> {
  const element = byTestId(page, id);
  await element.waitFor();
  return element.evaluate((node) => (node instanceof HTMLInputElement ? node.value : (node.textContent ?? '')).trim());
}

/**
 * The facilitator moves on and waits until their own console shows where it led: a click made
 * before the console has caught up is refused as stale, as a double click is.
 */
export async function moveOn(facilitatorPage: Page, to: string): Promise<void> {
  await facilitatorPage.getByRole('button', { name: 'Next phase' }).click();
  await expect.poll(() => textOf(facilitatorPage, 'phase-title')).toBe(to);
}

export async function joinWithName(page: Page, name: string) {
  await page.getByRole('textbox').first().fill(name);
  await page.getByRole('button', { name: /join/i }).click();
}

/**
 * A countdown reading (`mm:ss`, `h:mm:ss`, or overtime's `+mm:ss`) to the seconds left, negative in
 * overtime, for comparing countdowns across devices and over time.
 */
export function seconds(countdown: string): number {
  const magnitude = countdown
    .replace(/[^\d:]/g, '')
    .split(':')
    .reduce((total, part) => total * 60 + Number(part), 0);
  return countdown.trim().startsWith('+') ? -magnitude : magnitude;
}
