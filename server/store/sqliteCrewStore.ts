/**
 * The crew store over the SQLite writer thread that the clinic store uses: one file, one thread.
 * Records are turned to JSON and parsed back on the event loop, so the thread only writes.
 */
import { StaleWriteError } from './clinicStore.ts';
import type { CrewStore } from './crewStore.ts';
import { crewFromText } from './storedRecords.ts';
import type { WriterThread } from './writerThread.ts';

export function sqliteCrewStore(writer: WriterThread): CrewStore {
  return {
    loadCrew: async (crewId) => crewFromText(await writer.request({ kind: 'loadCrew', crewId })),
    async saveCrew(record, expectedRevision, lastSessionAt) {
      const landed = await writer.request({
        kind: 'saveCrew',
        crewId: record.id,
        record: JSON.stringify(record),
        revision: record.revision,
        lastSessionAt,
        expectedRevision,
      });
      if (!landed) throw new StaleWriteError(record.id, expectedRevision, 'Crew');
    },
    linkClinic: (clinicId, crewId) => writer.request({ kind: 'linkClinic', clinicId, crewId }),
    crewOfClinic: (clinicId) => writer.request({ kind: 'crewOfClinic', clinicId }),
    deleteCrew: (crewId) => writer.request({ kind: 'deleteCrew', crewId }),
    addPairingCode: (code) => writer.request({ kind: 'addPairingCode', code }),
    redeemPairingCode: (crewId, codeHash, now) => writer.request({ kind: 'redeemPairingCode', crewId, codeHash, now }),
    forgetOverwritten: () => writer.request({ kind: 'forgetOverwritten' }),
    deleteExpiredCrews: (lastSessionBefore) => writer.request({ kind: 'deleteExpiredCrews', lastSessionBefore }),
  };
}
