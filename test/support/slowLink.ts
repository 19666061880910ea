/**
 * A TCP proxy to a server on loopback that holds every chunk of a WebSocket connection, each way,
 * for a fixed time: a device on a slow connection, its answers coming back well after its next
 * click. Other requests (the page and its files) pass at once, so the page itself loads quickly.
 */
import { connect, createServer, type AddressInfo, type Socket } from 'node:net';

export interface SlowLink {
  /** The server's address, reached through the proxy. */
  readonly url: string;
  close(): Promise<void>;
}

/** Passes `from`'s bytes to `to` after `delayMs()`, in order (timers of one delay fire in the order set). */
function pipeAfter(from: Socket, to: Socket, delayMs: () => number): void {
  const later = (pass: () => void) => (delayMs() === 0 ? pass() : setTimeout(pass, delayMs()));
  from.on('data', (chunk) => later(() => to.writable && to.write(chunk)));
  from.on('end', () => later(() => to.end()));
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
    // Known from the device's first bytes: a WebSocket handshake asks to upgrade.
    let delay = 0;
    device.once('data', (chunk: Buffer) => {
      if (/^upgrade:\s*websocket/im.test(chunk.toString('latin1'))) delay = delayMs;
    });
    pipeAfter(device, server, () => delay);
    pipeAfter(server, device, () => delay);
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
