/** What the benchmarks' command-line options hold, checked the same way in each. */

/** A count (`--rounds 3`): a whole number of at least 1, or a refusal that names the option. */
export function wholeCount(name: string, raw: string): number {
  const value = Number(raw);
  if (!(Number.isInteger(value) && value >= 1)) throw new Error(`--${name} must be a whole number of at least 1, not ${raw}`);
  return value;
}
