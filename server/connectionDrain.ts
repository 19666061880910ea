/**
 * The connections a server serves, so that a shutdown can drain them: each first answers every
 * request it had already taken (saves included), then its transport is closed. That is not a
 * Socket.IO disconnect, which clients would take as final: to them the connection dropped, so
 * they reconnect by themselves, to another node behind a balancer or to this one once it is back.
 */
import type { Socket } from 'socket.io';
import type { SerialQueue } from './serialQueue.ts';

interface ServedConnection {
  readonly socket: Socket;
  readonly queue: SerialQueue;
}

export class ConnectionDrain {
  private readonly served = new Set<ServedConnection>();
  private started = false;

  /** While draining, new connections and new requests are turned away. */
  get draining(): boolean {
    return this.started;
  }

  /** Serves a connection until `gone`; one that comes while the drain is under way is closed at once. */
  serve(connection: ServedConnection): void {
    this.served.add(connection);
    // A handshake that was already under way when the drain began.
    if (this.started) connection.socket.conn.close();
  }

  /**
   * The connection disconnected: it is let go once it has answered everything. Call it from the
   * connection's own 'disconnect' listener, after that has queued its work, so that is waited for too.
   */
  gone(connection: ServedConnection): void {
    void connection.queue.idle().then(() => this.served.delete(connection));
  }

  /** Lets every connection finish what it was asked, then sends each away to reconnect. */
  async drain(): Promise<void> {
    this.started = true;
    await Promise.all(
      [...this.served].map(async ({ socket, queue }) => {
        // A packet that has reached this machine is read within a turn of the event loop: answer it too.
        do {
          await queue.idle();
          await new Promise((resolve) => setImmediate(resolve));
        } while (queue.pending > 0);
        socket.conn.close();
      }),
    );
  }
}
