import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { compileMessage } from '@lingui/message-utils/compileMessage';
import react from '@vitejs/plugin-react';
import type { Plugin } from 'vite';
import { defineConfig } from 'vitest/config';

const CLIENT_DIR = resolve(import.meta.dirname, 'client');
const SERVICE_WORKER_FILE = 'sw.js';
/** Tests of the stores themselves, each run on every store. */
const STORE_TESTS = ['clinicStore', 'crewStore', 'sqliteClinicStore', 'postgresStore'].map((name) => `test/integration/${name}.test.ts`);
/** Tests of several nodes, which run on Postgres and Redis whatever the project's store. */
const CLUSTER_NODE_TESTS = ['clusterNodes', 'clinicLeases', 'nodeCalls'].map((name) => `test/integration/${name}.test.ts`);

/**
 * Writes into the built service worker the files of the app's shell (all the build emitted and
 * the public files) and a version that changes whenever any of them does, so a new build installs
 * a new shell and the old one is dropped.
 */
function appShellManifest(): Plugin {
  return {
    name: 'case-clinic-app-shell',
    apply: 'build',
    enforce: 'post',
    generateBundle(_options, bundle) {
      const worker = bundle[SERVICE_WORKER_FILE];
      if (worker?.type !== 'chunk' || !worker.code.includes('self.__APP_SHELL__')) return this.error('The service worker has no place for the app shell.');
      const publicFiles = readdirSync(resolve(CLIENT_DIR, 'public'), { recursive: true, withFileTypes: true })
        .filter((entry) => entry.isFile())
        .map((entry) => resolve(entry.parentPath, entry.name).slice(resolve(CLIENT_DIR, 'public').length + 1));
      const built = Object.keys(bundle).filter((name) => name !== SERVICE_WORKER_FILE && name !== 'index.html' && !name.endsWith('.map'));
      const files = [...built, ...publicFiles].map((name) => `/${name}`).sort();
      const page = bundle['index.html'];
      const version = createHash('sha256')
        .update(files.join('\n'))
        .update(page?.type === 'asset' ? page.source : '')
        .digest('hex')
        .slice(0, 16);
      worker.code = worker.code.replace('self.__APP_SHELL__', JSON.stringify({ version, files }));
    },
  };
}

const CATALOG_PREFIX = 'virtual:messages/';

/**
 * `virtual:messages/de` is client/locales/de.json with each ICU message compiled, so the page
 * carries only the i18n library's small runtime and never its message parser. Each language is
 * its own module, so a dynamic import of it becomes a chunk loaded on demand.
 */
function compiledCatalogs(): Plugin {
  return {
    name: 'case-clinic-catalogs',
    enforce: 'pre',
    resolveId: (id) => (id.startsWith(CATALOG_PREFIX) ? `\0${id}` : null),
    load(id) {
      if (!id.startsWith(`\0${CATALOG_PREFIX}`)) return null;
      const file = resolve(CLIENT_DIR, 'locales', `${id.slice(CATALOG_PREFIX.length + 1)}.json`);
      this.addWatchFile(file);
      const messages = JSON.parse(readFileSync(file, 'utf8')) as Record<string, string>;
      const compiled = Object.fromEntries(Object.entries(messages).map(([key, message]) => [key, compileMessage(message)]));
      return `export default ${JSON.stringify(compiled)};`;
    },
  };
}

/** One config for the client build and the three test levels. */
export default defineConfig({
  root: 'client',
  plugins: [react(), compiledCatalogs(), appShellManifest()],
  build: {
    outDir: '../dist/client',
    emptyOutDir: true,
    rollupOptions: {
      input: { index: resolve(CLIENT_DIR, 'index.html'), serviceWorker: resolve(CLIENT_DIR, 'serviceWorker.ts') },
      // The worker keeps one name: browsers look for updates at the address it was registered with.
      output: { entryFileNames: (chunk) => (chunk.name === 'serviceWorker' ? SERVICE_WORKER_FILE : 'assets/[name]-[hash].js') },
    },
  },
  server: {
    proxy: { '/socket.io': { target: 'http://localhost:3000', ws: true } },
  },
  test: {
    root: '.',
    reporters: ['default', 'json'],
    outputFile: { json: 'test-results/vitest.json' },
    // Projects run in groups, lowest `groupOrder` first. All at once they put five workers on two
    // cores, and the browser and cluster tests, which wait on real time, ran some 2.5 times slower.
    projects: [
      { extends: true, test: { name: 'unit', include: ['test/unit/**/*.test.ts'], sequence: { groupOrder: 0 } } },
      {
        extends: true,
        test: {
          name: 'integration',
          sequence: { groupOrder: 0 },
          include: ['test/integration/**/*.test.ts'],
          globalSetup: ['test/support/postgresSetup.ts', 'test/support/redisSetup.ts'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        extends: true,
        test: {
          // The same suite with every server on Postgres (test/support/testStores.ts). The store
          // tests run on both stores in the project above already, the tests of several nodes on
          // Postgres there too, and release 1's records were only ever in SQLite files.
          name: 'integration-postgres',
          sequence: { groupOrder: 1 },
          include: ['test/integration/**/*.test.ts'],
          exclude: [...STORE_TESTS, ...CLUSTER_NODE_TESTS, 'test/integration/storedRecordsFromV1.test.ts'],
          env: { CASE_CLINIC_TEST_STORE: 'postgres' },
          globalSetup: ['test/support/postgresSetup.ts', 'test/support/redisSetup.ts'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        extends: true,
        test: {
          // Several nodes of the built server on Postgres and Redis behind HAProxy (test/support/localCluster.ts).
          name: 'cluster',
          sequence: { groupOrder: 2 },
          include: ['test/cluster/**/*.test.ts'],
          globalSetup: ['test/support/localCluster.ts'],
          testTimeout: 120_000,
          hookTimeout: 120_000,
          // A cluster is five processes and more on a machine of two cores: one at a time.
          fileParallelism: false,
        },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          sequence: { groupOrder: 3 },
          include: ['test/e2e/**/*.test.ts'],
          globalSetup: ['test/support/chromiumSetup.ts'],
          testTimeout: 120_000,
          hookTimeout: 120_000,
          // A page on a loaded machine can take seconds to show what the server already sent.
          expect: { poll: { timeout: 10_000 } },
          fileParallelism: false,
        },
      },
    ],
  },
});
