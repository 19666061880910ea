/**
 * The embedded default store: one SQLite file under DATA_DIR. Each clinic is one row holding its
 * record as JSON; clinics are small and always read and written whole.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { ClinicRecord, ClinicStore } from './clinicStore.ts';

export const SQLITE_FILE_NAME = 'case-clinic.sqlite';

export function openSqliteClinicStore(dataDir: string): ClinicStore {
  mkdirSync(dataDir, { recursive: true });
  const db = new Database(join(dataDir, SQLITE_FILE_NAME));
  db.pragma('journal_mode = WAL');
  // FULL makes every commit durable before `save` resolves, at a small cost per write.
  db.pragma('synchronous = FULL');
  // Deleted clinics are overwritten with zeros, not left readable in free pages.
  db.pragma('secure_delete = ON');
  db.exec(`CREATE TABLE IF NOT EXISTS clinics (
    id TEXT PRIMARY KEY,
    record TEXT NOT NULL,
    updated_at INTEGER NOT NULL,
    closed_at INTEGER
  ) STRICT`);

  const selectRecord = db.prepare<[string], { record: string }>('SELECT record FROM clinics WHERE id = ?');
  const upsertRecord = db.prepare<[string, string, number, number | null]>(
    `INSERT INTO clinics (id, record, updated_at, closed_at) VALUES (?, ?, ?, ?)
     ON CONFLICT (id) DO UPDATE SET record = excluded.record, updated_at = excluded.updated_at, closed_at = excluded.closed_at`,
  );
  const deleteRecord = db.prepare<[string]>('DELETE FROM clinics WHERE id = ?');
  const deleteExpired = db.prepare<[number, number], { id: string }>(
    'DELETE FROM clinics WHERE closed_at < ? OR updated_at < ? RETURNING id',
  );

  return {
    async load(clinicId) {
      const row = selectRecord.get(clinicId);
      return row ? (JSON.parse(row.record) as ClinicRecord) : null;
    },
    async save(record) {
      upsertRecord.run(record.id, JSON.stringify(record), record.updatedAt, record.closedAt);
    },
    async delete(clinicId) {
      deleteRecord.run(clinicId);
    },
    async deleteExpired({ closedBefore, untouchedSince }) {
      return deleteExpired.all(closedBefore, untouchedSince).map((row) => row.id);
    },
    async close() {
      db.close();
    },
  };
}
