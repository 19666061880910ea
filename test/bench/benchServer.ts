/**
 * The server side of a fan-out benchmark process: it starts listening when asked and reports its
 * own CPU time, resident memory and JavaScript heap from inside, so the figures are the server's alone.
 */
import { constants, PerformanceObserver } from 'node:perf_hooks';
import { answerRequests } from './pinnedProcess.ts';

export interface ServerUsage {
  /** User plus system CPU time of the whole process, every thread included. */
  readonly cpuMicros: number;
  readonly rssBytes: number;
  /** JavaScript objects, live or garbage not yet collected: it rises between major collections. */
  readonly heapUsedBytes: number;
  /**
   * The heap as the last major (mark-compact) collection left it, found without forcing one: what
   * the program keeps alive. Growing from one major collection to the next is a leak; heap used
   * rising and falling around a flat floor is not. Null before the first major collection.
   */
  readonly heapAfterMajorGcBytes: number | null;
  /** Major collections so far. */
  readonly majorGcs: number;
  /** This process's clock, to divide CPU time by. */
  readonly atMs: number;
}

/**
 * `listen` gets what the benchmark sends with the request (the bare server's state to fan out);
 * `more` answers requests of a benchmark's own (say, how many saves the store was asked for).
 */
export function serveBenchmark<Setup>(listen: (setup: Setup) => Promise<number>, more: Record<string, () => unknown> = {}): void {
  let heapAfterMajorGcBytes: number | null = null;
  let majorGcs = 0;
  // Observers are called soon after the collection: the heap is as it left it, give or take what was allocated since.
  new PerformanceObserver((list) => {
    const major = list.getEntries().filter((entry: PerformanceEntry & { detail?: { kind?: number } }) => entry.detail?.kind === constants.NODE_PERFORMANCE_GC_MAJOR).length;
    if (major === 0) return;
    majorGcs += major;
    heapAfterMajorGcBytes = process.memoryUsage().heapUsed;
  }).observe({ entryTypes: ['gc'] });
  answerRequests({
    ...more,
    listen: (setup: never) => listen(setup),
    usage: (): ServerUsage => {
      const { user, system } = process.cpuUsage();
      const { rss, heapUsed } = process.memoryUsage();
      return { cpuMicros: user + system, rssBytes: rss, heapUsedBytes: heapUsed, heapAfterMajorGcBytes, majorGcs, atMs: performance.now() };
    },
  });
}
