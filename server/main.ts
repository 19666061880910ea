/** Starts Case Clinic with settings from the environment (see README: Configuration). */
import { createApp } from './app.ts';
import { readConfig } from './config.ts';
import { createLogger } from './logger.ts';
import { openSqliteClinicStore } from './store/sqliteClinicStore.ts';

/** Past this, a drain that still has not finished is given up (within the usual 30 s grace of an orchestrator). */
const DRAIN_LIMIT_MS = 20_000;

const config = readConfig();
const logger = createLogger(config.logLevel);
const store = openSqliteClinicStore(config.dataDir);
const app = createApp({
  store,
  notes: store,
  crews: store,
  clientDir: config.clientDir,
  allowedOrigins: config.allowedOrigins,
  retention: config.retention,
  crewRetentionDays: config.crewRetentionDays,
  trustedProxies: config.trustedProxies,
  logger,
});
const port = await app.listen(config.port, config.host);
// Tests read the address from this message when they start the server on port 0.
logger.info({ host: config.host, port }, `Case Clinic listening on http://${config.host}:${port}`);

let draining = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (draining) return;
    draining = true;
    const started = performance.now();
    logger.info({ signal }, 'draining');
    setTimeout(() => {
      logger.error({ limitMs: DRAIN_LIMIT_MS }, 'drain did not finish in time; exiting');
      process.exit(1);
    }, DRAIN_LIMIT_MS).unref();
    app.close().then(
      () => {
        logger.info({ ms: Math.round(performance.now() - started) }, 'drained');
        process.exit(0);
      },
      (error: unknown) => {
        logger.error({ err: error }, 'drain failed');
        process.exit(1);
      },
    );
  });
}
