/**
 * HAProxy for the local cluster: the configuration it is given, and finding (or installing) it.
 * The cluster test (test/cluster/localCluster.test.ts) runs it for real.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { findHaproxy, haproxyConfig, SERVED_BY_HEADER } from '../support/haproxySetup.ts';
import { standInMachine } from '../support/standInMachine.ts';

const BACKENDS = [
  { name: 'node-1', port: 41001 },
  { name: 'node-2', port: 41002 },
];

/** The lines of a section ("backend nodes"), trimmed, up to the next section. */
function section(config: string, header: string): string[] {
  const lines = config.split('\n');
  const start = lines.indexOf(header);
  expect(start).toBeGreaterThanOrEqual(0);
  const end = lines.findIndex((line, index) => index > start && line !== '' && !line.startsWith(' '));
  return lines.slice(start + 1, end === -1 ? undefined : end).map((line) => line.trim()).filter(Boolean);
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('the HAProxy configuration', () => {
  const config = haproxyConfig({ port: 8080, backends: BACKENDS });

  it('listens on loopback alone, on the port asked for', () => {
    expect(config.split('\n').filter((line) => line.trim().startsWith('bind'))).toEqual(['  bind 127.0.0.1:8080']);
  });

  it("balances by a consistent hash of the route key over one checked server per backend, naming the one that answered", () => {
    const backend = section(config, 'backend nodes');
    expect(backend).toContain('balance url_param route');
    expect(backend).toContain('hash-type consistent');
    expect(backend).toContain(`http-response set-header ${SERVED_BY_HEADER} %[srv_name]`);
    expect(backend.filter((line) => line.startsWith('server '))).toEqual(['server node-1 127.0.0.1:41001', 'server node-2 127.0.0.1:41002']);
    expect(backend).toContain('default-server check inter 500ms fall 2 rise 1');
  });

  it("sends only to servers whose /readyz answers 200, so a draining node gets no new clients", () => {
    const backend = section(config, 'backend nodes');
    expect(backend).toContain('option httpchk GET /readyz');
    expect(backend).toContain('http-check expect status 200');
  });

  it("tells the nodes the client's address, and keeps WebSockets open longer than requests", () => {
    const defaults = section(config, 'defaults');
    expect(defaults).toContain('option forwardfor');
    const seconds = (name: string) => {
      const [, amount, unit] = /^timeout \S+ (\d+)(s|h)$/.exec(defaults.find((line) => line.startsWith(`timeout ${name} `))!)!;
      return Number(amount) * (unit === 'h' ? 3600 : 1);
    };
    expect(seconds('tunnel')).toBeGreaterThan(seconds('server'));
    // Socket.IO pings every 25 s; a long-polling request waits that long for data.
    expect(seconds('server')).toBeGreaterThan(25);
    expect(seconds('client')).toBeGreaterThan(25);
  });

  it('refuses a backend name that would break the configuration or the header naming it, and an empty list', () => {
    expect(() => haproxyConfig({ port: 8080, backends: [{ name: 'node 1\n  server evil 10.0.0.1:80', port: 41001 }] })).toThrow(/Backend name "node 1\\n/);
    expect(() => haproxyConfig({ port: 8080, backends: [{ name: 'node;1', port: 41001 }] })).toThrow(/not one word/);
    expect(() => haproxyConfig({ port: 8080, backends: [] })).toThrow(/at least one backend/);
  });
});

describe('finding haproxy', () => {
  it('uses the first on the places looked in, installing nothing', () => {
    const host = standInMachine({ candidateDirs: () => ['/usr/bin', '/usr/sbin'], present: ['/usr/sbin/haproxy'] });
    expect(findHaproxy(host)).toBe('/usr/sbin/haproxy');
    expect(host.aptInstall).not.toHaveBeenCalled();
  });

  it("installs Debian's haproxy when it is missing and it runs as root, and names it otherwise", () => {
    vi.spyOn(console, 'log').mockImplementation(() => undefined);
    const host = standInMachine({ candidateDirs: () => ['/usr/bin', '/usr/sbin'], installs: ['/usr/sbin/haproxy'] });
    expect(findHaproxy(host)).toBe('/usr/sbin/haproxy');
    expect(host.aptInstall).toHaveBeenCalledOnce();
    expect(() => findHaproxy(standInMachine({ hasAptGet: false }))).toThrow(/no apt-get\. Install HAProxy .*HAPROXY_BIN_DIR/);
  });
});
