/**
 * The event loop's side of the SQLite writer thread when the thread stops: what each request
 * waiting on it is answered. The thread is a stand-in that takes batches and stops when told.
 */
import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { OutcomeUnknownError } from '../../server/store/clinicStore.ts';
import type { SaveRequest, StoreRequest } from '../../server/store/storeRequests.ts';
import { WriterThread, type WriterWorker } from '../../server/store/writerThread.ts';

/** A writer thread that keeps the batches it is sent and never answers them. */
function silentThread() {
  const events = new EventEmitter();
  const batches: StoreRequest[][] = [];
  const worker = {
    on: (event: string, listener: (...args: unknown[]) => void) => events.on(event, listener),
    postMessage: (batch: StoreRequest[]) => void batches.push(batch),
    ref: () => undefined,
    unref: () => undefined,
    terminate: async () => 0,
  } as unknown as WriterWorker;
  return { worker, batches, exit: (code: number) => events.emit('exit', code) };
}

const saveOf = (clinicId: string): SaveRequest => ({ kind: 'save', clinicId, record: '{}', revision: 2, updatedAt: 0, closedAt: null, expectedRevision: 1 });

const turnOfEventLoop = () => new Promise((resolve) => setImmediate(resolve));

describe('the writer thread stopping', () => {
  it("answers a clinic's or crew's save it had taken as not known, and one still waiting as failed", async () => {
    const thread = silentThread();
    const writer = new WriterThread('unused', 0, () => thread.worker);
    const taken = writer.request(saveOf('taken'));
    const crewTaken = writer.request({ kind: 'saveCrew', crewId: 'crew', record: '{}', revision: 2, lastSessionAt: 0, expectedRevision: 1 });
    const read = writer.request({ kind: 'load', clinicId: 'taken' });
    await turnOfEventLoop();
    expect(thread.batches.map((batch) => batch.map((request) => request.kind))).toEqual([['save', 'saveCrew', 'load']]);
    const waiting = writer.request(saveOf('waiting'));

    thread.exit(1);

    const stopped = 'The SQLite writer thread has stopped (exit code 1)';
    for (const save of [taken, crewTaken]) {
      await expect(save).rejects.toThrow(new OutcomeUnknownError(new Error(stopped)));
      await expect(save).rejects.toBeInstanceOf(OutcomeUnknownError);
    }
    // A read changed nothing, and a save never sent cannot have landed: both plainly failed.
    for (const failed of [read, waiting, writer.request(saveOf('later'))]) {
      await expect(failed).rejects.toThrow(stopped);
      await expect(failed).rejects.not.toBeInstanceOf(OutcomeUnknownError);
    }
  });
});
