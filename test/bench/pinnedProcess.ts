/**
 * Benchmark processes that do one side of a measurement each, pinned to a core of their own with
 * `taskset` where there is one, and driven by request and reply over Node's IPC channel.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import type { ProcessExit } from '../support/childProcesses.ts';
import { PROJECT_ROOT } from '../support/servers.ts';
import { processTree } from './processTree.ts';

/** How long a process has to exit by itself once asked to. */
const STOP_GRACE_MS = 5_000;

/** Whether this machine can pin a process to a core. */
export const CAN_PIN = spawnSync('taskset', ['-V']).status === 0;

interface Request {
  readonly id: number;
  readonly type: string;
  readonly payload: unknown;
}

type Reply = { readonly id: number; readonly ok: true; readonly value: unknown } | { readonly id: number; readonly ok: false; readonly message: string };

export interface PinnedProcess {
  readonly child: ChildProcess;
  /** How the process ended, once it has. */
  readonly exited: Promise<ProcessExit>;
  /** Sends a request and waits for its reply, at most `limitMs`. */
  ask<T>(type: string, payload?: unknown, limitMs?: number): Promise<T>;
  /** Ends the process, which removes what it made. */
  stop(): Promise<void>;
}

/**
 * Runs a module as its own process, on `core` when pinning is possible: a TypeScript module of this
 * folder (`./name.ts`) through tsx, or a built file (an absolute path to `.js`) with plain node;
 * either with the `nodeFlags` given.
 */
export function startPinnedProcess(module: string, core: number, nodeFlags: readonly string[] = []): PinnedProcess {
  const script = module.endsWith('.js') ? [module] : ['--import', 'tsx', new URL(module, import.meta.url).pathname];
  const node = [process.execPath, ...(process.env.BENCH_NODE_FLAGS?.split(' ').filter(Boolean) ?? []), ...nodeFlags, ...script];
  const [command, ...args] = CAN_PIN ? ['taskset', '-c', String(core), ...node] : node;
  // Structured clone, not JSON: a run's receipts cross as one typed array.
  const child = spawn(command!, args, { cwd: PROJECT_ROOT, stdio: ['ignore', 'inherit', 'inherit', 'ipc'], serialization: 'advanced' });
  const exited = new Promise<ProcessExit>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  const waiting = new Map<number, { resolve(value: unknown): void; reject(error: Error): void }>();
  let nextId = 0;
  child.on('message', (reply: Reply) => {
    const request = waiting.get(reply.id);
    waiting.delete(reply.id);
    if (reply.ok) request?.resolve(reply.value);
    else request?.reject(new Error(`${module}: ${reply.message}`));
  });
  child.once('exit', (code, signal) => {
    for (const request of waiting.values()) request.reject(new Error(`${module} exited (${signal ?? code}) before it answered`));
    waiting.clear();
  });
  return {
    child,
    exited,
    ask<T>(type: string, payload?: unknown, limitMs = 120_000) {
      const id = nextId++;
      return new Promise<T>((resolve, reject) => {
        const timer = setTimeout(() => {
          waiting.delete(id);
          reject(new Error(`${module} did not answer ${type} within ${limitMs / 1_000} s`));
        }, limitMs);
        waiting.set(id, {
          resolve: (value) => {
            clearTimeout(timer);
            resolve(value as T);
          },
          reject: (error) => {
            clearTimeout(timer);
            reject(error);
          },
        });
        child.send({ id, type, payload } satisfies Request);
      });
    },
    async stop() {
      // Cutting the channel lets it exit by itself (and clean up); one that does not is killed.
      if (child.connected) child.disconnect();
      const kill = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
      await exited;
      clearTimeout(kill);
    },
  };
}

/**
 * Pins a program that was started some other way (Postgres by pg_ctl) to `core`, where pinning is
 * possible: every process it has now with every thread; the processes it forks later inherit it.
 */
export function pinRunning(root: number, core: number): void {
  if (!CAN_PIN) return;
  for (const pid of processTree(root)) spawnSync('taskset', ['--all-tasks', '--cpu-list', '--pid', String(core), String(pid)], { stdio: 'ignore' });
}

/** In the child: answers each request with its handler's result, one at a time in arrival order. */
export function answerRequests(handlers: Record<string, (payload: never) => unknown>): void {
  let tail = Promise.resolve();
  process.on('message', (request: Request) => {
    tail = tail.then(async () => {
      const handler = handlers[request.type];
      try {
        if (!handler) throw new Error(`no handler for ${request.type}`);
        process.send!({ id: request.id, ok: true, value: await handler(request.payload as never) } satisfies Reply);
      } catch (error) {
        process.send!({ id: request.id, ok: false, message: error instanceof Error ? (error.stack ?? error.message) : String(error) } satisfies Reply);
      }
    });
  });
  // The parent going away ends the child too, so no benchmark process is left behind.
  process.on('disconnect', () => process.exit(0));
}
