/**
 * The nodes' Redis adapter (server/cluster/redisAdapter.ts) with stand-ins for its two Redis
 * connections: what one node publishes is fed back to it, as Redis echoes it, and to a second node.
 */
import { RedisAdapter } from '@socket.io/redis-adapter';
import { Server } from 'socket.io';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createRedisAdapter } from '../../server/cluster/redisAdapter.ts';

type Listener = (pattern: Buffer, channel: Buffer, message: Buffer) => void;

/** One node: a Socket.IO server on the adapter, what it publishes, and its subscriber's listener. */
function startNode() {
  const published: Array<{ channel: string; message: Buffer }> = [];
  let listener: Listener | undefined;
  const publisher = { publish: (channel: string, message: Buffer) => void published.push({ channel, message }), on: () => undefined };
  const subscriber = {
    psubscribe: () => undefined,
    subscribe: () => undefined,
    on: (event: string, handler: Listener) => {
      if (event === 'pmessageBuffer') listener = handler;
    },
  };
  const io = new Server({ adapter: createRedisAdapter(publisher, subscriber, { key: 'test:socket.io' }) });
  const adapter = io.of('/').adapter as RedisAdapter;
  // A device of this node in the clinic's room: the adapter reads a room's messages only if it has the room.
  adapter.addAll('device', new Set(['clinic:c1']));
  const receive = ({ channel, message }: { channel: string; message: Buffer }) => listener!(Buffer.from(`${channel}*`), Buffer.from(channel), message);
  return { io, published, receive };
}

/** What the adapter hands to this node's own sockets: the in-memory adapter's broadcast, which it extends. */
const handedToSockets = () => vi.spyOn(Object.getPrototypeOf(RedisAdapter.prototype) as { broadcast: (packet: unknown) => void }, 'broadcast');

// The servers listen nowhere, so there is nothing of theirs to close.
afterEach(() => vi.restoreAllMocks());

const twoNodes = () => [startNode(), startNode()] as const;

describe("the nodes' Redis adapter", () => {
  it("hands another node's broadcast to this node's sockets, once", () => {
    const [owner, other] = twoNodes();
    owner.io.to('clinic:c1').emit('clinic:state', { revision: 7, title: 'Weekly clinic' });
    const handed = handedToSockets();

    other.receive(owner.published[0]!);

    expect(handed).toHaveBeenCalledTimes(1);
    expect(handed.mock.calls[0]![0]).toMatchObject({ data: ['clinic:state', { revision: 7, title: 'Weekly clinic' }] });
  });

  it('drops its own broadcast, as Redis echoes it back, without reading past who sent it', () => {
    const [owner] = twoNodes();
    owner.io.to('clinic:c1').emit('clinic:state', { revision: 7, title: 'Weekly clinic' });
    const handed = handedToSockets();
    const echo = owner.published[0]!;
    // Cut off in the middle of the state: reading it would fail.
    const cutShort = { ...echo, message: echo.message.subarray(0, echo.message.length - 10) };

    owner.receive(echo);
    owner.receive(cutShort);

    expect(handed).not.toHaveBeenCalled();
  });

  it("hands on a broadcast from another node whose id starts with this one's", () => {
    const [owner] = twoNodes();
    owner.io.to('clinic:c1').emit('clinic:state', { revision: 7 });
    const { message, channel } = owner.published[0]!;
    const ownerUid = (owner.io.of('/').adapter as RedisAdapter).uid as string;
    // The same broadcast, sent by a node whose id is the owner's and one letter more.
    const longerId = Buffer.concat([Buffer.of(0x93, 0xa0 + ownerUid.length + 1), Buffer.from(`${ownerUid}x`), message.subarray(2 + ownerUid.length)]);
    const handed = handedToSockets();

    owner.receive({ channel, message: longerId });

    expect(handed).toHaveBeenCalledTimes(1);
    expect(handed.mock.calls[0]![0]).toMatchObject({ data: ['clinic:state', { revision: 7 }] });
  });
});
