/**
 * Processes as Linux's /proc shows them, for benchmarks that measure programs they did not start
 * as a child of their own (Postgres, started by pg_ctl, forks a process per connection): CPU time
 * of one process, or of a process with all its descendants, and which process listens on a port.
 */
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';

/** Clock ticks a second, as /proc counts CPU time. */
const CLOCK_TICKS_PER_S = 100;
/** The state TCP sockets listening for connections have in /proc/net/tcp. */
const LISTENING = '0A';

/** The fields of a stat file after the command's closing parenthesis (the command may hold either); null once the process is gone. */
function statFields(path: string): string[] | null {
  try {
    const stat = readFileSync(path, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  } catch {
    return null;
  }
}

/** Of the fields after the parenthesis: the parent's pid, then user and system time, then those of children waited for. */
const PPID = 1;
const UTIME = 11;
const STIME = 12;
const CHILDREN_UTIME = 13;
const CHILDREN_STIME = 14;

const ticksToMs = (ticks: number) => (ticks * 1_000) / CLOCK_TICKS_PER_S;

/** CPU time from a /proc stat file: the process's (`/proc/<pid>/stat`) or one thread's (`/proc/<pid>/task/<tid>/stat`); null where /proc cannot tell. */
export function cpuMsOf(path: string): number | null {
  const fields = statFields(path);
  return fields ? ticksToMs(Number(fields[UTIME]) + Number(fields[STIME])) : null;
}

const runningPids = () => readdirSync('/proc').filter((name) => /^\d+$/.test(name)).map(Number);

/** The process and every descendant it has now. */
export function processTree(root: number): number[] {
  const childrenOf = new Map<number, number[]>();
  for (const pid of runningPids()) {
    const parent = Number(statFields(`/proc/${pid}/stat`)?.[PPID]);
    childrenOf.set(parent, [...(childrenOf.get(parent) ?? []), pid]);
  }
  const tree = [root];
  for (let index = 0; index < tree.length; index += 1) tree.push(...(childrenOf.get(tree[index]!) ?? []));
  return tree;
}

/**
 * CPU time of the process and its descendants so far, all their threads: each one's own, and what
 * its children that have ended had (so a connection's process that ended still counts).
 */
export function treeCpuMs(root: number): number {
  let ticks = 0;
  for (const pid of processTree(root)) {
    const fields = statFields(`/proc/${pid}/stat`);
    if (fields) ticks += [UTIME, STIME, CHILDREN_UTIME, CHILDREN_STIME].reduce((sum, field) => sum + Number(fields[field]), 0);
  }
  return ticksToMs(ticks);
}

/** The process that listens on the loopback TCP port (the first of a family that share the socket); null if none does. */
export function pidListeningOn(port: number): number | null {
  const hexPort = port.toString(16).toUpperCase().padStart(4, '0');
  const inodes = new Set(
    readFileSync('/proc/net/tcp', 'utf8')
      .split('\n')
      .slice(1)
      .map((line) => line.trim().split(/\s+/))
      // local address, remote address, state, ..., inode (the tenth field)
      .filter((fields) => fields[1]?.endsWith(`:${hexPort}`) && fields[3] === LISTENING)
      .map((fields) => `socket:[${fields[9]}]`),
  );
  // A process or a descriptor may be gone by the time it is read: it holds nothing then.
  const orNothing = <T>(read: () => T, nothing: T) => {
    try {
      return read();
    } catch {
      return nothing;
    }
  };
  const holders = runningPids().filter((pid) =>
    orNothing(() => readdirSync(`/proc/${pid}/fd`), []).some((fd) => inodes.has(orNothing(() => readlinkSync(`/proc/${pid}/fd/${fd}`), ''))),
  );
  return holders.find((pid) => !holders.includes(Number(statFields(`/proc/${pid}/stat`)?.[PPID]))) ?? null;
}
