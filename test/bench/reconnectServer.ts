/**
 * The app under the reconnect benchmark, as `fanoutAppServer.ts` runs it (SQLite on disk, the
 * per-address limits lifted), but from the source tree it is told to load (this checkout, or an
 * earlier commit's, for the baseline), with its store's saves counted on the way in.
 */
import type * as AppModule from '../../server/app.ts';
import type * as LimitsModule from '../../server/limits.ts';
import type * as LoggerModule from '../../server/logger.ts';
import type * as SqliteStoreModule from '../../server/store/sqliteClinicStore.ts';
import { CLIENT_BUILD_DIR, makeDataDir } from '../support/servers.ts';
import { importFrom } from './baselineTree.ts';
import { serveBenchmark } from './benchServer.ts';

const UNLIMITED = 1_000_000;

let saves = 0;

async function listen({ sourceRoot }: { sourceRoot: string }): Promise<number> {
  const [{ createApp }, { DEFAULT_LIMITS }, { createLogger }, { openSqliteClinicStore }] = await Promise.all([
    importFrom<typeof AppModule>(sourceRoot, 'server/app.ts'),
    importFrom<typeof LimitsModule>(sourceRoot, 'server/limits.ts'),
    importFrom<typeof LoggerModule>(sourceRoot, 'server/logger.ts'),
    importFrom<typeof SqliteStoreModule>(sourceRoot, 'server/store/sqliteClinicStore.ts'),
  ]);
  const { dataDir, remove } = makeDataDir();
  process.on('exit', remove);
  const store = openSqliteClinicStore(dataDir);
  const counted: typeof store = {
    ...store,
    save: (record, expectedRevision) => {
      saves += 1;
      return store.save(record, expectedRevision);
    },
  };
  const app = createApp({
    store: counted,
    notes: store,
    crews: store,
    clientDir: CLIENT_BUILD_DIR,
    logger: createLogger('error'),
    limits: { ...DEFAULT_LIMITS, eventBurst: UNLIMITED, eventsPerSecond: UNLIMITED, clinicsPerAddressPerHour: UNLIMITED, connectionsPerAddress: UNLIMITED },
  });
  return app.listen(0);
}

serveBenchmark(listen, { saves: () => saves });
