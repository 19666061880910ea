/** What the service worker keeps and serves: the app's shell for pages and built files, nothing of any clinic. */
import { describe, expect, it } from 'vitest';
import { mayReloadForUpdate, AUTOMATIC_UPDATE_PAUSE_MS } from '../../client/appUpdate.ts';
import { routeOf, shellCacheName, staleShellCaches } from '../../client/appShell.ts';

const ORIGIN = 'https://clinic.example';
const request = (path: string, mode = 'cors', method = 'GET') => ({ url: `${ORIGIN}${path}`, mode, method });

describe('the service worker', () => {
  it.each(['/', '/c/AbCdEfGhIjKlMnOp', '/c/AbCdEfGhIjKlMnOp/present', '/crews/AbCdEfGhIjKlMnOp', '/nowhere'])('answers a navigation to %s as the app page', (path) => {
    expect(routeOf(request(path, 'navigate'), ORIGIN)).toBe('page');
  });

  it.each(['/assets/index-DQkv6z85.js', '/assets/index-CmBc_BLe.css', '/icons/icon-192.png', '/manifest.webmanifest'])('keeps the built file %s', (path) => {
    expect(routeOf(request(path), ORIGIN)).toBe('asset');
  });

  it.each([
    ['the socket', request('/socket.io/?EIO=4&transport=polling')],
    ['a calendar download', request('/crews/AbCdEfGhIjKlMnOp/weeks/2.ics', 'navigate')],
    ['the metrics', request('/metrics', 'navigate')],
    ['a health check', request('/readyz')],
    ['a form sent', request('/', 'navigate', 'POST')],
    ['another site', { url: 'https://elsewhere.example/assets/x.js', mode: 'cors', method: 'GET' }],
    ['a file outside the shell', request('/assets/deeper/x.js')],
  ])('leaves %s to the network', (_what, sent) => {
    expect(routeOf(sent, ORIGIN)).toBe('network');
  });

  it("drops older versions' shells, and nobody else's caches, once a new one takes over", () => {
    const names = [shellCacheName('old1'), shellCacheName('new'), 'someone-else', shellCacheName('old2')];
    expect(staleShellCaches(names, 'new')).toEqual([shellCacheName('old1'), shellCacheName('old2')]);
  });
});

describe('an outdated page', () => {
  it('loads the new version by itself, but not again within a minute if it is still outdated', () => {
    const now = 1_800_000_000_000;
    expect(mayReloadForUpdate(null, now)).toBe(true);
    expect(mayReloadForUpdate(now - 5_000, now)).toBe(false);
    expect(mayReloadForUpdate(now - AUTOMATIC_UPDATE_PAUSE_MS, now)).toBe(true);
  });
});
