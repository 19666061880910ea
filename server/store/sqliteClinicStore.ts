/**
 * The embedded default store: one SQLite file under DATA_DIR. Each clinic is one row holding its
 * versioned record as JSON, with the columns the store itself queries beside it.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { migrateStoredClinic } from '../../shared/storedClinicMigrations.ts';
import { StaleWriteError, type ClinicStore } from './clinicStore.ts';

export const SQLITE_FILE_NAME = 'case-clinic.sqlite';

/** The table's shape by `user_version`, append-only: step N brings a file to version N. */
const TABLE_MIGRATIONS: readonly string[] = [
  `CREATE TABLE IF NOT EXISTS clinics (
    id TEXT PRIMARY KEY,
    record TEXT NOT NULL,
    updated_at INTEGER NOT NULL,
    closed_at INTEGER
  ) STRICT`,
  // Saves compare and set on the revision, so it gets a column of its own.
  `ALTER TABLE clinics ADD COLUMN revision INTEGER NOT NULL DEFAULT 0;
   UPDATE clinics SET revision = json_extract(record, '$.revision')`,
];

function migrateTable(db: Database.Database): void {
  const from = db.pragma('user_version', { simple: true }) as number;
  TABLE_MIGRATIONS.slice(from).forEach((sql, index) => {
    db.transaction(() => {
      db.exec(sql);
      db.pragma(`user_version = ${from + index + 1}`);
    })();
  });
}

export function openSqliteClinicStore(dataDir: string): ClinicStore {
  mkdirSync(dataDir, { recursive: true });
  const db = new Database(join(dataDir, SQLITE_FILE_NAME));
  db.pragma('journal_mode = WAL');
  // FULL makes every commit durable before `save` resolves, at a small cost per write.
  db.pragma('synchronous = FULL');
  // Deleted clinics are overwritten with zeros, not left readable in free pages.
  db.pragma('secure_delete = ON');
  migrateTable(db);

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
   * The write-ahead log still holds the pages a deletion changed, names and all, until a
   * checkpoint copies them over and the log is cut back to nothing.
   */
  const forgetDeletedPages = () => db.pragma('wal_checkpoint(TRUNCATE)');

  return {
    async load(clinicId) {
      const row = selectRecord.get(clinicId);
      return row ? migrateStoredClinic(JSON.parse(row.record)) : null;
    },
    async save(record, expectedRevision) {
      const text = JSON.stringify(record);
      const { changes } =
        expectedRevision === null
          ? insertRecord.run(record.id, text, record.revision, record.updatedAt, record.closedAt)
          : updateRecord.run(text, record.revision, record.updatedAt, record.closedAt, record.id, expectedRevision);
      if (changes !== 1) throw new StaleWriteError(record.id, expectedRevision);
    },
    async delete(clinicId) {
      deleteRecord.run(clinicId);
      forgetDeletedPages();
    },
    async deleteExpired({ closedBefore, untouchedSince }) {
      const expired = deleteExpired.all(closedBefore, untouchedSince).map((row) => row.id);
      if (expired.length > 0) forgetDeletedPages();
      return expired;
    },
    async close() {
      db.close();
    },
  };
}
