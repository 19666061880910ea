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

/** Where some text starts in the bundle, 1-based, as `--perf-basic-prof` names places. */
function placeOf(text: string): { line: number; column: number } {
  const lines = readFileSync(bundle, 'utf8').split('\n');
  const line = lines.findIndex((candidate) => candidate.includes(text));
  return { line: line + 1, column: lines[line]!.indexOf(text) + 1 };
}

describe('a place in a bundled file', () => {
  it('is put back in the source file its function came from, named from the root of the tree built', () => {
    const sourceOf = sourcesOfBundles(dir);
    const url = pathToFileURL(bundle).href;
    for (const name of ['first', 'second']) {
      const { line, column } = placeOf(`function ${name}(`);
      expect(sourceOf(url, line, column)).toBe(`${name}.ts`);
    }
    // The last character of `first`, just before `second` begins.
    const { line, column } = placeOf('}function second(');
    expect(sourceOf(url, line, column)).toBe('first.ts');
  });

  it('is named in full outside the root', () => {
    const { line, column } = placeOf('function first(');
    expect(sourcesOfBundles(join(dir, 'elsewhere'))(pathToFileURL(bundle).href, line, column)).toBe(join(dir, 'first.ts'));
  });

  it('is its own source in a file without a source map, a CommonJS path as much as a URL, and unknown outside files', () => {
    rmSync(`${bundle}.map`);
    const { line, column } = placeOf('function first(');
    expect(sourcesOfBundles(dir)(pathToFileURL(bundle).href, line, column)).toBe('out/bundle.js');
    expect(sourcesOfBundles(dir)(bundle, line, column)).toBe('out/bundle.js');
    expect(sourcesOfBundles(dir)('node:internal/timers', 1, 1)).toBeNull();
  });
});
