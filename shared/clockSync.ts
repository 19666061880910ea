/**
 * NTP-style clock offset estimation. A client timestamps a ping when it leaves and when the answer
 * returns; the server answers with its own time. Assuming the server answered half-way through the
 * round trip, offset = serverNow - midpoint. Samples with the shortest round trips bound the error
 * best, so the estimate is the median offset of the few quickest recent samples.
 */

export interface ClockSample {
  /** Client clock when the ping left. */
  readonly sentAt: number;
  /** Server clock when it answered. */
  readonly serverNow: number;
  /** Client clock when the answer arrived. */
  readonly receivedAt: number;
}

export const roundTripOf = (sample: ClockSample) => sample.receivedAt - sample.sentAt;

export const offsetOf = (sample: ClockSample) => sample.serverNow - (sample.sentAt + sample.receivedAt) / 2;

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** The estimated server-minus-client offset in ms, or null with no usable sample. */
export function estimateOffset(samples: readonly ClockSample[], keepFastest = 3): number | null {
  const usable = samples.filter((sample) => roundTripOf(sample) >= 0);
  if (usable.length === 0) return null;
  const fastest = [...usable].sort((a, b) => roundTripOf(a) - roundTripOf(b)).slice(0, keepFastest);
  return median(fastest.map(offsetOf));
}

/** A rolling window of samples, so the estimate follows a drifting clock. */
export class ClockOffsetEstimator {
  private samples: ClockSample[] = [];

  constructor(private readonly windowSize = 12) {}

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
 * `localNow` is this device's clock. A failed ping ends the round and rejects.
 */
export async function sampleClock(
  estimator: ClockOffsetEstimator,
  ping: () => Promise<number>,
  localNow: () => number,
  count: number,
): Promise<void> {
  for (let i = 0; i < count; i += 1) {
    const sentAt = localNow();
    const serverNow = await ping();
    estimator.add({ sentAt, serverNow, receivedAt: localNow() });
  }
}
