/**
 * Records of schema 4, from before a format could name the case giver's seat: a crew's intro and
 * landing read as hosted, every other format as it was.
 */
import { describe, expect, it } from 'vitest';
import { initialContext } from '../../shared/clinicSteps.ts';
import { CREW_INTRO } from '../../shared/formats/crewIntro.ts';
import { CREW_LANDING } from '../../shared/formats/crewLanding.ts';
import { KOLLEGIALE_BERATUNG } from '../../shared/formats/kollegialeBeratung.ts';
import type { ClinicFormat } from '../../shared/formatSchema.ts';
import { seatHolderOf } from '../../shared/lineup.ts';
import { migrateStoredClinic } from '../../shared/storedClinicMigrations.ts';
import { STORED_CLINIC_VERSION } from '../../shared/storedClinicSchema.ts';
import { clinicRecord } from '../support/dataFiles.ts';

/** A record of `format` as schema 4 stored it: no seat named. */
function storedBySchema4(format: ClinicFormat): unknown {
  const { caseGiverSeat: _seat, ...withoutSeat } = format;
  // Without what later schemas added: the lineup's last change (6) and a crew session's week (7).
  const { lastLineupRevision: _mark, crewWeek: _week, ...record } = clinicRecord(`clinic-${format.id}`, 3, { progress: initialContext({ format: withoutSeat }) });
  return JSON.parse(JSON.stringify({ ...record, schemaVersion: 4 }));
}

describe('a clinic stored by schema 4', () => {
  it("reads a crew's intro and landing as hosted", () => {
    for (const format of [CREW_INTRO, CREW_LANDING]) {
      const read = migrateStoredClinic(storedBySchema4(format));
      expect(read.schemaVersion).toBe(STORED_CLINIC_VERSION);
      expect(seatHolderOf(read.progress), format.id).toBe('host');
    }
  });

  it('reads any other format as it was', () => {
    const stored = storedBySchema4(KOLLEGIALE_BERATUNG) as { progress: unknown };
    const read = migrateStoredClinic(stored);
    expect(read.progress).toEqual(stored.progress);
    expect(seatHolderOf(read.progress)).toBe('caseGiver');
  });
});
