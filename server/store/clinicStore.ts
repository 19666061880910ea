/**
 * The interface every clinic store implements. It is asynchronous so a networked store can slot in
 * behind it; `save` resolves only once the record is durable, because the server acknowledges a
 * command only after that, and it is a compare-and-set on the revision, so a writer that missed a
 * save (another process, or a rolled-back change) cannot overwrite it.
 */
import type { StoredClinic } from '../../shared/storedClinicSchema.ts';

export interface ExpiryRule {
  /** Clinics closed before this time go. */
  readonly closedBefore: number;
  /** Clinics not changed since before this time go, closed or not. */
  readonly untouchedSince: number;
}

/** The stored revision was not the one the writer expected: its change must not land. */
export class StaleWriteError extends Error {
  override readonly name = 'StaleWriteError';
  constructor(id: string, expectedRevision: number | null, what: 'Clinic' | 'Crew' = 'Clinic') {
    super(`${what} ${id} is not at revision ${expectedRevision ?? '(none: new)'} any more`);
  }
}

/**
 * A writer with a newer claim on the clinic (a higher fencing token) has written it or taken it
 * over: this writer lost its claim, and none of its writes may land, however current its revision.
 */
export class FencedOffError extends Error {
  override readonly name = 'FencedOffError';
  constructor(
    id: string,
    fence: number,
    /** The token of the claim that outranks this writer's. */
    readonly storedFence: number,
  ) {
    super(`Clinic ${id} is claimed with fencing token ${storedFence}; a write with ${fence} is refused`);
  }
}

/**
 * A write that may or may not have landed: the store lost its answer after the write was sent (a
 * connection to the database dropped). Asking again could apply it twice.
 */
export class OutcomeUnknownError extends Error {
  override readonly name = 'OutcomeUnknownError';
  constructor(cause: unknown) {
    super(`A write may or may not have landed (${cause instanceof Error ? cause.message : String(cause)})`, { cause });
  }
}

export interface ClinicStore {
  /** The record brought up to the current schema version; null if there is none. */
  load(clinicId: string): Promise<StoredClinic | null>;
  /**
   * Writes `record` if the stored one is at `expectedRevision` (null: if there is none yet);
   * rejects with StaleWriteError otherwise.
   */
  save(record: StoredClinic, expectedRevision: number | null): Promise<void>;
  /** Removes the clinic so that none of it stays readable in the store's files. */
  delete(clinicId: string): Promise<void>;
  /** Deletes every clinic the rule says has expired, as `delete` does; resolves with their ids. */
  deleteExpired(rule: ExpiryRule): Promise<string[]>;
  close(): Promise<void>;
}
