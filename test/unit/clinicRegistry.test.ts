/**
 * The registry of the clinics this node runs, on one node with an in-memory store and fake timers:
 * nothing is left running when a clinic cannot be set up.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ClinicRegistry } from '../../server/clinicRegistry.ts';
import { standaloneNetwork } from '../../server/nodeNetwork.ts';
import { RESAVE_AFTER_FAILED_SAVE_MS } from '../../server/room/commitLog.ts';
import type { ClinicStore } from '../../server/store/clinicStore.ts';
import { CLASSIC } from '../../shared/formats/classic.ts';
import { memoryClinicStore } from '../support/memoryClinicStore.ts';

const DAY_MS = 24 * 3_600_000;

beforeEach(() => {
  vi.useFakeTimers();
});

afterEach(() => {
  vi.useRealTimers();
});

function registryOn(store: ClinicStore) {
  return new ClinicRegistry({
    store,
    network: standaloneNetwork(),
    now: () => Date.now(),
    log: () => undefined,
    broadcast: () => undefined,
    sendAsides: () => undefined,
    anySocketElsewhere: async () => false,
    dismiss: () => undefined,
    retention: { afterCloseMs: DAY_MS, afterInactivityMs: 7 * DAY_MS },
    announceDeleted: () => undefined,
    letGoOfNewClinics: false,
  });
}

describe('the clinics a node runs', () => {
  it('leaves nothing running of a crew session whose seating could not be saved', async () => {
    const memory = memoryClinicStore();
    let attempts = 0;
    // The new clinic is saved; its seating, the first record with people in it, never is.
    const store: ClinicStore = {
      ...memory,
      save: (record, expectedRevision) => {
        attempts += 1;
        return record.participants.length > 0 ? Promise.reject(new Error('disk full')) : memory.save(record, expectedRevision);
      },
    };
    const registry = registryOn(store);
    const seating = { people: [{ id: 'orla', name: 'Orla' }, { id: 'ben', name: 'Ben' }, { id: 'cleo', name: 'Cleo' }], caseGiverIds: ['orla'], facilitatorId: 'ben' };
    await expect(registry.create({ format: CLASSIC, title: 'Week 2' }, seating)).rejects.toThrow('disk full');
    const attemptsWhenRefused = attempts;
    await vi.advanceTimersByTimeAsync(5 * RESAVE_AFTER_FAILED_SAVE_MS);
    expect(attempts).toBe(attemptsWhenRefused);
  });
});
