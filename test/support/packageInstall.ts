/**
 * What the test setups ask of the machine: whether a program is there, and Debian's apt-get to
 * install it. Programs the tests and the local cluster run (Postgres, Redis, HAProxy) are found in
 * a directory a variable names, or on PATH and in the places Debian puts them; when they are
 * missing and this runs as root with apt-get, Debian's package is installed; anywhere else the run
 * fails saying what to install, so that no test is ever skipped for want of it.
 */
import { spawnSync } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';

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

/** Programs that come together, and where they come from. */
export interface WantedPrograms {
  /** For the messages, e.g. "Postgres (13 or newer)". */
  readonly name: string;
  readonly programs: readonly string[];
  readonly debianPackage: string;
  /** The variable that names the directory to use instead. */
  readonly dirVariable: string;
}

/** What finding programs asks of the machine, so a test can stand in for it. */
export interface ProgramHost {
  /** The directory variable's value: when set, the programs are looked for there alone and never installed. */
  readonly chosenDir: string | null;
  /** Where to look otherwise, in order of preference. */
  candidateDirs(): string[];
  readonly isRoot: boolean;
  readonly hasAptGet: boolean;
  isExecutable(path: string): boolean;
  /** Installs Debian's package; false if apt-get failed. */
  aptInstall(): boolean;
}

/** The directory holding all the wanted programs, installing them where it may. */
export function findPrograms(wanted: WantedPrograms, host: ProgramHost): string {
  const { name, programs, debianPackage, dirVariable } = wanted;
  const listed = programs.join(', ');
  const hasAll = (dir: string) => programs.every((program) => host.isExecutable(join(dir, program)));
  if (host.chosenDir !== null) {
    if (hasAll(host.chosenDir)) return host.chosenDir;
    throw new Error(`${dirVariable} is ${host.chosenDir}, which lacks ${programs.length > 1 ? 'one of ' : ''}${listed}. Point it at the directory holding ${name}'s programs, or unset it to use Debian's ${debianPackage} package.`);
  }
  const found = () => host.candidateDirs().find(hasAll);
  const dir = found();
  if (dir) return dir;
  const installCommand = `apt-get update && apt-get install -y ${debianPackage}`;
  const need = `Case Clinic's tests and local cluster need ${listed}`;
  if (!host.hasAptGet) {
    throw new Error(`${need}, and this machine has no apt-get. Install ${name} with its package manager and set ${dirVariable} to the directory holding ${listed}.`);
  }
  if (!host.isRoot) {
    throw new Error(`${need}. Install Debian's package as root: sudo sh -c '${installCommand}' (or set ${dirVariable} to the directory holding ${listed}).`);
  }
  console.log(`${name} is missing; installing Debian's package (${installCommand})...`);
  const installed = host.aptInstall() ? found() : undefined;
  if (!installed) throw new Error(`Installing ${name} with "${installCommand}" left no ${listed} in any of ${host.candidateDirs().join(', ')}; see apt-get's output above.`);
  return installed;
}

/** This machine, looking on PATH and then in `moreDirs`. */
export function thisMachine(wanted: WantedPrograms, moreDirs: () => string[] = () => []): ProgramHost {
  return {
    chosenDir: process.env[wanted.dirVariable] || null,
    candidateDirs: () => [...(process.env.PATH ?? '').split(delimiter).filter(Boolean), ...moreDirs()],
    isRoot: process.getuid?.() === 0,
    get hasAptGet() {
      return hasAptGet();
    },
    isExecutable,
    aptInstall: () => aptInstall(wanted.debianPackage),
  };
}
