/**
 * The server side of a fan-out benchmark process: it starts listening when asked and reports its
 * own CPU time, resident memory and JavaScript heap from inside, so the figures are the server's alone.
 */
import { answerRequests } from './pinnedProcess.ts';

export interface ServerUsage {
  /** User plus system CPU time of the whole process, every thread included. */
  readonly cpuMicros: number;
  readonly rssBytes: number;
  /** Live JavaScript objects: RSS that grows while this stays flat points away from the app's own objects. */
  readonly heapUsedBytes: number;
  /** This process's clock, to divide CPU time by. */
  readonly atMs: number;
}

/**
 * `listen` gets what the benchmark sends with the request (the bare server's state to fan out);
 * `more` answers requests of a benchmark's own (say, how many saves the store was asked for).
 */
export function serveBenchmark<Setup>(listen: (setup: Setup) => Promise<number>, more: Record<string, () => unknown> = {}): void {
  answerRequests({
    ...more,
    listen: (setup: never) => listen(setup),
    usage: (): ServerUsage => {
      const { user, system } = process.cpuUsage();
      const { rss, heapUsed } = process.memoryUsage();
      return { cpuMicros: user + system, rssBytes: rss, heapUsedBytes: heapUsed, atMs: performance.now() };
    },
  });
}
