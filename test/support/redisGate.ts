/**
 * A TCP proxy on loopback in front of Redis that lets a test decide when a node reaches Redis again.
 * While it is held, a connection made through it is taken but not passed on: a node whose
 * connection to Redis was killed reconnects into a wait, whatever its retry delay, until the test
 * lets it through. While it is shut, it listens no more, so a connection is refused as when Redis
 * is down, and the node's requests fail once its retries are spent (a connection taken and closed
 * would count as reaching Redis, and start its retries again). Connections made before go on as
 * they were, unless one is stalled: what Redis sends on it waits, in order, until it is let go.
 */
import { connect, createServer, type AddressInfo, type Socket } from 'node:net';

export interface RedisGate {
  /** Redis's address, reached through the gate. */
  readonly url: string;
  /** Connections made from now on wait. */
  hold(): void;
  /** Connections made from now on are refused. */
  shut(): Promise<void>;
  /** Waiting connections, and those made from now on, go through. */
  release(): Promise<void>;
  /**
   * What Redis sends on the connection it knows by `address` (`host:port`, as CLIENT LIST names
   * it) waits until `letGo` is called; what the node sends still goes.
   */
  stall(address: string): { letGo(): void };
  close(): Promise<void>;
}

export async function openRedisGate(redisUrl: string): Promise<RedisGate> {
  const { hostname, port } = new URL(redisUrl);
  const sockets = new Set<Socket>();
  const waiting: Socket[] = [];
  /** Each connection on to Redis, by the address Redis sees, with the node's end of it. */
  const passedOn = new Map<string, { readonly redis: Socket; readonly client: Socket }>();
  let state: 'open' | 'held' | 'shut' = 'open';
  const track = (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  };
  const passOn = (client: Socket) => {
    if (client.destroyed) return;
    const redis = connect(Number(port), hostname);
    track(redis);
    redis.once('connect', () => {
      const address = `${redis.localAddress}:${redis.localPort}`;
      passedOn.set(address, { redis, client });
      redis.once('close', () => passedOn.delete(address));
    });
    // Either side closing closes the other, as a dropped connection would.
    for (const [from, to] of [[client, redis], [redis, client]] as const) {
      from.pipe(to);
      from.on('error', () => to.destroy());
      from.on('close', () => to.destroy());
    }
  };
  const gate = createServer((client) => {
    track(client);
    if (state === 'open') return passOn(client);
    // What the client sends meanwhile stays in its socket until it is passed on.
    client.pause();
    waiting.push(client);
  });
  const listen = (port: number) =>
    new Promise<void>((resolve, reject) => {
      // Listening again on its port after a shut fails if something else took the port meanwhile.
      gate.once('error', reject);
      gate.listen(port, '127.0.0.1', () => {
        gate.off('error', reject);
        resolve();
      });
    });
  await listen(0);
  const { port: gatePort } = gate.address() as AddressInfo;
  return {
    url: `redis://127.0.0.1:${gatePort}`,
    hold: () => void (state = 'held'),
    async shut() {
      state = 'shut';
      // Closing a server stops it listening at once; its callback waits for the connections it has.
      gate.close();
    },
    async release() {
      const wasShut = state === 'shut';
      state = 'open';
      for (const client of waiting.splice(0)) passOn(client);
      if (wasShut) await listen(gatePort);
    },
    stall(address) {
      const connection = passedOn.get(address);
      if (!connection) throw new Error(`No connection through the gate is known to Redis as ${address}`);
      const { redis, client } = connection;
      redis.unpipe(client);
      redis.pause();
      return { letGo: () => void redis.pipe(client) };
    },
    async close() {
      for (const socket of sockets) socket.destroy();
      if (gate.listening) await new Promise<void>((resolve) => gate.close(() => resolve()));
    },
  };
}
