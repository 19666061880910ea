/**
 * The writer thread: it alone holds the SQLite connection, so no write or fsync blocks the event
 * loop. It takes a batch of requests at a time, in order; each run of saves in a batch goes in one
 * transaction, committed with one fsync, and each save keeps its own compare-and-set: a stale or
 * failing save is reported alone, and the others still commit.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { openWritingConnection } from './sqliteFile.ts';
import type { FailureReport, SaveRequest, StoreOutcome, StoreRequest, StoreResults } from './storeRequests.ts';

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
const deleteExpired = db.prepare<[number, number], { id: string }>('DELETE FROM clinics WHERE closed_at < ? OR updated_at < ? RETURNING id');

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

function writeOne(save: SaveRequest): boolean {
  const { changes } =
    save.expectedRevision === null
      ? insertRecord.run(save.clinicId, save.record, save.revision, save.updatedAt, save.closedAt)
      : updateRecord.run(save.record, save.revision, save.updatedAt, save.closedAt, save.clinicId, save.expectedRevision);
  return changes === 1;
}

const writeTogether = db.transaction((saves: readonly SaveRequest[]): StoreOutcome[] =>
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

function commitTogether(saves: readonly SaveRequest[]): StoreOutcome[] {
  if (saves.length === 0) return [];
  try {
    // IMMEDIATE takes the write lock at once, so the batch never fails halfway on a busy file.
    return writeTogether.immediate(saves);
  } catch (error) {
    return saves.map(() => failed(error));
  }
}

function runAlone(request: Exclude<StoreRequest, SaveRequest>): StoreResults[StoreRequest['kind']] {
  switch (request.kind) {
    case 'load':
      return selectRecord.get(request.clinicId)?.record ?? null;
    case 'delete':
      deleteRecord.run(request.clinicId);
      forgetDeletedPages();
      return undefined;
    case 'deleteExpired': {
      const expired = deleteExpired.all(request.closedBefore, request.untouchedSince).map((row) => row.id);
      if (expired.length > 0) forgetDeletedPages();
      return expired;
    }
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
  let saves: SaveRequest[] = [];
  const commitSaves = () => {
    outcomes.push(...commitTogether(saves));
    saves = [];
  };
  for (const request of requests) {
    if (request.kind === 'save') {
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
