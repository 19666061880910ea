/** Starts Case Clinic with settings from the environment (see README: Configuration). */
import { createApp } from './app.ts';
import { readConfig } from './config.ts';
import { drainOnSignal } from './drainOnSignal.ts';
import { createLogger, errorLogOf } from './logger.ts';
import { standaloneNetwork } from './nodeNetwork.ts';
import { openStore } from './store/openStore.ts';

const config = readConfig();
const logger = createLogger(config.logLevel);
// In a cluster the Redis client is loaded; one node alone never loads it.
const network = config.redisUrl
  ? await (await import('./cluster/redisNetwork.ts')).openRedisNetwork({ url: config.redisUrl, nodeName: config.nodeName, log: errorLogOf(logger) })
  : standaloneNetwork();
const store = await openStore(config, config.redisUrl ? (clinicId) => network.ownership.fenceOf(clinicId) : undefined);
const app = createApp({
  store,
  notes: store,
  crews: store,
  claim: config.redisUrl ? store.claim : undefined,
  network,
  clientDir: config.clientDir,
  allowedOrigins: config.allowedOrigins,
  retention: config.retention,
  crewRetentionDays: config.crewRetentionDays,
  trustedProxies: config.trustedProxies,
  logger,
});
const port = await app.listen(config.port, config.host);
// Tests read the address from this message when they start the server on port 0.
logger.info({ host: config.host, port, node: network.nodeId }, `Case Clinic listening on http://${config.host}:${port}`);

drainOnSignal(app, logger);
