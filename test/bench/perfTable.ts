/** The fan-out benchmark's `--perf` tables: where each target's CPU went over the steady run, side by side. */
import type { CpuByCategory } from './perfCategories.ts';
import type { PerfBreakdown } from './perfRecording.ts';
import { sumOf } from './stats.ts';

/** Categories shown one by one; the rest are summed in one row. */
const ROWS_SHOWN = 18;

const tenth = (value: number) => Math.round(value * 10) / 10;

/**
 * The event loop's thread by category, biggest first for the first target, then each target's
 * other threads and its whole; the last column is the first target's figure less the second's.
 */
export function perfTable(title: string, columns: ReadonlyArray<{ readonly name: string; readonly cpu: CpuByCategory }>): string {
  const cell = (value: number | string) => String(value).padStart(14);
  const [first, second] = columns;
  if (!first || !second) throw new Error('perfTable compares two targets at least');
  const eventLoop = (cpu: CpuByCategory, category: string) => cpu[category]?.eventLoopUs ?? 0;
  const row = (label: string, values: readonly number[]) => `${label.slice(0, 40).padEnd(40)}${values.map((value) => cell(tenth(value))).join('')}${cell(tenth(values[0]! - values[1]!))}`;
  const categories = [...new Set(columns.flatMap(({ cpu }) => Object.keys(cpu)))].sort((a, b) => eventLoop(first.cpu, b) - eventLoop(first.cpu, a) || eventLoop(second.cpu, b) - eventLoop(second.cpu, a));
  const shown = categories.slice(0, ROWS_SHOWN);
  const rest = categories.slice(ROWS_SHOWN);
  const totals = (pick: (cpu: CpuByCategory) => number) => columns.map(({ cpu }) => pick(cpu));
  return [
    `${title}: CPU µs a command over the steady run, from perf's samples (the event loop's thread by category, then all)`,
    `${''.padEnd(40)}${columns.map(({ name }) => cell(name)).join('')}${cell(`${first.name}-${second.name}`)}`,
    ...shown.map((category) => row(category, totals((cpu) => eventLoop(cpu, category)))),
    ...(rest.length > 0 ? [row(`${rest.length} more`, totals((cpu) => sumOf(rest.map((category) => eventLoop(cpu, category)))))] : []),
    row("event loop's thread, all", totals((cpu) => sumOf(Object.values(cpu).map(({ eventLoopUs }) => eventLoopUs)))),
    row('other threads, all', totals((cpu) => sumOf(Object.values(cpu).map(({ otherThreadsUs }) => otherThreadsUs)))),
    row('every thread', totals((cpu) => sumOf(Object.values(cpu).map(({ eventLoopUs, otherThreadsUs }) => eventLoopUs + otherThreadsUs)))),
  ].join('\n');
}

/** Both tables, by what ran and by the JavaScript it ran for; or why there are none. */
export function perfTables(title: string, targets: ReadonlyArray<{ readonly name: string; readonly perf: PerfBreakdown | null }>): string {
  const unprofiled = targets.filter(({ perf }) => perf === null).map(({ name }) => name);
  if (unprofiled.length > 0) return `${title}: no perf tables, as ${unprofiled.join(' and ')} acknowledged no command in the steady run`;
  const profiled = targets.map(({ name, perf }) => ({ name, perf: perf! }));
  return [
    perfTable(`${title}, by what ran`, profiled.map(({ name, perf }) => ({ name, cpu: perf.ran }))),
    perfTable(`${title}, by the JavaScript it ran for`, profiled.map(({ name, perf }) => ({ name, cpu: perf.forJavaScript }))),
  ].join('\n');
}
