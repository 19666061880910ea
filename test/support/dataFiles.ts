/** Records for the store tests, and what the files of a data directory still hold after a deletion. */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { hashSecret } from '../../server/secrets.ts';
import { SQLITE_FILE_NAME } from '../../server/store/sqliteClinicStore.ts';
import { NO_ASIDES } from '../../shared/asideKinds.ts';
import { initialContext } from '../../shared/clinicSteps.ts';
import { CLASSIC as CLASSIC_FORMAT } from '../../shared/formats/classic.ts';
import { STORED_CLINIC_VERSION, type StoredClinic } from '../../shared/storedClinicSchema.ts';

/** Which of `needles` some file under `dataDir` still holds, in UTF-8 as SQLite writes text. */
export function readableIn(dataDir: string, needles: readonly string[]): string[] {
  const bytes = readdirSync(dataDir).map((file) => readFileSync(join(dataDir, file)));
  return needles.filter((needle) => bytes.some((content) => content.includes(Buffer.from(needle, 'utf8'))));
}

/** What `read` finds in the data directory's SQLite file, opened read-only as an onlooker would. */
export function readStore<T>(dataDir: string, read: (db: Database.Database) => T): T {
  const db = new Database(join(dataDir, SQLITE_FILE_NAME), { readonly: true });
  try {
    return read(db);
  } finally {
    db.close();
  }
}

/** Every row of every table in the store, as JSON, and the raw bytes of its files. */
export function everythingStored(dataDir: string): { rows: string; files: Buffer } {
  const rows = readStore(dataDir, (db) => {
    const tables = db.prepare<[], { name: string }>("SELECT name FROM sqlite_master WHERE type = 'table'").all();
    return JSON.stringify(Object.fromEntries(tables.map(({ name }) => [name, db.prepare(`SELECT * FROM "${name}"`).all()])));
  });
  const path = join(dataDir, SQLITE_FILE_NAME);
  const files = Buffer.concat([path, `${path}-wal`].filter((file) => existsSync(file)).map((file) => readFileSync(file)));
  return { rows, files };
}

/** The ciphertexts stored for one sealed note, one per device it was sealed for (none once deleted). */
export function storedCiphertextsOf(dataDir: string, noteId: string): string[] {
  const row = readStore(dataDir, (db) => db.prepare<[string], { envelopes: string | null }>('SELECT envelopes FROM sealed_notes WHERE id = ?').get(noteId));
  return (JSON.parse(row?.envelopes ?? '[]') as Array<{ ciphertext: string }>).map((envelope) => envelope.ciphertext);
}

export const NOW = 1_800_000_000_000;

/** A clinic whose id and names are easy to find in a file's bytes. */
export function clinicRecord(id: string, revision: number, changes: Partial<StoredClinic> = {}): StoredClinic {
  return {
    schemaVersion: STORED_CLINIC_VERSION,
    id,
    title: `Title of ${id}`,
    createdAt: NOW,
    updatedAt: NOW,
    closedAt: null,
    facilitatorKeyHash: hashSecret('facilitator-key'),
    keyOwnerId: null,
    facilitatorIds: [],
    participants: [{ id: 'participant-1', name: `Zebulon of ${id}`, tokenHashes: [hashSecret('token')], screen: false }],
    removedTokenHashes: [],
    revision,
    lastCommandRevision: 0,
    stage: 'lobby',
    progress: initialContext({ format: CLASSIC_FORMAT }),
    asides: NO_ASIDES,
    ...changes,
  };
}

