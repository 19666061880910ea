/**
 * A Postgres server of our own: throwaway for the store tests and the integration suite's Postgres
 * run (this module's default export is their global setup), or on a kept data directory for the
 * local cluster. It uses Debian's Postgres binaries (initdb, pg_ctl, postgres) where
 * POSTGRES_BIN_DIR, PATH or /usr/lib/postgresql/<version>/bin has them; when they are missing and
 * this runs as root with apt-get, Debian's `postgresql` package is installed; anywhere else the run
 * fails saying what to install (packageInstall.ts). The Postgres tests are never skipped for want of it.
 *
 * The server runs on a free loopback port (never the system's instance on 5432), as the `postgres`
 * user when started by root (Postgres refuses to run as root); a throwaway one from a temporary
 * directory, without fsync (a test's data need not outlive the machine), stopped and removed at the end.
 */
import { spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { TestProject } from 'vitest/node';
import type { Service } from './childProcesses.ts';
import { findPrograms, isExecutable, thisMachine, type ProgramHost, type WantedPrograms } from './packageInstall.ts';
import { freePort } from './servers.ts';
import { withClient } from './testStores.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The throwaway server's address, superuser and all: tests make a schema of their own in it. */
    postgresUrl: string;
  }
}

const POSTGRES: WantedPrograms = { name: 'Postgres (13 or newer)', programs: ['initdb', 'pg_ctl', 'postgres'], debianPackage: 'postgresql', dirVariable: 'POSTGRES_BIN_DIR' };
/** The superuser initdb creates: the same name whoever runs the tests. */
const SUPERUSER = 'case_clinic';
/** Who runs the server when the tests run as root. Debian's package creates this user. */
const SERVER_USER = 'postgres';

/** The directory holding initdb, pg_ctl and postgres, installing them where it may. */
export const findPostgres = (host: ProgramHost): string => findPrograms(POSTGRES, host);

/** Debian's versioned directories, newest first. */
function debianVersionDirs(): string[] {
  const debian = '/usr/lib/postgresql';
  const versions = isExecutable(debian) ? readdirSync(debian).sort((a, b) => Number(b) - Number(a)) : [];
  return versions.map((version) => join(debian, version, 'bin'));
}

/** The same on this machine, where Debian's package puts the programs in versioned directories off PATH. */
export const locatePostgres = (): string => findPostgres(thisMachine(POSTGRES, debianVersionDirs));

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

export interface PostgresOptions {
  /**
   * Keeps the databases in this directory from one start to the next (made at the first), written
   * safely and stopped cleanly; without it, a throwaway directory that stop() removes.
   */
  readonly dataDir?: string;
}

/** Starts a Postgres server on a free loopback port; its address names the superuser and the `postgres` database. */
export async function startPostgres({ dataDir: keptDir }: PostgresOptions = {}): Promise<Service> {
  const isRoot = process.getuid?.() === 0;
  const binDir = locatePostgres();
  const user = serverUser(isRoot);
  const pgCtl = join(binDir, 'pg_ctl');
  // The socket and the log: the server's own, whatever directory holds its data.
  const runDir = mkdtempSync(join(tmpdir(), 'case-clinic-postgres-'));
  const dataDir = keptDir === undefined ? join(runDir, 'data') : resolve(keptDir);
  const ownedByServer = (dir: string) => {
    if (user.ids) chownSync(dir, user.ids.uid, user.ids.gid);
  };
  ownedByServer(runDir);
  const stop = async () => {
    runAs(user.name, pgCtl, ['stop', '-s', '-D', dataDir, '-m', keptDir === undefined ? 'immediate' : 'fast']);
    rmSync(runDir, { recursive: true, force: true });
  };
  try {
    if (!existsSync(join(dataDir, 'PG_VERSION'))) {
      if (keptDir !== undefined) {
        mkdirSync(dataDir, { recursive: true });
        ownedByServer(dataDir);
      }
      run(user.name, join(binDir, 'initdb'), ['-D', dataDir, '-U', SUPERUSER, '--auth=trust', '--encoding=UTF8', '--locale=C', ...(keptDir === undefined ? ['--no-sync'] : [])]);
    }
    const port = await freePort();
    // A test's data need not outlive the machine, so throwaway servers skip the flushes.
    const durability = keptDir === undefined ? ' -c fsync=off -c full_page_writes=off' : '';
    const settings = `-c listen_addresses=127.0.0.1 -p ${port} -k ${runDir} -c max_connections=200${durability}`;
    try {
      run(user.name, pgCtl, ['start', '-w', '-s', '-D', dataDir, '-l', join(runDir, 'server.log'), '-o', settings]);
    } catch (error) {
      const log = join(runDir, 'server.log');
      throw new Error(`${(error as Error).message}${existsSync(log) ? `\nThe server's log:\n${readFileSync(log, 'utf8')}` : ''}`);
    }
    return { url: `postgres://${SUPERUSER}@127.0.0.1:${port}/postgres`, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const postgres = await startPostgres();
  try {
    // Lets the store tests look into the tables' pages for row versions a VACUUM should have removed.
    await withClient(postgres.url, (client) => client.query('CREATE EXTENSION pageinspect'));
  } catch (error) {
    await postgres.stop();
    throw error;
  }
  project.provide('postgresUrl', postgres.url);
  return postgres.stop;
}
