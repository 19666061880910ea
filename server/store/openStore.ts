/**
 * The store the configuration asks for: Postgres where DATABASE_URL is set, otherwise the embedded
 * SQLite file in DATA_DIR. Only the chosen one is loaded.
 */
import type { ClinicStore } from './clinicStore.ts';
import type { CrewStore } from './crewStore.ts';
import type { SealedNoteStore } from './sealedNoteStore.ts';

export type OpenedStore = ClinicStore &
  SealedNoteStore &
  CrewStore & {
    /** Postgres only: stores this node's fencing token with a clinic it won (see postgresClinicStore.ts). */
    readonly claim?: (clinicId: string) => Promise<void>;
  };

export async function openStore(
  { dataDir, databaseUrl }: { dataDir: string; databaseUrl: string | null },
  /** The fencing token each clinic's saves carry: a cluster node's claim; 0 for one node alone. */
  fenceOf?: (clinicId: string) => number,
): Promise<OpenedStore> {
  if (databaseUrl === null) return (await import('./sqliteClinicStore.ts')).openSqliteClinicStore(dataDir);
  return (await import('./postgresClinicStore.ts')).openPostgresStore({ url: databaseUrl, fenceOf });
}
