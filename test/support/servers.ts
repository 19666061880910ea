/** Real servers for tests: in-process on a random port, or as a child process like production. */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createApp, type ClinicApp } from '../../server/app.ts';
import { DEFAULT_LIMITS, type Limits } from '../../server/limits.ts';
import type { ClinicStore } from '../../server/store/clinicStore.ts';
import { openSqliteClinicStore } from '../../server/store/sqliteClinicStore.ts';

export const PROJECT_ROOT = resolve(import.meta.dirname, '../..');
export const CLIENT_BUILD_DIR = join(PROJECT_ROOT, 'dist/client');

export function makeDataDir(): { dataDir: string; remove: () => void } {
  const dataDir = mkdtempSync(join(tmpdir(), 'case-clinic-test-'));
  return { dataDir, remove: () => rmSync(dataDir, { recursive: true, force: true }) };
}

export interface InProcessServer {
  readonly url: string;
  readonly app: ClinicApp;
  close(): Promise<void>;
}

export interface InProcessOptions {
  /** Lets a test stand between the server and its store, e.g. to hold a save open. */
  readonly wrapStore?: (store: ClinicStore) => ClinicStore;
  readonly trustedProxies?: number;
  /** Small limits let a test reach them at once instead of waiting the real ones out. */
  readonly limits?: Partial<Limits>;
  /** A data directory the test prepared (and removes); a fresh one otherwise. */
  readonly dataDir?: string;
}

export async function startInProcessServer({ wrapStore = (store) => store, trustedProxies, limits, ...options }: InProcessOptions = {}): Promise<InProcessServer> {
  const { dataDir, remove } = options.dataDir ? { dataDir: options.dataDir, remove: () => undefined } : makeDataDir();
  const app = createApp({
    store: wrapStore(openSqliteClinicStore(dataDir)),
    clientDir: CLIENT_BUILD_DIR,
    log: () => undefined,
    trustedProxies,
    limits: { ...DEFAULT_LIMITS, ...limits },
  });
  const port = await app.listen(0);
  return {
    url: `http://127.0.0.1:${port}`,
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

export interface ServerProcess {
  readonly url: string;
  readonly child: ChildProcess;
  /** Resolves once the process has exited. */
  stop(signal?: NodeJS.Signals): Promise<void>;
}

/** Runs `server/main.ts` as its own process, the way `npm start` does after the build. */
export function startServerProcess(options: { dataDir: string; port: number }): Promise<ServerProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    cwd: PROJECT_ROOT,
    env: { ...process.env, PORT: String(options.port), HOST: '127.0.0.1', DATA_DIR: options.dataDir },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<void>((resolveExit) => child.once('exit', () => resolveExit()));
  return new Promise((resolveStart, reject) => {
    let output = '';
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const listening = /listening on (http:\/\/\S+)/.exec(output);
      if (listening) {
        child.stdout!.off('data', onData);
        resolveStart({
          url: listening[1]!,
          child,
          stop: (signal = 'SIGTERM') => {
            if (child.exitCode === null && child.signalCode === null) child.kill(signal);
            return exited;
          },
        });
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code) => reject(new Error(`Server exited early (${code}):\n${output}`)));
  });
}
