/**
 * One participant's device with a clock set wrong by `skewMs`. It connects and measures its clock
 * offset the way `client/connection.ts` does (join and sample at once on connect, with the shared
 * `sampleClock` and `ClockOffsetEstimator`), using only its own clock, and shows time left from the
 * timer the server sent it, with the shared `remainingMs` the client's countdown uses.
 */
import { io } from 'socket.io-client';
import { ClockOffsetEstimator, sampleClock } from '../../shared/clockSync.ts';
import { ACK_TIMEOUT_MS, PROTOCOL_VERSION } from '../../shared/protocol.ts';
import type { Timer } from '../../shared/clinicStateSchema.ts';
import { remainingMs } from '../../shared/time.ts';
import type { TestSocket } from '../support/participant.ts';

const CONNECT_TIMEOUT_MS = 10_000;

export interface DeviceOptions {
  readonly url: string;
  readonly clinicId: string;
  readonly participantToken: string;
  readonly skewMs: number;
  readonly clockSamplesOnConnect: number;
}

export class SimulatedDevice {
  private readonly estimator = new ClockOffsetEstimator();
  private currentTimer: Timer | null = null;
  private latestRevision = -1;

  private constructor(
    private readonly socket: TestSocket,
    readonly skewMs: number,
  ) {
    socket.on('clinic:state', (state) => {
      if (state.revision < this.latestRevision) return;
      this.latestRevision = state.revision;
      this.currentTimer = state.progress.step?.timer ?? null;
    });
  }

  /** Resolves once the device has joined, holds the timer and has its first offset estimate. */
  static async connect({ url, clinicId, participantToken, skewMs, clockSamplesOnConnect }: DeviceOptions): Promise<SimulatedDevice> {
    // No reconnection: a dropped link should fail the benchmark, not quietly measure again.
    const socket: TestSocket = io(url, { transports: ['websocket'], forceNew: true, reconnection: false, timeout: CONNECT_TIMEOUT_MS });
    const device = new SimulatedDevice(socket, skewMs);
    try {
      await new Promise<void>((resolve, reject) => {
        socket.once('connect', resolve);
        socket.once('connect_error', reject);
      });
      const [joined] = await Promise.all([
        socket.timeout(ACK_TIMEOUT_MS).emitWithAck('clinic:join', { protocolVersion: PROTOCOL_VERSION, clinicId, participantToken }),
        device.sampleClock(clockSamplesOnConnect),
      ]);
      if (!joined.ok) throw new Error(`join refused: ${joined.error.message}`);
      // The server sends the state right before the join's acknowledgement, on the same stream.
      if (device.currentTimer === null) throw new Error('joined, but no timer arrived');
      return device;
    } catch (error) {
      socket.disconnect();
      throw error;
    }
  }

  /** This device's own clock: the only clock it may use. */
  readonly localNow = () => Date.now() + this.skewMs;

  /** One round of the client's clock refresh. */
  sampleClock(count: number): Promise<void> {
    return sampleClock(this.estimator, () => this.ping(), this.localNow, count);
  }

  get timer(): Timer {
    if (this.currentTimer === null) throw new Error('no timer');
    return this.currentTimer;
  }

  get offsetMs(): number {
    const offset = this.estimator.offsetMs;
    if (offset === null) throw new Error('no clock offset estimate');
    return offset;
  }

  /** What the countdown shows: time left at this device's idea of server time. */
  timeLeftMs(): number {
    return remainingMs(this.timer, this.localNow() + this.offsetMs);
  }

  /** What it would show trusting the device clock. */
  naiveTimeLeftMs(): number {
    return remainingMs(this.timer, this.localNow());
  }

  /** The estimate's error, known only because the benchmark set the skew: the true offset is -skew. */
  offsetErrorMs(): number {
    return this.offsetMs + this.skewMs;
  }

  close(): void {
    this.socket.disconnect();
  }

  private async ping(): Promise<number> {
    const reply = await this.socket.timeout(ACK_TIMEOUT_MS).emitWithAck('clock:ping');
    if (!reply.ok) throw new Error(`clock:ping refused: ${reply.error.message}`);
    return reply.data.serverNow;
  }
}
