/**
 * The app under the fan-out benchmark: createApp with the SQLite store on disk, as `main.ts` runs
 * it, logging only errors, and drained by SIGTERM as `main.ts` drains it. Its data directory is a
 * fresh one, removed at exit, unless the benchmark names one (the drain mode restarts the app on
 * the data it left). Every device of the benchmark comes from one loopback address, so the
 * per-address limits are lifted, and the facilitators' pace too, so the ceiling measures the
 * server, not a policy.
 */
import { createApp } from '../../server/app.ts';
import { drainOnSignal } from '../../server/drainOnSignal.ts';
import { DEFAULT_LIMITS } from '../../server/limits.ts';
import { createLogger } from '../../server/logger.ts';
import { openSqliteClinicStore } from '../../server/store/sqliteClinicStore.ts';
import { CLIENT_BUILD_DIR, makeDataDir } from '../support/servers.ts';
import { serveBenchmark } from './benchServer.ts';

const UNLIMITED = 1_000_000;

export interface AppServerSetup {
  /** A data directory the benchmark keeps (and removes); a fresh one otherwise. */
  readonly dataDir?: string;
}

serveBenchmark((setup: AppServerSetup) => {
  const dataDir = setup.dataDir ?? fresh();
  const store = openSqliteClinicStore(dataDir);
  const logger = createLogger('error');
  const app = createApp({
    store,
    notes: store,
    crews: store,
    clientDir: CLIENT_BUILD_DIR,
    logger,
    limits: { ...DEFAULT_LIMITS, eventBurst: UNLIMITED, eventsPerSecond: UNLIMITED, clinicsPerAddressPerHour: UNLIMITED, connectionsPerAddress: UNLIMITED },
  });
  drainOnSignal(app, logger);
  return app.listen(0);
});

function fresh(): string {
  const { dataDir, remove } = makeDataDir();
  process.on('exit', remove);
  return dataDir;
}
