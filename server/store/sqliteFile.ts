/**
 * The SQLite file under DATA_DIR: its tables and their migrations, and the settings every
 * connection that writes to it needs.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';

export const SQLITE_FILE_NAME = 'case-clinic.sqlite';

/** A clinic that is a crew's intro or landing; a record that is not JSON is none (and stays where it is). */
const hostedInSqlite = `CASE WHEN json_valid(record) THEN json_extract(record, '$.progress.format.caseGiverSeat') = 'host' OR json_extract(record, '$.progress.format.id') IN ('crewIntro', 'crewLanding') ELSE 0 END`;

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
  // Sealed notes and the device keys they are sealed to: ciphertext and public keys only.
  `CREATE TABLE IF NOT EXISTS device_keys (
    clinic_id TEXT NOT NULL,
    participant_id TEXT NOT NULL,
    key_id TEXT NOT NULL,
    public_key TEXT NOT NULL,
    published_at INTEGER NOT NULL,
    PRIMARY KEY (clinic_id, participant_id, key_id)
  ) STRICT;
   CREATE TABLE IF NOT EXISTS sealed_notes (
    id TEXT PRIMARY KEY,
    clinic_id TEXT NOT NULL,
    kind TEXT NOT NULL,
    sender_id TEXT NOT NULL,
    recipient_id TEXT NOT NULL,
    sent_at INTEGER NOT NULL,
    read_at INTEGER,
    envelopes TEXT
  ) STRICT;
   CREATE INDEX IF NOT EXISTS sealed_notes_by_clinic ON sealed_notes (clinic_id, recipient_id)`,
  // Crews, with the clinics their sessions ran as: such a clinic lives as long as its crew.
  `CREATE TABLE IF NOT EXISTS crews (
    id TEXT PRIMARY KEY,
    record TEXT NOT NULL,
    revision INTEGER NOT NULL,
    last_session_at INTEGER NOT NULL
  ) STRICT;
   ALTER TABLE clinics ADD COLUMN crew_id TEXT;
   CREATE INDEX IF NOT EXISTS clinics_by_crew ON clinics (crew_id);
   CREATE TABLE IF NOT EXISTS crew_pairing_codes (
    code_hash TEXT PRIMARY KEY,
    crew_id TEXT NOT NULL,
    member_id TEXT NOT NULL,
    expires_at INTEGER NOT NULL,
    replaces_devices INTEGER NOT NULL
  ) STRICT`,
  // A crew's intro and landing keep no harvest (their host brings no case): what was sealed or
  // published for one before goes, rather than wait unread for its crew's retention. Records of
  // before schema 5 name them by format only.
  `DELETE FROM sealed_notes WHERE clinic_id IN (SELECT id FROM clinics WHERE ${hostedInSqlite});
   DELETE FROM device_keys WHERE clinic_id IN (SELECT id FROM clinics WHERE ${hostedInSqlite})`,
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

/**
 * Creates or migrates the file and returns its path. Done once, synchronously, by whoever opens the
 * store, so a data directory that cannot be used stops the server at start, not at its first save.
 */
export function prepareSqliteFile(dataDir: string): string {
  mkdirSync(dataDir, { recursive: true });
  const path = join(dataDir, SQLITE_FILE_NAME);
  const db = new Database(path);
  try {
    // Kept in the file itself: every later connection writes ahead to the log.
    db.pragma('journal_mode = WAL');
    // A migration that deletes leaves nothing readable in free pages either.
    db.pragma('secure_delete = ON');
    migrateTable(db);
  } finally {
    db.close();
  }
  return path;
}

/** A connection for writing: these settings belong to a connection, not to the file. */
export function openWritingConnection(path: string): Database.Database {
  const db = new Database(path);
  // FULL makes every commit durable before it is reported, at the cost of an fsync per commit.
  db.pragma('synchronous = FULL');
  // Deleted clinics are overwritten with zeros, not left readable in free pages.
  db.pragma('secure_delete = ON');
  return db;
}
