/**
 * The fan-out benchmark's clinics as the load generator holds them: six devices each, the first
 * the facilitator, and at most one facilitator command in flight, timed from its sending to each
 * device's receipt of the state it produced.
 */
import { io, type Socket } from 'socket.io-client';
import type { ClinicState } from '../../shared/clinicStateSchema.ts';
import type { Ack } from '../../shared/protocol.ts';

export const DEVICES_PER_CLINIC = 6;
/** Longer than any answer a working server gives; past it, a request has failed. */
const ANSWER_LIMIT_MS = 20_000;
/** A command some device never got the state of stops blocking its clinic after this long. */
const RECEIPT_LIMIT_MS = 10_000;

interface InFlight {
  readonly sentAt: number;
  /** The state it produces is the first with a higher revision. */
  readonly baseRevision: number;
  /** Devices still to receive it, and the acknowledgement. */
  awaiting: number;
}

/** What became of one clinic's commands: when each acknowledged one was answered and its revision, each refusal's reason, and how many went unanswered. */
export interface CommandOutcomes {
  readonly acknowledged: Array<{ readonly atEpochMs: number; readonly revision: number }>;
  readonly refusals: string[];
  unanswered: number;
}

/** What the runs record: one latency per device receipt, and how commands fared. */
export class Tally {
  receiptsMs: number[] = [];
  /** Devices that were timed for at least one command. */
  readonly receivers = new Set<Device>();
  sent = 0;
  acknowledged = 0;
  /** Refused, or not answered in time. */
  failed = 0;
  /** The failed by why: the refusal's reason, or UNANSWERED. */
  readonly failedBy: Record<string, number> = {};
  /** Answered, but some device was never sent its state. */
  lost = 0;
}

/**
 * What the load generator keeps of a state it is sent: what it times commands and checks a drain
 * by. Ten thousand whole states, each replaced within seconds, were garbage its collector had to
 * promote and mark: the generator, which stalls while it marks, was the busier and slower for it.
 */
export interface Seen {
  readonly revision: number;
  /** The current step's time budget: each minute a command added shows in it. */
  readonly budgetMs: number;
}

const seenOf = (state: ClinicState): Seen => ({ revision: state.revision, budgetMs: state.progress.step?.budgetMs ?? NaN });

export class Device {
  /** The command whose state this device has already been timed for. */
  timedFor: InFlight | null = null;
  /** Who the app admitted this device as, and the token it rejoins with. */
  participantId: string | undefined;
  participantToken: string | undefined;
  /** The newest state this device was sent. */
  seen: Seen | null = null;
  /** When its connection dropped (epoch ms, to compare across processes), and why; null while connected. */
  dropped: { readonly atEpochMs: number; readonly reason: string } | null = null;

  constructor(
    readonly socket: Socket,
    readonly clinic: BenchClinic,
  ) {}

  static async connect(url: string, clinic: BenchClinic): Promise<Device> {
    // No reconnection: a dropped device should show as a failure, not quietly come back.
    const socket = io(url, { transports: ['websocket'], forceNew: true, reconnection: false, timeout: ANSWER_LIMIT_MS });
    const device = new Device(socket, clinic);
    socket.on('clinic:state', (state: ClinicState) => clinic.received(device, state));
    socket.once('disconnect', (reason) => (device.dropped = { atEpochMs: Date.now(), reason }));
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', resolve);
      socket.once('connect_error', reject);
    });
    return device;
  }

  /** Both servers answer as the protocol says (the bare one with only a revision). */
  async ask<T>(event: string, payload: unknown): Promise<Ack<T>> {
    return (await this.socket.timeout(ANSWER_LIMIT_MS).emitWithAck(event, payload)) as Ack<T>;
  }
}

export class BenchClinic {
  readonly devices: Device[] = [];
  /** The newest state the facilitator was sent. */
  seen: Seen | null = null;
  /** The whole of it, until `stopKeepingState` (one becomes the bare server's template). */
  latestState: ClinicState | null = null;
  private keepsState = true;
  /** Commands sent so far. */
  commands = 0;
  readonly outcomes: CommandOutcomes = { acknowledged: [], refusals: [], unanswered: 0 };
  private command: InFlight | null = null;

  constructor(
    readonly id: string,
    private readonly tally: () => Tally,
    /** The app's secret for the facilitator's device; none for the bare server. */
    readonly facilitatorKey?: string,
  ) {}

  /** From now on only `seen` is kept: the timed phases must not keep whole states (see `Seen`). */
  stopKeepingState(): void {
    this.keepsState = false;
    this.latestState = null;
  }

  get facilitator(): Device {
    return this.devices[0]!;
  }

  get busy(): boolean {
    return this.command !== null;
  }

  /** Whether a command can be sent now; one some device never got the state of is given up. */
  isFree(now: number): boolean {
    if (this.command && now - this.command.sentAt > RECEIPT_LIMIT_MS) {
      this.tally().lost += 1;
      this.command = null;
    }
    return this.command === null;
  }

  received(device: Device, state: ClinicState): void {
    if (state.revision > (device.seen?.revision ?? -1)) device.seen = seenOf(state);
    if (device === this.facilitator && state.revision > (this.seen?.revision ?? -1)) {
      this.seen = device.seen;
      if (this.keepsState) this.latestState = state;
    }
    const command = this.command;
    if (!command || state.revision <= command.baseRevision || device.timedFor === command) return;
    device.timedFor = command;
    const tally = this.tally();
    tally.receiptsMs.push(performance.now() - command.sentAt);
    tally.receivers.add(device);
    this.answered(command);
  }

  /** Sends one command (the payload the server under test expects) and times it. */
  send(payload: unknown): void {
    const command: InFlight = { sentAt: performance.now(), baseRevision: this.seen?.revision ?? 0, awaiting: this.devices.length + 1 };
    this.command = command;
    this.commands += 1;
    const tally = this.tally();
    tally.sent += 1;
    // Both servers answer a command with the revision that includes it.
    this.facilitator.ask<{ revision: number }>('clinic:command', payload).then(
      (answer) => {
        if (answer.ok) {
          tally.acknowledged += 1;
          this.outcomes.acknowledged.push({ atEpochMs: Date.now(), revision: answer.data.revision });
          this.answered(command);
        } else {
          tally.failed += 1;
          tally.failedBy[answer.error.reason] = (tally.failedBy[answer.error.reason] ?? 0) + 1;
          this.outcomes.refusals.push(answer.error.reason);
          // A refused command sends no state: nothing more to wait for.
          this.settle(command);
        }
      },
      () => {
        tally.failed += 1;
        tally.failedBy.UNANSWERED = (tally.failedBy.UNANSWERED ?? 0) + 1;
        this.outcomes.unanswered += 1;
        this.settle(command);
      },
    );
  }

  private answered(command: InFlight): void {
    command.awaiting -= 1;
    if (command.awaiting === 0) this.settle(command);
  }

  private settle(command: InFlight): void {
    if (this.command === command) this.command = null;
  }
}
