/**
 * A TCP proxy on 127.0.0.1 that holds back every chunk for a one-way delay, separately in each
 * direction, as a slow or jittery network would. Byte order is kept as TCP keeps it: a chunk is
 * never delivered before the chunk that arrived ahead of it in the same direction, however short
 * its own delay.
 */
import { createConnection, createServer, type Socket } from 'node:net';
import { performance } from 'node:perf_hooks';

/** Draws the one-way delay, in ms, for each chunk as it arrives. */
export interface DelayProfile {
  /** Device to server. */
  readonly upMs: () => number;
  /** Server to device. */
  readonly downMs: () => number;
}

export interface DelayProxy {
  readonly url: string;
  close(): Promise<void>;
}

const LOOPBACK = '127.0.0.1';
/** Node's timers count whole milliseconds, so a chunk due within one is due now. */
const TIMER_GRANULARITY_MS = 1;

/** One direction of one connection: a FIFO of chunks, each released at its due time. */
class DelayedPipe {
  private readonly queue: Array<{ dueAt: number; chunk: Buffer }> = [];
  private lastDueAt = 0;
  private timer: NodeJS.Timeout | null = null;
  private ended = false;

  constructor(
    private readonly to: Socket,
    private readonly delayMs: () => number,
  ) {}

  push(chunk: Buffer): void {
    // Never before the previous chunk: this is what keeps the byte stream in order.
    this.lastDueAt = Math.max(performance.now() + this.delayMs(), this.lastDueAt);
    this.queue.push({ dueAt: this.lastDueAt, chunk });
    this.schedule();
  }

  /** The sender finished; pass the end on once everything before it is delivered. */
  end(): void {
    this.ended = true;
    this.schedule();
  }

  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.queue.length = 0;
  }

  private schedule(): void {
    if (this.timer) return;
    const head = this.queue[0];
    if (!head) {
      if (this.ended && !this.to.destroyed) this.to.end();
      return;
    }
    this.timer = setTimeout(() => this.release(), Math.max(0, head.dueAt - performance.now()));
  }

  private release(): void {
    this.timer = null;
    const now = performance.now();
    while (this.queue[0] && this.queue[0].dueAt <= now + TIMER_GRANULARITY_MS) {
      const { chunk } = this.queue.shift()!;
      // Traffic here is a few small frames a second, so backpressure is not worth handling.
      if (!this.to.destroyed) this.to.write(chunk);
    }
    this.schedule();
  }
}

/** Listens on a free loopback port and forwards every connection to `targetPort`, delayed by `profile`. */
export function startDelayProxy(targetPort: number, profile: DelayProfile): Promise<DelayProxy> {
  const sockets = new Set<Socket>();
  const pipes = new Set<DelayedPipe>();

  const server = createServer((device) => {
    const upstream = createConnection({ host: LOOPBACK, port: targetPort });
    // Without this, Nagle's algorithm would add delays of its own to small frames.
    device.setNoDelay(true);
    upstream.setNoDelay(true);
    const up = new DelayedPipe(upstream, profile.upMs);
    const down = new DelayedPipe(device, profile.downMs);
    for (const socket of [device, upstream]) sockets.add(socket);
    for (const pipe of [up, down]) pipes.add(pipe);

    device.on('data', (chunk: Buffer) => up.push(chunk));
    upstream.on('data', (chunk: Buffer) => down.push(chunk));
    device.on('end', () => up.end());
    upstream.on('end', () => down.end());
    const teardown = () => {
      for (const pipe of [up, down]) {
        pipe.stop();
        pipes.delete(pipe);
      }
      for (const socket of [device, upstream]) {
        socket.destroy();
        sockets.delete(socket);
      }
    };
    // A reset on either side ends the whole connection, as it would end a real one.
    device.on('error', teardown).on('close', teardown);
    upstream.on('error', teardown).on('close', teardown);
  });

  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, LOOPBACK, () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      resolve({
        url: `http://${LOOPBACK}:${port}`,
        close: () =>
          new Promise<void>((resolveClose) => {
            for (const pipe of pipes) pipe.stop();
            for (const socket of sockets) socket.destroy();
            server.close(() => resolveClose());
          }),
      });
    });
  });
}
