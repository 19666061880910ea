/** The fan-out benchmark's `--perf`: V8's names for its code, kept to the newest at each address. */
import { describe, expect, it } from 'vitest';
import { newestNames } from '../bench/perfMap.ts';

describe("V8's perf map", () => {
  it('drops a name when newer code takes any of its addresses, and keeps the rest in order', () => {
    const map = [
      '7f00 40 JS:*asidesAfterMove file:///b/chunk.js:10:1', // replaced by the send below
      '7f80 20 JS:*keep file:///b/chunk.js:20:1',
      '7f20 40 JS:*send file:///b/chunk.js:30:1', // overlaps the first: it is newer
      '8000 10 JS:*next file:///b/chunk.js:40:1', // starts where `keep` ends: no overlap
      '8000 10 JS:*again file:///b/chunk.js:50:1', // the same place again: the newest wins
      'not an entry',
    ].join('\n');
    expect(newestNames(map)).toBe(['7f80 20 JS:*keep file:///b/chunk.js:20:1', '7f20 40 JS:*send file:///b/chunk.js:30:1', '8000 10 JS:*again file:///b/chunk.js:50:1', ''].join('\n'));
  });

  it('keeps a map without overlaps as it is', () => {
    const map = '10 8 a\n18 8 b\n30 4 c\n';
    expect(newestNames(map)).toBe(map);
  });
});
