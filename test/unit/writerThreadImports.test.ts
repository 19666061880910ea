/**
 * The SQLite writer thread starts beside the event loop and holds nothing but the connection: the
 * modules it loads (following value imports, not `import type`) take in no schema library, so
 * starting it costs neither the zod modules nor their memory a second time.
 */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const WRITER = resolve(dirname(fileURLToPath(import.meta.url)), '../../server/store/sqliteWriter.ts');

/** The specifiers a module imports for their values: `import type` and `export type` lines are left out. */
function valueImportsOf(source: string): string[] {
  const statements = source.match(/^(?:import|export)\s(?!type\s)[^;]*?from\s+'[^']+'|^import\s+'[^']+'/gm) ?? [];
  return statements.map((statement) => /'([^']+)'$/.exec(statement)![1]!);
}

/** Every package a module loads, through the modules of this repository it loads. */
function packagesLoadedFrom(entry: string): Set<string> {
  const packages = new Set<string>();
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const specifier of valueImportsOf(readFileSync(file, 'utf8'))) {
      if (specifier.startsWith('.')) visit(resolve(dirname(file), specifier));
      else packages.add(specifier);
    }
  };
  visit(entry);
  return packages;
}

describe('the SQLite writer thread', () => {
  it('loads SQLite and Node only, no schema library', () => {
    const loaded = [...packagesLoadedFrom(WRITER)].filter((name) => !name.startsWith('node:'));
    expect(loaded).toEqual(['better-sqlite3']);
  });

  it('is told apart from a module that does load zod', () => {
    expect(packagesLoadedFrom(resolve(dirname(WRITER), 'storedRecords.ts'))).toContain('zod');
  });
});
