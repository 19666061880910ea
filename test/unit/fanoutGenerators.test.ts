/**
 * The fan-out benchmark's load generator in several processes: every clinic is some process's, and
 * the figures of a run are the whole run's, not an average of the processes' own.
 */
import { describe, expect, it } from 'vitest';
import { runTogether, shareClinics } from '../bench/fanoutGenerators.ts';
import type { RunPart } from '../bench/fanoutLoad.ts';

function part(receiptsMs: readonly number[], more: Partial<RunPart> = {}): RunPart {
  return {
    sent: receiptsMs.length,
    sendingSeconds: 10,
    acknowledged: receiptsMs.length,
    failed: 0,
    failedBy: {},
    lost: 0,
    revisionsGained: receiptsMs.length,
    missed: 0,
    receiptsMs: Float64Array.from(receiptsMs),
    devicesReceiving: receiptsMs.length,
    cpuShare: 0.1,
    loopDelayP99Ms: 1,
    ...more,
  };
}

describe('sharing the clinics among the generator processes', () => {
  it.each([
    [1667, 4],
    [2500, 4],
    [50, 4],
    [3, 4],
    [1, 1],
  ])('%i clinics over %i processes: each clinic once, shares a clinic apart at most, none empty', (clinics, processes) => {
    const shares = shareClinics(clinics, processes);
    expect(shares.length).toBe(Math.min(clinics, processes));
    const numbers = shares.flatMap((share) => Array.from({ length: share.clinics }, (_, index) => share.firstClinic + index));
    expect(numbers).toEqual(Array.from({ length: clinics }, (_, index) => index));
    const sizes = shares.map((share) => share.clinics);
    expect(Math.min(...sizes)).toBeGreaterThan(0);
    expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
  });
});

describe('one run as every process measured it', () => {
  it('takes p99 over every receipt, so one process stalled shows even when the others were quick', () => {
    const quick = Array.from({ length: 97 }, () => 2);
    const summary = runTogether(30, [part(quick), part([3, 400, 450])]);
    expect(summary.receipts).toBe(100);
    expect(summary.p50Ms).toBe(2);
    expect(summary.p99Ms).toBe(400);
    expect(summary.maxMs).toBe(450);
  });

  it('adds up what was sent and what failed, and the CPU the processes used on their shared core', () => {
    const summary = runTogether(12, [
      part([1, 2, 3], { failed: 1, failedBy: { UNANSWERED: 1 }, cpuShare: 0.15, sendingSeconds: 9.96 }),
      part([4, 5], { failed: 2, failedBy: { UNANSWERED: 1, SERVER_RESTARTING: 1 }, cpuShare: 0.2, sendingSeconds: 10.04, loopDelayP99Ms: 30 }),
    ]);
    expect(summary).toMatchObject({ targetRate: 12, sent: 5, failed: 3, failedBy: { UNANSWERED: 2, SERVER_RESTARTING: 1 }, generatorCpu: 0.35, generatorLoopDelayP99Ms: 30, seconds: 10 });
    expect(summary.sentRate).toBe(Math.round(5 / 10.04));
  });
});
