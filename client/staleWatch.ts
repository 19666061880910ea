/**
 * Whether what this device shows may be out of date: while the socket is down, and also while a
 * clock ping has gone unanswered for a few seconds (a connection can die silently, the socket
 * still believing it is up). Pure apart from its timer; the threshold is injectable.
 */

/** How long a ping may go unanswered before the screen says it may be out of date. */
export const UNANSWERED_PING_LIMIT_MS = 4_000;

export class StaleWatch {
  private disconnected = false;
  private overdue = false;
  private reported = false;
  private pending: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly onChange: (stale: boolean) => void,
    private readonly unansweredLimitMs = UNANSWERED_PING_LIMIT_MS,
  ) {}

  /** A ping left; unless some answer comes within the limit, the screen is stale. */
  pingSent(): void {
    if (this.pending !== undefined) return;
    this.pending = setTimeout(() => {
      this.pending = undefined;
      this.overdue = true;
      this.report();
    }, this.unansweredLimitMs);
  }

  /** Any answer from the server shows the line is alive. */
  answered(): void {
    clearTimeout(this.pending);
    this.pending = undefined;
    this.overdue = false;
    this.report();
  }

  connectionChanged(connected: boolean): void {
    this.disconnected = !connected;
    if (!connected) {
      // While disconnected the socket's own state says it; a ping's answer cannot come anyway.
      clearTimeout(this.pending);
      this.pending = undefined;
      this.overdue = false;
    }
    this.report();
  }

  stop(): void {
    clearTimeout(this.pending);
    this.pending = undefined;
  }

  private report(): void {
    const stale = this.disconnected || this.overdue;
    if (stale === this.reported) return;
    this.reported = stale;
    this.onChange(stale);
  }
}
