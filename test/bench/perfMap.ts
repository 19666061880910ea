/**
 * The names V8 gives its compiled code for perf (`--perf-basic-prof` writes a line per piece of
 * code: start and size in hex, then the name), kept to the newest name at each address. V8 places
 * new code where freed code was, and the file keeps both lines; perf would then name a sample in
 * the new code after the old. At 10,000 devices, a run without this charged `shared/asides.ts`
 * 5.7 µs a command, one with it 1.1 µs; its function on the command's path takes 0.08 µs a call.
 * In a steady run the newest code at an address is, but for the odd function replaced meanwhile,
 * the code that ran there.
 */

interface Entry {
  readonly start: bigint;
  readonly end: bigint;
  readonly line: string;
}

const ENTRY = /^([0-9a-f]+) ([0-9a-f]+) /i;

/** The map's lines, newest first each kept unless it overlaps one kept already; those kept in their order. */
export function newestNames(mapText: string): string {
  const entries: Entry[] = [];
  for (const line of mapText.split('\n')) {
    const match = ENTRY.exec(line);
    if (!match) continue;
    const start = BigInt(`0x${match[1]}`);
    entries.push({ start, end: start + BigInt(`0x${match[2]}`), line });
  }
  // From the newest back: an entry stays unless a newer one that stayed overlaps it.
  const kept: Entry[] = [];
  const keptByStart: Entry[] = [];
  for (const entry of entries.reverse()) {
    if (overlapsAny(keptByStart, entry)) continue;
    kept.push(entry);
    keptByStart.splice(insertionIndex(keptByStart, entry.start), 0, entry);
  }
  return kept
    .reverse()
    .map(({ line }) => `${line}\n`)
    .join('');
}

/** Where `start` goes in entries sorted by start. */
function insertionIndex(sorted: readonly Entry[], start: bigint): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (sorted[middle]!.start < start) low = middle + 1;
    else high = middle;
  }
  return low;
}

/** Whether `entry` overlaps any of the non-overlapping entries, sorted by start. */
function overlapsAny(sorted: readonly Entry[], entry: Entry): boolean {
  const index = insertionIndex(sorted, entry.start);
  const before = sorted[index - 1];
  const after = sorted[index];
  return (before !== undefined && before.end > entry.start) || (after !== undefined && after.start < entry.end);
}
