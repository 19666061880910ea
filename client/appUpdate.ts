/**
 * The installed app: registers the service worker that keeps its shell, and, when the server
 * speaks a newer protocol than this page, loads the new version (once by itself, then on request).
 */

const LAST_UPDATE_KEY = 'case-clinic:reloaded-for-update-at';
/** A page that reloaded for an update this recently and is still outdated waits for the person instead of reloading again. */
export const AUTOMATIC_UPDATE_PAUSE_MS = 60_000;

/** Whether an outdated page may reload by itself now, given when it last did (null: never). */
export const mayReloadForUpdate = (lastReloadAt: number | null, now: number): boolean => lastReloadAt === null || now - lastReloadAt >= AUTOMATIC_UPDATE_PAUSE_MS;

export function registerAppShellWorker(): void {
  if (!import.meta.env.PROD || !('serviceWorker' in navigator)) return;
  // After the page's own loading, so the shell's download never competes with the first screen.
  window.addEventListener('load', () => void navigator.serviceWorker.register('/sw.js').catch(() => undefined), { once: true });
}

/** Asks the server for the new worker (and with it the new shell), then loads the new app. */
export async function loadNewVersion(): Promise<void> {
  sessionStorage.setItem(LAST_UPDATE_KEY, String(Date.now()));
  const registration = await navigator.serviceWorker?.getRegistration().catch(() => undefined);
  await registration?.update().catch(() => undefined);
  window.location.reload();
}

/** Loads the new version at once unless this page just did and is still outdated (a loop). */
export function loadNewVersionOnce(): void {
  const last = Number(sessionStorage.getItem(LAST_UPDATE_KEY));
  if (mayReloadForUpdate(Number.isFinite(last) && last > 0 ? last : null, Date.now())) void loadNewVersion();
}
