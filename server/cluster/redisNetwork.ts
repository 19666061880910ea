/**
 * The cluster's shared state in Redis (REDIS_URL): Socket.IO's Redis adapter for broadcasts to
 * every node's sockets, clinic leases with fencing tokens, calls between nodes, who is online in
 * each clinic, which nodes are running, limits counted across nodes, and turns at chores that run
 * once per cluster. Three connections:
 * - commands (leases, presence, limits), which fail fast while Redis cannot be reached;
 * - one publisher for the adapter and the calls alike, whose messages wait out a reconnection
 *   instead of failing (the adapter does not catch a failed publish), and
 * - one subscriber for both: Redis keeps one publisher's messages in order to one subscriber, so
 *   an owner's answer to a join (or to counting a device again) arrives after the room membership
 *   and state it sent before it. This holds for one owner; across a takeover, the leases do.
 */
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import type { NodeNetwork } from '../nodeNetwork.ts';
import { nodeOfConnection } from '../room/presence.ts';
import { redisLimits } from '../sharedLimits.ts';
import { ClinicLeases, DEFAULT_LEASE_TIMING, type LeaseTiming } from './clinicLeases.ts';
import { NodeCalls } from './nodeCalls.ts';
import { createRedisAdapter } from './redisAdapter.ts';

export interface RedisNetworkOptions {
  /** redis://host:port */
  readonly url: string;
  /** What every key and channel of this app starts with, so that other apps (or test runs) can share the Redis. */
  readonly namespace?: string;
  /** The node's name (NODE_ID); each start of it gets a suffix of its own. */
  readonly nodeName: string;
  readonly leaseTiming?: LeaseTiming;
  /** How long a call to another node may take before it counts as unanswered. */
  readonly answerWithinMs?: number;
  /** How long to wait before each attempt to reconnect to Redis (ioredis's `retryStrategy`); ioredis's own by default. */
  readonly reconnectAfterMs?: (attempt: number) => number;
  readonly log: (message: string, error?: unknown) => void;
}

const nodeKey = (nodeId: string) => `node:${nodeId}`;
const presenceKey = (clinicId: string) => `presence:${clinicId}`;
/** Presence nobody updates for this long is of a clinic no node runs any more. */
const PRESENCE_KEPT_MS = 24 * 3_600_000;
const DEFAULT_ANSWER_WITHIN_MS = 2_000;

export async function openRedisNetwork({ url, namespace = 'case-clinic', nodeName, leaseTiming = DEFAULT_LEASE_TIMING, answerWithinMs = DEFAULT_ANSWER_WITHIN_MS, reconnectAfterMs, log }: RedisNetworkOptions): Promise<NodeNetwork> {
  const nodeId = `${nodeName}.${randomBytes(4).toString('hex')}`;
  // Named, so that Redis's CLIENT LIST tells which node and which of its connections each is.
  const open = (role: string, maxRetriesPerRequest: number | null, keyPrefix = '') =>
    new Redis(url, { lazyConnect: true, maxRetriesPerRequest, connectTimeout: 2_000, keyPrefix, connectionName: `${nodeId}:${role}`, ...(reconnectAfterMs ? { retryStrategy: reconnectAfterMs } : {}) });
  // Keys (not channels) get the namespace from the client.
  const redis = open('commands', 2, `${namespace}:`);
  const publisher = open('publisher', null);
  const subscriber = open('subscriber', null);
  const connections = [redis, publisher, subscriber];
  for (const connection of connections) connection.on('error', (error: unknown) => log('Redis connection failed', error));
  try {
    await Promise.all(connections.map((connection) => connection.connect()));
  } catch (error) {
    for (const connection of connections) connection.disconnect();
    throw new Error(`Could not connect to Redis at REDIS_URL: ${(error as Error).message}`);
  }

  const leases = new ClinicLeases(redis, nodeId, leaseTiming, log);
  const calls = await NodeCalls.open(namespace, publisher, subscriber, nodeId, answerWithinMs, log);
  const backListeners: Array<() => void> = [];
  const back = () => {
    for (const listener of backListeners) listener();
  };
  /** Says this node runs, for as long as a lease; finding its mark gone, it was taken for stopped and is back. */
  const beat = async () => {
    try {
      if ((await redis.set(nodeKey(nodeId), '1', 'PX', leaseTiming.leaseMs, 'XX')) === 'OK') return;
      await redis.set(nodeKey(nodeId), '1', 'PX', leaseTiming.leaseMs);
      back();
    } catch (error) {
      log('could not say this node is running', error);
    }
  };
  await redis.set(nodeKey(nodeId), '1', 'PX', leaseTiming.leaseMs);
  // Ready again after a reconnection: what was published meanwhile, broadcasts to this node's
  // devices among them, never reached it, and clinics may have moved without knowing of them.
  subscriber.on('ready', back);
  const heartbeat = setInterval(() => void beat(), leaseTiming.renewEveryMs);
  heartbeat.unref();
  const quietly = (work: Promise<unknown>, what: string) => void work.catch((error: unknown) => log(`could not ${what}`, error));

  return {
    nodeId,
    ownership: leases,
    ask: (otherNodeId, call, onLateAnswer) => calls.ask(otherNodeId, call, onLateAnswer),
    answer: (handler) => calls.answer(handler),
    tellEveryone: (message) => calls.tellEveryone(message),
    hear: (listener) => calls.hear(listener),
    presenceOf: (clinicId) => ({
      arrived: (connection, participantId) => quietly(redis.multi().hset(presenceKey(clinicId), connection, participantId).pexpire(presenceKey(clinicId), PRESENCE_KEPT_MS).exec(), 'keep who is online'),
      departed: (gone) => {
        if (gone.length > 0) quietly(redis.hdel(presenceKey(clinicId), ...gone), 'keep who is online');
      },
      load: async () => {
        const online = Object.entries(await redis.hgetall(presenceKey(clinicId)));
        const running = await liveNodes(online.map(([connection]) => nodeOfConnection(connection)));
        return online.filter(([connection]) => running.has(nodeOfConnection(connection)));
      },
      clear: () => quietly(redis.del(presenceKey(clinicId)), 'forget who was online'),
    }),
    onBack: (listener) => void backListeners.push(listener),
    liveNodes,
    // One key per period: whichever node asks first in it takes the turn, whatever the nodes' phases.
    takeTurn: async (chore, periodMs) => (await redis.set(`turn:${chore}:${Math.floor(Date.now() / periodMs)}`, nodeId, 'PX', periodMs, 'NX')) === 'OK',
    limits: redisLimits(redis),
    adapter: createRedisAdapter(publisher, subscriber, { key: `${namespace}:socket.io` }),
    async close() {
      clearInterval(heartbeat);
      calls.close();
      await leases.releaseAll().catch((error: unknown) => log('could not release clinic leases', error));
      await redis.del(nodeKey(nodeId)).catch(() => undefined);
      await Promise.all(connections.map((connection) => connection.quit().catch(() => connection.disconnect())));
    },
  };

  async function liveNodes(nodeIds: readonly string[]): Promise<ReadonlySet<string>> {
    const distinct = [...new Set(nodeIds)];
    if (distinct.length === 0) return new Set();
    const beats = await redis.mget(distinct.map(nodeKey));
    return new Set(distinct.filter((_, index) => beats[index] !== null));
  }
}
