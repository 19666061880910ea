/** What the test setups ask of the machine: whether a program is there, and Debian's apt-get to install it. */
import { spawnSync } from 'node:child_process';
import { accessSync, constants } from 'node:fs';

export function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

export const hasAptGet = (): boolean => spawnSync('apt-get', ['--version'], { stdio: 'ignore' }).status === 0;

/** Installs Debian's packages, output shown; false if apt-get failed. */
export const aptInstall = (...packages: string[]): boolean => aptGet('update', '-qq') && aptGet('install', '-y', '-qq', ...packages);

function aptGet(...args: string[]): boolean {
  return spawnSync('apt-get', args, { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } }).status === 0;
}
