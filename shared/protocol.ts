/**
 * The real-time protocol: Socket.IO's typed event maps, payloads, acknowledgements and limits (the
 * compile-time contract). The runtime checks live in `protocolSchemas.ts`, which only the server
 * needs, so clients do not ship a validator. The README documents both.
 */
import type { ClinicCommand } from './clinicMachine.ts';
import type { AutoAdvance, ClinicContext, CueTimes } from './clinicSteps.ts';
import { MS_PER_MINUTE } from './time.ts';

export const PROTOCOL_VERSION = 1;

/** How long a client waits for an acknowledgement before it tells the person to check their connection. */
export const ACK_TIMEOUT_MS = 8_000;
export const MAX_NAME_LENGTH = 60;
export const MAX_TITLE_LENGTH = 80;
/** How far one "add/remove time" command may move a deadline. */
export const MAX_TIME_ADJUSTMENT_MS = 10 * MS_PER_MINUTE;
export const MAX_CUE_LEAD_MS = 10 * MS_PER_MINUTE;

// ---------------------------------------------------------------------------------------------
// Acknowledgements and errors

export type ErrorCode =
  | 'INVALID_PAYLOAD'
  | 'CLINIC_NOT_FOUND'
  | 'NAME_REQUIRED'
  | 'UNKNOWN_PARTICIPANT'
  | 'INVALID_FACILITATOR_KEY'
  | 'NOT_JOINED'
  | 'NOT_FACILITATOR'
  | 'NOT_ALLOWED_NOW'
  | 'REMOVED'
  | 'UNKNOWN_EVENT'
  | 'STALE_COMMAND'
  | 'CLINIC_FULL'
  | 'RATE_LIMITED'
  | 'INTERNAL';

export interface ProtocolError {
  readonly code: ErrorCode;
  /** A sentence a person can read; clients may show it as it is. */
  readonly message: string;
}

/** Every client-to-server event is acknowledged with one of these. */
export type Ack<T> = { ok: true; data: T } | { ok: false; error: ProtocolError };

export type AckCallback<T> = (response: Ack<T>) => void;

// ---------------------------------------------------------------------------------------------
// Payloads (client to server); `protocolSchemas.ts` checks them at runtime

export interface CreateClinicPayload {
  readonly title?: string;
  readonly formatId?: string;
  /** Whole minutes per phase id; for coach-turn phases, per turn. */
  readonly minutes?: Readonly<Record<string, number>>;
  /** Per phase id: what happens at time-up (default `off`). */
  readonly autoAdvance?: Readonly<Record<string, AutoAdvance>>;
  readonly cueTimes?: CueTimes;
}

export interface JoinClinicPayload {
  readonly clinicId: string;
  /** Required the first time; ignored when rejoining with a token or facilitator key. */
  readonly name?: string;
  /** The token this device was given when it first joined; rejoins as the same participant. */
  readonly participantToken?: string;
  /** From the facilitator link: grants (or restores) facilitator control. */
  readonly facilitatorKey?: string;
  /**
   * A new device that only shows the clinic, such as the presenter view on a meeting-room
   * computer: it is listed with the crew, but never takes a turn or a role.
   */
  readonly asScreen?: boolean;
}

/** Commands about who takes part and who leads, handled by the server's roster, not the machine. */
export type RosterCommand =
  | { type: 'HAND_OVER'; participantId: string }
  | { type: 'ADD_FACILITATOR'; participantId: string }
  | { type: 'REMOVE_FACILITATOR'; participantId: string }
  | { type: 'REMOVE_PARTICIPANT'; participantId: string }
  | { type: 'ROTATE_FACILITATOR_KEY' }
  | { type: 'DELETE_CLINIC' };

export type FacilitatorCommand = ClinicCommand | RosterCommand;

export const ROSTER_COMMAND_TYPES: ReadonlySet<FacilitatorCommand['type']> = new Set<RosterCommand['type']>([
  'HAND_OVER',
  'ADD_FACILITATOR',
  'REMOVE_FACILITATOR',
  'REMOVE_PARTICIPANT',
  'ROTATE_FACILITATOR_KEY',
  'DELETE_CLINIC',
]);

export const isRosterCommand = (command: FacilitatorCommand): command is RosterCommand => ROSTER_COMMAND_TYPES.has(command.type);

export interface CommandPayload {
  readonly command: FacilitatorCommand;
  /**
   * The revision of the state the sender saw. If another phase or timer command, or a move the
   * clinic made by itself, has landed since, this one is refused as stale, so a double click or two
   * facilitators pressing at once move the clinic once.
   */
  readonly basedOnRevision: number;
}

// ---------------------------------------------------------------------------------------------
// State (server to client)

export interface ParticipantView {
  readonly id: string;
  readonly name: string;
  /** At least one of their devices is connected right now. */
  readonly online: boolean;
  /** A shared screen rather than a person (see `asScreen`). */
  readonly screen: boolean;
}

/** The machine's snapshot as clients need it: enough to render and to ask `can()`. */
export interface MachineView {
  readonly value: string | Record<string, unknown>;
  readonly status: 'active' | 'done' | 'error' | 'stopped';
  readonly context: ClinicContext;
}

/** The whole state of one clinic, sent to every participant after any change. */
export interface ClinicState {
  readonly protocolVersion: typeof PROTOCOL_VERSION;
  readonly clinicId: string;
  readonly title: string | null;
  /** Increases by one with every change, so clients can ignore anything older than they hold. */
  readonly revision: number;
  /** Everyone who can drive the clinic: whoever opened the facilitator link, and whom they added. */
  readonly facilitatorIds: readonly string[];
  /** In the order they first joined. */
  readonly participants: readonly ParticipantView[];
  readonly machine: MachineView;
}

export interface CreatedClinic {
  readonly clinicId: string;
  /** The secret behind the facilitator link. Shown once; the server keeps only its hash. */
  readonly facilitatorKey: string;
}

export interface JoinedClinic {
  readonly participantId: string;
  /** Keep it on this device: it rejoins as the same participant after a reload. */
  readonly participantToken: string;
  readonly isFacilitator: boolean;
}

export interface CommandResult {
  /** The revision that includes this command. */
  readonly revision: number;
  /** Only after ROTATE_FACILITATOR_KEY: the new key, shown once to the facilitator who asked. */
  readonly facilitatorKey?: string;
}

/** Why a device is no longer in a clinic. */
export interface GoneNotice {
  readonly reason: 'removed' | 'deleted';
}

export interface ClockReading {
  /** The server's epoch ms when it answered. */
  readonly serverNow: number;
}

export interface ClientToServerEvents {
  'clinic:create': (payload: CreateClinicPayload, ack: AckCallback<CreatedClinic>) => void;
  'clinic:join': (payload: JoinClinicPayload, ack: AckCallback<JoinedClinic>) => void;
  'clinic:command': (payload: CommandPayload, ack: AckCallback<CommandResult>) => void;
  'clock:ping': (ack: AckCallback<ClockReading>) => void;
}

export interface ServerToClientEvents {
  'clinic:state': (state: ClinicState) => void;
  /** This device was removed from the clinic, or the clinic was deleted; it gets no more states. */
  'clinic:gone': (notice: GoneNotice) => void;
}

/** Every event a client may send; anything else is refused with UNKNOWN_EVENT. */
export const CLIENT_EVENTS: ReadonlySet<string> = new Set<keyof ClientToServerEvents>(['clinic:create', 'clinic:join', 'clinic:command', 'clock:ping']);
