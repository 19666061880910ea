/**
 * The fan-out benchmark's nodes mode (`--nodes n`): the same devices and commands against one app
 * node on SQLite, one node of a cluster (Postgres and Redis, as `main.ts` runs with DATABASE_URL
 * and REDIS_URL set) and n nodes of that cluster twice: each clinic's devices spread over all the
 * nodes, as a round-robin balancer puts them, then all on one node, as a balancer routing by route
 * key does (fanoutLoad.ts). The n-node runs differ from the one-node run only in the count of
 * nodes, so their ratio is what running several nodes costs: spread, the other devices' requests
 * forwarded to the node the facilitator's is on, which runs the clinic, and states carried to the
 * other nodes' devices through Redis; routed, little but the nodes themselves. The devices
 * connect to the nodes directly; no balancer stands in front, as it would cost CPU on the same
 * cores and in production runs elsewhere.
 *
 * On two cores the nodes cannot each have one: every server-side process (the nodes, Postgres,
 * Redis) shares the server core and the load generator has the other. The figures are a ratio of
 * costs on one core, not a measure of how far more nodes scale.
 */
import { availableParallelism } from 'node:os';
import { DEVICES_PER_CLINIC } from './fanoutClinics.ts';
import type { RunSummary } from './fanoutGenerators.ts';
import { startDeployment, type Deployment, type PartsUsage } from './fanoutDeployments.ts';
import { COMMAND_INTERVAL_S, cpuBetween, joinsPerSecond, runLoad, withJoinedTarget } from './fanoutTargets.ts';
import type { NodeTally } from './fanoutAppServer.ts';
import { ratio, sumOf } from './stats.ts';

/** The machine's cores (two where this mode was written): the load generator's share of them is reported. */
const MACHINE_CORES = availableParallelism();

export interface NodesOptions {
  readonly devices: readonly number[];
  /** The nodes of the cluster compared with one. */
  readonly nodes: number;
  readonly steadySeconds: number;
  /** The load generator's processes. */
  readonly generators: number;
}

/** Share of a core by part of the server side: each node, Postgres and Redis. */
type CpuByPart = Readonly<Record<string, number>>;

interface DeploymentResult {
  readonly deployment: Deployment;
  readonly joined: number;
  /** Joins refused, by reason. */
  readonly joinsRefused: Readonly<Record<string, number>>;
  /** Clinics set up in full and measured; those left out (a join or a starting command refused), by why. */
  readonly clinics: number;
  readonly clinicsLeftOut: Readonly<Record<string, number>>;
  readonly joinsPerSecond: number;
  /** The server side's CPU while the devices joined (share of a core). */
  readonly joinServerCpu: number;
  /** Share of a core each part of the server side used while the devices joined. */
  readonly joinCpuByPart: CpuByPart;
  /** The steady run, with the whole server side's CPU (share of a core). */
  readonly steady: RunSummary & { readonly serverCpu: number };
  /** Share of a core each part of the server side used over the steady run. */
  readonly cpuByPart: CpuByPart;
  /** The load generator's share of the machine's cores over the steady run. */
  readonly generatorShareOfMachine: number;
  /** What each node carried after the steady run (its connections, and the clinics it ran, or owned), and the errors it had logged since it started. */
  readonly nodes: readonly NodeTally[];
  readonly loadAverageAtStart: number;
}

async function measureDeployment(deployment: Deployment, devices: number, { steadySeconds, generators }: NodesOptions): Promise<DeploymentResult> {
  const { label, routedByClinic } = deployment;
  return withJoinedTarget({ target: 'app', label, devices, generators, routedByClinic, startServer: () => startDeployment(deployment) }, async (on) => {
    const { summary: steady, before, after } = await runLoad(on, on.clinics / COMMAND_INTERVAL_S, steadySeconds);
    const nodes = await on.server.tallies();
    console.log(`  ${label}: steady p99 ${steady.p99Ms} ms at ${steady.sentRate}/s, server side CPU ${steady.serverCpu}, generator CPU ${steady.generatorCpu}`);
    return {
      deployment,
      joined: on.joined.joined,
      joinsRefused: on.joined.refused,
      clinics: on.clinics,
      clinicsLeftOut: on.leftOut,
      joinsPerSecond: joinsPerSecond(on),
      joinServerCpu: cpuBetween(on.beforeJoins, on.afterJoins),
      joinCpuByPart: cpuByPartBetween(on.beforeJoins, on.afterJoins),
      steady,
      cpuByPart: cpuByPartBetween(before, after),
      generatorShareOfMachine: Math.round((steady.generatorCpu / MACHINE_CORES) * 100) / 100,
      nodes,
      loadAverageAtStart: on.loadAverageAtStart,
    };
  });
}

/** Share of a core each part of the server side used between two readings. */
const cpuByPartBetween = (before: PartsUsage, after: PartsUsage): CpuByPart =>
  Object.fromEntries(
    Object.keys(after.parts).map((part) => [part, cpuBetween({ cpuMicros: before.parts[part]!, atMs: before.atMs }, { cpuMicros: after.parts[part]!, atMs: after.atMs })]),
  );

const totalOf = (counts: Readonly<Record<string, number>>) => sumOf(Object.values(counts));
/** Share of a core the nodes used together, and the shared services each. */
const nodesCpu = (cpuByPart: CpuByPart) => Math.round(sumOf(Object.entries(cpuByPart).flatMap(([part, cpu]) => (part.startsWith('node-') ? [cpu] : []))) * 100) / 100;
const serviceCpu = (cpuByPart: CpuByPart, service: string) => cpuByPart[service] ?? null;
const connections = (result: DeploymentResult) => sumOf(result.nodes.map((node) => node.connections));
const failedOrLost = (result: DeploymentResult) => result.steady.failed + result.steady.lost;
const countsOf = (counts: Readonly<Record<string, number>>) =>
  Object.entries(counts)
    .map(([what, count]) => `${count} x ${what}`)
    .join(', ') || 'none';
/** Joins refused, clinics left out and commands failed, by why: what is there of them. */
function troublesOf(result: DeploymentResult): string {
  const troubles: ReadonlyArray<readonly [string, Readonly<Record<string, number>>]> = [
    ['joins refused', result.joinsRefused],
    ['clinics left out', result.clinicsLeftOut],
    ['commands failed', result.steady.failedBy],
  ];
  return troubles.flatMap(([what, counts]) => (totalOf(counts) > 0 ? [`${what}: ${countsOf(counts)}`] : [])).join('; ') || 'nothing';
}
/** Every node's errors, added up by message. */
function errorsOf(result: DeploymentResult): Record<string, number> {
  const errors: Record<string, number> = {};
  for (const [message, count] of result.nodes.flatMap((node) => Object.entries(node.errorsLogged))) errors[message] = (errors[message] ?? 0) + count;
  return errors;
}

type Figure = (result: DeploymentResult) => number | null;

/** The figures compared, each with how to read it from a result. */
const FIGURES: ReadonlyArray<readonly [string, Figure]> = [
  ['command to each receipt p50 (ms)', (result) => result.steady.p50Ms],
  ['  p95 (ms)', (result) => result.steady.p95Ms],
  ['  p99 (ms)', (result) => result.steady.p99Ms],
  ['  max (ms)', (result) => result.steady.maxMs],
  ['server side CPU, steady (share of a core)', (result) => result.steady.serverCpu],
  ['  the nodes', (result) => nodesCpu(result.cpuByPart)],
  ['  Postgres', (result) => serviceCpu(result.cpuByPart, 'postgres')],
  ['  Redis', (result) => serviceCpu(result.cpuByPart, 'redis')],
  ['load generator CPU, steady (share of a core)', (result) => result.steady.generatorCpu],
  [`  its share of the ${MACHINE_CORES} cores`, (result) => result.generatorShareOfMachine],
  ['  its event loop delay p99 (ms)', (result) => result.steady.generatorLoopDelayP99Ms],
  ['devices joined', (result) => result.joined],
  ['  joins refused', (result) => totalOf(result.joinsRefused)],
  ['clinics measured', (result) => result.clinics],
  ['  left out (a join or the start refused)', (result) => totalOf(result.clinicsLeftOut)],
  ['devices sent states, steady', (result) => result.steady.devicesReceiving],
  ['connections the nodes hold', connections],
  ['joins per second', (result) => result.joinsPerSecond],
  ['server side CPU while joining', (result) => result.joinServerCpu],
  // Labels of their own: the JSON line's ratios are keyed by them, beside the steady run's parts.
  ['  the nodes, joining', (result) => nodesCpu(result.joinCpuByPart)],
  ['  Postgres, joining', (result) => serviceCpu(result.joinCpuByPart, 'postgres')],
  ['  Redis, joining', (result) => serviceCpu(result.joinCpuByPart, 'redis')],
  ['commands sent, steady', (result) => result.steady.sent],
  ['  failed or lost', failedOrLost],
  // Each applied command moves its clinic one revision on: more revisions than acknowledgements are commands applied unbeknown to their sender.
  ['  applied but not acknowledged', (result) => result.steady.revisionsGained - result.steady.acknowledged],
  ['machine load average as it started', (result) => result.loadAverageAtStart],
];

interface Comparison {
  readonly sqlite: DeploymentResult;
  readonly one: DeploymentResult;
  /** n nodes, each clinic's devices spread over them. */
  readonly many: DeploymentResult;
  /** n nodes, each clinic's devices on one of them. */
  readonly routed: DeploymentResult;
}

/** A figure of n nodes (spread and routed) over one node of the same cluster build, and of one cluster node over one SQLite node. */
const ratiosOf = (figure: Figure, { sqlite, one, many, routed }: Comparison) => ({
  manyOverOne: ratio(figure(many), figure(one)),
  routedOverOne: ratio(figure(routed), figure(one)),
  clusterOverSqlite: ratio(figure(one), figure(sqlite)),
});

function table(devices: number, comparison: Comparison, options: NodesOptions): string {
  const { sqlite, one, many, routed } = comparison;
  const cell = (value: number | null | string) => String(value ?? '-').padStart(15);
  const perNode = (result: DeploymentResult, figure: (node: NodeTally) => number) => result.nodes.map(figure).join(' / ');
  const clustered = [one, many, routed];
  return [
    `${devices} devices (${devices / DEVICES_PER_CLINIC} clinics x ${DEVICES_PER_CLINIC}; ${many.deployment.label}: each clinic's devices spread over the nodes, ${routed.deployment.label}: on one node), one command per clinic every ${COMMAND_INTERVAL_S} s for ${options.steadySeconds} s`,
    `${''.padEnd(46)}${[sqlite, ...clustered].map((result) => cell(result.deployment.label)).join('')}${cell(`${options.nodes}/1`)}${cell(`routed/1`)}${cell('cluster/SQLite')}`,
    ...FIGURES.map(([label, figure]) => {
      const ratios = ratiosOf(figure, comparison);
      return `${label.padEnd(46)}${[sqlite, ...clustered].map((result) => cell(figure(result))).join('')}${cell(ratios.manyOverOne)}${cell(ratios.routedOverOne)}${cell(ratios.clusterOverSqlite)}`;
    }),
    ...[sqlite, ...clustered].map((result) => `${`what went wrong, ${result.deployment.label}`.padEnd(46)}${troublesOf(result)}`),
    ...clustered.map((result) => `${`errors the nodes logged, ${result.deployment.label}`.padEnd(46)}${countsOf(errorsOf(result))}`),
    ...[many, routed].flatMap((result) => [
      `${`${result.deployment.label}: connections per node`.padEnd(46)}${perNode(result, (node) => node.connections)}`,
      `${'  clinics each runs (owns)'.padEnd(46)}${perNode(result, (node) => node.clinicsLive)}`,
      `${'  CPU per node, steady (share of a core)'.padEnd(46)}${result.nodes.map((_, index) => result.cpuByPart[`node-${index + 1}`]).join(' / ')}`,
    ]),
  ].join('\n');
}

/** For each device count: one SQLite node, one cluster node, n cluster nodes spread and routed, into `runs` as they finish. */
export async function compareNodeCounts(options: NodesOptions, runs: unknown[]): Promise<void> {
  const deployments = {
    sqlite: { label: '1 SQLite', nodes: 1, clustered: false, routedByClinic: false },
    one: { label: '1 cluster', nodes: 1, clustered: true, routedByClinic: false },
    many: { label: `${options.nodes} cluster`, nodes: options.nodes, clustered: true, routedByClinic: false },
    routed: { label: `${options.nodes} routed`, nodes: options.nodes, clustered: true, routedByClinic: true },
  } satisfies Record<keyof Comparison, Deployment>;
  for (const devices of options.devices) {
    console.log(`${devices} devices:`);
    const comparison: Comparison = {
      sqlite: await measureDeployment(deployments.sqlite, devices, options),
      one: await measureDeployment(deployments.one, devices, options),
      many: await measureDeployment(deployments.many, devices, options),
      routed: await measureDeployment(deployments.routed, devices, options),
    };
    console.log(table(devices, comparison, options));
    const ratios = Object.fromEntries(FIGURES.map(([label, figure]) => [label.trim(), ratiosOf(figure, comparison)]));
    runs.push({ devices, clinics: devices / DEVICES_PER_CLINIC, ...comparison, ratios });
  }
}
