/**
 * The app under the fan-out benchmark: createApp with the SQLite store on disk, as `main.ts` runs
 * it, logging only errors, and drained by SIGTERM as `main.ts` drains it. Its data directory is a
 * fresh one, removed at exit, unless the benchmark names one (the drain mode restarts the app on
 * the data it left). Or, for the benchmark's nodes mode, one node of a cluster as `main.ts` runs it
 * with DATABASE_URL and REDIS_URL set: the Postgres store, writing with the fencing tokens of the
 * clinic leases it holds in Redis, which also carries its broadcasts and calls to other nodes.
 * Every device of the benchmark comes from one loopback address, so the per-address limits are
 * lifted, and the facilitators' pace too, so the ceiling measures the server, not a policy.
 */
import { createApp, type ClinicApp } from '../../server/app.ts';
import { openRedisNetwork } from '../../server/cluster/redisNetwork.ts';
import { drainOnSignal } from '../../server/drainOnSignal.ts';
import { DEFAULT_LIMITS } from '../../server/limits.ts';
import { createLogger, errorLogOf, type Logger } from '../../server/logger.ts';
import { openPostgresStore } from '../../server/store/postgresClinicStore.ts';
import { openSqliteClinicStore } from '../../server/store/sqliteClinicStore.ts';
import { CLIENT_BUILD_DIR, makeDataDir } from '../support/servers.ts';
import { serveBenchmark } from './benchServer.ts';

const UNLIMITED = 1_000_000;

/** One node of a cluster: the shared Postgres and Redis, and its name among the nodes. */
export interface ClusterNodeSetup {
  readonly databaseUrl: string;
  readonly redisUrl: string;
  readonly nodeName: string;
}

export interface AppServerSetup {
  /** A data directory the benchmark keeps (and removes); a fresh one otherwise. */
  readonly dataDir?: string;
  /** A node of a cluster instead of one node on SQLite. */
  readonly cluster?: ClusterNodeSetup;
}

/** What a node carries now, and what went wrong on it so far. */
export interface NodeTally {
  readonly connections: number;
  /** The clinics it runs: in a cluster, those it owns. */
  readonly clinicsLive: number;
  /** A cluster node's errors by message, other nodes' names taken out. */
  readonly errorsLogged: Readonly<Record<string, number>>;
}

let app: ClinicApp | undefined;
const errorsLogged: Record<string, number> = {};

/**
 * Where a cluster node logs: each error is counted, and written out the first time its message
 * comes; an overloaded cluster can log the same one thousands of times a second.
 */
const countedLog = {
  write(line: string) {
    const message = String((JSON.parse(line) as { msg?: unknown }).msg).replace(/node-\d+\.[0-9a-f]+/g, 'node-N');
    if (errorsLogged[message] === undefined) process.stdout.write(line);
    errorsLogged[message] = (errorsLogged[message] ?? 0) + 1;
  },
};

serveBenchmark(
  async (setup: AppServerSetup) => {
    const logger = setup.cluster ? createLogger('error', countedLog) : createLogger('error');
    const { store, ...cluster } = setup.cluster ? await clusterNode(setup.cluster, logger) : { store: openSqliteClinicStore(setup.dataDir ?? fresh()) };
    app = createApp({
      store,
      notes: store,
      crews: store,
      ...cluster,
      clientDir: CLIENT_BUILD_DIR,
      logger,
      limits: { ...DEFAULT_LIMITS, eventBurst: UNLIMITED, eventsPerSecond: UNLIMITED, clinicsPerAddressPerHour: UNLIMITED, connectionsPerAddress: UNLIMITED },
    });
    drainOnSignal(app, logger);
    return app.listen(0);
  },
  { tally: (): NodeTally => ({ connections: app?.io.engine.clientsCount ?? 0, clinicsLive: app?.registry.liveCount ?? 0, errorsLogged }) },
);

async function clusterNode({ databaseUrl, redisUrl, nodeName }: ClusterNodeSetup, logger: Logger) {
  const network = await openRedisNetwork({ url: redisUrl, nodeName, log: errorLogOf(logger) });
  const store = await openPostgresStore({ url: databaseUrl, fenceOf: (clinicId) => network.ownership.fenceOf(clinicId) });
  return { store, network, claim: store.claim };
}

function fresh(): string {
  const { dataDir, remove } = makeDataDir();
  process.on('exit', remove);
  return dataDir;
}
