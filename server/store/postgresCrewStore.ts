/**
 * Crews in Postgres: rows holding their versioned record as JSON text, a compare-and-set on the
 * revision, pairing codes kept as hashes, and the clinics their sessions ran as, deleted with them.
 */
import type pg from 'pg';
import { StaleWriteError } from './clinicStore.ts';
import type { CrewStore } from './crewStore.ts';
import { inTransaction, STORE_TABLES, vacuum, writeFailure } from './postgresPool.ts';
import { crewFromText } from './storedRecords.ts';

/** Deletes the crews, their codes and their clinics (whose notes and keys go with them). */
async function deleteCrews(client: pg.PoolClient, crewIds: readonly string[]): Promise<string[]> {
  await client.query('DELETE FROM crews WHERE id = ANY($1)', [crewIds]);
  await client.query('DELETE FROM crew_pairing_codes WHERE crew_id = ANY($1)', [crewIds]);
  const { rows } = await client.query<{ id: string }>('DELETE FROM clinics WHERE crew_id = ANY($1) RETURNING id', [crewIds]);
  return rows.map((row) => row.id);
}

export function postgresCrewStore(pool: pg.Pool): CrewStore {
  return {
    async loadCrew(crewId) {
      const { rows } = await pool.query<{ record: string }>('SELECT record FROM crews WHERE id = $1', [crewId]);
      return crewFromText(rows[0]?.record ?? null);
    },
    async saveCrew(record, expectedRevision, lastSessionAt) {
      const text = JSON.stringify(record);
      const written =
        expectedRevision === null
          ? pool.query('INSERT INTO crews (id, record, revision, last_session_at) VALUES ($1, $2, $3, $4) ON CONFLICT (id) DO NOTHING', [record.id, text, record.revision, lastSessionAt])
          : pool.query('UPDATE crews SET record = $2, revision = $3, last_session_at = $4 WHERE id = $1 AND revision = $5', [
              record.id,
              text,
              record.revision,
              lastSessionAt,
              expectedRevision,
            ]);
      const { rowCount } = await written.catch((error: unknown) => {
        throw writeFailure(error);
      });
      if (rowCount !== 1) throw new StaleWriteError(record.id, expectedRevision, 'Crew');
    },
    async addPairingCode({ codeHash, crewId, memberId, expiresAt, replacesDevices }) {
      await pool.query('INSERT INTO crew_pairing_codes (code_hash, crew_id, member_id, expires_at, replaces_devices) VALUES ($1, $2, $3, $4, $5)', [
        codeHash,
        crewId,
        memberId,
        expiresAt,
        replacesDevices,
      ]);
    },
    async redeemPairingCode(crewId, codeHash, now) {
      // Expired codes go, and the one asked for is taken if still valid: two deletes of disjoint rows.
      const { rows } = await pool.query<{ member_id: string; expires_at: number; replaces_devices: boolean }>(
        `WITH expired AS (DELETE FROM crew_pairing_codes WHERE expires_at <= $3)
         DELETE FROM crew_pairing_codes WHERE code_hash = $1 AND crew_id = $2 AND expires_at > $3 RETURNING member_id, expires_at, replaces_devices`,
        [codeHash, crewId, now],
      );
      const row = rows[0];
      return row ? { crewId, codeHash, memberId: row.member_id, expiresAt: row.expires_at, replacesDevices: row.replaces_devices } : null;
    },
    async linkClinic(clinicId, crewId) {
      const { rowCount } = await pool.query('UPDATE clinics SET crew_id = $1 WHERE id = $2', [crewId, clinicId]);
      return rowCount === 1;
    },
    async crewOfClinic(clinicId) {
      const { rows } = await pool.query<{ crew_id: string | null }>('SELECT crew_id FROM clinics WHERE id = $1', [clinicId]);
      return rows[0]?.crew_id ?? null;
    },
    async deleteCrew(crewId) {
      const clinicIds = await inTransaction(pool, (client) => deleteCrews(client, [crewId]));
      await vacuum(pool, STORE_TABLES);
      return clinicIds;
    },
    async deleteExpiredCrews(lastSessionBefore) {
      const expired = await inTransaction(pool, async (client) => {
        const { rows } = await client.query<{ id: string }>('SELECT id FROM crews WHERE last_session_at < $1 FOR UPDATE', [lastSessionBefore]);
        const crewIds = rows.map((row) => row.id);
        return { crewIds, clinicIds: crewIds.length === 0 ? [] : await deleteCrews(client, crewIds) };
      });
      if (expired.crewIds.length > 0) await vacuum(pool, STORE_TABLES);
      return expired;
    },
    forgetOverwritten: () => vacuum(pool, STORE_TABLES),
  };
}
