/**
 * A scripted participant over a real socket.io-client connection: it joins like the browser client
 * (rejoining with its token after any reconnect) and keeps the latest state it was sent.
 */
import { io, type Socket } from 'socket.io-client';

import type { Aside, AsidesView } from '../../shared/asidesSchema.ts';
import { PROTOCOL_VERSION, type Ack, type AsideResult, type ClientToServerEvents, type ClinicPreview, type CommandResult, type CreatedClinic, type JoinedClinic, type ServerToClientEvents } from '../../shared/protocol.ts';
import type { ClinicState } from '../../shared/clinicStateSchema.ts';
import type { CreateClinicPayload, FacilitatorCommand } from '../../shared/protocolSchemas.ts';

export type TestSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

const WAIT_LIMIT_MS = 10_000;

export function openSocket(url: string, extraHeaders?: Record<string, string>): TestSocket {
  return io(url, { transports: ['websocket'], forceNew: true, reconnectionDelay: 50, reconnectionDelayMax: 200, extraHeaders });
}

/** What a stranger holding `clinicId`'s link is told before joining, over a socket of its own. */
export async function previewAt(url: string, clinicId: string): Promise<Ack<ClinicPreview>> {
  const socket = openSocket(url);
  try {
    return await socket.timeout(WAIT_LIMIT_MS).emitWithAck('clinic:preview', { protocolVersion: PROTOCOL_VERSION, clinicId });
  } finally {
    socket.disconnect();
  }
}

/** Asks for `count` clinics over one socket (sending `headers`), one after another. */
export async function createClinicsFrom(url: string, count: number, headers?: Record<string, string>): Promise<Array<Ack<CreatedClinic>>> {
  const socket = openSocket(url, headers);
  const replies: Array<Ack<CreatedClinic>> = [];
  try {
    for (let i = 0; i < count; i += 1) {
      replies.push(await socket.timeout(WAIT_LIMIT_MS).emitWithAck('clinic:create', { protocolVersion: PROTOCOL_VERSION }));
    }
  } finally {
    socket.disconnect();
  }
  return replies;
}

export async function createClinicAt(url: string, payload: Omit<CreateClinicPayload, 'protocolVersion'> = {}): Promise<CreatedClinic> {
  const socket = openSocket(url);
  try {
    const reply = await socket.timeout(WAIT_LIMIT_MS).emitWithAck('clinic:create', { protocolVersion: PROTOCOL_VERSION, ...payload });
    if (!reply.ok) throw new Error(reply.error.message);
    return reply.data;
  } finally {
    socket.disconnect();
  }
}

export class TestParticipant {
  readonly socket: TestSocket;
  state: ClinicState | null = null;
  /** The latest view of the asides, and every one this device was ever sent. */
  asides: AsidesView | null = null;
  readonly asidesReceived: AsidesView[] = [];
  me: JoinedClinic | null = null;
  private readonly listeners = new Set<() => void>();
  /** The automatic rejoin after the latest reconnect. */
  rejoining: Promise<void> = Promise.resolve();

  constructor(
    url: string,
    private readonly clinicId: string,
    private readonly name: string,
    private facilitatorKey?: string,
  ) {
    this.socket = openSocket(url);
    this.socket.on('clinic:state', (state) => {
      if (!this.state || state.revision >= this.state.revision) this.state = state;
      for (const listener of this.listeners) listener();
    });
    this.socket.on('clinic:asides', (view) => {
      this.asidesReceived.push(view);
      if (!this.asides || view.revision >= this.asides.revision) this.asides = view;
      for (const listener of this.listeners) listener();
    });
    // Like the browser client: every reconnect rejoins with the token, which brings a full state.
    this.socket.on('connect', () => {
      // A rejoin cut short by close() has nobody left to report to.
      if (this.me) this.rejoining = this.join().then(() => undefined, () => undefined);
    });
  }

  static async join(url: string, clinicId: string, name: string, facilitatorKey?: string): Promise<TestParticipant> {
    const participant = new TestParticipant(url, clinicId, name, facilitatorKey);
    const reply = await participant.join();
    if (!reply.ok) throw new Error(reply.error.message);
    return participant;
  }

  /** Comes back with the token a device kept from an earlier join, as a reloaded page does. */
  static async rejoin(url: string, clinicId: string, name: string, participantToken: string): Promise<TestParticipant> {
    const participant = new TestParticipant(url, clinicId, name);
    const reply = await participant.socket.timeout(WAIT_LIMIT_MS).emitWithAck('clinic:join', { protocolVersion: PROTOCOL_VERSION, clinicId, participantToken });
    if (!reply.ok) throw new Error(reply.error.message);
    participant.me = reply.data;
    return participant;
  }

  get id(): string {
    if (!this.me) throw new Error(`${this.name} has not joined`);
    return this.me.participantId;
  }

  async join(): Promise<Ack<JoinedClinic>> {
    const reply = await this.socket.timeout(WAIT_LIMIT_MS).emitWithAck('clinic:join', {
      protocolVersion: PROTOCOL_VERSION,
      clinicId: this.clinicId,
      ...(this.me ? { participantToken: this.me.participantToken } : { name: this.name }),
      ...(this.facilitatorKey ? { facilitatorKey: this.facilitatorKey } : {}),
    });
    if (reply.ok) this.me = reply.data;
    return reply;
  }

  /** Sends a command made against `basedOnRevision`, by default the latest state seen, as the app does. */
  command(command: FacilitatorCommand, basedOnRevision = this.state?.revision ?? 0): Promise<Ack<CommandResult>> {
    return this.socket.timeout(WAIT_LIMIT_MS).emitWithAck('clinic:command', { command, basedOnRevision });
  }

  aside(aside: Aside): Promise<Ack<AsideResult>> {
    return this.socket.timeout(WAIT_LIMIT_MS).emitWithAck('clinic:aside', { aside });
  }

  /** Waits until the latest state satisfies `predicate`. */
  waitFor(predicate: (state: ClinicState) => boolean, what = 'state'): Promise<ClinicState> {
    return this.waitUntil(() => this.state, predicate, what);
  }

  /** Waits until this device's latest view of the asides satisfies `predicate`. */
  waitForAsides(predicate: (view: AsidesView) => boolean, what = 'asides'): Promise<AsidesView> {
    return this.waitUntil(() => this.asides, predicate, what);
  }

  private waitUntil<T>(latest: () => T | null, predicate: (value: T) => boolean, what: string): Promise<T> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const value = latest();
        if (value !== null && predicate(value)) {
          clearTimeout(timer);
          this.listeners.delete(check);
          resolve(value);
        }
      };
      const timer = setTimeout(() => {
        this.listeners.delete(check);
        reject(new Error(`${this.name} did not see ${what}; last revision ${this.state?.revision}`));
      }, WAIT_LIMIT_MS);
      this.listeners.add(check);
      check();
    });
  }

  waitForRevision(revision: number): Promise<ClinicState> {
    return this.waitFor((state) => state.revision >= revision, `revision ${revision}`);
  }

  close(): void {
    this.socket.disconnect();
  }
}
