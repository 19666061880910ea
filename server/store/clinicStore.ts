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
}

export interface ClinicRecord {
  readonly id: string;
  readonly title: string | null;
  readonly createdAt: number;
  readonly updatedAt: number;
  readonly facilitatorKeyHash: string;
  /** The participant who holds facilitation, once they have joined. */
  readonly facilitatorId: string | null;
  readonly participants: readonly StoredParticipant[];
  readonly revision: number;
  /** The revision the last accepted command produced; older commands are stale. */
  readonly lastCommandRevision: number;
  /** The clinic machine's persisted snapshot. */
  readonly machine: Snapshot<unknown>;
}

export interface ClinicStore {
  load(clinicId: string): Promise<ClinicRecord | null>;
  save(record: ClinicRecord): Promise<void>;
  delete(clinicId: string): Promise<void>;
  close(): Promise<void>;
}
