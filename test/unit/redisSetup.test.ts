/**
 * Finding redis-server for the integration tests and the local cluster: on PATH, else Debian's
 * package installed, else a failure naming it. (The rules shared with Postgres and HAProxy are in
 * postgresSetup.test.ts.) The real run is `npm test` itself, which starts a throwaway server.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { findRedisServer } from '../support/redisSetup.ts';
import { standInMachine } from '../support/standInMachine.ts';

afterEach(() => {
  vi.restoreAllMocks();
});

describe('finding redis-server', () => {
  it('uses the one on PATH, installing nothing', () => {
    const host = standInMachine({ present: ['/usr/bin/redis-server'] });
    expect(findRedisServer(host)).toBe('/usr/bin/redis-server');
    expect(host.aptInstall).not.toHaveBeenCalled();
  });

  it("installs Debian's redis-server when it is missing and it runs as root", () => {
    vi.spyOn(console, 'log').mockImplementation(() => undefined);
    const host = standInMachine({ installs: ['/usr/bin/redis-server'] });
    expect(findRedisServer(host)).toBe('/usr/bin/redis-server');
    expect(host.aptInstall).toHaveBeenCalledOnce();
  });

  it('names the package and REDIS_BIN_DIR when it may not install', () => {
    expect(() => findRedisServer(standInMachine({ isRoot: false }))).toThrow(/need redis-server\. .*apt-get install -y redis-server'.*REDIS_BIN_DIR/);
  });

  it('looks only where REDIS_BIN_DIR says', () => {
    const host = standInMachine({ chosenDir: '/opt/redis/bin', present: ['/usr/bin/redis-server'] });
    expect(() => findRedisServer(host)).toThrow(/REDIS_BIN_DIR is \/opt\/redis\/bin, which lacks redis-server/);
    expect(host.aptInstall).not.toHaveBeenCalled();
  });
});
