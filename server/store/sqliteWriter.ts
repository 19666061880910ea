/**
 * The writer thread: it alone holds the SQLite connection, so no write or fsync blocks the event
 * loop. It takes a batch of requests at a time, in order; each run of saves in a batch goes in one
 * transaction, committed with one fsync, and each save keeps its own compare-and-set: a stale or
 * failing save is reported alone, and the others still commit.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { AddedNote, SealedNoteRow } from './sealedNoteStore.ts';
import { openWritingConnection } from './sqliteFile.ts';
import { crewStatements } from './sqliteCrewWriter.ts';
import { KEY_COLUMNS, keyRowOf, NOTE_COLUMNS, noteRowOf, type KeyColumns, type NoteColumns } from './storedRows.ts';
import type { CrewSaveRequest, FailureReport, SaveRequest, StoreOutcome, StoreRequest, StoreResults } from './storeRequests.ts';

export interface WriterData {
  readonly path: string;
}

const port = parentPort!;
const db = openWritingConnection((workerData as WriterData).path);

const selectRecord = db.prepare<[string], { record: string }>('SELECT record FROM clinics WHERE id = ?');
const insertRecord = db.prepare<[string, string, number, number, number | null]>(
  'INSERT INTO clinics (id, record, revision, updated_at, closed_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING',
);
const updateRecord = db.prepare<[string, number, number, number | null, string, number]>(
  'UPDATE clinics SET record = ?, revision = ?, updated_at = ?, closed_at = ? WHERE id = ? AND revision = ?',
);
const deleteRecord = db.prepare<[string]>('DELETE FROM clinics WHERE id = ?');
// A crew's clinics go with their crew, not by these rules.
const deleteExpired = db.prepare<[number, number], { id: string }>(
  'DELETE FROM clinics WHERE crew_id IS NULL AND (closed_at < ? OR updated_at < ?) RETURNING id',
);
const deleteKeysOf = db.prepare<[string]>('DELETE FROM device_keys WHERE clinic_id = ?');
const deleteNotesOf = db.prepare<[string]>('DELETE FROM sealed_notes WHERE clinic_id = ?');
/** A clinic, its notes and its keys go together. */
const deleteClinic = db.transaction((clinicId: string) => {
  deleteRecord.run(clinicId);
  deleteNotesOf.run(clinicId);
  deleteKeysOf.run(clinicId);
});
const crews = crewStatements(db, (clinicId) => {
  deleteNotesOf.run(clinicId);
  deleteKeysOf.run(clinicId);
});
const deleteExpiredClinics = db.transaction((closedBefore: number, untouchedSince: number) => {
  const expired = deleteExpired.all(closedBefore, untouchedSince).map((row) => row.id);
  for (const clinicId of expired) {
    deleteNotesOf.run(clinicId);
    deleteKeysOf.run(clinicId);
  }
  return expired;
});

// Sealed notes and device keys: rows are written only while their clinic is stored, so a note
// racing its clinic's deletion cannot outlive it.
const insertKey = db.prepare<[string, string, string, string, number, string]>(
  `INSERT INTO device_keys (clinic_id, participant_id, key_id, public_key, published_at)
   SELECT ?, ?, ?, ?, ? WHERE EXISTS (SELECT 1 FROM clinics WHERE id = ?)
   ON CONFLICT DO UPDATE SET published_at = excluded.published_at`,
);
const dropOldKeys = db.prepare<[string, string, string, string, number]>(
  `DELETE FROM device_keys WHERE clinic_id = ? AND participant_id = ? AND key_id NOT IN
   (SELECT key_id FROM device_keys WHERE clinic_id = ? AND participant_id = ? ORDER BY published_at DESC, key_id LIMIT ?)`,
);
const selectKeys = db.prepare<[string], KeyColumns>(
  `SELECT ${KEY_COLUMNS} FROM device_keys WHERE clinic_id = ? ORDER BY published_at, key_id`,
);
const clinicExists = db.prepare<[string], { found: number }>('SELECT 1 AS found FROM clinics WHERE id = ?');
const countSent = db.prepare<[string, string], { sent: number }>('SELECT count(*) AS sent FROM sealed_notes WHERE clinic_id = ? AND sender_id = ?');
const insertNote = db.prepare<[string, string, string, string, string, number, string]>(
  'INSERT INTO sealed_notes (id, clinic_id, kind, sender_id, recipient_id, sent_at, read_at, envelopes) VALUES (?, ?, ?, ?, ?, ?, NULL, ?)',
);
const selectInbox = db.prepare<[string, string], NoteColumns>(
  `SELECT ${NOTE_COLUMNS} FROM sealed_notes WHERE clinic_id = ? AND recipient_id = ? AND envelopes IS NOT NULL ORDER BY sent_at, id`,
);
const markInboxRead = db.prepare<[number, string, string]>(
  'UPDATE sealed_notes SET read_at = ? WHERE clinic_id = ? AND recipient_id = ? AND read_at IS NULL AND envelopes IS NOT NULL',
);
const selectSent = db.prepare<[string, string], NoteColumns>(
  `SELECT ${NOTE_COLUMNS} FROM sealed_notes WHERE clinic_id = ? AND sender_id = ? ORDER BY sent_at, id`,
);
const dropEnvelopes = db.prepare<[string, string, string], { sender_id: string }>(
  'UPDATE sealed_notes SET envelopes = NULL WHERE clinic_id = ? AND recipient_id = ? AND id = ? AND envelopes IS NOT NULL RETURNING sender_id',
);
// A crew member's takeaways across the clinics of their crew's sessions; the lists travel as JSON.
const OWN_TAKEAWAYS = `kind = 'takeaway' AND sender_id = recipient_id AND recipient_id = ? AND clinic_id IN (SELECT value FROM json_each(?))`;
const selectTakeaways = db.prepare<[string, string], NoteColumns>(
  `SELECT ${NOTE_COLUMNS} FROM sealed_notes WHERE ${OWN_TAKEAWAYS} AND envelopes IS NOT NULL ORDER BY sent_at, id`,
);
const dropTakeawayEnvelopes = db.prepare<[string, string, string], { clinic_id: string }>(
  `UPDATE sealed_notes SET envelopes = NULL WHERE ${OWN_TAKEAWAYS} AND id IN (SELECT value FROM json_each(?)) AND envelopes IS NOT NULL RETURNING clinic_id`,
);
const dropEnvelopesFor = db.prepare<[string, string]>(
  'UPDATE sealed_notes SET envelopes = NULL WHERE recipient_id = ? AND clinic_id IN (SELECT value FROM json_each(?)) AND envelopes IS NOT NULL',
);

const publishKey = db.transaction(({ key, keep }: Extract<StoreRequest, { kind: 'publishKey' }>): boolean => {
  const { clinicId, participantId, keyId, publicKey, publishedAt } = key;
  if (insertKey.run(clinicId, participantId, keyId, publicKey, publishedAt, clinicId).changes === 0) return false;
  dropOldKeys.run(clinicId, participantId, clinicId, participantId, keep);
  return true;
});

const addSealedNote = db.transaction(({ note, cap }: Extract<StoreRequest, { kind: 'addSealedNote' }>): AddedNote => {
  if (!clinicExists.get(note.clinicId)) return 'gone';
  if (countSent.get(note.clinicId, note.senderId)!.sent >= cap) return 'full';
  insertNote.run(note.id, note.clinicId, note.kind, note.senderId, note.recipientId, note.sentAt, JSON.stringify(note.envelopes));
  return 'stored';
});

const openInbox = db.transaction(({ clinicId, recipientId, at }: Extract<StoreRequest, { kind: 'openInbox' }>): SealedNoteRow[] => {
  markInboxRead.run(at, clinicId, recipientId);
  return selectInbox.all(clinicId, recipientId).map((row) => noteRowOf(row, { withEnvelopes: true }));
});

const deleteSealedNotes = db.transaction(({ clinicId, recipientId, noteIds }: Extract<StoreRequest, { kind: 'deleteSealedNotes' }>): string[] =>
  noteIds.flatMap((noteId) => dropEnvelopes.all(clinicId, recipientId, noteId).map((row) => row.sender_id)),
);

/**
 * The write-ahead log still holds the pages a deletion changed, names and all, until a checkpoint
 * copies them over and the log is cut back to nothing.
 */
const forgetDeletedPages = () => db.pragma('wal_checkpoint(TRUNCATE)');

function reportOf(error: unknown): FailureReport {
  if (!(error instanceof Error)) return { name: 'Error', message: String(error) };
  const { code } = error as Error & { code?: unknown };
  return { name: error.name, message: error.message, ...(typeof code === 'string' ? { code } : {}) };
}

const failed = (error: unknown): StoreOutcome => ({ ok: false, failure: reportOf(error) });

function writeOne(save: SaveRequest | CrewSaveRequest): boolean {
  if (save.kind === 'saveCrew') return crews.saveCrew(save);
  const { changes } =
    save.expectedRevision === null
      ? insertRecord.run(save.clinicId, save.record, save.revision, save.updatedAt, save.closedAt)
      : updateRecord.run(save.record, save.revision, save.updatedAt, save.closedAt, save.clinicId, save.expectedRevision);
  return changes === 1;
}

const writeTogether = db.transaction((saves: readonly (SaveRequest | CrewSaveRequest)[]): StoreOutcome[] =>
  saves.map((save) => {
    try {
      return { ok: true, value: writeOne(save) };
    } catch (error) {
      // A failed statement undoes only itself, unless SQLite rolled the whole transaction back
      // (a full disk, say): then nothing in it may be reported saved.
      if (!db.inTransaction) throw error;
      return failed(error);
    }
  }),
);

function commitTogether(saves: readonly (SaveRequest | CrewSaveRequest)[]): StoreOutcome[] {
  if (saves.length === 0) return [];
  try {
    // IMMEDIATE takes the write lock at once, so the batch never fails halfway on a busy file.
    return writeTogether.immediate(saves);
  } catch (error) {
    return saves.map(() => failed(error));
  }
}

function runAlone(request: Exclude<StoreRequest, SaveRequest | CrewSaveRequest>): StoreResults[StoreRequest['kind']] {
  switch (request.kind) {
    case 'load':
      return selectRecord.get(request.clinicId)?.record ?? null;
    case 'delete':
      deleteClinic(request.clinicId);
      forgetDeletedPages();
      return undefined;
    case 'deleteExpired': {
      const expired = deleteExpiredClinics(request.closedBefore, request.untouchedSince);
      if (expired.length > 0) forgetDeletedPages();
      return expired;
    }
    case 'publishKey':
      return publishKey(request);
    case 'deviceKeys':
      return selectKeys.all(request.clinicId).map(keyRowOf);
    case 'addSealedNote':
      return addSealedNote(request);
    case 'openInbox':
      return openInbox(request);
    case 'sentNotes':
      return selectSent.all(request.clinicId, request.senderId).map((row) => noteRowOf(row, { withEnvelopes: false }));
    case 'deleteSealedNotes': {
      const senders = deleteSealedNotes(request);
      // Deleted ciphertext leaves the write-ahead log too, as a deleted clinic does.
      if (senders.length > 0) forgetDeletedPages();
      return senders;
    }
    case 'takeawaysOf':
      return selectTakeaways.all(request.memberId, JSON.stringify(request.clinicIds)).map((row) => noteRowOf(row, { withEnvelopes: true }));
    case 'dropTakeaways': {
      const clinicIds = dropTakeawayEnvelopes.all(request.memberId, JSON.stringify(request.clinicIds), JSON.stringify(request.noteIds)).map((row) => row.clinic_id);
      if (clinicIds.length > 0) forgetDeletedPages();
      return clinicIds;
    }
    case 'dropSealedFor':
      if (dropEnvelopesFor.run(request.recipientId, JSON.stringify(request.clinicIds)).changes > 0) forgetDeletedPages();
      return undefined;
    case 'loadCrew':
      return crews.loadCrew(request.crewId);
    case 'linkClinic':
      return crews.linkClinic(request.clinicId, request.crewId);
    case 'crewOfClinic':
      return crews.crewOfClinic(request.clinicId);
    case 'deleteCrew': {
      const clinicIds = crews.deleteCrew(request.crewId);
      forgetDeletedPages();
      return clinicIds;
    }
    case 'deleteExpiredCrews': {
      const expired = crews.deleteExpiredCrews(request.lastSessionBefore);
      if (expired.crewIds.length > 0) forgetDeletedPages();
      return expired;
    }
    case 'addPairingCode':
      crews.addPairingCode(request.code);
      return undefined;
    case 'redeemPairingCode':
      return crews.redeemPairingCode(request.crewId, request.codeHash, request.now);
    case 'forgetOverwritten':
      forgetDeletedPages();
      return undefined;
    case 'close':
      db.close();
      return undefined;
  }
}

/**
 * Saves wait for the next request that is not a save (or the batch's end) and commit together just
 * before it, so every request sees exactly what the requests before it committed.
 */
function runBatch(requests: readonly StoreRequest[]): StoreOutcome[] {
  const outcomes: StoreOutcome[] = [];
  let saves: (SaveRequest | CrewSaveRequest)[] = [];
  const commitSaves = () => {
    outcomes.push(...commitTogether(saves));
    saves = [];
  };
  for (const request of requests) {
    if (request.kind === 'save' || request.kind === 'saveCrew') {
      saves.push(request);
      continue;
    }
    commitSaves();
    try {
      outcomes.push({ ok: true, value: runAlone(request) });
    } catch (error) {
      outcomes.push(failed(error));
    }
  }
  commitSaves();
  return outcomes;
}

port.on('message', (requests: readonly StoreRequest[]) => port.postMessage(runBatch(requests)));
