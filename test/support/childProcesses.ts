/**
 * Programs the tests run beside them (servers, Redis, HAProxy): started with their output kept,
 * signalled, and waited for until they answer or end.
 */
import { spawn, type ChildProcess } from 'node:child_process';

export interface ProcessExit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
}

export interface WatchedProcess {
  readonly child: ChildProcess;
  /** Everything the process wrote so far, both streams. */
  readonly output: () => string;
  /** How the process ended, once it has. */
  readonly exited: Promise<ProcessExit>;
  /** Sends the signal unless the process has ended, without waiting. */
  kill(signal: NodeJS.Signals): void;
  /** Sends the signal (SIGTERM unless told) and resolves once the process has exited. */
  stop(signal?: NodeJS.Signals): Promise<void>;
  /** Resolves with the first match of `pattern` in the output; rejects, with the output, if the process ends first. */
  outputMatching(pattern: RegExp): Promise<RegExpExecArray>;
}

export interface WatchOptions {
  /** What messages call the process; the command otherwise. */
  readonly name?: string;
  readonly cwd?: string;
  /** The whole environment of the process. */
  readonly env?: NodeJS.ProcessEnv;
  /** In a process group of its own, so that a Ctrl-C in the terminal reaches only its parent, which stops it in turn. */
  readonly detached?: boolean;
  /** Called with each chunk the process writes, as it writes it. */
  readonly onOutput?: (text: string) => void;
}

export function watchProcess(command: string, args: readonly string[], { name = command, cwd, env, detached = false, onOutput }: WatchOptions = {}): WatchedProcess {
  const child = spawn(command, args, { cwd, env, detached, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const readers = new Set<() => void>();
  // Read to the end, so a process that writes a lot never blocks on a full pipe.
  const onData = (chunk: Buffer) => {
    const text = chunk.toString();
    output += text;
    onOutput?.(text);
    for (const reader of readers) reader();
  };
  child.stdout!.on('data', onData);
  child.stderr!.on('data', onData);
  const exited = new Promise<ProcessExit>((resolveExit) => {
    child.once('exit', (code, signal) => resolveExit({ code, signal }));
    // A program that cannot be started at all emits no exit.
    child.once('error', (error) => {
      output += `${name}: ${error.message}\n`;
      resolveExit({ code: null, signal: null });
    });
  });
  const ended = () => child.exitCode !== null || child.signalCode !== null;
  const kill = (signal: NodeJS.Signals) => {
    if (!ended()) child.kill(signal);
  };
  return {
    child,
    output: () => output,
    exited,
    kill,
    async stop(signal = 'SIGTERM') {
      kill(signal);
      // A paused process acts on the signal only once it runs again.
      if (signal !== 'SIGSTOP') kill('SIGCONT');
      await exited;
    },
    outputMatching(pattern) {
      return new Promise((resolveMatch, reject) => {
        const look = () => {
          const match = pattern.exec(output);
          if (!match) return;
          readers.delete(look);
          resolveMatch(match);
        };
        readers.add(look);
        look();
        void exited.then(({ code, signal }) => {
          if (!readers.delete(look)) return;
          reject(new Error(`${name} exited early (${signal ?? code}):\n${output}`));
        });
      });
    },
  };
}

export interface WaitOptions {
  /** Stops waiting, with the process's output, once it has ended. */
  readonly process?: WatchedProcess;
  readonly timeoutMs?: number;
}

const CHECK_INTERVAL_MS = 50;

/** Checks until `check` says yes; fails naming `what` it waited for. */
export async function waitUntil(what: string, check: () => Promise<boolean>, { process, timeoutMs = 30_000 }: WaitOptions = {}): Promise<void> {
  let ended = false;
  void process?.exited.then(() => (ended = true));
  const deadline = performance.now() + timeoutMs;
  while (!(await check())) {
    if (ended) throw new Error(`Gave up waiting until ${what}: the process exited (${process!.child.signalCode ?? process!.child.exitCode}):\n${process!.output()}`);
    if (performance.now() > deadline) throw new Error(`Gave up waiting until ${what} after ${timeoutMs} ms${process ? `; the process wrote:\n${process.output()}` : ''}`);
    await new Promise((resolveWait) => setTimeout(resolveWait, CHECK_INTERVAL_MS));
  }
}

/** The status an HTTP GET of `url` is answered with; null when nothing answers in time. */
export async function httpStatus(url: string, timeoutMs = 2_000): Promise<number | null> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
    await response.body?.cancel();
    return response.status;
  } catch {
    return null;
  }
}

/** A server the tests start (Postgres, Redis, HAProxy): where to reach it, and how to stop it and remove what it left. */
export interface Service {
  readonly url: string;
  stop(): Promise<void>;
}
