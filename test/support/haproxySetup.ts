/**
 * HAProxy in front of the local cluster's nodes, as a production deployment would put a balancer.
 * It uses haproxy where HAPROXY_BIN_DIR, PATH or /usr/sbin has it; when it is missing and this runs
 * as root with apt-get, Debian's `haproxy` package is installed; anywhere else the run fails saying
 * what to install (packageInstall.ts). It runs in the foreground as a child process, on loopback only.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROUTE_PARAMETER } from '../../shared/routeKey.ts';
import { httpStatus, waitUntil, watchProcess, type Service } from './childProcesses.ts';
import { findPrograms, thisMachine, type ProgramHost, type WantedPrograms } from './packageInstall.ts';
import { freePort, isPortFree } from './servers.ts';

const HAPROXY: WantedPrograms = { name: 'HAProxy', programs: ['haproxy'], debianPackage: 'haproxy', dirVariable: 'HAPROXY_BIN_DIR' };

/** The path of haproxy, installing it where it may. */
export const findHaproxy = (host: ProgramHost): string => join(findPrograms(HAPROXY, host), 'haproxy');

/** The same on this machine, where Debian's package puts it in /usr/sbin, which only root's PATH has. */
export const locateHaproxy = (): string => findHaproxy(thisMachine(HAPROXY, () => ['/usr/sbin']));

/** The response header naming the node that answered, for the curious and the cluster tests; it names nothing but a node. */
export const SERVED_BY_HEADER = 'x-served-by';

export interface Backend {
  /** The server's name in HAProxy, and in the header naming the node that answered. */
  readonly name: string;
  /** Its port on 127.0.0.1. */
  readonly port: number;
}

export interface HaproxyConfig {
  readonly port: number;
  readonly backends: readonly Backend[];
}

/** A name HAProxy takes as one word, and a header as a value. */
const PLAIN_NAME = /^[A-Za-z0-9_.-]+$/;

/**
 * The backends that answer /readyz with 200 (checked twice a second, so that a node that stops or
 * drains is out within a second and one that is back is in at once), chosen by a consistent hash
 * of each request's route key (shared/routeKey.ts): every device of a clinic reaches the same node,
 * which then runs the clinic, and every request of a long-polling session reaches its node. A node
 * that goes moves only its own keys, and gets them back when it returns. A request without a key
 * goes round robin. WebSocket connections stay open as long as they are used.
 */
export function haproxyConfig({ port, backends }: HaproxyConfig): string {
  if (backends.length === 0) throw new Error('HAProxy needs at least one backend.');
  const odd = backends.find(({ name }) => !PLAIN_NAME.test(name));
  if (odd) throw new Error(`Backend name ${JSON.stringify(odd.name)} is not one word of letters, digits, "_", "." or "-".`);
  return `${[
    'global',
    // Without it, a second HAProxy left on the same port would share its connections instead of failing to start.
    '  noreuseport',
    'defaults',
    '  mode http',
    '  timeout connect 2s',
    // Past Socket.IO's 25 s between pings, which is as long as a long-polling request waits for data.
    '  timeout client 60s',
    '  timeout server 60s',
    // An upgraded connection (a WebSocket) is idle between pings for up to the same 25 s.
    '  timeout tunnel 1h',
    // The nodes run with TRUST_PROXY=1, so that per-address limits count the client's address.
    '  option forwardfor',
    // A request a node refuses or drops unanswered (it was killed, and the health check has not
    // noticed yet) is tried at once on another, even when its route key names the first.
    '  retry-on conn-failure empty-response response-timeout',
    '  option redispatch 1',
    '  retries 2',
    'frontend clinic',
    `  bind 127.0.0.1:${port}`,
    '  default_backend nodes',
    'backend nodes',
    `  balance url_param ${ROUTE_PARAMETER}`,
    '  hash-type consistent',
    '  option httpchk GET /readyz',
    '  http-check expect status 200',
    `  http-response set-header ${SERVED_BY_HEADER} %[srv_name]`,
    '  default-server check inter 500ms fall 2 rise 1',
    ...backends.map(({ name, port: backendPort }) => `  server ${name} 127.0.0.1:${backendPort}`),
  ].join('\n')}\n`;
}

export interface HaproxyOptions {
  readonly backends: readonly Backend[];
  /** The port to listen on; a free one otherwise. */
  readonly port?: number;
  /** In a process group of its own, for a parent that stops it in turn on Ctrl-C (see WatchOptions). */
  readonly detached?: boolean;
}

/** Starts HAProxy in front of the backends, and resolves once it answers (whether or not a backend is up yet). */
export async function startHaproxy({ backends, port, detached = false }: HaproxyOptions): Promise<Service> {
  const program = locateHaproxy();
  // Else whatever holds the port would answer in HAProxy's place.
  if (port !== undefined && !(await isPortFree(port))) throw new Error(`Port ${port} on 127.0.0.1 is taken: stop what listens there, or choose another port.`);
  const dir = mkdtempSync(join(tmpdir(), 'case-clinic-haproxy-'));
  const listenPort = port ?? (await freePort());
  const configFile = join(dir, 'haproxy.cfg');
  writeFileSync(configFile, haproxyConfig({ port: listenPort, backends }));
  const proxy = watchProcess(program, ['-db', '-f', configFile], { name: 'haproxy', cwd: dir, detached });
  const url = `http://127.0.0.1:${listenPort}`;
  const stop = async () => {
    await proxy.stop();
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await waitUntil(`HAProxy answers on ${url}`, async () => (await httpStatus(`${url}/readyz`)) !== null, { process: proxy });
  } catch (error) {
    await stop();
    throw error;
  }
  return { url, stop };
}
