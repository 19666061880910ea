/**
 * Saves one clinic's records in the order they were made, each a compare-and-set on the revision
 * the previous save left, and shows a state only once it is saved. A failed save is refused, so it
 * must not take effect later either, or a retry would apply it twice: the room goes back to the
 * last saved record, saves queued on top of the failed one fail with it, and a moment later the
 * room saves afresh (re-arming its timer). One exception the room cannot prevent: a save that
 * landed though the store could not say so (a connection lost after the commit). The store says
 * its outcome is not known, or, where it could not tell, the next save is refused as stale; either
 * way the room takes up what the store holds if it is ahead of the last save the room knew of, so
 * that change shows after all and later saves build on it.
 */
import type { StoredClinic } from '../../shared/storedClinicSchema.ts';
import { SerialQueue } from '../serialQueue.ts';
import { OutcomeUnknownError, StaleWriteError, type ClinicStore } from '../store/clinicStore.ts';

/** After a failed save the room saves again this much later, so a store that keeps failing is not hammered. */
export const RESAVE_AFTER_FAILED_SAVE_MS = 1_000;

export interface CommitLogHooks {
  /** A record is durable: show it (`roomWide` is false when only what some devices see changed). */
  saved(record: StoredClinic, roomWide: boolean): void;
  /** A save failed: go back to the last saved record. */
  rolledBack(lastSaved: StoredClinic): void;
  /** A while after a failed save: save the current state again. */
  resave(): void;
}

export class CommitLog {
  private readonly queue = new SerialQueue();
  /** Bumped by each rollback: saves queued on top of a failed one go with it. */
  private lineage = 0;
  private resaveTimer: ReturnType<typeof setTimeout> | undefined;
  private closed = false;

  constructor(
    private readonly store: ClinicStore,
    /** The record as last saved; null until the first save. */
    private lastSaved: StoredClinic | null,
    private readonly hooks: CommitLogHooks,
  ) {}

  /** Queues `record` for saving; resolves once it is durable and shown. */
  append(record: StoredClinic, roomWide: boolean): Promise<void> {
    const lineage = this.lineage;
    return this.queue.run(async () => {
      if (lineage !== this.lineage) throw new Error('An earlier change this one built on could not be saved');
      try {
        await this.store.save(record, this.lastSaved?.revision ?? null);
      } catch (error) {
        // Landed after all, the store is ahead: found now, or by the next save refused as stale.
        if (error instanceof StaleWriteError || error instanceof OutcomeUnknownError) await this.takeUpStored(record.id);
        this.rollBack();
        throw error;
      }
      this.lastSaved = record;
      this.hooks.saved(record, roomWide);
    });
  }

  /** Runs `task` after every save queued before it, e.g. the deletion. */
  then<T>(task: () => Promise<T>): Promise<T> {
    return this.queue.run(task);
  }

  /** Refuses the changes not saved yet and returns the room to the last saved record. */
  rollBack(): void {
    this.lineage += 1;
    if (this.lastSaved === null || this.closed) return;
    this.hooks.rolledBack(this.lastSaved);
    clearTimeout(this.resaveTimer);
    this.resaveTimer = setTimeout(() => {
      if (!this.closed) this.hooks.resave();
    }, RESAVE_AFTER_FAILED_SAVE_MS);
    this.resaveTimer.unref?.();
  }

  /** The record the store holds, as the last saved, if it is ahead of the one this log knows of. */
  private async takeUpStored(clinicId: string): Promise<void> {
    const stored = await this.store.load(clinicId).catch(() => null);
    if (stored && stored.revision > (this.lastSaved?.revision ?? -1)) this.lastSaved = stored;
  }

  /** Resolves once every save queued so far has landed or failed. */
  settled(): Promise<void> {
    return this.queue.run(() => undefined);
  }

  /** Nothing more is saved or re-saved through this log. */
  close(): void {
    this.closed = true;
    clearTimeout(this.resaveTimer);
  }
}
