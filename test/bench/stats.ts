/** The few statistics the benchmark reports. */

/** Nearest-rank percentile, `p` in (0, 100]. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) throw new Error('percentile of nothing');
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

/** The middle value, or the mean of the middle two for an even count, to two decimals. */
export function median(values: readonly number[]): number {
  if (values.length === 0) throw new Error('median of nothing');
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length / 2;
  return Number.isInteger(middle) ? Math.round(((sorted[middle - 1]! + sorted[middle]!) / 2) * 100) / 100 : sorted[Math.floor(middle)]!;
}

/** Each figure's median over several runs' figures, leaving out runs without it (null where none had it). */
export function mediansOf<Figures extends { readonly [Key in keyof Figures]: number | null }>(runs: readonly Figures[]): MediansOf<Figures> {
  const keys = Object.keys(runs[0] ?? {}) as Array<keyof Figures>;
  return Object.fromEntries(
    keys.map((key) => {
      const known = runs.map((run) => run[key]).filter((value) => value !== null);
      return [key, known.length > 0 ? median(known) : null];
    }),
  ) as MediansOf<Figures>;
}

/** A run's figures as their medians: a figure every run has stays a number. */
type MediansOf<Figures> = { [Key in keyof Figures]: null extends Figures[Key] ? number | null : number };

/** Largest minus smallest: how far apart the devices are. */
export function spreadOf(values: readonly number[]): number {
  return Math.max(...values) - Math.min(...values);
}

export const sumOf = (values: readonly number[]) => values.reduce((sum, value) => sum + value, 0);

export const p95 = (values: readonly number[]) => percentile(values, 95);
export const maxOf = (values: readonly number[]) => Math.max(...values);

/** One figure over another to two decimals; null where either is missing or the second is 0. */
export const ratio = (figure: number | null, over: number | null) => (figure === null || over === null || over === 0 ? null : Math.round((figure / over) * 100) / 100);

/** How often the benchmark's processes sample their event loop's delay (monitorEventLoopDelay). */
export const LOOP_DELAY_RESOLUTION_MS = 10;

/** A delay the loop-delay histogram recorded, in ms beyond its sampling interval: the histogram holds whole intervals between its checks. */
export const lateBeyondSampling = (nanoseconds: number) => Math.max(0, nanoseconds / 1e6 - LOOP_DELAY_RESOLUTION_MS);
