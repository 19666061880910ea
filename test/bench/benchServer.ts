/**
 * The server side of a fan-out benchmark process: it starts listening when asked and reports its
 * own CPU time, resident memory and JavaScript heap from inside, so the figures are the server's
 * alone; and how its event loop fared since it last reported, so a late receipt can be told apart:
 * the loop held up (by garbage collection or by work) or the server waiting (on the disk, say).
 */
import { constants, monitorEventLoopDelay, PerformanceObserver } from 'node:perf_hooks';
import { answerRequests } from './pinnedProcess.ts';
import { lateBeyondSampling, LOOP_DELAY_RESOLUTION_MS } from './stats.ts';

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
  /** Since the previous report: how late the event loop's timers ran at p99 and at worst, beyond the sampling interval. */
  readonly loopDelayP99Ms: number;
  readonly loopDelayMaxMs: number;
  /** Since the previous report: the main thread's garbage collection pauses, all added up, and the longest. */
  readonly gcPauseMs: number;
  readonly longestGcPauseMs: number;
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
  let gcPauseMs = 0;
  let longestGcPauseMs = 0;
  // Observers are called soon after the collection: the heap is as it left it, give or take what was allocated since.
  new PerformanceObserver((list) => {
    const entries = list.getEntries();
    for (const { duration } of entries) {
      gcPauseMs += duration;
      longestGcPauseMs = Math.max(longestGcPauseMs, duration);
    }
    const major = entries.filter((entry: PerformanceEntry & { detail?: { kind?: number } }) => entry.detail?.kind === constants.NODE_PERFORMANCE_GC_MAJOR).length;
    if (major === 0) return;
    majorGcs += major;
    heapAfterMajorGcBytes = process.memoryUsage().heapUsed;
  }).observe({ entryTypes: ['gc'] });
  const loopDelay = monitorEventLoopDelay({ resolution: LOOP_DELAY_RESOLUTION_MS });
  loopDelay.enable();
  const lateMs = (nanoseconds: number) => Math.round(lateBeyondSampling(nanoseconds) * 10) / 10;
  answerRequests({
    ...more,
    listen: (setup: never) => listen(setup),
    usage: (): ServerUsage => {
      const { user, system } = process.cpuUsage();
      const { rss, heapUsed } = process.memoryUsage();
      const sincePrevious = {
        loopDelayP99Ms: lateMs(loopDelay.percentile(99)),
        loopDelayMaxMs: lateMs(loopDelay.max),
        gcPauseMs: Math.round(gcPauseMs),
        longestGcPauseMs: Math.round(longestGcPauseMs * 10) / 10,
      };
      loopDelay.reset();
      gcPauseMs = 0;
      longestGcPauseMs = 0;
      return { cpuMicros: user + system, rssBytes: rss, heapUsedBytes: heapUsed, heapAfterMajorGcBytes, majorGcs, atMs: performance.now(), ...sincePrevious };
    },
  });
}
