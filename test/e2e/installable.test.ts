/**
 * The app on a phone, installed: the page names its manifest, the service worker takes over and
 * keeps the app's shell (and nothing of any clinic), and with the network gone the app still opens.
 */
import { describe, expect, it } from 'vitest';
import { PHONE } from '../support/browser.ts';
import { useBrowserTestbed } from '../support/browserTestbed.ts';
import { createClinicAt } from '../support/participant.ts';
import { saveScreenshot } from '../support/screenshots.ts';

const testbed = useBrowserTestbed();

describe('the installable app', () => {
  it('is kept by its service worker, the shell only, and opens offline', async () => {
    const phone = await testbed.open(PHONE);
    const { clinicId } = await createClinicAt(testbed.url, { title: 'Offline check' });
    await phone.page.goto(`${testbed.url}/c/${clinicId}`);
    expect(await phone.page.locator('link[rel="manifest"]').getAttribute('href')).toBe('/manifest.webmanifest');

    const worker = await phone.page.evaluate(async () => {
      const registration = await navigator.serviceWorker.ready;
      return registration.active?.scriptURL;
    });
    expect(worker).toBe(`${testbed.url}/sw.js`);
    await expect.poll(() => phone.page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);

    const kept = await phone.page.evaluate(async () => {
      const names = await caches.keys();
      const requests = await Promise.all(names.map(async (name) => (await (await caches.open(name)).keys()).map((request) => new URL(request.url).pathname)));
      return { names, paths: requests.flat() };
    });
    expect(kept.names).toHaveLength(1);
    expect(kept.paths).toContain('/');
    expect(kept.paths.some((path) => path.startsWith('/assets/index-') && path.endsWith('.js'))).toBe(true);
    for (const path of kept.paths) expect(path).toMatch(/^\/(assets\/[^/]+|icons\/[^/]+|manifest\.webmanifest)?$/);

    await phone.page.context().setOffline(true);
    await phone.page.reload();
    // The app opens and says why the clinic is not there yet, rather than the browser's offline page.
    await expect.poll(() => phone.page.getByTestId('connecting').innerText()).toMatch(/offline/);
    expect(await phone.page.title()).toBe('Case Clinic');
    await saveScreenshot(phone.page, 'installable-01-offline-phone');
    await phone.page.goto(`${testbed.url}/`);
    await phone.page.getByRole('button', { name: /create clinic/i }).waitFor();
    await phone.page.context().setOffline(false);
    // Back online, the same link leads into the clinic again.
    await phone.page.goto(`${testbed.url}/c/${clinicId}`);
    await phone.page.locator('#display-name').waitFor();
  });
});
