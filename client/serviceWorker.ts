/**
 * The service worker (built to /sw.js): installs the app's shell so the app opens without a
 * network, and gets out of the way of everything else. It takes over as soon as it is installed;
 * pages are always fetched from the network first, so a new version shows on the next load.
 */
import { routeOf, SHELL_PAGE, shellCacheName, staleShellCaches, type AppShellManifest } from './appShell.ts';

// The DOM library has no service worker types, and the WebWorker one conflicts with it: the few used here.
interface ExtendableEvent extends Event {
  waitUntil(work: Promise<unknown>): void;
}
interface FetchEvent extends ExtendableEvent {
  readonly request: Request;
  respondWith(response: Promise<Response>): void;
}
interface ServiceWorkerScope {
  readonly location: Location;
  skipWaiting(): Promise<void>;
  readonly clients: { claim(): Promise<void> };
  addEventListener(type: 'install' | 'activate', listener: (event: ExtendableEvent) => void): void;
  addEventListener(type: 'fetch', listener: (event: FetchEvent) => void): void;
}
declare const self: ServiceWorkerScope & { readonly __APP_SHELL__: AppShellManifest };

/** Replaced by the build (vite.config.ts) with this version's files. */
const shell = self.__APP_SHELL__;
const cacheName = shellCacheName(shell.version);

self.addEventListener('install', (event) => {
  event.waitUntil(
    caches
      .open(cacheName)
      .then((cache) => cache.addAll([SHELL_PAGE, ...shell.files]))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((names) => Promise.all(staleShellCaches(names, shell.version).map((name) => caches.delete(name))))
      .then(() => self.clients.claim()),
  );
});

async function pageFromNetworkOrShell(request: Request): Promise<Response> {
  try {
    return await fetch(request);
  } catch {
    return (await caches.match(SHELL_PAGE, { cacheName })) ?? Response.error();
  }
}

async function assetFromCacheOrNetwork(request: Request): Promise<Response> {
  return (await caches.match(request, { cacheName })) ?? fetch(request);
}

self.addEventListener('fetch', (event) => {
  const route = routeOf(event.request, self.location.origin);
  if (route === 'page') event.respondWith(pageFromNetworkOrShell(event.request));
  else if (route === 'asset') event.respondWith(assetFromCacheOrNetwork(event.request));
});
