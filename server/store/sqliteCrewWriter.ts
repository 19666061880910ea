/**
 * The writer thread's crew statements (sqliteWriter.ts runs them): crews as rows holding their
 * versioned record as JSON, a compare-and-set on the revision, and the clinics their sessions ran
 * as, which are deleted with them.
 */
import type Database from 'better-sqlite3';
import type { ExpiredCrews } from './crewStore.ts';
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

  const deleteCrew = db.transaction((crewId: string): string[] => {
    deleteCrewRow.run(crewId);
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
    linkClinic: (clinicId: string, crewId: string): boolean => linkClinic.run(crewId, clinicId).changes === 1,
    crewOfClinic: (clinicId: string): string | null => selectCrewOf.get(clinicId)?.crew_id ?? null,
    deleteCrew,
    deleteExpiredCrews: db.transaction((lastSessionBefore: number): ExpiredCrews => {
      const crewIds = selectExpired.all(lastSessionBefore).map((row) => row.id);
      return { crewIds, clinicIds: crewIds.flatMap((crewId) => deleteCrew(crewId)) };
    }),
  };
}
