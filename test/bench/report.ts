/** The benchmark's findings: one object, printed as a table for people and as JSON for tools. */
import { MAX_FIXED_BASE_JITTER_MS, MAX_ONE_WAY_DELAY_MS, MIN_ONE_WAY_DELAY_MS } from './linkModels.ts';

export interface Findings {
  readonly seed: number;
  readonly devices: number;
  readonly people: number;
  /** Reading instants per run. */
  readonly samples: number;
  readonly readingWindowMs: number;
  readonly maxClockSkewMs: number;
  readonly clockSamplesOnConnect: number;
  readonly refreshRounds: number;
  readonly refreshIntervalMs: number;
  // Headline: per-packet delays.
  readonly p95SpreadMs: number;
  readonly maxSpreadMs: number;
  readonly naiveP95SpreadMs: number;
  readonly naiveMaxSpreadMs: number;
  readonly connectErrorSpreadMs: number;
  readonly finalErrorSpreadMs: number;
  // Fixed base delays.
  readonly fixedBaseP95SpreadMs: number;
  readonly fixedBaseMaxSpreadMs: number;
  readonly fixedBaseConnectErrorSpreadMs: number;
  readonly fixedBaseFinalErrorSpreadMs: number;
  readonly fixedBaseFloorSpreadMs: number;
  // No proxy.
  readonly loopbackP95SpreadMs: number;
  readonly loopbackMaxSpreadMs: number;
  readonly targetP95SpreadMs: number;
  readonly targetLoopbackP95SpreadMs: number;
  readonly meetsTarget: boolean;
  readonly loopbackMeetsTarget: boolean;
  readonly durationMs: number;
}

const ms = (value: number) => `${value.toFixed(1)} ms`;
const delays = `${MIN_ONE_WAY_DELAY_MS}-${MAX_ONE_WAY_DELAY_MS} ms`;
const verdict = (met: boolean, value: number) => `${met ? 'met' : 'MISSED'} (${ms(value)})`;

export function formatTable(f: Findings): string {
  const row = (label: string, ...cells: string[]) => label.padEnd(44) + cells.map((cell) => cell.padStart(13)).join('');
  const lines = [
    `Countdown spread: ${f.devices} devices (as ${f.people} people), ` +
      `clocks skewed within ±${f.maxClockSkewMs / 60_000} min, seed ${f.seed}`,
    `Clock sync: ${f.clockSamplesOnConnect} samples on connect, then ${f.refreshRounds} rounds of 1 sample ` +
      `every ${f.refreshIntervalMs / 1000} s (the client's 30 s, compressed)`,
    `Spread = largest minus smallest time left across devices at one instant; ${f.samples} instants over ${f.readingWindowMs / 1000} s`,
    '',
    row('network', 'p95 spread', 'max spread', 'err@connect', 'err@end'),
    row(`per-packet ${delays} (headline)`, ms(f.p95SpreadMs), ms(f.maxSpreadMs), ms(f.connectErrorSpreadMs), ms(f.finalErrorSpreadMs)),
    row('  naive: device clock, no offset', ms(f.naiveP95SpreadMs), ms(f.naiveMaxSpreadMs)),
    row(
      `fixed base ${delays} + jitter 0-${MAX_FIXED_BASE_JITTER_MS} ms`,
      ms(f.fixedBaseP95SpreadMs),
      ms(f.fixedBaseMaxSpreadMs),
      ms(f.fixedBaseConnectErrorSpreadMs),
      ms(f.fixedBaseFinalErrorSpreadMs),
    ),
    row('  floor: half the fixed asymmetry', ms(f.fixedBaseFloorSpreadMs)),
    row('loopback, no proxy', ms(f.loopbackP95SpreadMs), ms(f.loopbackMaxSpreadMs)),
    "err@connect, err@end: spread of the devices' offset errors after connecting and at the end of the run.",
    'The floor is what any round-trip method leaves on fixed links (per-packet jitter moves it a few ms either way).',
    '',
    `Targets: p95 <= ${f.targetP95SpreadMs} ms with delays: ${verdict(f.meetsTarget, f.p95SpreadMs)}; ` +
      `loopback p95 <= ${f.targetLoopbackP95SpreadMs} ms: ${verdict(f.loopbackMeetsTarget, f.loopbackP95SpreadMs)}`,
    '',
    `Finished in ${(f.durationMs / 1000).toFixed(1)} s`,
  ];
  return lines.join('\n');
}
