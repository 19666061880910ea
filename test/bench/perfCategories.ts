/**
 * Where a server's CPU went, from the samples Linux `perf` took of it, two ways: by what each
 * sample caught running (the kernel, V8's collector, JSON, V8's builtins, a package's or a source
 * file's JavaScript...), and by the JavaScript it ran for (the nearest JavaScript on its stack, so
 * the builtins, JSON and system calls a function makes count as its own). Each in CPU
 * microseconds a command, the event loop's thread apart from the others. Pure: the lines of
 * `perf script` in, figures out.
 */

/** A function on a sample's stack, and the file (DSO) it is in. */
export interface PerfFrame {
  readonly symbol: string;
  readonly dso: string;
}

/** One sample: the thread it caught, and its stack, what was running first. */
export interface PerfSample {
  readonly tid: number;
  readonly frames: readonly PerfFrame[];
}

/** The original source (a project path, or `node_modules/...`) of a position in a file of JavaScript; null if unknown. */
export type SourceOf = (url: string, line: number, column: number) => string | null;

/** CPU microseconds a command, on the event loop's thread and on the process's other threads. */
interface CategoryCpu {
  readonly eventLoopUs: number;
  readonly otherThreadsUs: number;
}

export type CpuByCategory = Readonly<Record<string, CategoryCpu>>;

/**
 * `perf script -F tid,ip,sym,dso`: a line per sample, its thread then (without call chains) the
 * address, the symbol (spaces and all) and the DSO in brackets; with call chains, the sample's
 * stack follows, a frame a line, each indented with a tab.
 */
const SAMPLE_LINE = /^\s*(\d+)(?:\s+[0-9a-f]+\s+(.*?)\s*\(([^()]*)\))?\s*$/;
const FRAME_LINE = /^\t\s*[0-9a-f]+\s+(.*?)\s*\(([^()]*)\)\s*$/;

export function parsePerfScript(lines: Iterable<string>): PerfSample[] {
  const samples: Array<{ tid: number; frames: PerfFrame[] }> = [];
  for (const line of lines) {
    const frame = FRAME_LINE.exec(line);
    if (frame) {
      samples.at(-1)?.frames.push({ symbol: frame[1]!, dso: frame[2]! });
      continue;
    }
    const sample = SAMPLE_LINE.exec(line);
    if (sample) samples.push({ tid: Number(sample[1]), frames: sample[2] === undefined ? [] : [{ symbol: sample[2], dso: sample[3]! }] });
  }
  return samples.filter(({ frames }) => frames.length > 0);
}

// V8's collector in all its parts: scavenges, marking, sweeping, compaction and their bookkeeping.
const GARBAGE_COLLECTION = /^v8::internal::.*(Scaveng|MarkCompact|Heap::|Heap<|Sweep|Marking|Evacuat|GCTracer|MemoryAllocator|PagedSpace|RememberedSet|SlotSet|LargeObject|MemoryChunk|WeakObjects|Compactor)/;
/**
 * A function of JavaScript as `--perf-basic-prof` names it: `JS:*name place:line:column` (`~` for
 * one the interpreter runs), the place an ES module's URL, Node's own module, or a CommonJS path.
 */
const JIT_POSITION = /((?:file:\/\/|node:|\/)\S+):(\d+):(\d+)$/;

/** The package a path inside node_modules belongs to, scope and all. */
function packageOf(path: string): string | null {
  const match = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(path);
  return match ? match[1]! : null;
}

/** What a frame was running. */
export function categoryOf({ symbol, dso }: PerfFrame, sourceOf: SourceOf): string {
  if (dso === '[kernel.kallsyms]') return 'kernel';
  if (GARBAGE_COLLECTION.test(symbol)) return 'V8 garbage collection';
  if (symbol.includes('JsonStringifier')) return 'JSON.stringify';
  if (symbol.includes('JsonParser')) return 'JSON.parse';
  if (dso.includes('better_sqlite3')) return 'SQLite';
  const jit = JIT_POSITION.exec(symbol);
  if (jit) {
    const [, url, line, column] = jit;
    if (url!.startsWith('node:')) return "Node's JavaScript";
    const source = sourceOf(url!, Number(line), Number(column));
    if (source === null) return 'JavaScript, source unknown';
    return packageOf(source) ?? source;
  }
  if (symbol.startsWith('Builtins_')) return 'V8 builtins';
  if (/^lib(c|m|pthread)[.-]/.test(dso.split('/').at(-1) ?? '')) return 'libc';
  if (symbol === '[unknown]') return 'unknown';
  return 'V8 and Node (C++)';
}

const isJavaScript = ({ symbol }: PerfFrame) => JIT_POSITION.test(symbol);

/** What a sample caught running. */
export const ranCategory = ({ frames }: PerfSample, sourceOf: SourceOf) => categoryOf(frames[0]!, sourceOf);

/** The JavaScript a sample ran for: the nearest on its stack; what it caught running where none is (a thread of V8's or SQLite's, the event loop waiting). */
export const javaScriptCategory = ({ frames }: PerfSample, sourceOf: SourceOf) => categoryOf(frames.find(isJavaScript) ?? frames[0]!, sourceOf);

/** The samples of one process (its event loop's thread is `mainTid`), in CPU microseconds a command, by the category `categorise` gives each. */
export function cpuByCategory(
  samples: readonly PerfSample[],
  mainTid: number,
  categorise: (sample: PerfSample, sourceOf: SourceOf) => string,
  { frequencyHz, commands, sourceOf }: { frequencyHz: number; commands: number; sourceOf: SourceOf },
): CpuByCategory {
  const counts = new Map<string, { eventLoop: number; other: number }>();
  for (const sample of samples) {
    const category = categorise(sample, sourceOf);
    const count = counts.get(category) ?? { eventLoop: 0, other: 0 };
    if (sample.tid === mainTid) count.eventLoop += 1;
    else count.other += 1;
    counts.set(category, count);
  }
  if (!(commands > 0)) throw new Error('CPU a command needs at least one command');
  // To a hundredth, so the totals of dozens of small categories do not drift from the whole.
  const microsPerCommand = (count: number) => Math.round(((count / frequencyHz) * 1e6 * 100) / commands) / 100;
  return Object.fromEntries([...counts].map(([category, { eventLoop, other }]) => [category, { eventLoopUs: microsPerCommand(eventLoop), otherThreadsUs: microsPerCommand(other) }]));
}
