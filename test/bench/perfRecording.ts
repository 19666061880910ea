/**
 * Linux `perf` sampling a benchmark server while it runs, for where its CPU went (perfCategories.ts).
 * perf is used rather than V8's own profiler: V8 samples from a thread of the process, which on
 * the server's one pinned core waits its turn behind the event loop, and in a run at 10,000
 * devices it saw a third of bare's busy time; the kernel's timer sees every thread. The server
 * runs with `--perf-basic-prof`, so its compiled JavaScript has names (in /tmp/perf-<pid>.map), and
 * each name's bundled file and position are taken back to the source through the bundle's source map.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { SourceMap } from 'node:module';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PROJECT_ROOT } from '../support/servers.ts';
import { newestNames } from './perfMap.ts';
import { cpuByCategory, javaScriptCategory, parsePerfScript, ranCategory, type CpuByCategory, type SourceOf } from './perfCategories.ts';
import { CAN_PIN } from './pinnedProcess.ts';

/** Samples a second, per thread: odd, so as not to beat with timers that fire on round milliseconds. */
export const PERF_FREQUENCY_HZ = 999;
/** The node flag that names compiled JavaScript for perf. */
export const PERF_NODE_FLAG = '--perf-basic-prof';

/** Why perf cannot sample here, in words; null when it can. */
export function perfUnavailable(): string | null {
  const dir = mkdtempSync(join(tmpdir(), 'perf-check-'));
  try {
    const trial = spawnSync('perf', ['record', '-q', '-F', String(PERF_FREQUENCY_HZ), '-o', join(dir, 'check.data'), '--', 'true'], { encoding: 'utf8' });
    if (trial.error) return 'perf is not installed (Debian: apt-get install linux-perf)';
    if (trial.status !== 0) return `perf cannot sample here: ${trial.stderr.trim().split('\n')[0]} (see /proc/sys/kernel/perf_event_paranoid)`;
    return null;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * The source of a position in a bundled file (1-based, as perf names it), as a path from the project's
 * root, by the bundle's source map (read once); a file without one is its own source.
 */
export function sourcesOfBundles(): SourceOf {
  const maps = new Map<string, SourceMap | null>();
  return (url, line, column) => {
    if (!url.startsWith('file://')) return null;
    const file = fileURLToPath(url);
    if (!maps.has(file)) maps.set(file, existsSync(`${file}.map`) ? new SourceMap(JSON.parse(readFileSync(`${file}.map`, 'utf8'))) : null);
    const map = maps.get(file);
    if (!map) return relative(PROJECT_ROOT, file);
    // perf names 1-based lines and columns; the source map counts from 0.
    const entry = map.findEntry(line - 1, column - 1);
    if (!('originalSource' in entry)) return null;
    const original = entry.originalSource.startsWith('file://') ? fileURLToPath(entry.originalSource) : join(file, '..', entry.originalSource);
    return relative(PROJECT_ROOT, original);
  };
}

/** A process's CPU by category, per command: by what ran, and by the JavaScript it ran for. */
export interface PerfBreakdown {
  readonly ran: CpuByCategory;
  readonly forJavaScript: CpuByCategory;
}

export interface PerfRecording {
  /** Stops sampling and gives the process's CPU, per command of the `commands` it handled meanwhile. */
  finish(commands: number): Promise<PerfBreakdown>;
}

/** Samples every thread of process `pid` until finished; perf runs on `core` (the load generator's), not the server's. */
export function recordPerf(pid: number, core: number): PerfRecording {
  const dir = mkdtempSync(join(tmpdir(), 'perf-'));
  const data = join(dir, 'perf.data');
  // With call chains (-g: V8's code keeps frame pointers), for the JavaScript each sample ran for.
  const perf = ['perf', 'record', '-q', '-g', '-F', String(PERF_FREQUENCY_HZ), '-p', String(pid), '-o', data];
  const [command, ...args] = CAN_PIN ? ['taskset', '-c', String(core), ...perf] : perf;
  const recorder = spawn(command!, args, { stdio: ['ignore', 'ignore', 'inherit'] });
  const exited = new Promise<void>((resolve) => recorder.once('exit', () => resolve()));
  return {
    async finish(commands) {
      recorder.kill('SIGINT');
      await exited;
      // Where V8 writes the names, whatever TMPDIR says; the process goes on writing to the file it
      // opened, so the cleaned names replace it as a new file.
      const names = `/tmp/perf-${pid}.map`;
      try {
        writeFileSync(`${names}.newest`, newestNames(readFileSync(names, 'utf8')));
        renameSync(`${names}.newest`, names);
        const script = spawnSync('perf', ['script', '-i', data, '-F', 'tid,ip,sym,dso'], { encoding: 'utf8', maxBuffer: 1 << 30 });
        if (script.status !== 0) throw new Error(`perf script failed: ${script.stderr.trim()}`);
        const samples = parsePerfScript(script.stdout);
        const options = { frequencyHz: PERF_FREQUENCY_HZ, commands, sourceOf: sourcesOfBundles() };
        return { ran: cpuByCategory(samples, pid, ranCategory, options), forJavaScript: cpuByCategory(samples, pid, javaScriptCategory, options) };
      } finally {
        rmSync(dir, { recursive: true, force: true });
        rmSync(names, { force: true });
      }
    },
  };
}
