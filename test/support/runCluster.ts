/**
 * `npm run cluster`: a local cluster (localCluster.ts) to try by hand. Three nodes behind HAProxy
 * on PORT (8080 unless set; 0 picks a free one), Postgres keeping its data in data/cluster/postgres
 * from one run to the next, a throwaway Redis. Ctrl-C (or SIGTERM) stops it all in order.
 */
import { join } from 'node:path';
import { startLocalCluster, type LocalCluster } from './localCluster.ts';
import { PROJECT_ROOT } from './servers.ts';

const POSTGRES_DATA_DIR = join(PROJECT_ROOT, 'data/cluster/postgres');
const DEFAULT_PORT = 8080;

function proxyPort(raw: string | undefined): number {
  if (raw === undefined || raw === '') return DEFAULT_PORT;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) throw new Error(`PORT must be a port number, got "${raw}"`);
  return port;
}

/** Each line a node writes, headed with its id. */
const fromNode = (id: string, text: string) => process.stdout.write(text.replace(/^(?=.)/gm, `[${id}] `));

let cluster: LocalCluster | undefined;
let stopping = false;
async function stopAndExit(): Promise<never> {
  console.log('Stopping the cluster...');
  await cluster?.stop();
  process.exit(0);
}
// The processes are in groups of their own, so Ctrl-C reaches only this one, which stops them in order:
// the proxy, the nodes (each drains), Redis, Postgres. A signal during the start waits for it to end.
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    if (cluster) void stopAndExit();
  });
}

try {
  const port = proxyPort(process.env.PORT);
  console.log('Starting Postgres, Redis, three nodes and HAProxy...');
  cluster = await startLocalCluster({ port: port === 0 ? undefined : port, postgresDataDir: POSTGRES_DATA_DIR, detached: true, onNodeOutput: fromNode });
} catch (error) {
  console.error(`The cluster could not start: ${(error as Error).message}`);
  process.exit(1);
}
if (stopping) await stopAndExit();
console.log(`
Case Clinic runs on ${cluster.url} (HAProxy, each clinic's devices to one node by its route key)
${cluster.nodes.map((node) => `  ${node.id}  ${node.url}`).join('\n')}
  Postgres ${cluster.postgresUrl} (data in ${POSTGRES_DATA_DIR})
  Redis    ${cluster.redisUrl}
Ctrl-C stops it all.`);
