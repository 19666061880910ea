/**
 * The event loop's side of the writer thread (sqliteWriter.ts): requests made while the thread is
 * busy wait for it, then go over together as the next batch; when saves come thick, one made
 * while it is idle waits a short window for others first. So saves that arrive together share one
 * commit and one fsync, and the busier the server, the larger the batches. Each request settles
 * with its own outcome once its batch is done.
 */
import { createRequire } from 'node:module';
import { dirname, extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { OutcomeUnknownError } from './clinicStore.ts';
import type { WriterData } from './sqliteWriter.ts';
import type { FailureReport, StoreOutcome, StoreRequest, StoreResults } from './storeRequests.ts';

interface Waiting {
  readonly request: StoreRequest;
  resolve(value: StoreResults[StoreRequest['kind']]): void;
  reject(error: Error): void;
}

/** What the event loop's side uses of the writer thread. */
export type WriterWorker = Pick<Worker, 'on' | 'postMessage' | 'ref' | 'unref' | 'terminate'>;

/** The writer thread's module, compiled JavaScript in production, TypeScript run through tsx otherwise. */
function startWorker(workerData: WriterData): Worker {
  const here = fileURLToPath(import.meta.url);
  const entry = join(dirname(here), `sqliteWriter${extname(here)}`);
  if (extname(here) !== '.ts') return new Worker(entry, { workerData });
  // Node 20 gives a worker none of the hooks tsx set up on the main thread: register its require hook first.
  const tsx = createRequire(import.meta.url).resolve('tsx/cjs/api');
  return new Worker(`require(${JSON.stringify(tsx)}).register(); require(${JSON.stringify(entry)});`, { eval: true, workerData });
}

/**
 * How long a save made while the thread is idle waits for company, if the save before it came less
 * than this long before. Without it a busy server sends the thread one save at a time, each its own
 * commit, fsync and wake-up of the thread. A lone save after a quiet spell goes at once, and so
 * does any other request: a read that a save waits on must not wait a window first. 5 ms rather
 * than 2 takes a fifth off a busy node's CPU (`npm run bench:fanout`: fewer commits, each with its
 * fsync, for the same saves), for a few ms more before a change shows, which nobody in a clinic notices.
 * 10 ms took some 7 % more off it (the median of four rounds), but added its 5 ms to the latency
 * and lowered the command ceiling (README, *Saves*): the p99 target is the one within reach, so 5
 * it stays.
 */
export const DEFAULT_COMMIT_WINDOW_MS = 5;

const isSave = (request: StoreRequest) => request.kind === 'save' || request.kind === 'saveCrew';

const errorOf = ({ name, message, code }: FailureReport): Error => Object.assign(new Error(message), { name }, code === undefined ? {} : { code });

export class WriterThread {
  private readonly worker: WriterWorker;
  private queued: Waiting[] = [];
  private inWorker: Waiting[] = [];
  /** A batch is in the worker, or about to be sent. */
  private busy = false;
  /** Set once the thread is gone: every request from then on fails with it. */
  private gone: Error | null = null;
  private lastSaveAt = -Infinity;

  constructor(
    path: string,
    /** 0: never wait, a batch goes after the turn of the event loop its first request was made in. */
    private readonly commitWindowMs = DEFAULT_COMMIT_WINDOW_MS,
    start: (workerData: WriterData) => WriterWorker = startWorker,
  ) {
    this.worker = start({ path });
    this.worker.on('message', (outcomes: StoreOutcome[]) => this.settle(outcomes));
    this.worker.on('error', (error) => this.stop(error));
    this.worker.on('exit', (code) => this.stop(new Error(`The SQLite writer thread has stopped (exit code ${code})`)));
    // An idle store does not keep the process alive; one with requests waiting does.
    this.worker.unref();
  }

  request<K extends StoreRequest['kind']>(request: Extract<StoreRequest, { kind: K }>): Promise<StoreResults[K]> {
    if (this.gone) return Promise.reject(this.gone);
    let comingThick = false;
    if (isSave(request)) {
      const now = performance.now();
      comingThick = now - this.lastSaveAt < this.commitWindowMs;
      this.lastSaveAt = now;
    }
    return new Promise<StoreResults[K]>((resolve, reject) => {
      this.queued.push({ request, resolve: resolve as Waiting['resolve'], reject });
      if (this.busy) return;
      this.busy = true;
      this.worker.ref();
      // Otherwise after the current turn of the event loop, so what that turn's callbacks asked goes together.
      if (comingThick) setTimeout(() => this.send(), this.commitWindowMs);
      else setImmediate(() => this.send());
    });
  }

  /** Ends the thread once every request made before has been answered. */
  async close(): Promise<void> {
    if (this.gone) return;
    await this.request({ kind: 'close' });
    await this.worker.terminate();
  }

  private send(): void {
    this.inWorker = this.queued;
    this.queued = [];
    this.worker.postMessage(this.inWorker.map((waiting) => waiting.request));
  }

  private settle(outcomes: readonly StoreOutcome[]): void {
    const answered = this.inWorker;
    this.inWorker = [];
    answered.forEach((waiting, index) => {
      const outcome = outcomes[index]!;
      if (outcome.ok) waiting.resolve(outcome.value);
      else waiting.reject(errorOf(outcome.failure));
    });
    // What arrived meanwhile has waited a whole commit already: send it at once.
    if (this.queued.length > 0) return this.send();
    this.busy = false;
    this.worker.unref();
  }

  private stop(reason: Error): void {
    this.gone ??= reason;
    // A save the thread had taken may have been committed before it stopped; one still queued
    // surely was not. Answered as failed, a committed save would invite the change again.
    for (const waiting of this.inWorker) waiting.reject(isSave(waiting.request) ? new OutcomeUnknownError(reason) : reason);
    for (const waiting of this.queued) waiting.reject(reason);
    this.inWorker = [];
    this.queued = [];
  }
}
