/**
 * The fan-out benchmark's server processes, the app's and the bare one, bundled as the server ships
 * (server/serverBundle.ts) and run with plain node rather than through tsx. tsx keeps every
 * function's name, which gives each closure made at run time a property of its own (about half a
 * kilobyte a connection in the app, in a heap snapshot at 3,000 devices), and it runs the SQLite
 * writer thread through its loader: neither is in what ships.
 *
 * Built once a run into a folder of its own (`dist/bench-<pid>`, so runs side by side do not
 * overwrite each other's), removed at exit. It is two folders down, as `test/support` is, so what
 * a module works out from its own folder (the project root, the built client) still lands in the
 * project, and the packages left out of the bundle are found in its `node_modules`.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { bundleServer } from '../../server/serverBundle.ts';
import { PROJECT_ROOT } from '../support/servers.ts';

const BENCH_BUILD_DIR = join(PROJECT_ROOT, 'dist', `bench-${process.pid}`);
/** The test support the app server takes its data directory from reads the test runner's API; it is never bundled. */
const TEST_RUNNER = ['vitest'];

export type BenchServer = 'fanoutAppServer' | 'fanoutBareServer';

let bundled: Promise<void> | null = null;

/** The built file of a benchmark server, bundled on the first call of a run. */
export async function builtBenchServer(server: BenchServer): Promise<string> {
  if (!bundled) {
    process.once('exit', () => rmSync(BENCH_BUILD_DIR, { recursive: true, force: true }));
    const entries = ['test/bench/fanoutAppServer.ts', 'test/bench/fanoutBareServer.ts', 'server/store/sqliteWriter.ts'];
    bundled = bundleServer(entries.map((path) => join(PROJECT_ROOT, path)), BENCH_BUILD_DIR, { alsoExternal: TEST_RUNNER });
  }
  await bundled;
  return join(BENCH_BUILD_DIR, `${server}.js`);
}
