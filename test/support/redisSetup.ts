/**
 * A throwaway Redis server, for the integration tests (this module's default export is their global
 * setup: it provides the address as `redisUrl`) and the local cluster. It uses redis-server where
 * REDIS_BIN_DIR or PATH has it; when it is missing and this runs as root with apt-get, Debian's
 * `redis-server` package is installed; anywhere else the run fails saying what to install
 * (packageInstall.ts). The server runs from a temporary directory on a free loopback port, writes
 * nothing to disk, and is stopped and removed at the end.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { waitUntil, watchProcess, type Service } from './childProcesses.ts';
import { findPrograms, thisMachine, type ProgramHost, type WantedPrograms } from './packageInstall.ts';
import { freePort } from './servers.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The throwaway server's address: every test shares it, so keys and channels carry names of their own. */
    redisUrl: string;
  }
}

const REDIS: WantedPrograms = { name: 'Redis', programs: ['redis-server'], debianPackage: 'redis-server', dirVariable: 'REDIS_BIN_DIR' };

/** The path of redis-server, installing it where it may. */
export const findRedisServer = (host: ProgramHost): string => join(findPrograms(REDIS, host), 'redis-server');

/** The same on this machine. */
export const locateRedisServer = (): string => findRedisServer(thisMachine(REDIS));

/** Whether a Redis server on the port answers PING (and not, say, that it is still loading). */
function answersPing(port: number): Promise<boolean> {
  return new Promise((resolveAnswer) => {
    const socket = connect(port, '127.0.0.1');
    let reply = '';
    const answer = (pong: boolean) => {
      socket.destroy();
      resolveAnswer(pong);
    };
    socket.setTimeout(1_000, () => answer(false));
    socket.once('error', () => answer(false));
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.on('data', (chunk) => {
      reply += chunk.toString();
      if (reply.includes('\r\n')) answer(reply.startsWith('+PONG'));
    });
  });
}

export interface RedisOptions {
  /** In a process group of its own, for a parent that stops it in turn on Ctrl-C (see WatchOptions). */
  readonly detached?: boolean;
}

/** Starts redis-server on a free loopback port, and resolves once it answers. */
export async function startRedis({ detached = false }: RedisOptions = {}): Promise<Service> {
  const program = locateRedisServer();
  const dir = mkdtempSync(join(tmpdir(), 'case-clinic-redis-'));
  const port = await freePort();
  // No snapshots and no append-only file: what the tests and the cluster keep in Redis may be lost.
  const settings = ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', '', '--appendonly', 'no'];
  const server = watchProcess(program, settings, { name: 'redis-server', cwd: dir, detached });
  const stop = async () => {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await waitUntil(`Redis answers PING on port ${port}`, () => answersPing(port), { process: server });
  } catch (error) {
    await stop();
    throw error;
  }
  return { url: `redis://127.0.0.1:${port}`, stop };
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const redis = await startRedis();
  project.provide('redisUrl', redis.url);
  return redis.stop;
}
