/**
 * A TCP proxy to a server on loopback that holds every chunk, each way, for a fixed time: a
 * device on a slow connection, its answers coming back well after its next click.
 */
import { createServer, connect, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';

export interface SlowLink {
  /** The server's address, reached through the proxy. */
  readonly url: string;
  close(): Promise<void>;
}

/** Passes `from`'s bytes to `to` `delayMs` later, in order (timers of one delay fire in the order set). */
function delayed(from: Socket, to: Socket, delayMs: number): void {
  from.on('data', (chunk) => setTimeout(() => to.writable && to.write(chunk), delayMs));
  from.on('end', () => setTimeout(() => to.end(), delayMs));
  from.on('error', () => to.destroy());
}

export async function openSlowLink(serverUrl: string, delayMs: number): Promise<SlowLink> {
  const { hostname, port } = new URL(serverUrl);
  const sockets = new Set<Socket>();
  const proxy = createServer((device) => {
    const server = connect(Number(port), hostname);
    for (const socket of [device, server]) {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
    }
    delayed(device, server, delayMs);
    delayed(server, device, delayMs);
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`,
    close: () =>
      new Promise((resolve) => {
        for (const socket of sockets) socket.destroy();
        proxy.close(() => resolve());
      }),
  };
}
