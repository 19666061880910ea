/** The benchmarks' `--baseline`: a commit of this repository, or a clear refusal before anything starts. */
import { describe, expect, it } from 'vitest';
import { baselineFrom, commitNamed } from '../bench/baselineTree.ts';

describe('the commit --baseline names', () => {
  it('is the full hash of a commit this history has', () => {
    expect(commitNamed('HEAD')).toMatch(/^[0-9a-f]{40}$/);
  });

  it('refuses a name that is no commit, saying which', () => {
    expect(() => commitNamed('no-such-commit')).toThrow('--baseline no-such-commit: there is no such commit in this repository');
    expect(() => baselineFrom('no-such-commit', '^never', 'never happened')).toThrow('no such commit');
  });

  it('is none for none', () => {
    expect(baselineFrom('none', '^never', 'never happened')).toBeNull();
  });
});
