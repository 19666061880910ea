/**
 * The two network models between a device and the server. Both draw each direction's one-way delay
 * separately, so the way there and the way back differ, as they do on real (e.g. mobile) links.
 */
import type { DelayProfile } from './delayProxy.ts';
import { uniform, type Random } from './random.ts';

export const MIN_ONE_WAY_DELAY_MS = 5;
export const MAX_ONE_WAY_DELAY_MS = 150;
/** Per-packet jitter on top of the fixed base delay. */
export const MAX_FIXED_BASE_JITTER_MS = 10;

export interface DeviceLink {
  readonly profile: DelayProfile;
  /**
   * The offset error no round-trip method can remove, in ms: half of (up - down) when both
   * directions run at their quickest. Any round trip looks the same whichever way the time went.
   */
  readonly invisibleErrorMs: number;
}

export interface LinkModel {
  readonly name: string;
  /** `params` draws the device's fixed link properties; `up` and `down` draw each packet's delay. */
  link(params: Random, up: Random, down: Random): DeviceLink;
}

const oneWayDelay = (random: Random) => uniform(random, MIN_ONE_WAY_DELAY_MS, MAX_ONE_WAY_DELAY_MS);

/**
 * (a) Every packet's delay is anywhere from the minimum to its direction's own ceiling. A lucky
 * round trip is quick both ways, so with enough samples the asymmetry can be measured away.
 */
export const perPacketModel: LinkModel = {
  name: 'per-packet',
  link(params, up, down) {
    const upCeilingMs = oneWayDelay(params);
    const downCeilingMs = oneWayDelay(params);
    return {
      profile: {
        upMs: () => uniform(up, MIN_ONE_WAY_DELAY_MS, upCeilingMs),
        downMs: () => uniform(down, MIN_ONE_WAY_DELAY_MS, downCeilingMs),
      },
      invisibleErrorMs: 0,
    };
  },
};

/** (b) A fixed base delay per direction plus a little jitter: its asymmetry never shows. */
export const fixedBaseModel: LinkModel = {
  name: 'fixed base',
  link(params, up, down) {
    const upBaseMs = oneWayDelay(params);
    const downBaseMs = oneWayDelay(params);
    return {
      profile: {
        upMs: () => upBaseMs + uniform(up, 0, MAX_FIXED_BASE_JITTER_MS),
        downMs: () => downBaseMs + uniform(down, 0, MAX_FIXED_BASE_JITTER_MS),
      },
      invisibleErrorMs: (upBaseMs - downBaseMs) / 2,
    };
  },
};
