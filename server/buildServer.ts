/**
 * Builds the server for plain `node`: `server/main.ts` and the SQLite writer thread's module, each
 * bundled with the packages they load into `dist/server`, with source maps.
 *
 * Why a bundle and not one JavaScript file per TypeScript file: at start, Node 20 resolves, reads
 * and compiles every module one by one, and the server loads about 300 of them (zod alone is 95).
 * That was most of a cold start; one file per entry point, with the modules loaded only in some
 * deployments split off into files of their own, starts about a third sooner.
 *
 *   npm run build:server     (tsx server/buildServer.ts)
 */
import { build } from 'esbuild';
import { rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const PROJECT_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const SERVER_BUILD_DIR = join(PROJECT_ROOT, 'dist/server');

/**
 * Loaded from `node_modules` at run time, not bundled: SQLite's native binding, the optional speed-ups
 * that ws tries to require, and what only a cluster, Postgres, metrics or shared limits load (each
 * imported lazily, so they cost a node that does not use them nothing either way).
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

rmSync(SERVER_BUILD_DIR, { recursive: true, force: true });
await build({
  entryPoints: [join(PROJECT_ROOT, 'server/main.ts'), join(PROJECT_ROOT, 'server/store/sqliteWriter.ts')],
  outdir: SERVER_BUILD_DIR,
  // Every file in one folder: the writer thread is started by its file name, beside the code that starts it.
  entryNames: '[name]',
  chunkNames: '[name]-[hash]',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  sourcemap: true,
  external: LOADED_AT_RUN_TIME,
  // The CommonJS packages in the bundle (express, socket.io, pino...) call require.
  banner: { js: "import { createRequire as createRequireForBundle } from 'node:module'; const require = createRequireForBundle(import.meta.url);" },
  logLevel: 'warning',
});
