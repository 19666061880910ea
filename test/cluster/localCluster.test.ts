/**
 * The local cluster the cluster tests and `npm run cluster` run (test/support/localCluster.ts):
 * three nodes of the built server on one Postgres and one Redis, HAProxy in front. Clients reach
 * every node through the proxy, over WebSocket or long-polling alike; what they make lands in the
 * shared Postgres; a node killed is routed around, and one restarted is sent clients again.
 */
import { get } from 'node:http';
import { io } from 'socket.io-client';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { PROTOCOL_VERSION } from '../../shared/protocol.ts';
import { httpStatus } from '../support/childProcesses.ts';
import { STICKY_COOKIE } from '../support/haproxySetup.ts';
import { startLocalCluster, type ClusterNode, type LocalCluster } from '../support/localCluster.ts';
import { createClinicAt, openSocket, type TestSocket } from '../support/participant.ts';
import { withClient } from '../support/testStores.ts';

let cluster: LocalCluster;
beforeAll(async () => {
  cluster = await startLocalCluster();
});
afterAll(async () => {
  await cluster?.stop();
});

const sockets: TestSocket[] = [];
afterEach(() => {
  for (const socket of sockets.splice(0)) socket.disconnect();
});

/** The status and sticky cookie a client new to the proxy (its own connection, no cookie) is answered with. */
function newClientGets(url: string): Promise<{ status: number; node: string | undefined }> {
  return new Promise((resolve, reject) => {
    get(url, { agent: false }, (response) => {
      response.resume();
      const cookie = response.headers['set-cookie']?.find((header) => header.startsWith(`${STICKY_COOKIE}=`));
      resolve({ status: response.statusCode!, node: cookie?.slice(STICKY_COOKIE.length + 1).split(';')[0] });
    }).once('error', reject);
  });
}

/** The nodes HAProxy sends `count` new clients to, one after another, as its sticky cookie names them; each must be answered. */
async function nodesOfNewClients(count: number): Promise<Array<string | undefined>> {
  const named = [];
  for (let i = 0; i < count; i += 1) {
    const { status, node } = await newClientGets(`${cluster.url}/readyz`);
    expect(status).toBe(200);
    named.push(node);
  }
  return named;
}

/** How many Socket.IO connections the node itself says it holds. */
async function connectionsAt(node: ClusterNode): Promise<number> {
  const metrics = await (await fetch(`${node.url}/metrics`)).text();
  return Number(/^case_clinic_connections_open (\d+)$/m.exec(metrics)?.[1]);
}

const connected = (socket: TestSocket) => new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('connect_error', reject));

describe('a local cluster', () => {
  it('starts three ready nodes, each a process of its own on a port of its own, behind a ready proxy', async () => {
    expect(cluster.nodes.map((node) => node.id)).toEqual(['node-1', 'node-2', 'node-3']);
    expect(new Set(cluster.nodes.map((node) => node.port)).size).toBe(3);
    expect(new Set(cluster.nodes.map((node) => node.pid)).size).toBe(3);
    for (const url of [cluster.url, ...cluster.nodes.map((node) => node.url)]) expect(await httpStatus(`${url}/readyz`)).toBe(200);
  });

  it('spreads WebSocket connections through the proxy over every node, round robin', async () => {
    sockets.push(...cluster.nodes.map(() => openSocket(cluster.url)));
    await Promise.all(sockets.map(connected));
    for (const node of cluster.nodes) await expect.poll(() => connectionsAt(node)).toBe(1);
  });

  it('creates a clinic over a WebSocket through the proxy, kept in the shared Postgres', async () => {
    const { clinicId } = await createClinicAt(cluster.url);
    const stored = await withClient(cluster.postgresUrl, (client) => client.query('SELECT id FROM clinics WHERE id = $1', [clinicId]));
    expect(stored.rowCount).toBe(1);
  });

  it('keeps a long-polling client on one node by its cookie, so that it too can create a clinic', async () => {
    // Without stickiness, the requests after the handshake would reach nodes that never heard of the session.
    const socket: TestSocket = io(cluster.url, { transports: ['polling'], withCredentials: true, forceNew: true, reconnection: false });
    sockets.push(socket);
    await connected(socket);
    const reply = await socket.timeout(10_000).emitWithAck('clinic:create', { protocolVersion: PROTOCOL_VERSION });
    expect(reply.ok).toBe(true);
  });

  it('names the next node in its cookie for each new client, and routes around a killed node until it is restarted', async () => {
    expect(new Set(await nodesOfNewClients(3))).toEqual(new Set(['node-1', 'node-2', 'node-3']));

    const [killed] = cluster.nodes;
    const { port, pid } = killed!;
    killed!.kill('SIGKILL');
    // Before the health check has noticed, a request sent to the dead node is tried on another.
    expect(await nodesOfNewClients(6)).not.toContain('node-1');
    await killed!.exited;
    await expect.poll(async () => new Set(await nodesOfNewClients(3))).toEqual(new Set(['node-2', 'node-3']));

    await killed!.restart();
    expect(killed!.port).toBe(port);
    expect(killed!.pid).not.toBe(pid);
    expect(await httpStatus(`${killed!.url}/readyz`)).toBe(200);
    await expect.poll(async () => new Set(await nodesOfNewClients(3))).toEqual(new Set(['node-1', 'node-2', 'node-3']));
  });
});
