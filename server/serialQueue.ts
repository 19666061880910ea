/**
 * Runs asynchronous tasks one at a time, in the order they were queued. A failed task fails only
 * its own caller; the next one still runs.
 */
export class SerialQueue {
  private tail: Promise<unknown> = Promise.resolve();

  run<T>(task: () => T | Promise<T>): Promise<T> {
    const result = this.tail.then(task);
    this.tail = result.catch(() => undefined);
    return result;
  }
}
