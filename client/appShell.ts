/**
 * What the service worker keeps and serves, pure so it can be tested: the app's shell (its page,
 * hashed scripts and styles, icons, manifest), never clinic data. Clinics, crews, calendars and
 * everything that goes over the socket always come from the server.
 */

/** Filled in by the build with the files it emitted and a version that changes with any of them. */
export interface AppShellManifest {
  readonly version: string;
  readonly files: readonly string[];
}

export const APP_SHELL_CACHE_PREFIX = 'case-clinic-shell-';

export const shellCacheName = (version: string): string => `${APP_SHELL_CACHE_PREFIX}${version}`;

/** The page every app path is: the app decides which page a path shows. */
export const SHELL_PAGE = '/';

/**
 * How the worker answers a request:
 * - `page`: a navigation to the app, from the network while there is one (so an update shows at
 *   once), from the cached shell page when offline;
 * - `asset`: a built file whose name carries its content hash, from the cache first;
 * - `network`: anything else, untouched (the socket, calendar files, health and metrics).
 */
export type ShellRoute = 'page' | 'asset' | 'network';

const SHELL_FILE = /^\/(assets\/[^/]+|icons\/[^/]+|manifest\.webmanifest)$/;
/** Server paths that are not pages even when navigated to: downloads and the operator's endpoints. */
const NOT_A_PAGE = /^\/(socket\.io|crews\/[^/]+\/weeks|healthz|readyz|metrics)(\/|$)/;

export function routeOf(request: { readonly method: string; readonly mode: string; readonly url: string }, origin: string): ShellRoute {
  const url = new URL(request.url);
  if (request.method !== 'GET' || url.origin !== origin || NOT_A_PAGE.test(url.pathname)) return 'network';
  if (request.mode === 'navigate') return 'page';
  return SHELL_FILE.test(url.pathname) ? 'asset' : 'network';
}

/** Old shells a new worker deletes once it takes over. */
export const staleShellCaches = (cacheNames: readonly string[], version: string): string[] =>
  cacheNames.filter((name) => name.startsWith(APP_SHELL_CACHE_PREFIX) && name !== shellCacheName(version));
