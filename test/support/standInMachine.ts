/** A machine for the unit tests of finding programs (packageInstall.ts): which it has, and what apt-get installs. */
import { vi } from 'vitest';
import type { ProgramHost } from './packageInstall.ts';

export interface StandIn extends Partial<ProgramHost> {
  /** The executables it has. */
  readonly present?: readonly string[];
  /** The executables apt-get adds; null when apt-get fails. */
  readonly installs?: readonly string[] | null;
}

/** As root with apt-get, looking in /usr/local/bin and /usr/bin, unless told otherwise. */
export function standInMachine({ present = [], installs = [], ...host }: StandIn = {}) {
  const executables = new Set(present);
  return {
    chosenDir: null,
    candidateDirs: () => ['/usr/local/bin', '/usr/bin'],
    isRoot: true,
    hasAptGet: true,
    isExecutable: (path: string) => executables.has(path),
    aptInstall: vi.fn(() => {
      for (const path of installs ?? []) executables.add(path);
      return installs !== null;
    }),
    ...host,
  } satisfies ProgramHost;
}
