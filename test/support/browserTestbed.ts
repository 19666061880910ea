/**
 * What every end-to-end file needs: the real server as a child process on a fresh data directory,
 * one headless Chromium, and a way to open participants that are all closed when the file ends.
 */
import type { Browser, BrowserContextOptions } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { joinWithName, launchChromium, openBrowserParticipant, type BrowserParticipant } from './browser.ts';
import { freePort, makeDataDir, startServerProcess, type ServerProcess } from './servers.ts';

export interface BrowserTestbed {
  /** The server's base URL, once `beforeAll` has run. */
  readonly url: string;
  open(profile: BrowserContextOptions): Promise<BrowserParticipant>;
  /** Opens the clinic's link in a new browser and joins by name (with the facilitator link if given a key). */
  joinAs(profile: BrowserContextOptions, clinicId: string, name: string, facilitatorKey?: string): Promise<BrowserParticipant>;
}

/** Call at the top of a test file; it registers the file's setup and teardown. */
export function useBrowserTestbed(): BrowserTestbed {
  let server: ServerProcess | undefined;
  let browser: Browser | undefined;
  let removeDataDir: (() => void) | undefined;
  const people: BrowserParticipant[] = [];

  beforeAll(async () => {
    const { dataDir, remove } = makeDataDir();
    removeDataDir = remove;
    server = await startServerProcess({ dataDir, port: await freePort() });
    browser = await launchChromium();
  });

  afterAll(async () => {
    for (const person of people) await person.close();
    await browser?.close();
    await server?.stop();
    removeDataDir?.();
  });

  const testbed: BrowserTestbed = {
    get url() {
      if (!server) throw new Error('the testbed starts in beforeAll');
      return server.url;
    },
    async open(profile) {
      if (!browser) throw new Error('the testbed starts in beforeAll');
      const person = await openBrowserParticipant(browser, profile);
      people.push(person);
      return person;
    },
    async joinAs(profile, clinicId, name, facilitatorKey) {
      const person = await testbed.open(profile);
      await person.page.goto(`${testbed.url}/c/${clinicId}${facilitatorKey ? `#facilitator=${facilitatorKey}` : ''}`);
      await joinWithName(person.page, name);
      return person;
    },
  };
  return testbed;
}
