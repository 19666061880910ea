/**
 * Global setup of the end-to-end tests, which drive Debian's Chromium. It is used where
 * CHROMIUM_PATH (or /usr/bin/chromium) points; when that is missing and this runs as root with
 * apt-get, it is installed; anywhere else the run fails saying exactly what to install. The
 * end-to-end tests are never skipped for want of a browser.
 */
import { CHROMIUM_PATH } from './browser.ts';
import { aptInstall, hasAptGet, isExecutable } from './packageInstall.ts';

/** What the setup asks of the machine, so a test can stand in for it. */
export interface ChromiumHost {
  readonly path: string;
  /** True when CHROMIUM_PATH names the browser: then it is never installed, only looked for. */
  readonly chosenByUser: boolean;
  readonly isRoot: boolean;
  readonly hasAptGet: boolean;
  isExecutable(path: string): boolean;
  /** Installs Debian's package; false if apt-get failed. */
  aptInstallChromium(): boolean;
}

const INSTALL_COMMAND = 'apt-get update && apt-get install -y chromium';

export function ensureChromium(host: ChromiumHost): void {
  const { path } = host;
  if (host.isExecutable(path)) return;
  if (host.chosenByUser) {
    throw new Error(`CHROMIUM_PATH is ${path}, which is not an executable. Point it at a Chromium or Chrome executable, or unset it to use Debian's chromium package at /usr/bin/chromium.`);
  }
  if (!host.hasAptGet) {
    throw new Error(`The end-to-end tests need Chromium at ${path}, and this machine has no apt-get. Install Chromium with its package manager and set CHROMIUM_PATH to the executable.`);
  }
  if (!host.isRoot) {
    throw new Error(`The end-to-end tests need Chromium at ${path}. Install Debian's package as root: sudo sh -c '${INSTALL_COMMAND}' (or set CHROMIUM_PATH to a Chromium or Chrome executable).`);
  }
  console.log(`Chromium is missing at ${path}; installing Debian's package (${INSTALL_COMMAND})...`);
  if (!host.aptInstallChromium() || !host.isExecutable(path)) {
    throw new Error(`Installing Chromium with "${INSTALL_COMMAND}" did not leave an executable at ${path}; see apt-get's output above.`);
  }
}

export default function setup(): void {
  ensureChromium({
    path: CHROMIUM_PATH,
    chosenByUser: Boolean(process.env.CHROMIUM_PATH),
    isRoot: process.getuid?.() === 0,
    hasAptGet: hasAptGet(),
    isExecutable,
    aptInstallChromium: () => aptInstall('chromium'),
  });
}
