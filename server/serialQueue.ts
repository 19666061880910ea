/**
 * Runs asynchronous tasks one at a time, in the order they were queued. A failed task fails only
 * its own caller; the next one still runs.
 */
/** What the next task waits on settles with nothing: a queue left idle keeps no task's result alive. */
const nothing = () => undefined;

export class SerialQueue {
  private tail: Promise<unknown> = Promise.resolve();
  private waiting = 0;

  /** Tasks queued or running. */
  get pending(): number {
    return this.waiting;
  }

  run<T>(task: () => T | Promise<T>): Promise<T> {
    this.waiting += 1;
    const result = this.tail.then(task).finally(() => {
      this.waiting -= 1;
    });
    this.tail = result.then(nothing, nothing);
    return result;
  }

  /** Resolves once every task queued so far, and any queued while they ran, has finished. */
  async idle(): Promise<void> {
    while (this.waiting > 0) await this.tail;
  }
}
