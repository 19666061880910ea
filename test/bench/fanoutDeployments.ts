/**
 * The server sides the fan-out benchmark's nodes mode compares, every process of each on the
 * server core: one app node on SQLite, or app nodes of a cluster (fanoutAppServer.ts, as `main.ts`
 * runs with DATABASE_URL and REDIS_URL set) sharing a throwaway Postgres and Redis
 * (postgresSetup.ts, redisSetup.ts). The CPU time of each part is read from /proc: each node's
 * process, and Postgres and Redis with every process they run (Postgres has one per connection).
 */
import { startPostgres } from '../support/postgresSetup.ts';
import { startRedis } from '../support/redisSetup.ts';
import { START_NODE_FLAGS } from '../support/servers.ts';
import { builtBenchServer } from './benchBundle.ts';
import type { AppServerSetup, ClusterNodeSetup, NodeTally } from './fanoutAppServer.ts';
import { SERVER_CORE, type CpuReading, type ServerSide } from './fanoutTargets.ts';
import { pinRunning, startPinnedProcess } from './pinnedProcess.ts';
import { pidListeningOn, treeCpuMs } from './processTree.ts';

export interface Deployment {
  /** How the reports name it. */
  readonly label: string;
  readonly nodes: number;
  /** Nodes of a cluster on Postgres and Redis; one node on SQLite otherwise. */
  readonly clustered: boolean;
  /** Each clinic's devices on one node, as a balancer routing by route key puts them; spread over the nodes otherwise. */
  readonly routedByClinic: boolean;
}

export interface PartsUsage extends CpuReading {
  /** CPU time so far of each part (`node-1`..., `postgres`, `redis`), in microseconds. */
  readonly parts: Readonly<Record<string, number>>;
}

export interface DeploymentSide extends ServerSide<PartsUsage> {
  /** What each node carries now, and the errors it logged. */
  tallies(): Promise<NodeTally[]>;
}

/** A process measured as a part of the server side, with everything it runs. */
interface Part {
  readonly name: string;
  readonly pid: number;
}

/** The process that serves a service's address, pinned to the server core with all it runs. */
function pinnedServiceAt(name: string, url: string): Part {
  const pid = pidListeningOn(Number(new URL(url).port));
  if (pid === null) throw new Error(`No process listens at ${url} (${name}), to measure and pin`);
  pinRunning(pid, SERVER_CORE);
  return { name, pid };
}

/** Deployments started and not stopped yet: a run cut short stops them (Postgres, a daemon, would outlive it). */
const running = new Set<() => Promise<void>>();

export async function stopEveryDeployment(): Promise<void> {
  await Promise.all([...running].map((stop) => stop()));
}

/** Starts the deployment's processes, and resolves once every node listens; on failure, stops what it had started. */
export async function startDeployment({ nodes: count, clustered }: Deployment): Promise<DeploymentSide> {
  // Each step that started something pushes how to undo it; they are undone last first.
  const teardown: Array<() => Promise<unknown>> = [];
  const stop = async () => {
    running.delete(stop);
    for (const undo of teardown.splice(0).reverse()) await undo();
  };
  running.add(stop);
  try {
    const parts: Part[] = [];
    let clusterNode: (index: number) => ClusterNodeSetup | undefined = () => undefined;
    if (clustered) {
      const postgres = await startPostgres();
      teardown.push(postgres.stop);
      const redis = await startRedis();
      teardown.push(redis.stop);
      parts.push(pinnedServiceAt('postgres', postgres.url), pinnedServiceAt('redis', redis.url));
      clusterNode = (index) => ({ databaseUrl: postgres.url, redisUrl: redis.url, nodeName: `node-${index + 1}` });
    }
    const appServer = await builtBenchServer('fanoutAppServer');
    const nodes = Array.from({ length: count }, () => startPinnedProcess(appServer, SERVER_CORE, START_NODE_FLAGS));
    teardown.push(() => Promise.all(nodes.map((node) => node.stop())));
    const ports = await Promise.all(nodes.map((node, index) => node.ask<number>('listen', { cluster: clusterNode(index) } satisfies AppServerSetup)));
    parts.unshift(...nodes.map((node, index) => ({ name: `node-${index + 1}`, pid: node.child.pid! })));
    return {
      urls: ports.map((port) => `http://127.0.0.1:${port}`),
      async usage() {
        const byPart = parts.map(({ name, pid }) => [name, treeCpuMs(pid) * 1_000] as const);
        return { cpuMicros: byPart.reduce((sum, [, micros]) => sum + micros, 0), atMs: performance.now(), parts: Object.fromEntries(byPart) };
      },
      tallies: () => Promise.all(nodes.map((node) => node.ask<NodeTally>('tally'))),
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
