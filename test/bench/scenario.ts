/**
 * One measured run: every device connects (through its own delaying proxy, or straight over
 * loopback), measures its offset, refreshes it on a compressed version of the client's schedule,
 * and at random instants all devices read their countdowns at once.
 */
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { startDelayProxy, type DelayProxy } from './delayProxy.ts';
import type { DeviceLink } from './linkModels.ts';
import { uniform, type Random } from './random.ts';
import { SimulatedDevice } from './simulatedDevice.ts';
import { spreadOf } from './stats.ts';

export interface DeviceSetup {
  readonly skewMs: number;
  readonly participantToken: string;
  /** Null: straight to the server over loopback. */
  readonly link: DeviceLink | null;
}

export interface ScenarioPlan {
  readonly serverUrl: string;
  readonly clinicId: string;
  readonly deadlineAt: number;
  readonly devices: readonly DeviceSetup[];
  /** Devices start connecting at random within this window, as people join over time. */
  readonly connectWindowMs: number;
  readonly clockSamplesOnConnect: number;
  /** Each device samples once per round, every interval from when it started connecting. */
  readonly refreshRounds: number;
  readonly refreshIntervalMs: number;
  /** Countdowns are read at this many random instants within the window after all have connected. */
  readonly readingInstants: number;
  readonly readingWindowMs: number;
  /** Draws connect times and reading instants. */
  readonly random: Random;
}

export interface ScenarioResult {
  /** Per reading instant: largest minus smallest time left shown. */
  readonly spreadsMs: readonly number[];
  /** The same, had every device trusted its own clock. */
  readonly naiveSpreadsMs: readonly number[];
  /** Per device: offset error right after connecting, and at the end of the run. */
  readonly connectErrorsMs: readonly number[];
  readonly finalErrorsMs: readonly number[];
}

const sleepUntil = (at: number) => sleep(Math.max(0, at - performance.now()));

/** One synchronous pass, so every device reads its own clock at (nearly) the same real instant. */
function readCountdowns(devices: readonly SimulatedDevice[]): { spreadMs: number; naiveSpreadMs: number } {
  const shown = devices.map((device) => device.timeLeftMs());
  const naive = devices.map((device) => device.naiveTimeLeftMs());
  return { spreadMs: spreadOf(shown), naiveSpreadMs: spreadOf(naive) };
}

async function connectAll(plan: ScenarioPlan, urls: readonly string[]): Promise<{ devices: SimulatedDevice[]; startedAt: number[] }> {
  const startedAt = plan.devices.map(() => performance.now() + uniform(plan.random, 0, plan.connectWindowMs));
  // Settle every attempt before giving up, so no device is left connected behind a failure.
  const attempts = await Promise.allSettled(
    plan.devices.map(async (setup, index) => {
      await sleepUntil(startedAt[index]!);
      const device = await SimulatedDevice.connect({
        url: urls[index]!,
        clinicId: plan.clinicId,
        participantToken: setup.participantToken,
        skewMs: setup.skewMs,
        clockSamplesOnConnect: plan.clockSamplesOnConnect,
      });
      const { timer } = device;
      if (timer.status !== 'running' || timer.deadlineAt !== plan.deadlineAt) {
        throw new Error(`device ${index} was sent timer ${JSON.stringify(timer)}, not the deadline ${plan.deadlineAt}`);
      }
      return device;
    }),
  );
  const devices = attempts.flatMap((attempt) => (attempt.status === 'fulfilled' ? [attempt.value] : []));
  const failure = attempts.find((attempt) => attempt.status === 'rejected');
  if (failure) {
    for (const device of devices) device.close();
    throw failure.reason;
  }
  return { devices, startedAt };
}

async function refreshPeriodically(plan: ScenarioPlan, device: SimulatedDevice, startedAt: number): Promise<void> {
  for (let round = 1; round <= plan.refreshRounds; round += 1) {
    await sleepUntil(startedAt + round * plan.refreshIntervalMs);
    await device.sampleClock(1);
  }
}

async function readPeriodically(plan: ScenarioPlan, devices: readonly SimulatedDevice[]) {
  const start = performance.now();
  const instants = Array.from({ length: plan.readingInstants }, () => start + uniform(plan.random, 0, plan.readingWindowMs));
  instants.sort((a, b) => a - b);
  const readings = [];
  for (const instant of instants) {
    await sleepUntil(instant);
    readings.push(readCountdowns(devices));
  }
  return readings;
}

export async function runScenario(plan: ScenarioPlan): Promise<ScenarioResult> {
  const proxies: DelayProxy[] = [];
  try {
    const serverPort = Number(new URL(plan.serverUrl).port);
    const urls = [];
    for (const { link } of plan.devices) {
      if (!link) {
        urls.push(plan.serverUrl);
        continue;
      }
      const proxy = await startDelayProxy(serverPort, link.profile);
      proxies.push(proxy);
      urls.push(proxy.url);
    }
    const { devices, startedAt } = await connectAll(plan, urls);
    try {
      const connectErrorsMs = devices.map((device) => device.offsetErrorMs());
      const [readings] = await Promise.all([
        readPeriodically(plan, devices),
        Promise.all(devices.map((device, index) => refreshPeriodically(plan, device, startedAt[index]!))),
      ]);
      return {
        spreadsMs: readings.map((reading) => reading.spreadMs),
        naiveSpreadsMs: readings.map((reading) => reading.naiveSpreadMs),
        connectErrorsMs,
        finalErrorsMs: devices.map((device) => device.offsetErrorMs()),
      };
    } finally {
      for (const device of devices) device.close();
    }
  } finally {
    await Promise.all(proxies.map((proxy) => proxy.close()));
  }
}
