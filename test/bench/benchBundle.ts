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
 *
 * A baseline's app (`--baseline`) is this tree's benchmark server bundled with an earlier commit's
 * server and shared sources (baselineTree.ts), into `dist/bench-<pid>-baseline`.
 */
import type { Plugin } from 'esbuild';
import { rmSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { bundleServer } from '../../server/serverBundle.ts';
import { PROJECT_ROOT } from '../support/servers.ts';

/** The test support the app server takes its data directory from reads the test runner's API; it is never bundled. */
const TEST_RUNNER = ['vitest'];
const SOURCES = ['server', 'shared'];

export type BenchServer = 'fanoutAppServer' | 'fanoutBareServer';

const bundles = new Map<string, Promise<string>>();

/** Imports of this tree's server and shared sources, taken from `sourceRoot`'s instead. */
function sourcesFrom(sourceRoot: string): Plugin {
  return {
    name: 'sources-from-baseline',
    setup(build) {
      build.onResolve({ filter: /^\.\.?\// }, ({ path, resolveDir }) => {
        const inThisTree = relative(PROJECT_ROOT, resolve(resolveDir, path));
        return SOURCES.some((folder) => inThisTree.startsWith(folder + sep)) ? { path: join(sourceRoot, inThisTree) } : undefined;
      });
    },
  };
}

function bundleFrom(sourceRoot: string): Promise<string> {
  const isThisTree = sourceRoot === PROJECT_ROOT;
  const dir = join(PROJECT_ROOT, 'dist', `bench-${process.pid}${isThisTree ? '' : '-baseline'}`);
  process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
  const entries = [join(PROJECT_ROOT, 'test/bench/fanoutAppServer.ts'), join(PROJECT_ROOT, 'test/bench/fanoutBareServer.ts'), join(sourceRoot, 'server/store/sqliteWriter.ts')];
  const plugins = isThisTree ? [] : [sourcesFrom(sourceRoot)];
  return bundleServer(entries, dir, { alsoExternal: TEST_RUNNER, plugins }).then(() => dir);
}

/** The built file of a benchmark server, its app on the sources at `sourceRoot`; bundled on the first call of a run for each. */
export async function builtBenchServer(server: BenchServer, sourceRoot = PROJECT_ROOT): Promise<string> {
  let bundled = bundles.get(sourceRoot);
  if (!bundled) bundles.set(sourceRoot, (bundled = bundleFrom(sourceRoot)));
  return join(await bundled, `${server}.js`);
}
