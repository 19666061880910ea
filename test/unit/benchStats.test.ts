/** The benchmarks' medians: what `--rounds` and `--repeat` report of several runs. */
import { describe, expect, it } from 'vitest';
import { median, mediansOf } from '../bench/stats.ts';

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

describe('mediansOf', () => {
  it("takes each figure's median across the runs, leaving out the runs that lack it", () => {
    const runs = [
      { p99: 1.31, ceiling: 0.67 },
      { p99: 6.76, ceiling: null },
      { p99: 1.6, ceiling: 0.82 },
    ];
    expect(mediansOf(runs)).toEqual({ p99: 1.6, ceiling: 0.75 });
  });

  it('says null for a figure no run had, not zero', () => {
    expect(mediansOf([{ ceiling: null }, { ceiling: null }])).toEqual({ ceiling: null });
  });
});
