/**
 * Calls between nodes on the throwaway Redis (redisSetup.ts): answered by the node asked, failed at
 * once when nobody listens or the node cannot read the call (so surely not run), failed after the
 * wait when unanswered (so maybe run), and read across one cluster protocol version but no further;
 * messages to every node heard only when they are ones this release knows.
 */
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { CLUSTER_PROTOCOL_VERSION, NodeCalls } from '../../server/cluster/nodeCalls.ts';
import { NodeUnreachableError, UnreadableCallError } from '../../server/nodeNetwork.ts';
import type { NodeMessage } from '../../server/nodeSchemas.ts';
import { openRedisGate, type RedisGate } from '../support/redisGate.ts';

const connections: Redis[] = [];
const gates: RedisGate[] = [];
afterEach(async () => {
  for (const connection of connections.splice(0)) connection.disconnect();
  await Promise.all(gates.splice(0).map((gate) => gate.close()));
});

const connect = () => {
  const connection = new Redis(inject('redisUrl'));
  connections.push(connection);
  return connection;
};

const ANSWER_WITHIN_MS = 300;

async function node(
  namespace: string,
  nodeId: string,
  answer: (call: unknown) => Promise<unknown> = async (call) => ({ echo: call }),
  log: (message: string) => void = () => undefined,
): Promise<NodeCalls> {
  const calls = await NodeCalls.open(namespace, connect(), connect(), nodeId, ANSWER_WITHIN_MS, log);
  calls.answer(answer);
  return calls;
}

async function failureOf(asking: Promise<unknown>): Promise<NodeUnreachableError> {
  const error = await asking.then(
    () => null,
    (failure: unknown) => failure,
  );
  expect(error).toBeInstanceOf(NodeUnreachableError);
  return error as NodeUnreachableError;
}

/** What a node answers a call sent in `version`, as another release of the app would send it. */
async function answerToVersion(namespace: string, nodeId: string, version: number): Promise<unknown> {
  const listener = connect();
  const answered = new Promise((resolve) => listener.on('message', (_channel: string, text: string) => resolve(JSON.parse(text))));
  await listener.subscribe(`${namespace}:answers:other-release`);
  await connect().publish(`${namespace}:calls:${nodeId}`, JSON.stringify({ v: version, id: 7, from: 'other-release', call: { kind: 'shownState' } }));
  return answered;
}

describe('calls between nodes', () => {
  it('are answered by the node asked', async () => {
    const namespace = randomUUID();
    const [a] = [await node(namespace, 'a'), await node(namespace, 'b')];
    expect(await a.ask('b', { kind: 'shownState', clinicId: 'c1' })).toEqual({ echo: { kind: 'shownState', clinicId: 'c1' } });
  });

  it('fail at once, as surely not run, when the node asked is not running', async () => {
    const a = await node(randomUUID(), 'a');
    const started = performance.now();
    const failure = await failureOf(a.ask('gone', { kind: 'command' }));
    expect(failure.mayHaveRun).toBe(false);
    expect(performance.now() - started).toBeLessThan(ANSWER_WITHIN_MS);
  });

  it('fail after the wait, as maybe run, when the node asked does not answer', async () => {
    const namespace = randomUUID();
    const a = await node(namespace, 'a');
    await node(namespace, 'stuck', () => new Promise(() => undefined));
    const failure = await failureOf(a.ask('stuck', { kind: 'command' }));
    expect(failure.mayHaveRun).toBe(true);
  });

  it('hand an answer that comes after the wait to the caller that asked to hear it, and to no other', async () => {
    const namespace = randomUUID();
    const a = await node(namespace, 'a');
    // Node b answers each call once it has been asked the next one, long after the wait ran out.
    let answerPrevious: (() => void) | null = null;
    await node(namespace, 'b', async (call) => {
      answerPrevious?.();
      await new Promise<void>((resolve) => (answerPrevious = resolve));
      return { echo: call };
    });
    const late: unknown[] = [];
    expect((await failureOf(a.ask('b', { kind: 'join', n: 1 }, (answer) => late.push(answer)))).mayHaveRun).toBe(true);
    expect((await failureOf(a.ask('b', { kind: 'command', n: 2 }))).mayHaveRun).toBe(true);
    await failureOf(a.ask('b', { kind: 'command', n: 3 }));
    // The first answer came while the second call waited; the second's, unheard, while the third did.
    expect(late).toEqual([{ echo: { kind: 'join', n: 1 } }]);
  });

  it('fail after the wait, as maybe run, while the asking node cannot reach Redis; the call goes out once it can, and its late answer is heard from then', async () => {
    const namespace = randomUUID();
    const heard: unknown[] = [];
    await node(namespace, 'b', async (call) => {
      heard.push(call);
      return { echo: call };
    });
    const gate = await openRedisGate(inject('redisUrl'));
    gates.push(gate);
    gate.hold();
    // As a node's publisher is opened: its messages wait out a reconnection instead of failing.
    const publisher = new Redis(gate.url, { maxRetriesPerRequest: null });
    connections.push(publisher);
    // Late answers are heard for as long as a wait: shorter than the time this call waits for Redis.
    const a = await NodeCalls.open(namespace, publisher, connect(), 'a', ANSWER_WITHIN_MS, () => undefined, ANSWER_WITHIN_MS);
    const late: unknown[] = [];
    expect((await failureOf(a.ask('b', { kind: 'join' }, (answer) => late.push(answer)))).mayHaveRun).toBe(true);
    // A second call's whole wait goes by before Redis can be reached.
    await failureOf(a.ask('b', { kind: 'command' }));
    await gate.release();
    await expect.poll(() => heard).toEqual([{ kind: 'join' }, { kind: 'command' }]);
    await expect.poll(() => late).toEqual([{ echo: { kind: 'join' } }]);
  });

  it('are read from the release before, and refused unread from the release after', async () => {
    const namespace = randomUUID();
    await node(namespace, 'b');
    expect(await answerToVersion(namespace, 'b', CLUSTER_PROTOCOL_VERSION - 1)).toEqual({ id: 7, answer: { echo: { kind: 'shownState' } } });
    expect(await answerToVersion(namespace, 'b', CLUSTER_PROTOCOL_VERSION + 1)).toMatchObject({ id: 7, mayHaveRun: false });
  });

  it('are refused unread when the node asked cannot read them, and the asker is told so', async () => {
    const namespace = randomUUID();
    const a = await node(namespace, 'a');
    await node(namespace, 'b', async () => {
      throw new UnreadableCallError('not a call this release knows');
    });
    await expect(a.ask('b', { kind: 'teleport' })).rejects.toBeInstanceOf(UnreadableCallError);
  });
});

describe('messages to every node', () => {
  it('are heard when they are messages this release knows; anything else is logged and dropped', async () => {
    const namespace = randomUUID();
    const logged: string[] = [];
    const heard: NodeMessage[] = [];
    const b = await node(namespace, 'b', undefined, (message) => logged.push(message));
    b.hear((message) => heard.push(message));
    const publisher = connect();
    const everyone = `${namespace}:everyone`;
    await publisher.publish(everyone, 'not json');
    await publisher.publish(everyone, JSON.stringify({ v: CLUSTER_PROTOCOL_VERSION, message: { kind: 'clinicsDeleted', clinicIds: 'all of them' } }));
    await publisher.publish(everyone, JSON.stringify({ v: CLUSTER_PROTOCOL_VERSION, message: { kind: 'reboot' } }));
    await publisher.publish(everyone, JSON.stringify({ message: { kind: 'clinicsDeleted', clinicIds: [] } }));
    const deleted = { kind: 'clinicsDeleted', clinicIds: ['c'.repeat(22)] } as const;
    // A key a later release added is dropped, not a reason to ignore the message.
    await publisher.publish(everyone, JSON.stringify({ v: CLUSTER_PROTOCOL_VERSION, message: { ...deleted, reason: 'retention' } }));
    // Nor is a reason it added to a dismissal: whoever is dismissed is out.
    const crewId = 'k'.repeat(22);
    const memberId = 'm'.repeat(22);
    await publisher.publish(
      everyone,
      JSON.stringify({ v: CLUSTER_PROTOCOL_VERSION, message: { kind: 'dismissFromCrew', crewId, memberId, notice: { crewId, reason: 'expired', at: 1 } } }),
    );
    await expect.poll(() => heard).toEqual([deleted, { kind: 'dismissFromCrew', crewId, memberId, notice: { crewId, reason: 'removed' } }]);
    expect(logged).toHaveLength(4);
  });
});
