/**
 * How the server is bundled for plain `node` (buildServer.ts says why a bundle): the packages
 * loaded from `node_modules` at run time rather than bundled, and the banner the bundled CommonJS
 * packages need. The fan-out benchmark bundles its server processes the same way, so it measures
 * the server as it ships.
 */
import { build, type Plugin } from 'esbuild';
import { rmSync } from 'node:fs';

/**
 * Loaded from `node_modules` at run time, not bundled: SQLite's native binding, the optional speed-ups
 * that ws tries to require, and what only a cluster, Postgres, metrics or shared limits load (each
 * imported lazily, so they cost a node that does not use them nothing either way). A bundle finds
 * them from its own folder, so it must be written inside the project.
 */
const LOADED_AT_RUN_TIME = [
  'better-sqlite3',
  'bufferutil',
  'utf-8-validate',
  'pg',
  'ioredis',
  '@socket.io/redis-adapter',
  'prom-client',
  'rate-limiter-flexible',
];

interface BundleOptions {
  readonly alsoExternal?: readonly string[];
  /** esbuild plugins: the fan-out benchmark's redirects its server's sources to an earlier commit's. */
  readonly plugins?: readonly Plugin[];
}

/** Bundles `entryPoints` into `outdir` (emptied first), each as `<name>.js` beside the chunks they share. */
export async function bundleServer(entryPoints: readonly string[], outdir: string, { alsoExternal = [], plugins = [] }: BundleOptions = {}): Promise<void> {
  rmSync(outdir, { recursive: true, force: true });
  await build({
    entryPoints: [...entryPoints],
    outdir,
    // Every file in one folder: the writer thread is started by its file name, beside the code that starts it.
    entryNames: '[name]',
    chunkNames: '[name]-[hash]',
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    sourcemap: true,
    external: [...LOADED_AT_RUN_TIME, ...alsoExternal],
    plugins: [...plugins],
    // The CommonJS packages in the bundle (express, socket.io, pino...) call require.
    banner: { js: "import { createRequire as createRequireForBundle } from 'node:module'; const require = createRequireForBundle(import.meta.url);" },
    logLevel: 'warning',
  });
}
