/**
 * What only the Postgres store does: the fencing token every clinic save carries, checked in the
 * same UPDATE as the revision, so a node that lost its claim can never write, even before the new
 * owner has saved anything; and its tables' migrations, applied once however many nodes start
 * together, each in a transaction of its own.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { FencedOffError, StaleWriteError } from '../../server/store/clinicStore.ts';
import { openPostgresStore, type PostgresStore } from '../../server/store/postgresClinicStore.ts';
import { migratePostgres, POSTGRES_MIGRATIONS } from '../../server/store/postgresMigrations.ts';
import { openPool } from '../../server/store/postgresPool.ts';
import { clinicRecord } from '../support/dataFiles.ts';
import { makeDataDir } from '../support/servers.ts';
import { postgresUrlFor, rawQuery } from '../support/testStores.ts';

const cleanups: Array<() => Promise<void> | void> = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function freshDatabase() {
  const { dataDir, remove } = makeDataDir();
  cleanups.push(remove);
  return { dataDir, url: await postgresUrlFor(dataDir) };
}

/** A node writing with the fencing token its claim on the clinic gave it. */
async function nodeWithFence(url: string, fence: number): Promise<PostgresStore> {
  const store = await openPostgresStore({ url, fenceOf: () => fence });
  cleanups.push(() => store.close());
  return store;
}

describe('fencing', () => {
  it('refuses every write of a node whose claim was taken over, before and after the new owner saves', async () => {
    const { url } = await freshDatabase();
    const [lost, owner] = [await nodeWithFence(url, 1), await nodeWithFence(url, 2)];
    await lost.save(clinicRecord('clinic-fenced', 1), null);
    await lost.save(clinicRecord('clinic-fenced', 2), 1);

    // The new owner has only claimed the clinic: the old one's next save, at the right revision, fails.
    await owner.claim('clinic-fenced');
    const refused = lost.save(clinicRecord('clinic-fenced', 3, { title: 'From the node that lost it' }), 2);
    await expect(refused).rejects.toThrow(FencedOffError);
    await expect(refused).rejects.toThrow('Clinic clinic-fenced is claimed with fencing token 2; a write with 1 is refused');
    await owner.save(clinicRecord('clinic-fenced', 3, { title: 'From the owner' }), 2);
    await expect(lost.save(clinicRecord('clinic-fenced', 4), 3)).rejects.toThrow(FencedOffError);
    await expect(lost.claim('clinic-fenced')).rejects.toThrow(FencedOffError);
    expect(await owner.load('clinic-fenced')).toMatchObject({ revision: 3, title: 'From the owner' });
  });

  it('tells a stale revision from a lost claim, and lets a claim on a clinic not stored yet pass', async () => {
    const { url } = await freshDatabase();
    const [first, later] = [await nodeWithFence(url, 5), await nodeWithFence(url, 7)];
    await first.claim('clinic-new');
    await first.save(clinicRecord('clinic-new', 1), null);
    await expect(first.save(clinicRecord('clinic-new', 2), 0)).rejects.toThrow(StaleWriteError);
    // A save raises the stored token as a claim does: the first save of the later node fences off the first.
    await later.save(clinicRecord('clinic-new', 2), 1);
    await expect(first.save(clinicRecord('clinic-new', 3), 2)).rejects.toThrow(FencedOffError);
    await expect(first.save(clinicRecord('clinic-new', 1), null)).rejects.toThrow(FencedOffError);
  });

  it('lets one node alone, with no token, write by the revision only', async () => {
    const { url } = await freshDatabase();
    const store = await openPostgresStore({ url });
    cleanups.push(() => store.close());
    await store.save(clinicRecord('clinic-alone', 1), null);
    await store.claim('clinic-alone');
    await store.save(clinicRecord('clinic-alone', 2), 1);
    expect(await store.load('clinic-alone')).toMatchObject({ revision: 2 });
  });
});

describe('migrations', () => {
  it('are applied once, each recorded, when several nodes start together on an empty database', async () => {
    const { dataDir, url } = await freshDatabase();
    const stores = await Promise.all(Array.from({ length: 4 }, () => openPostgresStore({ url, maxConnections: 2 })));
    cleanups.push(() => Promise.all(stores.map((store) => store.close())).then(() => undefined));
    const versions = await rawQuery('postgres', dataDir, 'SELECT version FROM schema_migrations ORDER BY version');
    expect(versions).toEqual(POSTGRES_MIGRATIONS.map((_sql, index) => ({ version: index + 1 })));
    await stores[0]!.save(clinicRecord('clinic-after-start', 1), null);
    expect(await stores[3]!.load('clinic-after-start')).toMatchObject({ revision: 1 });
  });

  it('leave nothing of a migration that fails, and name it', async () => {
    const { dataDir, url } = await freshDatabase();
    const pool = openPool(url, 1);
    cleanups.push(() => pool.end());
    expect(await migratePostgres(pool)).toEqual(POSTGRES_MIGRATIONS.map((_sql, index) => index + 1));
    expect(await migratePostgres(pool)).toEqual([]);
    const broken = [...POSTGRES_MIGRATIONS, 'CREATE TABLE half_done (id text); SELECT 1 / 0'];
    await expect(migratePostgres(pool, broken)).rejects.toThrow(`Postgres migration ${broken.length} failed: division by zero`);
    expect(await rawQuery('postgres', dataDir, "SELECT to_regclass('half_done') AS half_done, max(version) AS version FROM schema_migrations")).toEqual([
      { half_done: null, version: POSTGRES_MIGRATIONS.length },
    ]);
  });
});
