/**
 * The server side of a fan-out benchmark process: it starts listening when asked and reports its
 * own CPU time, resident memory and JavaScript heap from inside, so the figures are the server's
 * alone; and how its event loop fared since it last reported, so a late receipt can be told apart:
 * the loop held up (by garbage collection or by work) or the server waiting (on the disk, say).
 */
import { readFileSync } from 'node:fs';
import { constants, monitorEventLoopDelay, PerformanceObserver } from 'node:perf_hooks';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { answerRequests } from './pinnedProcess.ts';
import { lateBeyondSampling, LOOP_DELAY_RESOLUTION_MS } from './stats.ts';

export interface ServerUsage {
  /** User plus system CPU time of the whole process, every thread included. */
  readonly cpuMicros: number;
  /**
   * The same of the event loop's thread alone, to 10 ms; null where Linux's /proc is not there.
   * The rest is the process's other threads: the SQLite writer's, V8's collector helpers.
   */
  readonly eventLoopCpuMicros: number | null;
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

/** Linux counts a thread's CPU time in ticks of 1/100 s (USER_HZ, 100 wherever Node runs). */
const MICROS_PER_TICK = 10_000;

/** User plus system time of this process's main thread, whose task id is the process id. */
export function eventLoopCpuMicros(): number | null {
  let stat: string;
  try {
    stat = readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8');
  } catch {
    return null;
  }
  // After the command name, which may hold spaces, in parentheses: utime and stime are fields 14 and 15.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) * MICROS_PER_TICK;
}

let fullCollection: (() => void) | undefined;

/**
 * The heap after a full garbage collection forced now: what the program keeps alive, with none of
 * the garbage that resident memory and heap used count until a collection happens to run. The
 * flag set at run time reaches only contexts made after it (nodejs/node#16595), so V8's `gc` is
 * taken from a new one: the server starts with the same flags as ever.
 */
export function keptHeapBytes(): number {
  if (!fullCollection) {
    setFlagsFromString('--expose-gc');
    fullCollection = runInNewContext('gc') as () => void;
  }
  fullCollection();
  return process.memoryUsage().heapUsed;
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
    keptHeap: keptHeapBytes,
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
      return { cpuMicros: user + system, eventLoopCpuMicros: eventLoopCpuMicros(), rssBytes: rss, heapUsedBytes: heapUsed, heapAfterMajorGcBytes, majorGcs, atMs: performance.now(), ...sincePrevious };
    },
  });
}
