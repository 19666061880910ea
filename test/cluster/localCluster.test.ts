/**
 * The local cluster the cluster tests and `npm run cluster` run (test/support/localCluster.ts):
 * three nodes of the built server on one Postgres and one Redis, HAProxy in front. Clients reach
 * the node their route key leads to through the proxy, over WebSocket or long-polling alike; what
 * they make lands in the shared Postgres; a node killed is routed around, and one restarted is sent
 * its clients again.
 */
import { get } from 'node:http';
import { io } from 'socket.io-client';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { PROTOCOL_VERSION } from '../../shared/protocol.ts';
import { ROUTE_PARAMETER, routeKeyOf } from '../../shared/routeKey.ts';
import { httpStatus } from '../support/childProcesses.ts';
import { SERVED_BY_HEADER } from '../support/haproxySetup.ts';
import { startLocalCluster, type ClusterNode, type LocalCluster } from '../support/localCluster.ts';
import { createClinicAt, TestParticipant, type TestSocket } from '../support/participant.ts';
import { withClient } from '../support/testStores.ts';

let cluster: LocalCluster;
beforeAll(async () => {
  cluster = await startLocalCluster();
});
afterAll(async () => {
  await cluster?.stop();
});

const sockets: TestSocket[] = [];
const participants: TestParticipant[] = [];
afterEach(() => {
  for (const socket of sockets.splice(0)) socket.disconnect();
  for (const participant of participants.splice(0)) participant.close();
});

/** The node the proxy sends a request with `route` to (none: round robin), as it names it; each must be answered. */
function nodeForRoute(route?: string): Promise<string | undefined> {
  const url = `${cluster.url}/readyz${route === undefined ? '' : `?${ROUTE_PARAMETER}=${route}`}`;
  return new Promise((resolve, reject) => {
    // A connection of its own each time, so that no kept-alive connection decides.
    get(url, { agent: false }, (response) => {
      response.resume();
      if (response.statusCode !== 200) reject(new Error(`${url} answered ${response.statusCode}`));
      else resolve(response.headers[SERVED_BY_HEADER] as string | undefined);
    }).once('error', reject);
  });
}

/** The nodes `count` requests with `route` reach, one after another. */
async function nodesForRoute(route: string | undefined, count: number): Promise<Array<string | undefined>> {
  const nodes = [];
  for (let i = 0; i < count; i += 1) nodes.push(await nodeForRoute(route));
  return nodes;
}

/** Thirty clinics' route keys, the same every run. */
const ROUTES = Array.from({ length: 30 }, (_, index) => routeKeyOf(`clinic-${index + 1}`));

/** A route key the proxy sends to `node` while every node is up. */
async function routeTo(node: string): Promise<string> {
  for (const route of ROUTES) if ((await nodeForRoute(route)) === node) return route;
  throw new Error(`None of the route keys goes to ${node}`);
}

/** A gauge of the node's own metrics. */
async function gaugeAt(node: ClusterNode, name: string): Promise<number> {
  const metrics = await (await fetch(`${node.url}/metrics`)).text();
  return Number(new RegExp(`^${name} (\\d+)$`, 'm').exec(metrics)?.[1]);
}

/** How many Socket.IO connections the node itself says it holds. */
const connectionsAt = (node: ClusterNode) => gaugeAt(node, 'case_clinic_connections_open');

const connected = (socket: TestSocket) => new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('connect_error', reject));

describe('a local cluster', () => {
  it('starts three ready nodes, each a process of its own on a port of its own, behind a ready proxy', async () => {
    expect(cluster.nodes.map((node) => node.id)).toEqual(['node-1', 'node-2', 'node-3']);
    expect(new Set(cluster.nodes.map((node) => node.port)).size).toBe(3);
    expect(new Set(cluster.nodes.map((node) => node.pid)).size).toBe(3);
    for (const url of [cluster.url, ...cluster.nodes.map((node) => node.url)]) expect(await httpStatus(`${url}/readyz`)).toBe(200);
  });

  it("sends every request with a clinic's route key to one node, and the clinics' keys to every node", async () => {
    // Without a key, round robin; polled, as the proxy may not have seen every node up yet.
    await expect.poll(async () => new Set(await nodesForRoute(undefined, 3))).toEqual(new Set(['node-1', 'node-2', 'node-3']));
    const reached = await Promise.all(ROUTES.map(async (route) => new Set(await nodesForRoute(route, 3))));
    for (const nodes of reached) expect(nodes.size).toBe(1);
    expect(new Set(reached.flatMap((nodes) => [...nodes]))).toEqual(new Set(['node-1', 'node-2', 'node-3']));
  });

  it("puts a WebSocket on the node its clinic's route key leads to", async () => {
    const route = await routeTo('node-2');
    const socket: TestSocket = io(cluster.url, { transports: ['websocket'], query: { [ROUTE_PARAMETER]: route }, forceNew: true, reconnection: false });
    sockets.push(socket);
    await connected(socket);
    const [one, two, three] = cluster.nodes;
    await expect.poll(() => connectionsAt(two!)).toBe(1);
    expect([await connectionsAt(one!), await connectionsAt(three!)]).toEqual([0, 0]);
  });

  it('creates a clinic over a WebSocket through the proxy, kept in the shared Postgres', async () => {
    const { clinicId } = await createClinicAt(cluster.url);
    const stored = await withClient(cluster.postgresUrl, (client) => client.query('SELECT id FROM clinics WHERE id = $1', [clinicId]));
    expect(stored.rowCount).toBe(1);
  });

  it('keeps a long-polling client on one node by its route key, so that it too can create a clinic', async () => {
    // Without it, the requests after the handshake would reach nodes that never heard of the session.
    const socket: TestSocket = io(cluster.url, { transports: ['polling'], query: { [ROUTE_PARAMETER]: routeKeyOf('a page of its own') }, forceNew: true, reconnection: false });
    sockets.push(socket);
    await connected(socket);
    const reply = await socket.timeout(10_000).emitWithAck('clinic:create', { protocolVersion: PROTOCOL_VERSION });
    expect(reply.ok).toBe(true);
  });

  it('runs a clinic on the node its route key leads to, which every device joining with the key reaches', async () => {
    const { clinicId, facilitatorKey } = await createClinicAt(cluster.url);
    const route = routeKeyOf(clinicId);
    const routedTo = await nodeForRoute(route);
    const viaProxy = `${cluster.url}/?${ROUTE_PARAMETER}=${route}`;
    const fran = await TestParticipant.join(viaProxy, clinicId, 'Fran', facilitatorKey);
    participants.push(fran);
    const gia = await TestParticipant.join(viaProxy, clinicId, 'Gia');
    participants.push(gia);
    expect((await fran.command({ type: 'SET_CASE_GIVER', participantId: gia.id })).ok).toBe(true);
    expect((await fran.command({ type: 'START' })).ok).toBe(true);
    await gia.waitFor((state) => state.stage === 'running', 'the clinic running');

    // Polled: the creating socket, which had no key, may still be closing on its node.
    const seen = () => Promise.all(cluster.nodes.map(async (node) => [node.id, await gaugeAt(node, 'case_clinic_clinics_live'), await connectionsAt(node)]));
    await expect.poll(seen).toEqual(cluster.nodes.map((node) => (node.id === routedTo ? [node.id, 1, 2] : [node.id, 0, 0])));
  });

  it("moves only a killed node's route keys, routes around it at once, and gives them back once it is restarted", async () => {
    const [killed] = cluster.nodes;
    const before = await Promise.all(ROUTES.map(nodeForRoute));
    const routeOfKilled = ROUTES[before.indexOf('node-1')]!;
    const nodesNow = () => Promise.all(ROUTES.map(nodeForRoute));

    const { port, pid } = killed!;
    killed!.kill('SIGKILL');
    // Before the health check has noticed, a request sent to the dead node is tried on another.
    expect(await nodesForRoute(routeOfKilled, 6)).not.toContain('node-1');
    await killed!.exited;
    // Once it has: node-1's keys go to the others, and every other key stays where it was.
    await expect.poll(nodesNow).toEqual(before.map((node) => (node === 'node-1' ? expect.not.stringMatching(/^node-1$/) : node)));
    expect(new Set(await nodesForRoute(routeOfKilled, 3)).size).toBe(1);

    await killed!.restart();
    expect(killed!.port).toBe(port);
    expect(killed!.pid).not.toBe(pid);
    expect(await httpStatus(`${killed!.url}/readyz`)).toBe(200);
    await expect.poll(nodesNow).toEqual(before);
  });
});
