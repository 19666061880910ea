/**
 * What the server keeps of a clinic, and the interface every store implements. The interface is
 * asynchronous so a networked store (Redis) can slot in behind it; `save` resolves only once the
 * record is durable, because the server acknowledges a command only after that.
 */
import type { Snapshot } from 'xstate';

export interface StoredParticipant {
  readonly id: string;
  readonly name: string;
  /** SHA-256 of each device token this participant was given; the tokens themselves are not kept. */
  readonly tokenHashes: readonly string[];
  /** A shared screen: listed, but never given a turn or a role. */
  readonly screen: boolean;
}

export interface ClinicRecord {
  readonly id: string;
  readonly title: string | null;
  readonly createdAt: number;
  readonly updatedAt: number;
  /** When the clinic closed; it is deleted a retention window later. */
  readonly closedAt: number | null;
  readonly facilitatorKeyHash: string;
  /** Whom the facilitator key stands for: opening the facilitator link is this person rejoining. */
  readonly keyOwnerId: string | null;
  /** Everyone who may drive the clinic. */
  readonly facilitatorIds: readonly string[];
  readonly participants: readonly StoredParticipant[];
  /** Token hashes of removed participants, so their devices are told why they cannot rejoin. */
  readonly removedTokenHashes: readonly string[];
  readonly revision: number;
  /**
   * The revision of the last accepted command, or of the last move the clinic made by itself (a
   * hard auto-advance); commands made against anything older are stale.
   */
  readonly lastCommandRevision: number;
  /** The clinic machine's persisted snapshot. */
  readonly machine: Snapshot<unknown>;
}

export interface ExpiryRule {
  /** Clinics closed before this time go. */
  readonly closedBefore: number;
  /** Clinics not changed since before this time go, closed or not. */
  readonly untouchedSince: number;
}

export interface ClinicStore {
  load(clinicId: string): Promise<ClinicRecord | null>;
  save(record: ClinicRecord): Promise<void>;
  delete(clinicId: string): Promise<void>;
  /** Deletes every clinic the rule says has expired; resolves with their ids. */
  deleteExpired(rule: ExpiryRule): Promise<string[]>;
  close(): Promise<void>;
}
