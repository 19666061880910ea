/**
 * Real servers for tests: in-process on a random port, or as a child process like production,
 * each on the store the suite runs on (SQLite, or Postgres in the integration-postgres project),
 * kept in the data directory's place.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createApp, type ClinicApp } from '../../server/app.ts';
import { DEFAULT_LIMITS, type Limits } from '../../server/limits.ts';
import { createLogger, type Logger } from '../../server/logger.ts';
import type { ClinicStore } from '../../server/store/clinicStore.ts';
import type { CrewStore } from '../../server/store/crewStore.ts';
import { openStoreIn, storeEnvironment, SUITE_STORE } from './testStores.ts';

export const PROJECT_ROOT = resolve(import.meta.dirname, '../..');
export const CLIENT_BUILD_DIR = join(PROJECT_ROOT, 'dist/client');
/** What `npm run build` compiles the server to, and `npm start` runs. */
export const BUILT_SERVER_ENTRY = join(PROJECT_ROOT, 'dist/server/server/main.js');

export function makeDataDir(): { dataDir: string; remove: () => void } {
  const dataDir = mkdtempSync(join(tmpdir(), 'case-clinic-test-'));
  return { dataDir, remove: () => rmSync(dataDir, { recursive: true, force: true }) };
}

export interface InProcessServer {
  readonly url: string;
  readonly dataDir: string;
  readonly app: ClinicApp;
  close(): Promise<void>;
}

export interface InProcessOptions {
  /** Lets a test stand between the server and its store, e.g. to hold a save open. */
  readonly wrapStore?: (store: ClinicStore) => ClinicStore;
  /** The same for the crew store. */
  readonly wrapCrewStore?: (store: CrewStore) => CrewStore;
  readonly trustedProxies?: number;
  /** Small limits let a test reach them at once instead of waiting the real ones out. */
  readonly limits?: Partial<Limits>;
  /** A data directory the test prepared (and removes); a fresh one otherwise. */
  readonly dataDir?: string;
  /** Silent unless a test reads the logs. */
  readonly logger?: Logger;
  /** The server's clock, for a test in which weeks pass. */
  readonly now?: () => number;
}

export async function startInProcessServer({ wrapStore = (store) => store, wrapCrewStore = (store) => store, trustedProxies, limits, logger = createLogger('silent'), now, ...options }: InProcessOptions = {}): Promise<InProcessServer> {
  const { dataDir, remove } = options.dataDir ? { dataDir: options.dataDir, remove: () => undefined } : makeDataDir();
  const store = await openStoreIn(SUITE_STORE, dataDir);
  const app = createApp({
    store: wrapStore(store),
    notes: store,
    crews: wrapCrewStore(store),
    clientDir: CLIENT_BUILD_DIR,
    logger,
    now,
    trustedProxies,
    limits: { ...DEFAULT_LIMITS, ...limits },
  });
  const port = await app.listen(0);
  return {
    url: `http://127.0.0.1:${port}`,
    dataDir,
    app,
    async close() {
      await app.close();
      remove();
    },
  };
}

export function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolvePort(port));
    });
  });
}

export interface ProcessExit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
}

export interface ServerProcess {
  readonly url: string;
  readonly child: ChildProcess;
  /** Everything the process wrote so far, both streams. */
  readonly output: () => string;
  /** How the process ended, once it has. */
  readonly exited: Promise<ProcessExit>;
  /** Resolves once the process has exited. */
  stop(signal?: NodeJS.Signals): Promise<void>;
}

export interface ServerProcessOptions {
  readonly dataDir: string;
  readonly port: number;
  /** Runs the compiled server with plain node, as `npm start` does, instead of the sources through tsx. */
  readonly built?: boolean;
}

/** Runs the server as its own process, from its sources or, with `built`, as `npm start` runs it. */
export async function startServerProcess({ dataDir, port, built = false }: ServerProcessOptions): Promise<ServerProcess> {
  const entry = built ? [BUILT_SERVER_ENTRY] : ['--import', 'tsx', 'server/main.ts'];
  const child = spawn(process.execPath, entry, {
    cwd: PROJECT_ROOT,
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', ...(await storeEnvironment(SUITE_STORE, dataDir)) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<ProcessExit>((resolveExit) => child.once('exit', (code, signal) => resolveExit({ code, signal })));
  return new Promise((resolveStart, reject) => {
    // Read to the end, so a process that logs a lot never blocks on a full pipe.
    let output = '';
    let started = false;
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      // The log line is JSON: the address ends at its closing quote.
      const listening = started ? null : /listening on (http:\/\/[^\s"]+)/.exec(output);
      if (listening) {
        started = true;
        resolveStart({
          url: listening[1]!,
          child,
          output: () => output,
          exited,
          stop: async (signal = 'SIGTERM') => {
            if (child.exitCode === null && child.signalCode === null) child.kill(signal);
            await exited;
          },
        });
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => reject(new Error(`Server exited early (${code}):\n${output}`)));
  });
}
