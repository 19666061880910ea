/**
 * A TCP proxy on loopback in front of Redis that lets a test decide when a node hears Redis again.
 * While it is held, a connection made through it is taken but not passed on: a node whose
 * connection to Redis was killed reconnects into a wait, whatever its retry delay, until the test
 * lets it through. Connections made before the hold go on as they were.
 */
import { connect, createServer, type AddressInfo, type Socket } from 'node:net';

export interface RedisGate {
  /** Redis's address, reached through the gate. */
  readonly url: string;
  /** Connections made from now on wait. */
  hold(): void;
  /** Waiting connections, and those made from now on, go through. */
  release(): void;
  close(): Promise<void>;
}

export async function openRedisGate(redisUrl: string): Promise<RedisGate> {
  const { hostname, port } = new URL(redisUrl);
  const sockets = new Set<Socket>();
  const waiting: Socket[] = [];
  let held = false;
  const track = (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  };
  const passOn = (client: Socket) => {
    if (client.destroyed) return;
    const redis = connect(Number(port), hostname);
    track(redis);
    // Either side closing closes the other, as a dropped connection would.
    for (const [from, to] of [[client, redis], [redis, client]] as const) {
      from.pipe(to);
      from.on('error', () => to.destroy());
      from.on('close', () => to.destroy());
    }
  };
  const gate = createServer((client) => {
    track(client);
    if (!held) return passOn(client);
    // What the client sends meanwhile stays in its socket until it is passed on.
    client.pause();
    waiting.push(client);
  });
  await new Promise<void>((resolve) => gate.listen(0, '127.0.0.1', resolve));
  return {
    url: `redis://127.0.0.1:${(gate.address() as AddressInfo).port}`,
    hold: () => void (held = true),
    release() {
      held = false;
      for (const client of waiting.splice(0)) passOn(client);
    },
    close() {
      for (const socket of sockets) socket.destroy();
      return new Promise<void>((resolve) => gate.close(() => resolve()));
    },
  };
}
