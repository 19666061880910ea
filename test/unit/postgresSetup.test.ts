/**
 * The integration tests' Postgres setup: it finds Debian's Postgres binaries, installs them where
 * it may, and otherwise fails naming what to install. The machine is stood in for; the real run
 * is `npm test` itself, which starts a throwaway server with them.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { findPostgres } from '../support/postgresSetup.ts';
import { standInMachine, type StandIn } from '../support/standInMachine.ts';

const DEBIAN_DIR = '/usr/lib/postgresql/17/bin';

const allIn = (dir: string) => ['initdb', 'pg_ctl', 'postgres'].map((program) => `${dir}/${program}`);

/** Debian's package puts the programs in a versioned directory, which is looked in after PATH. */
const machine = (standIn: StandIn = {}) => standInMachine({ candidateDirs: () => ['/usr/local/bin', '/usr/bin', DEBIAN_DIR], installs: allIn(DEBIAN_DIR), ...standIn });

afterEach(() => {
  vi.restoreAllMocks();
});

describe('the Postgres setup', () => {
  it('uses the first directory that has all three programs, installing nothing', () => {
    // psql alone on PATH is not enough: the server's programs are in the versioned directory.
    const host = machine({ present: ['/usr/bin/initdb', ...allIn(DEBIAN_DIR)] });
    expect(findPostgres(host)).toBe(DEBIAN_DIR);
    expect(host.aptInstall).not.toHaveBeenCalled();
  });

  it("installs Debian's postgresql with apt-get when it is missing and it runs as root", () => {
    const host = machine();
    vi.spyOn(console, 'log').mockImplementation(() => undefined);
    expect(findPostgres(host)).toBe(DEBIAN_DIR);
    expect(host.aptInstall).toHaveBeenCalledOnce();
  });

  it('fails, saying so, when the install leaves no programs', () => {
    vi.spyOn(console, 'log').mockImplementation(() => undefined);
    expect(() => findPostgres(machine({ installs: null }))).toThrow(/apt-get install -y postgresql" left no initdb, pg_ctl, postgres/);
  });

  it('fails naming the package and the command when it may not install', () => {
    const host = machine({ isRoot: false });
    expect(() => findPostgres(host)).toThrow(/sudo sh -c 'apt-get update && apt-get install -y postgresql'.*POSTGRES_BIN_DIR/);
    expect(host.aptInstall).not.toHaveBeenCalled();
  });

  it('fails naming POSTGRES_BIN_DIR where there is no apt-get', () => {
    expect(() => findPostgres(machine({ hasAptGet: false }))).toThrow(/no apt-get.*POSTGRES_BIN_DIR/);
  });

  it('looks only where POSTGRES_BIN_DIR says, and never installs over it', () => {
    const chosen = machine({ chosenDir: '/opt/pg/bin', present: allIn(DEBIAN_DIR) });
    expect(() => findPostgres(chosen)).toThrow(/POSTGRES_BIN_DIR is \/opt\/pg\/bin, which lacks one of initdb, pg_ctl, postgres/);
    expect(chosen.aptInstall).not.toHaveBeenCalled();
    expect(findPostgres(machine({ chosenDir: '/opt/pg/bin', present: allIn('/opt/pg/bin') }))).toBe('/opt/pg/bin');
  });
});
