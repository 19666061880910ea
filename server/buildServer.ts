/**
 * Builds the server for plain `node`: `server/main.ts` and the SQLite writer thread's module, each
 * bundled with the packages they load into `dist/server`, with source maps (serverBundle.ts).
 *
 * Why a bundle and not one JavaScript file per TypeScript file: at start, Node 20 resolves, reads
 * and compiles every module one by one, and the server loads about 300 of them (zod alone is 95).
 * That was most of a cold start; one file per entry point, with the modules loaded only in some
 * deployments split off into files of their own, starts about a third sooner.
 *
 *   npm run build:server     (tsx server/buildServer.ts)
 */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundleServer } from './serverBundle.ts';

const PROJECT_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

await bundleServer([join(PROJECT_ROOT, 'server/main.ts'), join(PROJECT_ROOT, 'server/store/sqliteWriter.ts')], join(PROJECT_ROOT, 'dist/server'));
