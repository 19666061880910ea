/**
 * A cluster on this machine, as production runs several nodes: Postgres (postgresSetup.ts) and
 * Redis (redisSetup.ts) shared by nodes of the built server, with HAProxy (haproxySetup.ts) in
 * front, all on loopback. The cluster tests stop, kill, pause and restart single nodes through it;
 * `npm run cluster` (runCluster.ts) runs one by hand.
 *
 * Each node keeps its port for the cluster's life, so a node restarted is the same HAProxy backend.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { httpStatus, waitUntil, type ProcessExit, type WatchedProcess } from './childProcesses.ts';
import { locateHaproxy, startHaproxy } from './haproxySetup.ts';
import { locatePostgres, startPostgres } from './postgresSetup.ts';
import { locateRedisServer, startRedis } from './redisSetup.ts';
import { BUILT_SERVER_ENTRY, freePort, launchServer } from './servers.ts';

export interface ClusterNode {
  /** Its NODE_ID, `node-1` and on, which is also its name in HAProxy and in its x-served-by header. */
  readonly id: string;
  /** The node itself, not through the proxy. */
  readonly url: string;
  readonly port: number;
  /** Its current process's. */
  readonly pid: number;
  /** How its current process ended, once it has. */
  readonly exited: Promise<ProcessExit>;
  /** Sends its process the signal (SIGKILL, SIGTERM, SIGSTOP, SIGCONT...) without waiting. */
  kill(signal: NodeJS.Signals): void;
  /** Sends the signal (SIGTERM unless told: it drains) and resolves once the process has exited; a paused one is resumed to act on it. */
  stop(signal?: NodeJS.Signals): Promise<void>;
  /** Stops the node if it still runs (as stop() does), then starts it again on the same port and NODE_ID, and resolves once it is ready. */
  restart(): Promise<void>;
  /** What its current process wrote, both streams. */
  output(): string;
}

export interface LocalCluster {
  /** The proxy's address: where clients go. */
  readonly url: string;
  readonly postgresUrl: string;
  readonly redisUrl: string;
  readonly nodes: readonly ClusterNode[];
  /** Stops the proxy, then the nodes (they drain), then Redis and Postgres, and removes what they left. */
  stop(): Promise<void>;
}

export interface LocalClusterOptions {
  readonly nodes?: number;
  /** Settings for every node, over the cluster's own (LOG_LEVEL is warn unless set here). */
  readonly env?: Record<string, string>;
  /** The proxy's port; a free one otherwise. */
  readonly port?: number;
  /** Keeps Postgres's data here from one cluster to the next; a throwaway directory otherwise. */
  readonly postgresDataDir?: string;
  /** Every process in a group of its own, for a parent that stops the cluster in order on Ctrl-C (see WatchOptions). */
  readonly detached?: boolean;
  /** Called with what a node writes, as it writes it. */
  readonly onNodeOutput?: (id: string, text: string) => void;
}

/** `count` different free ports: a port just probed can be handed out again. */
async function freePorts(count: number): Promise<number[]> {
  const ports = new Set<number>();
  while (ports.size < count) ports.add(await freePort());
  return [...ports];
}

interface NodeSettings {
  readonly id: string;
  readonly port: number;
  readonly env: Record<string, string>;
  readonly detached: boolean;
  readonly onOutput?: (text: string) => void;
}

/** A node not started yet: start() launches it and resolves once it answers /readyz with 200. */
function clusterNode({ id, port, env, detached, onOutput }: NodeSettings): ClusterNode & { start(): Promise<void> } {
  const url = `http://127.0.0.1:${port}`;
  let current: WatchedProcess | undefined;
  const running = () => {
    if (!current) throw new Error(`${id} has not been started.`);
    return current;
  };
  const start = async () => {
    const server = (current = launchServer({ port, built: true, env: { ...env, NODE_ID: id }, watch: { detached, onOutput } }));
    await waitUntil(`${id} answers ${url}/readyz with 200`, async () => (await httpStatus(`${url}/readyz`)) === 200, { process: server });
  };
  return {
    id,
    url,
    port,
    get pid() {
      return running().child.pid!;
    },
    get exited() {
      return running().exited;
    },
    kill: (signal) => running().kill(signal),
    stop: (signal) => running().stop(signal),
    async restart() {
      await running().stop();
      await start();
    },
    output: () => running().output(),
    start,
  };
}

export async function startLocalCluster({ nodes: nodeCount = 3, env = {}, port, postgresDataDir, detached = false, onNodeOutput }: LocalClusterOptions = {}): Promise<LocalCluster> {
  if (!existsSync(BUILT_SERVER_ENTRY)) throw new Error(`No built server at ${BUILT_SERVER_ENTRY}: run \`npm run build\` first (\`npm test\` and \`npm run cluster\` do).`);
  // Each step that started something pushes how to undo it; they are undone last first.
  const teardown: Array<() => Promise<unknown>> = [];
  const stop = async () => {
    for (const undo of teardown.splice(0).reverse()) await undo();
  };
  try {
    const postgres = await startPostgres({ dataDir: postgresDataDir });
    teardown.push(postgres.stop);
    const redis = await startRedis({ detached });
    teardown.push(redis.stop);
    // The nodes keep everything in Postgres; each still gets a data directory of its own, as on separate machines.
    const dataRoot = mkdtempSync(join(tmpdir(), 'case-clinic-cluster-'));
    teardown.push(async () => rmSync(dataRoot, { recursive: true, force: true }));
    const nodes = (await freePorts(nodeCount)).map((nodePort, index) => {
      const id = `node-${index + 1}`;
      const dataDir = join(dataRoot, id);
      mkdirSync(dataDir);
      const nodeEnv = { DATABASE_URL: postgres.url, REDIS_URL: redis.url, TRUST_PROXY: '1', DATA_DIR: dataDir, LOG_LEVEL: 'warn', ...env };
      return clusterNode({ id, port: nodePort, env: nodeEnv, detached, onOutput: onNodeOutput && ((text) => onNodeOutput(id, text)) });
    });
    teardown.push(() => Promise.all(nodes.map((node) => node.stop())));
    await Promise.all(nodes.map((node) => node.start()));
    const proxy = await startHaproxy({ backends: nodes.map((node) => ({ name: node.id, port: node.port })), port, detached });
    teardown.push(proxy.stop);
    await waitUntil(`HAProxy at ${proxy.url} reaches a ready node`, async () => (await httpStatus(`${proxy.url}/readyz`)) === 200);
    return { url: proxy.url, postgresUrl: postgres.url, redisUrl: redis.url, nodes, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** As the cluster tests' global setup: installs what is missing before any test's time runs, as installing takes a while. */
export default function setup(): void {
  locatePostgres();
  locateRedisServer();
  locateHaproxy();
}
