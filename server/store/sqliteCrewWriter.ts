/**
 * The writer thread's crew statements (sqliteWriter.ts runs them): crews as rows holding their
 * versioned record as JSON, a compare-and-set on the revision, and the clinics their sessions ran
 * as, which are deleted with them.
 */
import type Database from 'better-sqlite3';
import type { ExpiredCrews, PairingCodeRow } from './crewStore.ts';
import type { CrewSaveRequest } from './storeRequests.ts';

/** `forgetClinicRows` deletes what hangs off a clinic besides its row (notes and keys). */
export function crewStatements(db: Database.Database, forgetClinicRows: (clinicId: string) => void) {
  const selectCrew = db.prepare<[string], { record: string }>('SELECT record FROM crews WHERE id = ?');
  const insertCrew = db.prepare<[string, string, number, number]>(
    'INSERT INTO crews (id, record, revision, last_session_at) VALUES (?, ?, ?, ?) ON CONFLICT (id) DO NOTHING',
  );
  const updateCrew = db.prepare<[string, number, number, string, number]>(
    'UPDATE crews SET record = ?, revision = ?, last_session_at = ? WHERE id = ? AND revision = ?',
  );
  const linkClinic = db.prepare<[string, string]>('UPDATE clinics SET crew_id = ? WHERE id = ?');
  const selectCrewOf = db.prepare<[string], { crew_id: string | null }>('SELECT crew_id FROM clinics WHERE id = ?');
  const deleteClinicsOf = db.prepare<[string], { id: string }>('DELETE FROM clinics WHERE crew_id = ? RETURNING id');
  const deleteCrewRow = db.prepare<[string]>('DELETE FROM crews WHERE id = ?');
  const selectExpired = db.prepare<[number], { id: string }>('SELECT id FROM crews WHERE last_session_at < ?');
  const insertCode = db.prepare<[string, string, string, number, number]>(
    'INSERT INTO crew_pairing_codes (code_hash, crew_id, member_id, expires_at, replaces_devices) VALUES (?, ?, ?, ?, ?)',
  );
  const dropExpiredCodes = db.prepare<[number]>('DELETE FROM crew_pairing_codes WHERE expires_at <= ?');
  const takeCode = db.prepare<[string, string], { member_id: string; expires_at: number; replaces_devices: number }>(
    'DELETE FROM crew_pairing_codes WHERE code_hash = ? AND crew_id = ? RETURNING member_id, expires_at, replaces_devices',
  );
  const deleteCodesOf = db.prepare<[string]>('DELETE FROM crew_pairing_codes WHERE crew_id = ?');

  const deleteCrew = db.transaction((crewId: string): string[] => {
    deleteCrewRow.run(crewId);
    deleteCodesOf.run(crewId);
    const clinicIds = deleteClinicsOf.all(crewId).map((row) => row.id);
    clinicIds.forEach(forgetClinicRows);
    return clinicIds;
  });

  return {
    loadCrew: (crewId: string): string | null => selectCrew.get(crewId)?.record ?? null,
    saveCrew(save: CrewSaveRequest): boolean {
      const { changes } =
        save.expectedRevision === null
          ? insertCrew.run(save.crewId, save.record, save.revision, save.lastSessionAt)
          : updateCrew.run(save.record, save.revision, save.lastSessionAt, save.crewId, save.expectedRevision);
      return changes === 1;
    },
    addPairingCode: ({ codeHash, crewId, memberId, expiresAt, replacesDevices }: PairingCodeRow) => {
      insertCode.run(codeHash, crewId, memberId, expiresAt, replacesDevices ? 1 : 0);
    },
    redeemPairingCode: db.transaction((crewId: string, codeHash: string, now: number): PairingCodeRow | null => {
      dropExpiredCodes.run(now);
      const row = takeCode.get(codeHash, crewId);
      return row ? { crewId, codeHash, memberId: row.member_id, expiresAt: row.expires_at, replacesDevices: row.replaces_devices === 1 } : null;
    }),
    linkClinic: (clinicId: string, crewId: string): boolean => linkClinic.run(crewId, clinicId).changes === 1,
    crewOfClinic: (clinicId: string): string | null => selectCrewOf.get(clinicId)?.crew_id ?? null,
    deleteCrew,
    deleteExpiredCrews: db.transaction((lastSessionBefore: number): ExpiredCrews => {
      const crewIds = selectExpired.all(lastSessionBefore).map((row) => row.id);
      return { crewIds, clinicIds: crewIds.flatMap((crewId) => deleteCrew(crewId)) };
    }),
  };
}
