/** The fan-out benchmark's `--perf`: a function perf names by its place in the bundle is put back in its source file. */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sourcesOfBundles } from '../bench/perfRecording.ts';

let dir: string;
let bundle: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'perf-sources-'));
  writeFileSync(join(dir, 'first.ts'), 'export function first(n: number): number {\n  return n + 1;\n}\n');
  writeFileSync(join(dir, 'second.ts'), "import { first } from './first.ts';\nexport function second(n: number): number {\n  return first(n) * 2;\n}\n");
  bundle = join(dir, 'out', 'bundle.js');
  // On one line, so a line or a column off by one lands in the other function, or nowhere.
  await build({ entryPoints: [join(dir, 'second.ts')], bundle: true, format: 'esm', sourcemap: true, minifyWhitespace: true, outfile: bundle, logLevel: 'silent' });
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Where a function starts in the bundle, 1-based, as `--perf-basic-prof` names it. */
function placeOf(name: string): { line: number; column: number } {
  const lines = readFileSync(bundle, 'utf8').split('\n');
  const line = lines.findIndex((text) => text.includes(`function ${name}(`));
  return { line: line + 1, column: lines[line]!.indexOf(`function ${name}(`) + 1 };
}

describe('a place in a bundled file', () => {
  it('is put back in the source file each function came from', () => {
    const sourceOf = sourcesOfBundles();
    for (const name of ['first', 'second']) {
      const { line, column } = placeOf(name);
      expect(sourceOf(pathToFileURL(bundle).href, line, column)).toMatch(new RegExp(`perf-sources-[^/]+/${name}\\.ts$`));
    }
  });

  it('is its own source in a file without a source map, and unknown outside files', () => {
    rmSync(`${bundle}.map`);
    const { line, column } = placeOf('first');
    expect(sourcesOfBundles()(pathToFileURL(bundle).href, line, column)).toMatch(/perf-sources-[^/]+\/out\/bundle\.js$/);
    expect(sourcesOfBundles()('node:internal/timers', 1, 1)).toBeNull();
  });
});
