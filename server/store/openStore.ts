/**
 * The store the configuration asks for: Postgres where DATABASE_URL is set, otherwise the embedded
 * SQLite file in DATA_DIR. Only the chosen one is loaded.
 */
import type { ClinicStore } from './clinicStore.ts';
import type { CrewStore } from './crewStore.ts';
import type { SealedNoteStore } from './sealedNoteStore.ts';

export async function openStore({ dataDir, databaseUrl }: { dataDir: string; databaseUrl: string | null }): Promise<ClinicStore & SealedNoteStore & CrewStore> {
  if (databaseUrl === null) return (await import('./sqliteClinicStore.ts')).openSqliteClinicStore(dataDir);
  return (await import('./postgresClinicStore.ts')).openPostgresStore({ url: databaseUrl });
}
