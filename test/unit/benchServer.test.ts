/**
 * The fan-out benchmark's servers report their event loop's CPU apart from the whole process's, so
 * the app's SQLite writer thread and V8's collector helpers show as what they are, and the heap
 * the server keeps after a forced collection, so garbage not yet collected is not taken for
 * memory held.
 */
import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { eventLoopCpuMicros, keptHeapBytes } from '../bench/benchServer.ts';

const BUSY_MS = 300;
/** Linux counts thread time in 10 ms ticks: a little is lost at either end. */
const TICKS_LOST_MS = 50;

const processCpuMs = () => (process.cpuUsage().user + process.cpuUsage().system) / 1_000;

/** Busy until the process has used `ms` more of CPU: by the clock, a thread the scheduler set aside would count time it did not run. */
function busyFor(ms: number): void {
  const until = processCpuMs() + ms;
  while (processCpuMs() < until);
}

/** A worker thread busy for `ms` of CPU while this thread waits for it, idle. */
function busyWorker(ms: number): Promise<void> {
  const source = `const processCpuMs = ${processCpuMs}; ${busyFor}; busyFor(${ms}); require('node:worker_threads').parentPort.postMessage('done');`;
  return new Promise((resolve, reject) => {
    const worker = new Worker(source, { eval: true });
    worker.once('message', () => void worker.terminate().then(() => resolve()));
    worker.once('error', reject);
  });
}

const loopCpuMs = () => eventLoopCpuMicros()! / 1_000;

describe.runIf(process.platform === 'linux')("the event loop's CPU", () => {
  it('counts the work of the event loop itself', () => {
    const before = loopCpuMs();
    busyFor(BUSY_MS);
    expect(loopCpuMs() - before).toBeGreaterThanOrEqual(BUSY_MS - TICKS_LOST_MS);
  });

  it("leaves out another thread's work, which the whole process counts", async () => {
    const before = loopCpuMs();
    await busyWorker(BUSY_MS);
    expect(loopCpuMs() - before).toBeLessThan(BUSY_MS / 2);
  });
});

describe('the heap a server keeps', () => {
  const MEGABYTE = 1024 * 1024;
  /** Numbers unboxed in one array, 8 bytes each in the heap (a string repeated would share its parts). */
  const filler = (megabytes: number) => Array.from({ length: (megabytes * MEGABYTE) / 8 }, (_, index) => index / 2);

  /** How much more the heap keeps while `make`'s value is held, measured before it is let go. */
  function keptWhileHeld(make: () => unknown[], from: number): number {
    const held = make();
    const kept = keptHeapBytes() - from;
    expect(held.length).toBeGreaterThan(0);
    return kept;
  }

  it('counts what is still referenced and none of the garbage waiting to be collected', () => {
    const before = keptHeapBytes();
    expect(keptWhileHeld(() => filler(40), before)).toBeGreaterThan(35 * MEGABYTE);
    // As much again made and dropped at once: garbage, not kept.
    filler(40);
    expect(keptHeapBytes() - before).toBeLessThan(5 * MEGABYTE);
  });
});
