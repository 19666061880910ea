/**
 * Benchmark: how long the built server takes from its process being spawned to answering /readyz
 * with 200, next to a bare server in the same run: plain node with an HTTP server and Socket.IO
 * attached, answering /readyz and nothing else, the least that any Socket.IO server pays to start.
 *
 * The two take turns, `--runs` times each (default 20), each on a fresh data directory (the app
 * creates its SQLite file) and a free port, polled every 2 ms as a balancer's check would be,
 * then killed. Per target: the time to the first 200 (median, p90, fastest) and the CPU time up
 * to then (user and system, from /proc; it moves less than wall time when the machine is busy), of
 * the whole process and of its main thread alone (the path to ready: the app's SQLite writer thread
 * and V8's helpers run beside it), with the machine's load average before and after.
 *
 *   npm run build && npm run bench:coldstart [-- --runs 20]
 *
 * Prints a table, then one JSON object as the last line.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { request } from 'node:http';
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { BUILT_SERVER_ARGS, BUILT_SERVER_ENTRY, freePort, makeDataDir, PROJECT_ROOT } from '../support/servers.ts';
import { cpuMsOf } from './processTree.ts';
import { percentile } from './stats.ts';

const POLL_MS = 2;
/** A start that takes longer has failed. */
const START_LIMIT_MS = 10_000;

const BARE_SERVER = `
import { createServer } from 'node:http';
import { Server } from 'socket.io';
const server = createServer((request, response) => response.end('{"ready":true}'));
new Server(server, { serveClient: false });
server.listen(Number(process.env.PORT), process.env.HOST);
`;

type Target = 'app' | 'bare';
const COMMANDS: Record<Target, string[]> = {
  app: [...BUILT_SERVER_ARGS],
  bare: ['--input-type=module', '--eval', BARE_SERVER],
};

interface Start {
  readonly ms: number;
  /** User plus system CPU time until it answered, all threads and the main thread's, or null where /proc cannot tell. */
  readonly cpuMs: number | null;
  readonly mainThreadCpuMs: number | null;
}

function answersReady(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = request({ host: '127.0.0.1', port, path: '/readyz', agent: false }, (response) => {
      response.resume();
      resolve(response.statusCode === 200);
    });
    probe.once('error', () => resolve(false));
    probe.end();
  });
}

async function startOnce(target: Target): Promise<Start> {
  const { dataDir, remove } = makeDataDir();
  const port = await freePort();
  const spawnedAt = performance.now();
  const child = spawn(process.execPath, COMMANDS[target], {
    cwd: PROJECT_ROOT,
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir },
    stdio: 'ignore',
  });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  try {
    while (!(await answersReady(port))) {
      if (child.exitCode !== null) throw new Error(`${target} exited with ${child.exitCode} before it was ready`);
      if (performance.now() - spawnedAt > START_LIMIT_MS) throw new Error(`${target} was not ready within ${START_LIMIT_MS} ms`);
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
    const ms = performance.now() - spawnedAt;
    // The main thread's id is the process's.
    return { ms, cpuMs: cpuMsOf(`/proc/${child.pid}/stat`), mainThreadCpuMs: cpuMsOf(`/proc/${child.pid}/task/${child.pid}/stat`) };
  } finally {
    child.kill('SIGKILL');
    await exited;
    remove();
  }
}

const round = (value: number) => Math.round(value);

function medianOf(values: ReadonlyArray<number | null>): number | null {
  const known = values.filter((value) => value !== null);
  return known.length > 0 ? round(percentile(known, 50)) : null;
}

function summary(starts: readonly Start[]) {
  const ms = starts.map((start) => start.ms);
  return {
    medianMs: round(percentile(ms, 50)),
    p90Ms: round(percentile(ms, 90)),
    fastestMs: round(Math.min(...ms)),
    medianCpuMs: medianOf(starts.map((start) => start.cpuMs)),
    medianMainThreadCpuMs: medianOf(starts.map((start) => start.mainThreadCpuMs)),
  };
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { runs: { type: 'string', default: '20' } } });
  const runs = Number(values.runs);
  if (!(Number.isInteger(runs) && runs > 0)) throw new Error(`--runs must be a whole number above 0, not ${values.runs}`);
  if (!existsSync(BUILT_SERVER_ENTRY)) throw new Error(`No built server at ${BUILT_SERVER_ENTRY}: run \`npm run build\` first.`);
  const loadAverageBefore = loadavg()[0]!;
  const starts: Record<Target, Start[]> = { app: [], bare: [] };
  for (let run = 0; run < runs; run += 1) {
    // Taking turns, the first in turn alternating, so a busy spell of the machine falls on both.
    for (const target of run % 2 === 0 ? (['app', 'bare'] as const) : (['bare', 'app'] as const)) starts[target].push(await startOnce(target));
  }
  const app = summary(starts.app);
  const bare = summary(starts.bare);
  const loadAverage = { before: Math.round(loadAverageBefore * 100) / 100, after: Math.round(loadavg()[0]! * 100) / 100 };
  const row = (label: string, a: number | null, b: number | null) => `${label.padEnd(36)}${String(a ?? '-').padStart(8)}${String(b ?? '-').padStart(8)}`;
  console.log(
    [
      `Spawned to /readyz 200, ${runs} starts each, taking turns`,
      `${''.padEnd(36)}${'app'.padStart(8)}${'bare'.padStart(8)}`,
      row('median (ms)', app.medianMs, bare.medianMs),
      row('p90 (ms)', app.p90Ms, bare.p90Ms),
      row('fastest (ms)', app.fastestMs, bare.fastestMs),
      row('CPU time until ready, median (ms)', app.medianCpuMs, bare.medianCpuMs),
      row('  of the main thread (ms)', app.medianMainThreadCpuMs, bare.medianMainThreadCpuMs),
      `app / bare, medians: ${(app.medianMs / bare.medianMs).toFixed(2)}; machine load average ${loadAverage.before} before, ${loadAverage.after} after`,
    ].join('\n'),
  );
  console.log(JSON.stringify({ bench: 'coldstart', runs, app, bare, ratio: Math.round((app.medianMs / bare.medianMs) * 100) / 100, loadAverage }));
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error('cold-start benchmark failed:', error);
    process.exit(1);
  },
);
