/**
 * NTP-style clock offset estimation. A client timestamps a ping when it leaves and when the answer
 * returns; the server answers with its own time. The server read its clock somewhere inside that
 * round trip, so each sample bounds the offset (server minus client) to
 * [serverNow - receivedAt, serverNow - sentAt]. Every sample's bounds hold at once, so their
 * intersection is the tightest range: a sample whose way there was quick and another whose way back
 * was quick together pin the offset better than either alone. The estimate is its midpoint.
 */

export interface ClockSample {
  /** Client clock when the ping left. */
  readonly sentAt: number;
  /** Server clock when it answered. */
  readonly serverNow: number;
  /** Client clock when the answer arrived. */
  readonly receivedAt: number;
}

/** How many samples to take for a fresh estimate: on connect and when the page is seen again. */
export const CLOCK_SAMPLES_AFRESH = 10;
/**
 * One more sample this often keeps the estimate current for a clock that drifts; an unanswered
 * one is also how a device notices, within seconds, that a silent connection has died.
 */
export const CLOCK_REFRESH_INTERVAL_MS = 10_000;
/** Both clocks report whole milliseconds, so each reading may lie up to 1 ms below the truth. */
const TIMESTAMP_RESOLUTION_MS = 1;

export const roundTripOf = (sample: ClockSample) => sample.receivedAt - sample.sentAt;

export const offsetOf = (sample: ClockSample) => sample.serverNow - (sample.sentAt + sample.receivedAt) / 2;

/** The offsets this sample allows, widened by the clocks' resolution. */
export const offsetBoundsOf = (sample: ClockSample) => ({
  lowMs: sample.serverNow - sample.receivedAt - TIMESTAMP_RESOLUTION_MS,
  highMs: sample.serverNow - sample.sentAt + TIMESTAMP_RESOLUTION_MS,
});

/**
 * The estimated server-minus-client offset in ms, or null with no usable sample. Bounds that do not
 * overlap mean a clock stepped or drifted between samples; then the quickest sample alone decides.
 */
export function estimateOffset(samples: readonly ClockSample[]): number | null {
  const usable = samples.filter((sample) => roundTripOf(sample) >= 0);
  if (usable.length === 0) return null;
  const bounds = usable.map(offsetBoundsOf);
  const lowMs = Math.max(...bounds.map((bound) => bound.lowMs));
  const highMs = Math.min(...bounds.map((bound) => bound.highMs));
  if (lowMs <= highMs) return (lowMs + highMs) / 2;
  const quickest = usable.reduce((best, sample) => (roundTripOf(sample) < roundTripOf(best) ? sample : best));
  return offsetOf(quickest);
}

/**
 * Samples kept: a fresh round and a few refreshes. At 10 s apart the oldest is two minutes old, so a
 * clock drifting at a typical 20 ppm moves a few ms within the window, well inside the target.
 */
const SAMPLE_WINDOW = 12;

/** A rolling window of samples, so the estimate follows a drifting clock. */
export class ClockOffsetEstimator {
  private samples: ClockSample[] = [];

  constructor(private readonly windowSize = SAMPLE_WINDOW) {}

  add(sample: ClockSample): void {
    this.samples = [...this.samples, sample].slice(-this.windowSize);
  }

  /** Forgets everything, e.g. after the device slept and its clock may have jumped. */
  reset(): void {
    this.samples = [];
  }

  get offsetMs(): number | null {
    return estimateOffset(this.samples);
  }
}

/**
 * Takes `count` samples one after another. `ping` resolves with the server's clock reading;
 * `localNow` is this device's clock. After each sample `onEstimate` gets the estimate so far, so a
 * skewed device can show the right time from the first answer rather than after the whole round.
 * A failed ping ends the round and rejects.
 */
export async function sampleClock(
  estimator: ClockOffsetEstimator,
  ping: () => Promise<number>,
  localNow: () => number,
  count: number,
  onEstimate: (offsetMs: number) => void = () => undefined,
): Promise<void> {
  for (let i = 0; i < count; i += 1) {
    const sentAt = localNow();
    const serverNow = await ping();
    estimator.add({ sentAt, serverNow, receivedAt: localNow() });
    const offsetMs = estimator.offsetMs;
    if (offsetMs !== null) onEstimate(offsetMs);
  }
}
