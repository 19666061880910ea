/** Starts Case Clinic with settings from the environment (see README: Configuration). */
import { createApp } from './app.ts';
import { readConfig } from './config.ts';
import { openSqliteClinicStore } from './store/sqliteClinicStore.ts';

const config = readConfig();
const app = createApp({
  store: openSqliteClinicStore(config.dataDir),
  clientDir: config.clientDir,
  allowedOrigins: config.allowedOrigins,
  retention: config.retention,
  trustedProxies: config.trustedProxies,
});
const port = await app.listen(config.port, config.host);
// Tests read the port from this line when they start the server on port 0.
console.log(`Case Clinic listening on http://${config.host}:${port}`);

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    app.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  });
}
