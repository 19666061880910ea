/**
 * The built app can be installed: its manifest and icons are served, its service worker is served
 * unkept (so updates are found) and lists exactly the built shell, and the security policy lets
 * that worker, from this origin only, run.
 */
import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { AppShellManifest } from '../../client/appShell.ts';
import { useInProcessServer } from '../support/serverFixture.ts';
import { CLIENT_BUILD_DIR } from '../support/servers.ts';

const fixture = useInProcessServer();
const get = (path: string) => fetch(`${fixture.server.url}${path}`);

interface WebManifest {
  name: string;
  start_url: string;
  display: string;
  icons: Array<{ src: string; sizes: string; type: string }>;
}

describe('the installable app', () => {
  it('links a manifest whose icons, at the sizes phones ask for, are served', async () => {
    const page = await (await get('/')).text();
    expect(page).toContain('<link rel="manifest" href="/manifest.webmanifest"');
    const response = await get('/manifest.webmanifest');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('application/manifest+json');
    const manifest = (await response.json()) as WebManifest;
    expect(manifest).toMatchObject({ name: 'Case Clinic', start_url: '/', display: 'standalone' });
    expect(manifest.icons.map((icon) => icon.sizes)).toEqual(expect.arrayContaining(['192x192', '512x512']));
    for (const icon of manifest.icons) {
      const image = await get(icon.src);
      expect(image.status, icon.src).toBe(200);
      expect(image.headers.get('content-type')).toContain(icon.type);
    }
  });

  it('serves a service worker that is never kept stale and lists every built file of the shell, nothing else', async () => {
    const response = await get('/sw.js');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('javascript');
    expect(response.headers.get('cache-control')).toBe('no-cache');
    const shell = JSON.parse(/\{"version":"[0-9a-f]+","files":\[[^\]]*\]\}/.exec(await response.text())![0]) as AppShellManifest;
    const built = readdirSync(CLIENT_BUILD_DIR, { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile())
      .map((entry) => `/${relative(CLIENT_BUILD_DIR, join(entry.parentPath, entry.name))}`)
      .filter((path) => path !== '/sw.js' && path !== '/index.html');
    expect([...shell.files].sort()).toEqual(built.sort());
  });

  it('lets only a worker of its own origin run', async () => {
    const policy = (await get('/')).headers.get('content-security-policy')!;
    expect(policy.split(';').map((directive) => directive.trim())).toContain("worker-src 'self'");
    expect(policy).not.toMatch(/blob:|'unsafe-eval'/);
  });
});
