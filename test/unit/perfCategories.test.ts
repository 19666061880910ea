/** The fan-out benchmark's `--perf` breakdown: perf's samples of a server, by what they caught running or the JavaScript they ran for, in CPU µs a command. */
import { describe, expect, it } from 'vitest';
import { categoryOf, cpuByCategory, javaScriptCategory, parsePerfScript, ranCategory, type PerfSample, type SourceOf } from '../bench/perfCategories.ts';

const BUNDLE = 'file:///work/main/dist/bench-1661/chunk-MGAPZWK5.js';
/** A bundle whose lines up to 1000 come from xstate, the rest from the room. */
const sourceOf: SourceOf = (url, line) => (url.startsWith('/') ? url : url !== BUNDLE ? null : line <= 1000 ? 'node_modules/xstate/dist/raise.esm.js' : 'server/room/clinicRoom.ts');

// As `perf script -F tid,ip,sym,dso` prints them without call chains, with a line it cannot read.
const FLAT = [
  ' 1861           1237422 v8::internal::JsonStringifier::SerializeString (/usr/bin/node)',
  ' 1861            dda8b1 node::StreamBase::JSMethod<&node::StreamBase::Writev> (/usr/bin/node)',
  ' 1864           1191a48 v8::internal::Scavenger::ScavengeObject<v8::internal::FullHeapObjectSlot> (/usr/bin/node)',
  ` 1861      7f07cb8e4d7e JS:*send ${BUNDLE}:900:7 (/tmp/perf-1861.map)`,
  ` 1861      7f07cb8e4d7f JS:*commit ${BUNDLE}:1440:9 (/tmp/perf-1861.map)`,
  ' 1861  ffffffff8226dbf9 _raw_spin_unlock_irqrestore ([kernel.kallsyms])',
  ' 1861           c494db v8::internal::(anonymous namespace)::Invoke (/usr/bin/node)',
  ' 1870      7f11aa001234 sqlite3VdbeExec (/work/main/node_modules/better-sqlite3/build/Release/better_sqlite3.node)',
  ' 1861      7f07cb8e4d80 JS:*processTicksAndRejections node:internal/process/task_queues:67:35 (/tmp/perf-1861.map)',
  ' 1861            14ca004 Builtins_CallWithArrayLike (/usr/bin/node)',
  ' 1861      7f2d1c0a1b2c __memmove_avx_unaligned_erms (/usr/lib/x86_64-linux-gnu/libc.so.6)',
  ' 1870      7f07cb8e4d81 JS:~prepare /work/main/node_modules/better-sqlite3/lib/methods/wrappers.js:5:3 (/tmp/perf-1861.map)',
  'not a sample',
].join('\n').split('\n');

// With call chains (-g): a header line with the thread, then the stack, a tab before each frame.
const CHAINS = [
  ' 1861 ',
  '\t         1237422 v8::internal::JsonStringifier::SerializeString (/usr/bin/node)',
  '\t          c4a574 v8::internal::Builtin_JsonStringify (/usr/bin/node)',
  `\t    7f07cb8e4d7f JS:*commit ${BUNDLE}:1440:9 (/tmp/perf-1861.map)`,
  `\t    7f07cb8e4d7e JS:*send ${BUNDLE}:900:7 (/tmp/perf-1861.map)`,
  '\t          7bbbe6 node::SpinEventLoopInternal (/usr/bin/node)',
  '',
  ' 1864 ',
  '\t         1191a48 v8::internal::Scavenger::ScavengeObject<v8::internal::FullHeapObjectSlot> (/usr/bin/node)',
  '\t         1191b00 v8::internal::ScavengerCollector::JobTask::Run (/usr/bin/node)',
  '',
].join('\n').split('\n');

describe("perf's samples of a server", () => {
  it('are read with their thread and each function with its file, symbols with spaces and brackets whole', () => {
    const samples = parsePerfScript(FLAT);
    expect(samples).toHaveLength(12);
    expect(samples[6]).toEqual({ tid: 1861, frames: [{ symbol: 'v8::internal::(anonymous namespace)::Invoke', dso: '/usr/bin/node' }] });
  });

  it('are read with their stacks when perf recorded call chains', () => {
    const samples = parsePerfScript(CHAINS);
    expect(samples.map(({ tid, frames }) => [tid, frames.length])).toEqual([
      [1861, 5],
      [1864, 2],
    ]);
    expect(samples[0]!.frames[2]).toEqual({ symbol: `JS:*commit ${BUNDLE}:1440:9`, dso: '/tmp/perf-1861.map' });
  });

  it('each go in the category of what they caught running: a package or a source file for JavaScript, by its source map', () => {
    expect(parsePerfScript(FLAT).map((sample) => ranCategory(sample, sourceOf))).toEqual([
      'JSON.stringify',
      'V8 and Node (C++)',
      'V8 garbage collection',
      'xstate',
      'server/room/clinicRoom.ts',
      'kernel',
      'V8 and Node (C++)',
      'SQLite',
      "Node's JavaScript",
      'V8 builtins',
      'libc',
      'better-sqlite3',
    ]);
  });

  it('go to the nearest JavaScript on their stack as what they ran for, or to what ran where there is none', () => {
    const [stringify, scavenge] = parsePerfScript(CHAINS);
    expect([ranCategory(stringify!, sourceOf), javaScriptCategory(stringify!, sourceOf)]).toEqual(['JSON.stringify', 'server/room/clinicRoom.ts']);
    expect(javaScriptCategory(scavenge!, sourceOf)).toBe('V8 garbage collection');
  });

  it('say JavaScript whose bundle has no source map is of unknown source', () => {
    expect(categoryOf({ symbol: 'JS:*run file:///elsewhere/x.js:3:1', dso: '/tmp/perf-1.map' }, sourceOf)).toBe('JavaScript, source unknown');
  });

  it('refuse to make figures a command of no command', () => {
    expect(() => cpuByCategory(parsePerfScript(FLAT), 1861, ranCategory, { frequencyHz: 999, commands: 0, sourceOf })).toThrow('at least one command');
  });

  it("add up to CPU microseconds a command, the event loop's thread apart from the others", () => {
    const sampleOf = (tid: number, symbol: string, dso = '/usr/bin/node'): PerfSample => ({ tid, frames: [{ symbol, dso }] });
    // 999 samples a second: 999 of them are a second of CPU; over 1000 commands, 1000 µs each.
    const samples = [
      ...Array.from({ length: 999 }, () => sampleOf(7, 'v8::internal::Scavenger::ScavengePage')),
      ...Array.from({ length: 333 }, () => sampleOf(8, 'v8::internal::Scavenger::ScavengePage')),
      ...Array.from({ length: 111 }, () => sampleOf(7, 'tcp_sendmsg', '[kernel.kallsyms]')),
    ];
    expect(cpuByCategory(samples, 7, ranCategory, { frequencyHz: 999, commands: 1000, sourceOf })).toEqual({
      'V8 garbage collection': { eventLoopUs: 1000, otherThreadsUs: 333.33 },
      kernel: { eventLoopUs: 111.11, otherThreadsUs: 0 },
    });
  });
});
