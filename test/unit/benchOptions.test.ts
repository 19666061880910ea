/** The benchmarks' counts (`--rounds`, `--repeat`, `--devices`...): whole numbers of at least 1, or a refusal in words. */
import { describe, expect, it } from 'vitest';
import { wholeCount } from '../bench/benchOptions.ts';

describe('a count given on the command line', () => {
  it('is the number it names', () => {
    expect(wholeCount('rounds', '3')).toBe(3);
  });

  it('refuses nothing, a fraction or a word, naming the option and what it was given', () => {
    for (const raw of ['0', '-2', '2.5', 'three']) expect(() => wholeCount('rounds', raw)).toThrow(`--rounds must be a whole number of at least 1, not ${raw}`);
  });
});
