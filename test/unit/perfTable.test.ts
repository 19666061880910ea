/** The fan-out benchmark's `--perf` table: each target's CPU by category, biggest first, with the first target's less the second's. */
import { describe, expect, it } from 'vitest';
import { perfTable, perfTables } from '../bench/perfTable.ts';

const cells = (line: string) => line.slice(40).trim().split(/\s+/).map(Number);

describe('the perf table', () => {
  it("lists the event loop's categories by the first target's figure, with the difference, and totals each thread", () => {
    const lines = perfTable('10002 devices', [
      { name: 'app', cpu: { xstate: { eventLoopUs: 10.5, otherThreadsUs: 0 }, kernel: { eventLoopUs: 76.6, otherThreadsUs: 20 } } },
      { name: 'bare', cpu: { kernel: { eventLoopUs: 66.9, otherThreadsUs: 5 }, 'engine.io': { eventLoopUs: 10.2, otherThreadsUs: 0 } } },
    ]).split('\n');
    expect(lines.slice(2).map((line) => line.slice(0, 40).trim())).toEqual(['kernel', 'xstate', 'engine.io', "event loop's thread, all", 'other threads, all', 'every thread']);
    expect(lines.slice(2).map(cells)).toEqual([
      [76.6, 66.9, 9.7],
      [10.5, 0, 10.5],
      [0, 10.2, -10.2],
      [87.1, 77.1, 10],
      [20, 5, 15],
      [107.1, 82.1, 25],
    ]);
  });

  it('sums the categories past the first eighteen in one row', () => {
    const many = Object.fromEntries(Array.from({ length: 20 }, (_, index) => [`file${index}.ts`, { eventLoopUs: 20 - index, otherThreadsUs: 0 }]));
    const lines = perfTable('600 devices', [
      { name: 'app', cpu: many },
      { name: 'bare', cpu: {} },
    ]).split('\n');
    const more = lines.find((line) => line.startsWith('2 more'));
    expect(more && cells(more)).toEqual([3, 0, 3]);
  });

  it('gives both views, or says which target left nothing to divide by', () => {
    const cpu = { kernel: { eventLoopUs: 1, otherThreadsUs: 0 } };
    const both = perfTables('600 devices', [
      { name: 'app', perf: { ran: cpu, forJavaScript: cpu } },
      { name: 'bare', perf: { ran: cpu, forJavaScript: cpu } },
    ]);
    expect(both).toContain('600 devices, by what ran:');
    expect(both).toContain('600 devices, by the JavaScript it ran for:');
    expect(perfTables('600 devices', [{ name: 'app', perf: null }, { name: 'bare', perf: { ran: cpu, forJavaScript: cpu } }])).toBe(
      '600 devices: no perf tables, as app acknowledged no command in the steady run',
    );
  });
});
