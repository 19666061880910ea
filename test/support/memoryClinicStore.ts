/** A clinic store in memory for unit tests, whose saves can be made to fail. */
import { OutcomeUnknownError, StaleWriteError, type ClinicStore } from '../../server/store/clinicStore.ts';
import type { StoredClinic } from '../../shared/storedClinicSchema.ts';

/**
 * Keeps records in memory; the next `failures` saves fail, as on a full disk; the next
 * `landsThenFails` land but report failing, as a store that cannot tell a connection dropped after
 * the commit; the next `landsUnknown` land but report their outcome as not known. `hold` keeps
 * the saves that arrive from then on in flight until it is released.
 */
export function memoryClinicStore() {
  const records = new Map<string, StoredClinic>();
  let held: { readonly reached: () => void; readonly released: Promise<void> } | null = null;
  const store = {
    /** Saves asked for, failed or not. */
    saves: 0,
    failures: 0,
    landsThenFails: 0,
    landsUnknown: 0,
    stored: (id: string) => records.get(id),
    load: async (id: string) => records.get(id) ?? null,
    /** Holds the saves from now on; `reached` resolves once one is held, `release` lets them all go on. */
    hold: () => {
      let reached!: () => void;
      let release!: () => void;
      const reachedOne = new Promise<void>((resolve) => (reached = resolve));
      held = { reached, released: new Promise<void>((resolve) => (release = resolve)) };
      return {
        reached: reachedOne,
        release: () => {
          held = null;
          release();
        },
      };
    },
    save: async (record: StoredClinic, expectedRevision: number | null) => {
      store.saves += 1;
      if (held) {
        held.reached();
        await held.released;
      }
      // Saves complete on a later turn, as a real store's do, so commands can queue behind one.
      await Promise.resolve();
      if (store.failures > 0) {
        store.failures -= 1;
        throw new Error('disk full');
      }
      if ((records.get(record.id)?.revision ?? null) !== expectedRevision) throw new StaleWriteError(record.id, expectedRevision);
      records.set(record.id, record);
      if (store.landsThenFails > 0) {
        store.landsThenFails -= 1;
        throw new Error('connection lost after the commit');
      }
      if (store.landsUnknown > 0) {
        store.landsUnknown -= 1;
        throw new OutcomeUnknownError(new Error('connection lost after the commit'));
      }
    },
    /** The next this many deletions fail. */
    deleteFailures: 0,
    delete: async (id: string) => {
      await Promise.resolve();
      if (store.deleteFailures > 0) {
        store.deleteFailures -= 1;
        throw new Error('disk full');
      }
      records.delete(id);
    },
    deleteExpired: async () => [],
    close: async () => undefined,
  } satisfies ClinicStore & Record<string, unknown>;
  return store;
}
