/**
 * Which failures of a Postgres write surely left it undone: Postgres answered with an error of its
 * own. A connection lost or ended without an answer may have committed first.
 */
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { OutcomeUnknownError } from '../../server/store/clinicStore.ts';
import { postgresCrewStore } from '../../server/store/postgresCrewStore.ts';
import { refusedByPostgres } from '../../server/store/postgresPool.ts';
import type { StoredCrew } from '../../shared/crewSchema.ts';

/** An error as Postgres sends it, with its SQLSTATE. */
const fromPostgres = (code: string) => Object.assign(new pg.DatabaseError('failed', 0, 'error'), { code });
/** An error of the connection, as Node gives it. */
const fromSocket = (code: string) => Object.assign(new Error('failed'), { code });

describe('a failed Postgres write', () => {
  it('surely did not land when Postgres refused it: a constraint, bad data, a conflict, a deadlock', () => {
    for (const code of ['23505', '22P02', '40001', '40P01', '42P01']) expect(refusedByPostgres(fromPostgres(code)), code).toBe(true);
  });

  it('may have landed when the connection was lost, the server shut down or the statement was cut off', () => {
    for (const code of ['08006', '08003', '57P01', '57014']) expect(refusedByPostgres(fromPostgres(code)), code).toBe(false);
    for (const code of ['ECONNRESET', 'EPIPE', 'ETIMEDOUT']) expect(refusedByPostgres(fromSocket(code)), code).toBe(false);
    expect(refusedByPostgres(new Error('Connection terminated unexpectedly'))).toBe(false);
    expect(refusedByPostgres(null)).toBe(false);
  });
});

describe("a crew's save that failed", () => {
  /** The crew store over a pool whose every query fails with `error`. */
  const saveFailingWith = (error: Error) =>
    postgresCrewStore({ query: () => Promise.reject(error) } as unknown as pg.Pool).saveCrew({ id: 'crew-1', revision: 3 } as StoredCrew, 2, 0);

  it('is reported as not known when the connection was lost, so the change is not invited twice', async () => {
    await expect(saveFailingWith(new Error('Connection terminated unexpectedly'))).rejects.toBeInstanceOf(OutcomeUnknownError);
    await expect(saveFailingWith(fromPostgres('57P01'))).rejects.toBeInstanceOf(OutcomeUnknownError);
  });

  it('is reported as Postgres refused it otherwise', async () => {
    const refused = fromPostgres('23505');
    await expect(saveFailingWith(refused)).rejects.toBe(refused);
  });
});
