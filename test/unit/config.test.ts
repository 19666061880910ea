/** Which store the environment picks: Postgres at DATABASE_URL, or the embedded SQLite file in DATA_DIR. */
import { describe, expect, it } from 'vitest';
import { readConfig } from '../../server/config.ts';

describe('the store a server runs on', () => {
  it('is SQLite in DATA_DIR when DATABASE_URL is unset or empty, as the quick start runs', () => {
    expect(readConfig({ DATA_DIR: '/srv/clinic' })).toMatchObject({ dataDir: '/srv/clinic', databaseUrl: null });
    expect(readConfig({ DATABASE_URL: '' }).databaseUrl).toBeNull();
  });

  it('is Postgres at DATABASE_URL', () => {
    expect(readConfig({ DATABASE_URL: 'postgres://clinic@db.internal:5433/clinic' }).databaseUrl).toBe('postgres://clinic@db.internal:5433/clinic');
    expect(readConfig({ DATABASE_URL: 'postgresql://clinic@db.internal/clinic' }).databaseUrl).toBe('postgresql://clinic@db.internal/clinic');
  });

  it('refuses a DATABASE_URL that is not a Postgres address, without echoing it (it may hold a password)', () => {
    expect(() => readConfig({ DATABASE_URL: 'mysql://root:hunter2@db/clinic' })).toThrow(/^DATABASE_URL must be a postgres:\/\/ or postgresql:\/\/ address$/);
  });
});
