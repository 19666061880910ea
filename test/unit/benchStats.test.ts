/** The benchmarks' median: what `--rounds` and `--repeat` report of several runs. */
import { describe, expect, it } from 'vitest';
import { median } from '../bench/stats.ts';

describe('median', () => {
  it('is the middle run of an odd count, however the runs came', () => {
    expect(median([2.72, 1.82, 0.94])).toBe(1.82);
  });

  it('is the mean of the middle two of an even count, to two decimals', () => {
    expect(median([4.5, 1.83, 2.03, 0.94])).toBe(1.93);
    expect(median([1, 2])).toBe(1.5);
  });

  it('refuses no runs rather than make a figure up', () => {
    expect(() => median([])).toThrow('median of nothing');
  });
});
