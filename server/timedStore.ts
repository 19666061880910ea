/** The store as the app hands it to its rooms: every save timed, for the save-latency metric. */
import type { ClinicStore } from './store/clinicStore.ts';

export function timedStore(store: ClinicStore, saved: (seconds: number) => void): ClinicStore {
  return {
    ...store,
    save(record, expectedRevision) {
      const started = performance.now();
      return store.save(record, expectedRevision).finally(() => saved((performance.now() - started) / 1000));
    },
  };
}
