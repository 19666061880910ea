/**
 * The end-to-end tests' global setup: it finds Chromium, installs it where it may, and otherwise
 * fails naming what to install. The machine is stood in for; the real run is `npm test` itself.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ensureChromium, type ChromiumHost } from '../support/chromiumSetup.ts';

function machine(overrides: Partial<ChromiumHost> & { installs?: boolean } = {}) {
  const installed = new Set<string>();
  const { installs = true, ...rest } = overrides;
  const host: ChromiumHost = {
    path: '/usr/bin/chromium',
    chosenByUser: false,
    isRoot: true,
    hasAptGet: true,
    isExecutable: (path) => installed.has(path),
    aptInstallChromium: vi.fn(() => {
      if (installs) installed.add('/usr/bin/chromium');
      return installs;
    }),
    ...rest,
  };
  return host;
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('the end-to-end setup', () => {
  it('uses Chromium where it is, installing nothing', () => {
    const host = machine({ isExecutable: () => true });
    ensureChromium(host);
    expect(host.aptInstallChromium).not.toHaveBeenCalled();
  });

  it("installs Debian's chromium with apt-get when it is missing and it runs as root", () => {
    const host = machine();
    vi.spyOn(console, 'log').mockImplementation(() => undefined);
    ensureChromium(host);
    expect(host.aptInstallChromium).toHaveBeenCalledOnce();
  });

  it('fails, saying so, when the install leaves no browser', () => {
    vi.spyOn(console, 'log').mockImplementation(() => undefined);
    expect(() => ensureChromium(machine({ installs: false }))).toThrow(/did not leave an executable at \/usr\/bin\/chromium/);
  });

  it('fails naming the package and the command when it may not install', () => {
    const host = machine({ isRoot: false });
    expect(() => ensureChromium(host)).toThrow(/sudo sh -c 'apt-get update && apt-get install -y chromium'.*CHROMIUM_PATH/);
    expect(host.aptInstallChromium).not.toHaveBeenCalled();
  });

  it('fails naming CHROMIUM_PATH where there is no apt-get', () => {
    expect(() => ensureChromium(machine({ hasAptGet: false }))).toThrow(/no apt-get.*CHROMIUM_PATH/);
  });

  it('never installs over a CHROMIUM_PATH that names nothing runnable, and says which path', () => {
    const host = machine({ path: '/opt/nowhere/chrome', chosenByUser: true });
    expect(() => ensureChromium(host)).toThrow(/CHROMIUM_PATH is \/opt\/nowhere\/chrome, which is not an executable/);
    expect(host.aptInstallChromium).not.toHaveBeenCalled();
  });
});
