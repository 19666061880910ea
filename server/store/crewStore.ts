/**
 * The interface every crew store implements, beside the clinic store and in SQLite in the same
 * file. Like the clinic store it is asynchronous, `saveCrew` resolves only once the record is
 * durable, and it is a compare-and-set on the crew's revision. A clinic started from a crew is
 * linked to it here: it lives as long as the crew and is deleted with it.
 */
import type { StoredCrew } from '../../shared/crewSchema.ts';

export interface ExpiredCrews {
  readonly crewIds: readonly string[];
  /** The clinics their sessions ran as, deleted with them. */
  readonly clinicIds: readonly string[];
}

/** A pairing code, kept as its hash until it is used or expires. */
export interface PairingCodeRow {
  readonly crewId: string;
  readonly memberId: string;
  readonly codeHash: string;
  readonly expiresAt: number;
  /** Issued by the organiser for a member who lost every device: the member's old devices stop working. */
  readonly replacesDevices: boolean;
}

export interface CrewStore {
  /** The record parsed with the crew schema; null if there is none. */
  loadCrew(crewId: string): Promise<StoredCrew | null>;
  /**
   * Writes `record` if the stored one is at `expectedRevision` (null: if there is none yet);
   * rejects with StaleWriteError otherwise. `lastSessionAt` (epoch ms of its last session) is what
   * its retention counts from.
   */
  saveCrew(record: StoredCrew, expectedRevision: number | null, lastSessionAt: number): Promise<void>;
  addPairingCode(code: PairingCodeRow): Promise<void>;
  /** Uses a code up: the row if it was there and still valid at `now`, else null. Expired codes go too. */
  redeemPairingCode(crewId: string, codeHash: string, now: number): Promise<PairingCodeRow | null>;
  /** Marks a stored clinic as a session of the crew; false if the clinic is not stored. */
  linkClinic(clinicId: string, crewId: string): Promise<boolean>;
  /** The crew a clinic was started from, if any. */
  crewOfClinic(clinicId: string): Promise<string | null>;
  /**
   * Removes the crew and the clinics of its sessions (with their notes and keys) so that none of
   * it stays readable in the store's files; resolves with the clinics' ids.
   */
  deleteCrew(crewId: string): Promise<string[]>;
  /**
   * Makes what saves since overwrote unreadable in the store's files (the write-ahead log keeps
   * earlier versions of rows until then): after a member leaves, say.
   */
  forgetOverwritten(): Promise<void>;
  /** Deletes, as `deleteCrew` does, every crew whose last session was before `lastSessionBefore`. */
  deleteExpiredCrews(lastSessionBefore: number): Promise<ExpiredCrews>;
}
