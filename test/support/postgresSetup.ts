/**
 * Global setup of the integration tests: a throwaway Postgres server for the store tests and the
 * integration suite's Postgres run. It uses Debian's Postgres binaries (initdb, pg_ctl, postgres)
 * where POSTGRES_BIN_DIR, PATH or /usr/lib/postgresql/<version>/bin has them; when they are
 * missing and this runs as root with apt-get, Debian's `postgresql` package is installed; anywhere
 * else the run fails saying what to install. The Postgres tests are never skipped for want of it.
 *
 * The server runs from a temporary directory on a free loopback port (never the system's instance
 * on 5432), as the `postgres` user when started by root (Postgres refuses to run as root), without
 * fsync (a test's data need not outlive the machine), and is stopped and removed at the end.
 */
import { spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { aptInstall, hasAptGet, isExecutable } from './packageInstall.ts';
import { freePort } from './servers.ts';
import { withClient } from './testStores.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The throwaway server's address, superuser and all: tests make a schema of their own in it. */
    postgresUrl: string;
  }
}

const PROGRAMS = ['initdb', 'pg_ctl', 'postgres'] as const;
const INSTALL_COMMAND = 'apt-get update && apt-get install -y postgresql';
/** The superuser initdb creates: the same name whoever runs the tests. */
const SUPERUSER = 'case_clinic';
/** Who runs the server when the tests run as root. Debian's package creates this user. */
const SERVER_USER = 'postgres';

/** What the setup asks of the machine, so a test can stand in for it. */
export interface PostgresHost {
  /** POSTGRES_BIN_DIR: when set, the binaries are looked for there alone and never installed. */
  readonly chosenDir: string | null;
  /** Where to look otherwise, in order of preference. */
  candidateDirs(): string[];
  readonly isRoot: boolean;
  readonly hasAptGet: boolean;
  isExecutable(path: string): boolean;
  /** Installs Debian's package; false if apt-get failed. */
  aptInstallPostgres(): boolean;
}

const hasPrograms = (host: PostgresHost, dir: string) => PROGRAMS.every((program) => host.isExecutable(join(dir, program)));

/** The directory holding initdb, pg_ctl and postgres, installing them where it may. */
export function findPostgres(host: PostgresHost): string {
  if (host.chosenDir !== null) {
    if (hasPrograms(host, host.chosenDir)) return host.chosenDir;
    throw new Error(`POSTGRES_BIN_DIR is ${host.chosenDir}, which lacks one of ${PROGRAMS.join(', ')}. Point it at a Postgres bin directory, or unset it to use Debian's postgresql package.`);
  }
  const found = () => host.candidateDirs().find((dir) => hasPrograms(host, dir));
  const dir = found();
  if (dir) return dir;
  const need = `The Postgres tests need ${PROGRAMS.join(', ')}`;
  if (!host.hasAptGet) {
    throw new Error(`${need}, and this machine has no apt-get. Install Postgres (13 or newer) with its package manager and set POSTGRES_BIN_DIR to the directory holding them.`);
  }
  if (!host.isRoot) {
    throw new Error(`${need}. Install Debian's package as root: sudo sh -c '${INSTALL_COMMAND}' (or set POSTGRES_BIN_DIR to a Postgres bin directory).`);
  }
  console.log(`Postgres is missing; installing Debian's package (${INSTALL_COMMAND})...`);
  const installed = host.aptInstallPostgres() ? found() : undefined;
  if (!installed) throw new Error(`Installing Postgres with "${INSTALL_COMMAND}" left no ${PROGRAMS.join(', ')} on PATH or in /usr/lib/postgresql/*/bin; see apt-get's output above.`);
  return installed;
}

/** PATH first, then Debian's versioned directories, newest first. */
function candidateDirs(): string[] {
  const debian = '/usr/lib/postgresql';
  const versions = isExecutable(debian) ? readdirSync(debian).sort((a, b) => Number(b) - Number(a)) : [];
  return [...(process.env.PATH ?? '').split(delimiter).filter(Boolean), ...versions.map((version) => join(debian, version, 'bin'))];
}

/** Runs a Postgres program as the server's user (null: as whoever runs the tests). */
function runAs(user: string | null, program: string, args: readonly string[]) {
  const [command, commandArgs] = user === null ? [program, args] : ['runuser', ['-u', user, '--', program, ...args]];
  return spawnSync(command, commandArgs, { encoding: 'utf8', cwd: tmpdir() });
}

/** The same, failing with the program's output. */
function run(user: string | null, program: string, args: readonly string[]): void {
  const result = runAs(user, program, args);
  if (result.status !== 0) throw new Error(`${[program, ...args].join(' ')} failed (${result.error?.message ?? `exit ${result.status}`}):\n${result.stdout}${result.stderr}`);
}

/** The user to run the server as, and that user's uid and gid when it is not the one running the tests. */
function serverUser(isRoot: boolean): { name: string | null; ids: { uid: number; gid: number } | null } {
  if (!isRoot) return { name: null, ids: null };
  const id = (flag: string) => spawnSync('id', [flag, SERVER_USER], { encoding: 'utf8' });
  const [uid, gid] = [id('-u'), id('-g')];
  if (uid.status !== 0 || gid.status !== 0) {
    throw new Error(`Postgres refuses to run as root, and there is no "${SERVER_USER}" user to run it as. Create one (useradd --system ${SERVER_USER}) or install Debian's postgresql package, which does.`);
  }
  return { name: SERVER_USER, ids: { uid: Number(uid.stdout), gid: Number(gid.stdout) } };
}

export default async function setup(project: TestProject): Promise<() => void> {
  const isRoot = process.getuid?.() === 0;
  const binDir = findPostgres({
    chosenDir: process.env.POSTGRES_BIN_DIR || null,
    candidateDirs,
    isRoot,
    hasAptGet: hasAptGet(),
    isExecutable,
    aptInstallPostgres: () => aptInstall('postgresql'),
  });
  const user = serverUser(isRoot);
  const dir = mkdtempSync(join(tmpdir(), 'case-clinic-postgres-'));
  if (user.ids) chownSync(dir, user.ids.uid, user.ids.gid);
  const dataDir = join(dir, 'data');
  const stop = () => {
    runAs(user.name, join(binDir, 'pg_ctl'), ['stop', '-s', '-D', dataDir, '-m', 'immediate']);
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    run(user.name, join(binDir, 'initdb'), ['-D', dataDir, '-U', SUPERUSER, '--auth=trust', '--no-sync', '--encoding=UTF8', '--locale=C']);
    const port = await freePort();
    const settings = `-c listen_addresses=127.0.0.1 -p ${port} -k ${dir} -c fsync=off -c full_page_writes=off -c max_connections=200`;
    try {
      run(user.name, join(binDir, 'pg_ctl'), ['start', '-w', '-s', '-D', dataDir, '-l', join(dir, 'server.log'), '-o', settings]);
    } catch (error) {
      const log = join(dir, 'server.log');
      throw new Error(`${(error as Error).message}${existsSync(log) ? `\nThe server's log:\n${readFileSync(log, 'utf8')}` : ''}`);
    }
    const url = `postgres://${SUPERUSER}@127.0.0.1:${port}/postgres`;
    // Lets the store tests look into the tables' pages for row versions a VACUUM should have removed.
    await withClient(url, (client) => client.query('CREATE EXTENSION pageinspect'));
    project.provide('postgresUrl', url);
  } catch (error) {
    stop();
    throw error;
  }
  return stop;
}
