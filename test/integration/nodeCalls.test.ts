/**
 * Calls between nodes on the throwaway Redis (redisSetup.ts): answered by the node asked, failed at
 * once when nobody listens (so surely not run), failed after the wait when unanswered (so maybe
 * run), and read across one cluster protocol version but no further.
 */
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { CLUSTER_PROTOCOL_VERSION, NodeCalls } from '../../server/cluster/nodeCalls.ts';
import { NodeUnreachableError } from '../../server/nodeNetwork.ts';

const connections: Redis[] = [];
afterEach(() => {
  for (const connection of connections.splice(0)) connection.disconnect();
});

const connect = () => {
  const connection = new Redis(inject('redisUrl'));
  connections.push(connection);
  return connection;
};

const ANSWER_WITHIN_MS = 300;

async function node(namespace: string, nodeId: string, answer: (call: unknown) => Promise<unknown> = async (call) => ({ echo: call })): Promise<NodeCalls> {
  const calls = await NodeCalls.open(namespace, connect(), connect(), nodeId, ANSWER_WITHIN_MS, () => undefined);
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

  it('are read from the release before, and refused unread from the release after', async () => {
    const namespace = randomUUID();
    await node(namespace, 'b');
    expect(await answerToVersion(namespace, 'b', CLUSTER_PROTOCOL_VERSION - 1)).toEqual({ id: 7, answer: { echo: { kind: 'shownState' } } });
    expect(await answerToVersion(namespace, 'b', CLUSTER_PROTOCOL_VERSION + 1)).toMatchObject({ id: 7, mayHaveRun: false });
  });
});
