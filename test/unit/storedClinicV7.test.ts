/**
 * Records of schema 6, from before a crew session's week was kept apart from its crew's name: the
 * title they were given reads whole, in the words it was saved in, with no week to add to it.
 */
import { describe, expect, it } from 'vitest';
import { clinicStateOf } from '../../server/room/clinicProjection.ts';
import { migrateStoredClinic } from '../../shared/storedClinicMigrations.ts';
import { STORED_CLINIC_VERSION } from '../../shared/storedClinicSchema.ts';
import { clinicRecord } from '../support/dataFiles.ts';

function storedBySchema6(title: string | null): Record<string, unknown> {
  const { crewWeek: _week, ...record } = clinicRecord('clinic-of-schema-6', 4, { title });
  return JSON.parse(JSON.stringify({ ...record, schemaVersion: 6 }));
}

describe('a clinic stored by schema 6', () => {
  it("keeps a crew session's English title whole, with no week apart", () => {
    const stored = storedBySchema6('Tuesday crew: week 2');
    const read = migrateStoredClinic(stored);
    expect(read.schemaVersion).toBe(STORED_CLINIC_VERSION);
    expect(read.crewWeek).toBeNull();
    expect({ ...read, schemaVersion: 6, crewWeek: undefined }).toEqual(stored);
    expect(clinicStateOf(read, () => false)).toMatchObject({ title: 'Tuesday crew: week 2', crewWeek: null });
  });

  it('reads an untitled clinic as untitled', () => {
    expect(migrateStoredClinic(storedBySchema6(null))).toMatchObject({ title: null, crewWeek: null });
  });
});
