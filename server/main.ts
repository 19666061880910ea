/** Starts Case Clinic with settings from the environment (see README: Configuration). */
import { createApp } from './app.ts';
import { readConfig } from './config.ts';
import { drainOnSignal } from './drainOnSignal.ts';
import { createLogger } from './logger.ts';
import { openStore } from './store/openStore.ts';

const config = readConfig();
const logger = createLogger(config.logLevel);
const store = await openStore(config);
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

drainOnSignal(app, logger);
