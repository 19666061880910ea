/**
 * Records of schema 5, from before the lineup's last change was marked: read as they were, with
 * no coach or round order in flight across the upgrade refused for it.
 */
import { describe, expect, it } from 'vitest';
import { stalenessOf } from '../../server/room/staleCommands.ts';
import { migrateStoredClinic } from '../../shared/storedClinicMigrations.ts';
import { STORED_CLINIC_VERSION } from '../../shared/storedClinicSchema.ts';
import { clinicRecord } from '../support/dataFiles.ts';

function storedBySchema5(): Record<string, unknown> {
  const { lastLineupRevision: _mark, crewWeek: _week, ...record } = clinicRecord('clinic-of-schema-5', 12, { lastCommandRevision: 9 });
  return JSON.parse(JSON.stringify({ ...record, schemaVersion: 5 }));
}

describe('a clinic stored by schema 5', () => {
  it('reads as it was, its lineup last changed at no known revision', () => {
    const stored = storedBySchema5();
    const read = migrateStoredClinic(stored);
    expect(read.schemaVersion).toBe(STORED_CLINIC_VERSION);
    expect(read.lastLineupRevision).toBe(0);
    expect({ ...read, schemaVersion: 5, lastLineupRevision: undefined, crewWeek: undefined }).toEqual({ ...stored, lastLineupRevision: undefined });
  });

  it('takes an order made against an older revision, and still refuses an older move', () => {
    const read = migrateStoredClinic(storedBySchema5());
    expect(stalenessOf(read, { type: 'SET_COACH_ORDER', coachIds: ['participant-1'] }, 3)).toBeNull();
    expect(stalenessOf(read, { type: 'NEXT_PHASE' }, 3)).toBe('STALE_COMMAND');
  });
});
