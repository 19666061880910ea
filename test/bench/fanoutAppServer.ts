/**
 * The app under the fan-out benchmark: createApp with the SQLite store on a fresh data directory
 * on disk, as `main.ts` runs it, logging only errors. Every device of the benchmark comes from one
 * loopback address, so the per-address limits are lifted, and the facilitators' pace too, so the
 * ceiling measures the server, not a policy.
 */
import { createApp } from '../../server/app.ts';
import { DEFAULT_LIMITS } from '../../server/limits.ts';
import { createLogger } from '../../server/logger.ts';
import { openSqliteClinicStore } from '../../server/store/sqliteClinicStore.ts';
import { CLIENT_BUILD_DIR, makeDataDir } from '../support/servers.ts';
import { serveBenchmark } from './benchServer.ts';

const UNLIMITED = 1_000_000;

const { dataDir, remove } = makeDataDir();
process.on('exit', remove);
const store = openSqliteClinicStore(dataDir);
const app = createApp({
  store,
  notes: store,
  crews: store,
  clientDir: CLIENT_BUILD_DIR,
  logger: createLogger('error'),
  limits: { ...DEFAULT_LIMITS, eventBurst: UNLIMITED, eventsPerSecond: UNLIMITED, clinicsPerAddressPerHour: UNLIMITED, connectionsPerAddress: UNLIMITED },
});
serveBenchmark(() => app.listen(0));
