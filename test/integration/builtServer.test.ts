/**
 * The built server, started as `npm start` starts it: plain node, no TypeScript loader, and only
 * the packages a production install (`npm ci --omit=dev`) brings. `npm test` builds it first.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createClinicAt, TestParticipant } from '../support/participant.ts';
import { BUILT_SERVER_ENTRY, freePort, makeDataDir, PROJECT_ROOT, START_NODE_FLAGS, startServerProcess } from '../support/servers.ts';

const BUILT_SERVER_DIR = join(PROJECT_ROOT, 'dist/server');

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

beforeAll(() => {
  if (!existsSync(BUILT_SERVER_ENTRY)) throw new Error(`No built server at ${BUILT_SERVER_ENTRY}: run \`npm run build\` first (\`npm test\` does).`);
});

/**
 * Packages that bundled code requires only inside a `try`, using them when they are installed: ws's
 * optional speed-ups and debug's colours.
 */
const OPTIONAL_PACKAGES = ['bufferutil', 'utf-8-validate', 'supports-color'];

const isBuiltIn = (specifier: string) => specifier.startsWith('node:') || builtinModules.includes(specifier.split('/')[0]!);

/** The packages the built server imports or requires, by name (Node's built-ins and its own files left out). */
function packagesImportedBy(folder: string): Set<string> {
  const imported = new Set<string>();
  const files = readdirSync(folder, { recursive: true, encoding: 'utf8' }).filter((file) => file.endsWith('.js'));
  for (const file of files) {
    const source = readFileSync(join(folder, file), 'utf8');
    // The bundler writes a bundled CommonJS module's require as __require, and renames a module's own require (require2).
    for (const [, fromClause, called] of source.matchAll(/(?:^|\n)\s*(?:import|export)\b[^'"]*?\bfrom\s*['"]([^'"]+)['"]|(?:\b|__)(?:import|require\d*)\(\s*['"]([^'"]+)['"]\s*\)/g)) {
      const specifier = fromClause ?? called;
      if (!specifier || specifier.startsWith('.') || isBuiltIn(specifier)) continue;
      const [scopeOrName, name] = specifier.split('/');
      imported.add(scopeOrName!.startsWith('@') ? `${scopeOrName}/${name}` : scopeOrName!);
    }
  }
  return imported;
}

describe('the built server', () => {
  it('starts with plain node, reports healthy and ready, and runs a clinic', async () => {
    const { dataDir, remove } = makeDataDir();
    cleanups.push(remove);
    const spawnedAt = performance.now();
    const server = await startServerProcess({ dataDir, port: await freePort(), built: true });
    const coldStartMs = performance.now() - spawnedAt;
    cleanups.push(() => server.stop('SIGKILL'));
    console.log(`built server: listening ${coldStartMs.toFixed(0)} ms after the process was spawned`);
    expect(server.child.spawnargs.slice(1)).toEqual([...START_NODE_FLAGS, BUILT_SERVER_ENTRY]);

    const health = await fetch(`${server.url}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ ok: true });
    const readiness = await fetch(`${server.url}/readyz`);
    expect(readiness.status).toBe(200);
    expect(await readiness.json()).toEqual({ ready: true });

    const { clinicId, facilitatorKey } = await createClinicAt(server.url);
    const fran = await TestParticipant.join(server.url, clinicId, 'Fran', facilitatorKey);
    cleanups.push(() => fran.close());
    const state = await fran.waitFor((shown) => shown.participants.some((person) => person.id === fran.id && person.online), 'herself online');
    expect(state.clinicId).toBe(clinicId);
    expect(fran.me?.isFacilitator).toBe(true);
  });

  it('imports or requires, at run time, only packages a production install brings', () => {
    const { dependencies } = JSON.parse(readFileSync(join(PROJECT_ROOT, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
    const imported = packagesImportedBy(BUILT_SERVER_DIR);
    // SQLite's native binding cannot be bundled: the scan finds it, or it finds nothing.
    expect([...imported]).toContain('better-sqlite3');
    expect([...imported].filter((name) => !Object.hasOwn(dependencies, name) && !OPTIONAL_PACKAGES.includes(name))).toEqual([]);
    expect(Object.keys(dependencies)).not.toContain('tsx');
  });
});
