/**
 * The embedded default store: one SQLite file under DATA_DIR. Each clinic is one row holding its
 * versioned record as JSON, with the columns the store itself queries beside it; its sealed notes
 * and device keys are rows of their own tables, deleted with it. A thread of its
 * own writes to the file (sqliteWriter.ts), committing the saves that arrive together at once, so
 * neither the writes nor their fsyncs hold up the event loop.
 */
import { StaleWriteError, type ClinicStore } from './clinicStore.ts';
import type { CrewStore } from './crewStore.ts';
import { sqliteCrewStore } from './sqliteCrewStore.ts';
import type { SealedNoteStore } from './sealedNoteStore.ts';
import { prepareSqliteFile } from './sqliteFile.ts';
import { clinicFromText } from './storedRecords.ts';
import { WriterThread } from './writerThread.ts';

export { SQLITE_FILE_NAME } from './sqliteFile.ts';

/** The clinic, sealed-note and crew stores, one file and one writer thread between them. */
export function openSqliteClinicStore(dataDir: string, { commitWindowMs }: { readonly commitWindowMs?: number } = {}): ClinicStore & SealedNoteStore & CrewStore {
  const writer = new WriterThread(prepareSqliteFile(dataDir), commitWindowMs);
  return {
    ...sqliteCrewStore(writer),
    // Parsed and brought up to date here, so the writer thread spends its time writing.
    load: async (clinicId) => clinicFromText(await writer.request({ kind: 'load', clinicId })),
    async save(record, expectedRevision) {
      const landed = await writer.request({
        kind: 'save',
        clinicId: record.id,
        record: JSON.stringify(record),
        revision: record.revision,
        updatedAt: record.updatedAt,
        closedAt: record.closedAt,
        expectedRevision,
      });
      if (!landed) throw new StaleWriteError(record.id, expectedRevision);
    },
    async delete(clinicId) {
      await writer.request({ kind: 'delete', clinicId });
    },
    deleteExpired({ closedBefore, untouchedSince }) {
      return writer.request({ kind: 'deleteExpired', closedBefore, untouchedSince });
    },
    publishKey: (key, keep) => writer.request({ kind: 'publishKey', key, keep }),
    deviceKeys: (clinicId) => writer.request({ kind: 'deviceKeys', clinicId }),
    addSealedNote: (note, cap) => writer.request({ kind: 'addSealedNote', note, cap }),
    openInbox: (clinicId, recipientId, at) => writer.request({ kind: 'openInbox', clinicId, recipientId, at }),
    sentNotes: (clinicId, senderId) => writer.request({ kind: 'sentNotes', clinicId, senderId }),
    deleteSealedNotes: (clinicId, recipientId, noteIds) => writer.request({ kind: 'deleteSealedNotes', clinicId, recipientId, noteIds }),
    takeawaysOf: (clinicIds, memberId) => writer.request({ kind: 'takeawaysOf', clinicIds, memberId }),
    dropTakeaways: (clinicIds, memberId, noteIds) => writer.request({ kind: 'dropTakeaways', clinicIds, memberId, noteIds }),
    dropSealedFor: (clinicIds, recipientId) => writer.request({ kind: 'dropSealedFor', clinicIds, recipientId }),
    close() {
      return writer.close();
    },
  };
}
