/**
 * The baseline some benchmarks measure this tree against in the same run: an earlier commit's
 * server and shared sources, unpacked with `git archive` into a temporary directory that borrows
 * this checkout's node_modules, and its modules loaded from there.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { PROJECT_ROOT } from '../support/servers.ts';

const git = (...args: string[]) => execFileSync('git', args, { cwd: PROJECT_ROOT, encoding: 'utf8' }).trim();

/**
 * The parent of the newest commit whose subject matches `subject` (a `git log --grep` pattern):
 * the tree just before a change. Null, said with `what` the change did, when history lacks it.
 */
function parentOfChange(subject: string, what: string): string | null {
  const change = git('log', '-1', '--format=%H', `--grep=${subject}`, 'HEAD');
  if (change) return git('rev-parse', `${change}^`);
  console.log(`No commit that ${what} is in this history: no baseline (pass --baseline <commit>).`);
  return null;
}

/** The commit `--baseline` names, in full; a clear error before anything starts when there is none such. */
export function commitNamed(name: string): string {
  try {
    return git('rev-parse', '--verify', '--quiet', `${name}^{commit}`);
  } catch {
    throw new Error(`--baseline ${name}: there is no such commit in this repository`);
  }
}

/** The commit `--baseline` names: its value, none for `none`, or by default the parent of the change (see `parentOfChange`). */
export function baselineFrom(option: string | undefined, subject: string, what: string): string | null {
  if (option === 'none') return null;
  return option === undefined ? parentOfChange(subject, what) : commitNamed(option);
}

/** The server and shared sources of `commit`, in a temporary directory using this checkout's packages. */
export function sourceTreeOf(commit: string): { root: string; remove: () => void } {
  const root = mkdtempSync(join(tmpdir(), 'case-clinic-baseline-'));
  execFileSync('sh', ['-c', `git archive "$1" server shared package.json | tar -x -C "$2"`, 'archive', commit, root], { cwd: PROJECT_ROOT });
  symlinkSync(join(PROJECT_ROOT, 'node_modules'), join(root, 'node_modules'));
  return { root, remove: () => rmSync(root, { recursive: true, force: true }) };
}

/** A module of the source tree at `root` (this checkout's, or a baseline's). */
export const importFrom = <Module>(root: string, path: string) => import(pathToFileURL(join(root, path)).href) as Promise<Module>;
