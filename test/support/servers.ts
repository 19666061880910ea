/**
 * Real servers for tests: in-process on a random port, or as a child process like production,
 * each on the store the suite runs on (SQLite, or Postgres in the integration-postgres project),
 * kept in the data directory's place; or, for the local cluster's nodes, as a child process on the
 * settings it is given.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createApp, type ClinicApp } from '../../server/app.ts';
import { DEFAULT_LIMITS, type Limits } from '../../server/limits.ts';
import { createLogger, type Logger } from '../../server/logger.ts';
import type { NodeNetwork } from '../../server/nodeNetwork.ts';
import type { ClinicStore } from '../../server/store/clinicStore.ts';
import type { CrewStore } from '../../server/store/crewStore.ts';
import { watchProcess, type WatchedProcess, type WatchOptions } from './childProcesses.ts';
import { openStoreIn, storeEnvironment, SUITE_STORE } from './testStores.ts';

export const PROJECT_ROOT = resolve(import.meta.dirname, '../..');
export const CLIENT_BUILD_DIR = join(PROJECT_ROOT, 'dist/client');
/** What `npm run build` compiles the server to, and `npm start` runs. */
export const BUILT_SERVER_ENTRY = join(PROJECT_ROOT, 'dist/server/main.js');
/** The flags `npm start` gives node, read from package.json so tests and benchmarks run the server as it ships. */
export const START_NODE_FLAGS: readonly string[] = startNodeFlags();

function startNodeFlags(): string[] {
  const { scripts } = JSON.parse(readFileSync(join(PROJECT_ROOT, 'package.json'), 'utf8')) as { scripts: { start: string } };
  const command = /^exec node ((?:--\S+ )*)dist\/server\/main\.js$/.exec(scripts.start);
  if (!command) throw new Error(`package.json's start script is not \`exec node [flags] dist/server/main.js\`: ${scripts.start}`);
  return command[1]!.split(' ').filter(Boolean);
}
/** What follows `node` when the built server runs as `npm start` runs it. */
export const BUILT_SERVER_ARGS: readonly string[] = [...START_NODE_FLAGS, BUILT_SERVER_ENTRY];

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
  /** The node's view of a cluster, made for each server: one node alone by default. */
  readonly network?: () => NodeNetwork;
}

export async function startInProcessServer({ wrapStore = (store) => store, wrapCrewStore = (store) => store, trustedProxies, limits, logger = createLogger('silent'), now, network, ...options }: InProcessOptions = {}): Promise<InProcessServer> {
  const { dataDir, remove } = options.dataDir ? { dataDir: options.dataDir, remove: () => undefined } : makeDataDir();
  const store = await openStoreIn(SUITE_STORE, dataDir);
  const app = createApp({
    store: wrapStore(store),
    notes: store,
    crews: wrapCrewStore(store),
    clientDir: CLIENT_BUILD_DIR,
    logger,
    now,
    network: network?.(),
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

/** A loopback port nothing listens on (`wanted`, or any when it is 0); null if `wanted` is taken. */
function probePort(wanted: number): Promise<number | null> {
  return new Promise((resolvePort, reject) => {
    const probe = createServer();
    probe.once('error', (error: NodeJS.ErrnoException) => (error.code === 'EADDRINUSE' ? resolvePort(null) : reject(error)));
    probe.listen(wanted, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolvePort(port));
    });
  });
}

export const freePort = async (): Promise<number> => (await probePort(0))!;

export const isPortFree = async (port: number): Promise<boolean> => (await probePort(port)) !== null;

export interface ServerProcess extends WatchedProcess {
  readonly url: string;
}

export interface ServerLaunch {
  readonly port: number;
  /** Runs the compiled server with plain node, as `npm start` does, instead of the sources through tsx. */
  readonly built?: boolean;
  /** Settings beside PORT and HOST=127.0.0.1, over the tests' own environment. */
  readonly env: Record<string, string>;
  readonly watch?: Pick<WatchOptions, 'detached' | 'onOutput'>;
}

/** Starts the server as its own process, from its sources or, with `built`, as `npm start` runs it, without waiting for it. */
export function launchServer({ port, built = false, env, watch }: ServerLaunch): WatchedProcess {
  const entry = built ? BUILT_SERVER_ARGS : ['--import', 'tsx', 'server/main.ts'];
  return watchProcess(process.execPath, entry, {
    ...watch,
    name: 'The server',
    cwd: PROJECT_ROOT,
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', ...env },
  });
}

export interface ServerProcessOptions {
  readonly dataDir: string;
  readonly port: number;
  readonly built?: boolean;
}

/** Runs the server as its own process on the suite's store, once it says it listens. */
export async function startServerProcess({ dataDir, port, built }: ServerProcessOptions): Promise<ServerProcess> {
  const server = launchServer({ port, built, env: await storeEnvironment(SUITE_STORE, dataDir) });
  // The log line is JSON: the address ends at its closing quote.
  const [, url] = await server.outputMatching(/listening on (http:\/\/[^\s"]+)/);
  return { ...server, url: url! };
}
