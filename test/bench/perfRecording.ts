/**
 * Linux `perf` sampling a benchmark server while it runs, for where its CPU went (perfCategories.ts).
 * perf is used rather than V8's own profiler: V8 samples from a thread of the process, which on
 * the server's one pinned core waits its turn behind the event loop, and in a run at 10,000
 * devices it saw a third of bare's busy time; the kernel's timer sees every thread. The server
 * runs with `--perf-basic-prof`, so its JavaScript has names (in /tmp/perf-<pid>.map), and
 * each name's bundled file and position are taken back to the source through the bundle's source map.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { SourceMap } from 'node:module';
import { tmpdir } from 'node:os';
import { isAbsolute, join, relative } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import { newestNames } from './perfMap.ts';
import { cpuByCategory, javaScriptCategory, parsePerfScript, ranCategory, type CpuByCategory, type SourceOf } from './perfCategories.ts';
import { CAN_PIN } from './pinnedProcess.ts';

/** Samples a second, per thread: odd, so as not to beat with timers that fire on round milliseconds. */
const PERF_FREQUENCY_HZ = 999;
/**
 * The node flags that name JavaScript for perf: compiled functions, and (each with a frame of its
 * own on the native stack) those the interpreter runs, which would otherwise count as its builtins'.
 */
export const PERF_NODE_FLAGS = ['--perf-basic-prof', '--interpreted-frames-native-stack'] as const;
/** perf takes a moment to attach to a running process; the load waits for it, so no command goes unsampled. */
const ATTACH_MS = 500;

/** Why perf cannot sample here, in words; null when it can. */
export function perfUnavailable(): string | null {
  const dir = mkdtempSync(join(tmpdir(), 'perf-check-'));
  try {
    const trial = spawnSync('perf', ['record', '-q', '-F', String(PERF_FREQUENCY_HZ), '-o', join(dir, 'check.data'), '--', 'true'], { encoding: 'utf8' });
    if (trial.error) return 'perf is not installed (Debian: apt-get install linux-perf)';
    if (trial.status !== 0) return `perf cannot sample here: ${trial.stderr.trim().split('\n')[0]} (see /proc/sys/kernel/perf_event_paranoid)`;
    // Past 1, perf leaves the kernel out for anyone but root, without a word: the system time would be missing.
    const paranoid = Number(readFileSync('/proc/sys/kernel/perf_event_paranoid', 'utf8'));
    if (paranoid > 1 && process.getuid?.() !== 0) return `perf would leave the kernel out here (kernel.perf_event_paranoid is ${paranoid}): run as root, or set it to 1`;
    return null;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * The source of a position in a file of JavaScript (1-based, as perf names it), by the file's
 * source map (read once), as a path from `root` (the tree the server was built from) or, outside
 * it, from this checkout; a file without a map is its own source.
 */
export function sourcesOfBundles(root: string): SourceOf {
  const maps = new Map<string, SourceMap | null>();
  const named = (path: string) => {
    const fromRoot = relative(root, path);
    return fromRoot.startsWith('..') || isAbsolute(fromRoot) ? path : fromRoot;
  };
  return (place, line, column) => {
    const file = place.startsWith('file://') ? fileURLToPath(place) : place.startsWith('/') ? place : null;
    if (file === null) return null;
    if (!maps.has(file)) maps.set(file, existsSync(`${file}.map`) ? new SourceMap(JSON.parse(readFileSync(`${file}.map`, 'utf8'))) : null);
    const map = maps.get(file);
    if (!map) return named(file);
    // perf names 1-based lines and columns; the source map counts from 0.
    const entry = map.findEntry(line - 1, column - 1);
    if (!('originalSource' in entry)) return null;
    return named(entry.originalSource.startsWith('file://') ? fileURLToPath(entry.originalSource) : join(file, '..', entry.originalSource));
  };
}

/** A process's CPU by category, per command: by what ran, and by the JavaScript it ran for. */
export interface PerfBreakdown {
  readonly ran: CpuByCategory;
  readonly forJavaScript: CpuByCategory;
}

export interface PerfRecording {
  /** Stops sampling and gives the process's CPU, per command of the `commands` it handled meanwhile; null for none. */
  finish(commands: number): Promise<PerfBreakdown | null>;
  /** Stops sampling and keeps nothing (the run failed). */
  abandon(): Promise<void>;
}

/**
 * Samples every thread of process `pid` (its sources under `root`) and resolves once perf is
 * attached; perf runs on `core` (the load generator's), not the server's.
 */
export async function recordPerf(pid: number, core: number, root: string): Promise<PerfRecording> {
  const dir = mkdtempSync(join(tmpdir(), 'perf-'));
  const data = join(dir, 'perf.data');
  // Where V8 writes the names, whatever TMPDIR says.
  const names = `/tmp/perf-${pid}.map`;
  const removeFiles = () => {
    rmSync(dir, { recursive: true, force: true });
    rmSync(names, { force: true });
  };
  // With call chains (-g: V8's code keeps frame pointers), for the JavaScript each sample ran for.
  const perf = ['perf', 'record', '-q', '-g', '-F', String(PERF_FREQUENCY_HZ), '-p', String(pid), '-o', data];
  const [command, ...args] = CAN_PIN ? ['taskset', '-c', String(core), ...perf] : perf;
  const recorder = spawn(command!, args, { stdio: ['ignore', 'ignore', 'inherit'] });
  let stopping = false;
  const exited = new Promise<string | null>((resolve) => {
    recorder.once('error', (error) => resolve(`perf could not start: ${error.message}`));
    // Stopped by us, perf exits 0 (or by the signal); anything else, or earlier, and its samples are short.
    recorder.once('exit', (code, signal) => resolve(stopping && (code === 0 || signal === 'SIGINT') ? null : `perf stopped by itself (${signal ?? `exit code ${code}`})`));
  });
  const stop = async () => {
    stopping = true;
    recorder.kill('SIGINT');
    return exited;
  };
  const early = await Promise.race([exited, sleep(ATTACH_MS, 'attached' as const)]);
  if (early !== 'attached') {
    removeFiles();
    throw new Error(early ?? 'perf stopped before it attached');
  }
  return {
    async finish(commands) {
      try {
        const failure = await stop();
        if (failure !== null) throw new Error(failure);
        if (commands === 0) return null;
        // The process goes on writing to the names file it opened, so the cleaned names replace it as a new file.
        writeFileSync(`${names}.newest`, newestNames(readFileSync(names, 'utf8')));
        renameSync(`${names}.newest`, names);
        const samples = parsePerfScript(await perfScriptLines(data));
        const options = { frequencyHz: PERF_FREQUENCY_HZ, commands, sourceOf: sourcesOfBundles(root) };
        return { ran: cpuByCategory(samples, pid, ranCategory, options), forJavaScript: cpuByCategory(samples, pid, javaScriptCategory, options) };
      } finally {
        removeFiles();
      }
    },
    async abandon() {
      await stop();
      removeFiles();
    },
  };
}

/** `perf script`'s lines, read as they come: a long run's output is larger than a string may be. */
async function perfScriptLines(data: string): Promise<string[]> {
  const script = spawn('perf', ['script', '-i', data, '-F', 'tid,ip,sym,dso'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let errors = '';
  script.stderr.setEncoding('utf8').on('data', (chunk: string) => (errors += chunk));
  const ended = new Promise<number | null>((resolve) => script.once('close', resolve));
  const lines: string[] = [];
  for await (const line of createInterface({ input: script.stdout, crlfDelay: Infinity })) lines.push(line);
  const code = await ended;
  if (code !== 0) throw new Error(`perf script failed: ${errors.trim()}`);
  return lines;
}
