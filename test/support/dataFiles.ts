/** Records for the store tests, and what the files of a data directory still hold after a deletion. */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { hashSecret } from '../../server/secrets.ts';
import { NO_ASIDES } from '../../shared/asideKinds.ts';
import { initialContext } from '../../shared/clinicSteps.ts';
import { CLASSIC as CLASSIC_FORMAT } from '../../shared/formats/classic.ts';
import { STORED_CLINIC_VERSION, type StoredClinic } from '../../shared/storedClinicSchema.ts';

/** Which of `needles` some file under `dataDir` still holds, in UTF-8 as SQLite writes text. */
export function readableIn(dataDir: string, needles: readonly string[]): string[] {
  const bytes = readdirSync(dataDir).map((file) => readFileSync(join(dataDir, file)));
  return needles.filter((needle) => bytes.some((content) => content.includes(Buffer.from(needle, 'utf8'))));
}

export const NOW = 1_800_000_000_000;

/** A clinic whose id and names are easy to find in a file's bytes. */
export function clinicRecord(id: string, revision: number, changes: Partial<StoredClinic> = {}): StoredClinic {
  return {
    schemaVersion: STORED_CLINIC_VERSION,
    id,
    title: `Title of ${id}`,
    crewWeek: null,
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
    lastLineupRevision: 0,
    stage: 'lobby',
    progress: initialContext({ format: CLASSIC_FORMAT }),
    asides: NO_ASIDES,
    ...changes,
  };
}

