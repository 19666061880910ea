/**
 * Socket.IO's Redis adapter as the nodes use it. The adapter publishes each broadcast to every
 * node, itself included, and decodes each message for a room it has sockets in before looking at
 * who sent it: a node decoded its own broadcasts, state and all, only to drop them. Behind a
 * balancer routing by route key, a clinic's devices are all on the node that runs it, so those
 * were the only broadcasts a node decoded at all. Here its parser knows the node's own broadcasts
 * by their first bytes and hands the adapter just the sender, which the adapter drops as before.
 * Every other message is decoded as the adapter would decode it; should a later adapter lay its
 * messages out otherwise, none matches, and every one is decoded.
 */
import { RedisAdapter, type RedisAdapterOptions } from '@socket.io/redis-adapter';
import msgpack from 'notepack.io';

/** A broadcast is published as the msgpack array `[sender's uid, packet, options]`; 0x93 starts an array of three. */
const ARRAY_OF_THREE = 0x93;

/** Whether `message` starts with `start`. */
const startsWith = (message: Buffer, start: Buffer) => message.length > start.length && message.compare(start, 0, start.length, 0, start.length) === 0;

/**
 * Like the package's `createAdapter`, with a parser that does not decode this node's own broadcasts.
 * Socket.IO calls what it returns with `new`, so it is a function, not an arrow.
 */
export function createRedisAdapter(publisher: unknown, subscriber: unknown, options: Pick<RedisAdapterOptions, 'key'>) {
  return function redisAdapterOf(namespace: unknown): RedisAdapter {
    /** How this adapter's own broadcasts start; set once the adapter has its uid, before any message can arrive. */
    let ownStart: Buffer | null = null;
    const adapter = new RedisAdapter(namespace, publisher, subscriber, {
      ...options,
      parser: {
        encode: (value: unknown) => msgpack.encode(value),
        decode: (message: Buffer) => (ownStart !== null && startsWith(message, ownStart) ? [adapter.uid] : msgpack.decode(message)),
      },
    });
    ownStart = Buffer.concat([Buffer.of(ARRAY_OF_THREE), msgpack.encode(adapter.uid)]);
    return adapter;
  };
}
