/**
 * A small seeded random source, so a benchmark run can be repeated exactly from its seed.
 * mulberry32: 32 bits of state, plenty for drawing delays and clock skews.
 */

export type Random = () => number;

/** Uniform in [0, 1), from a 32-bit seed. */
export function seededRandom(seed: number): Random {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let mixed = state;
    mixed = Math.imul(mixed ^ (mixed >>> 15), mixed | 1);
    mixed ^= mixed + Math.imul(mixed ^ (mixed >>> 7), mixed | 61);
    return ((mixed ^ (mixed >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** Uniform in [min, max). */
export const uniform = (random: Random, min: number, max: number) => min + random() * (max - min);

/**
 * An independent stream for one purpose (one device's one direction, say), so its draws do not
 * depend on how other streams' draws interleave with it in time.
 */
export const substream = (seed: number, ...labels: readonly number[]): Random =>
  seededRandom(labels.reduce((hash, label) => Math.imul(hash ^ (label + 0x9e3779b9), 0x85ebca6b) >>> 0, seed >>> 0));
