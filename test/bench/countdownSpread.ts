/**
 * Do devices agree on time left? 50 simulated devices with clocks minutes wrong join one running
 * clinic, each through its own delaying proxy, measure their clock offset with the client's own
 * code, and read their countdowns at the same real instants. Reports the spread (largest minus
 * smallest time left) for two network models, for trusting the device clock, and over plain
 * loopback. Last line: the findings as JSON.
 *
 * The headline is the per-packet model (linkModels.ts): each direction has its own ceiling, so the
 * way there and back differ, but a lucky packet is quick either way, which a round-trip estimator
 * can exploit. The fixed-base model shows the other extreme: a constant asymmetry that no
 * round-trip method can see, so its spread cannot go below the floor it reports.
 *
 * Clock sync as the client does it (shared/clockSync.ts): a fresh round of samples on connect, then
 * a refresh of 1 sample, here every 3 s (the client's 30 s, compressed) for 3 rounds during the
 * 10 s of readings.
 *
 *   npm run bench:countdown -- --seed 7
 */
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { CLOCK_REFRESH_INTERVAL_MS, CLOCK_SAMPLES_AFRESH } from '../../shared/clockSync.ts';
import { makeDataDir, startServerProcess } from '../support/servers.ts';
import { startRunningClinic, type RunningClinic } from './benchClinic.ts';
import { fixedBaseModel, perPacketModel, type LinkModel } from './linkModels.ts';
import { substream, uniform } from './random.ts';
import { formatTable, type Findings } from './report.ts';
import { runScenario, type DeviceSetup, type ScenarioPlan } from './scenario.ts';
import { maxOf, p95, spreadOf } from './stats.ts';

const DEFAULT_SEED = 1;
const DEVICES = 50;
/** A clinic admits 16 people (server/clinicRoom.ts), so the devices join as 10 people, 5 devices each. */
const PEOPLE = 10;
const MAX_CLOCK_SKEW_MS = 10 * 60_000;
/** People join over a couple of seconds rather than all in the same millisecond. */
const CONNECT_WINDOW_MS = 2_000;
const READING_INSTANTS = 100;
const READING_WINDOW_MS = 10_000;
/** The client's refresh interval, ten times faster here, so three rounds fit in the run. */
const REFRESH_INTERVAL_MS = CLOCK_REFRESH_INTERVAL_MS / 10;
const REFRESH_ROUNDS = 3;
const TARGET_P95_SPREAD_MS = 50;
const TARGET_LOOPBACK_P95_SPREAD_MS = 5;
/** A run takes about 35 s; a hang ends the process well inside two minutes. */
const TIME_LIMIT_MS = 110_000;

/**
 * Labels of independent random streams. The seed fixes the devices' skews, their links, connect
 * times, reading instants and each direction's sequence of packet delays. Which packet meets which
 * delay still depends on how pings interleave with state broadcasts in real time, so per-packet
 * results vary somewhat between runs of one seed.
 */
const STREAM = { skew: 1, linkParams: 2, upPackets: 3, downPackets: 4, schedule: 5 } as const;
/** Each run draws its own links, packets and schedule. */
const RUN = { perPacket: 1, fixedBase: 2, loopback: 3 } as const;

const round = (ms: number) => Math.round(ms * 10) / 10;

function parseSeed(): number {
  const { values } = parseArgs({ options: { seed: { type: 'string' } } });
  const seed = values.seed === undefined ? DEFAULT_SEED : Number(values.seed);
  if (!Number.isInteger(seed) || seed < 0) throw new Error(`--seed must be a non-negative integer, not ${values.seed}`);
  return seed;
}

function deviceSetups(seed: number, clinic: RunningClinic, run: number, model: LinkModel | null): DeviceSetup[] {
  return Array.from({ length: DEVICES }, (_, device) => ({
    // The same devices in every run: only the network changes.
    skewMs: uniform(substream(seed, STREAM.skew, device), -MAX_CLOCK_SKEW_MS, MAX_CLOCK_SKEW_MS),
    participantToken: clinic.participantTokens[device % clinic.participantTokens.length]!,
    link:
      model?.link(
        substream(seed, STREAM.linkParams, run, device),
        substream(seed, STREAM.upPackets, run, device),
        substream(seed, STREAM.downPackets, run, device),
      ) ?? null,
  }));
}

async function main(): Promise<void> {
  const seed = parseSeed();
  const began = performance.now();
  console.log(`seed ${seed}`);
  // Its own process, as in production: the server's event loop does not wait on the devices' and
  // proxies' work, which would add delays that no real network has.
  const { dataDir, remove } = makeDataDir();
  const server = await startServerProcess({ dataDir, port: 0 });
  process.on('exit', () => server.child.kill('SIGKILL'));
  try {
    const clinic = await startRunningClinic(server.url, PEOPLE);
    try {
      const plan = (run: number, model: LinkModel | null): ScenarioPlan => ({
        serverUrl: server.url,
        clinicId: clinic.clinicId,
        deadlineAt: clinic.deadlineAt,
        devices: deviceSetups(seed, clinic, run, model),
        connectWindowMs: CONNECT_WINDOW_MS,
        clockSamplesOnConnect: CLOCK_SAMPLES_AFRESH,
        refreshRounds: REFRESH_ROUNDS,
        refreshIntervalMs: REFRESH_INTERVAL_MS,
        readingInstants: READING_INSTANTS,
        readingWindowMs: READING_WINDOW_MS,
        random: substream(seed, STREAM.schedule, run),
      });
      const perPacket = await runScenario(plan(RUN.perPacket, perPacketModel));
      const fixedBasePlan = plan(RUN.fixedBase, fixedBaseModel);
      const fixedBase = await runScenario(fixedBasePlan);
      const loopback = await runScenario(plan(RUN.loopback, null));

      const findings: Findings = {
        seed,
        devices: DEVICES,
        people: PEOPLE,
        samples: READING_INSTANTS,
        readingWindowMs: READING_WINDOW_MS,
        maxClockSkewMs: MAX_CLOCK_SKEW_MS,
        clockSamplesOnConnect: CLOCK_SAMPLES_AFRESH,
        refreshRounds: REFRESH_ROUNDS,
        refreshIntervalMs: REFRESH_INTERVAL_MS,
        p95SpreadMs: round(p95(perPacket.spreadsMs)),
        maxSpreadMs: round(maxOf(perPacket.spreadsMs)),
        naiveP95SpreadMs: round(p95(perPacket.naiveSpreadsMs)),
        naiveMaxSpreadMs: round(maxOf(perPacket.naiveSpreadsMs)),
        connectErrorSpreadMs: round(spreadOf(perPacket.connectErrorsMs)),
        finalErrorSpreadMs: round(spreadOf(perPacket.finalErrorsMs)),
        fixedBaseP95SpreadMs: round(p95(fixedBase.spreadsMs)),
        fixedBaseMaxSpreadMs: round(maxOf(fixedBase.spreadsMs)),
        fixedBaseConnectErrorSpreadMs: round(spreadOf(fixedBase.connectErrorsMs)),
        fixedBaseFinalErrorSpreadMs: round(spreadOf(fixedBase.finalErrorsMs)),
        // Constant over time: perfect offsets, each still off by its link's invisible half-asymmetry.
        fixedBaseFloorSpreadMs: round(spreadOf(fixedBasePlan.devices.map((device) => device.link!.invisibleErrorMs))),
        loopbackP95SpreadMs: round(p95(loopback.spreadsMs)),
        loopbackMaxSpreadMs: round(maxOf(loopback.spreadsMs)),
        targetP95SpreadMs: TARGET_P95_SPREAD_MS,
        targetLoopbackP95SpreadMs: TARGET_LOOPBACK_P95_SPREAD_MS,
        meetsTarget: p95(perPacket.spreadsMs) <= TARGET_P95_SPREAD_MS,
        loopbackMeetsTarget: p95(loopback.spreadsMs) <= TARGET_LOOPBACK_P95_SPREAD_MS,
        durationMs: Math.round(performance.now() - began),
      };
      console.log(formatTable(findings));
      console.log(JSON.stringify(findings));
    } finally {
      clinic.close();
    }
  } finally {
    await server.stop();
    remove();
  }
}

// Everything below is closed when main ends; this only fires if something hangs.
setTimeout(() => {
  console.error(`countdown benchmark: still running after ${TIME_LIMIT_MS / 1000} s, giving up`);
  process.exit(1);
}, TIME_LIMIT_MS).unref();

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
