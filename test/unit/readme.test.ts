/**
 * The README cannot drift from the code: its protocol reference is what the schemas generate now,
 * and its folder map names every file of the app.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { README_PATH, withGeneratedSections } from '../support/protocolReference.ts';

const ROOT = join(import.meta.dirname, '../..');
const readme = readFileSync(README_PATH, 'utf8');

function filesUnder(folder: string): string[] {
  return readdirSync(join(ROOT, folder), { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(join(ROOT, folder), join(entry.parentPath, entry.name)));
}

describe('the README', () => {
  it('documents the protocol exactly as the schemas define it (npm run docs rewrites it)', () => {
    expect(readme).toBe(withGeneratedSections(readme));
  });

  it("names every file of the app in its folder map", () => {
    const map = /## Architecture\n\n```\n([^]*?)```/.exec(readme)?.[1] ?? '';
    expect(map).not.toBe('');
    const unnamed = ['client', 'server', 'shared'].flatMap((folder) =>
      filesUnder(folder).filter((file) => {
        const [subfolder, name] = file.includes('/') ? [file.slice(0, file.lastIndexOf('/') + 1), file.slice(file.lastIndexOf('/') + 1)] : ['', file];
        return !map.includes(name) || (subfolder !== '' && !map.includes(subfolder));
      }).map((file) => `${folder}/${file}`),
    );
    expect(unnamed).toEqual([]);
  });
});
