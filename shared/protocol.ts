/**
 * The real-time protocol: its version, limits, error codes, acknowledgements and Socket.IO's typed
 * event maps. Payload and state types are inferred from the zod schemas in `protocolSchemas.ts`
 * and `clinicStateSchema.ts` and imported as types only, so clients ship no validator. The README's
 * protocol section is checked against these files by a test.
 */
import type { AsidePayload, AsideResult, AsidesView } from './asidesSchema.ts';
import type { ClinicState } from './clinicStateSchema.ts';
import type {
  ClinicPreview,
  ClockReading,
  CommandPayload,
  CommandResult,
  CreateClinicPayload,
  CreatedClinic,
  JoinClinicPayload,
  JoinedClinic,
  PreviewClinicPayload,
} from './protocolSchemas.ts';
import type {
  DeleteSealedPayload,
  DeletedSealed,
  DismissLastTimePayload,
  FetchInboxPayload,
  HarvestChange,
  HarvestOverview,
  HarvestOverviewRequest,
  Inbox,
  LastTime,
  LastTimeRequest,
  PublishedKeyResult,
  PublishKeyPayload,
  SendSealedPayload,
  SentSealed,
} from './harvestSchemas.ts';
import type {
  CreateCrewPayload,
  CreatedCrew,
  CrewCommandPayload,
  CrewCommandResult,
  CrewGone,
  CrewPaired,
  CrewPreview,
  CrewView,
  JoinCrewPayload,
  JoinedCrew,
  PairingCode,
  PairingCodeRequest,
  PreviewCrewPayload,
  SessionStarted,
} from './crewProtocolSchemas.ts';
import type { Reason } from './reasons.ts';
import { MS_PER_MINUTE } from './time.ts';

/**
 * Raised whenever a message or the state changes shape. A client states the version it speaks
 * when it joins or creates; a server of another version refuses it with PROTOCOL_MISMATCH.
 */
export const PROTOCOL_VERSION = 4;

/** How long a client waits for an acknowledgement before it tells the person to check their connection. */
export const ACK_TIMEOUT_MS = 8_000;

/**
 * How long a device the server turned away waits before asking again: a connection refused (too
 * many from one address), or a node not yet updated for a record a newer release saved. An HTTP
 * answer of the latter says so in its Retry-After.
 */
export const TURNED_AWAY_RETRY_MS = 5_000;
/** Ids, tokens and keys: URL-safe base64, so a link carries them as they are. */
export const TOKEN_PATTERN = /^[A-Za-z0-9_-]{8,64}$/;
export const MAX_NAME_LENGTH = 60;
export const MAX_TITLE_LENGTH = 80;
/** How far one "add/remove time" command may move a deadline. */
export const MAX_TIME_ADJUSTMENT_MS = 10 * MS_PER_MINUTE;
export const MAX_CUE_LEAD_MS = 10 * MS_PER_MINUTE;
export const MAX_PARTICIPANTS = 16;
/** Bounds on a phase (or turn) length a facilitator may choose, in whole minutes. */
export const MIN_PHASE_MINUTES = 1;
export const MAX_PHASE_MINUTES = 120;
/** Receiving devices per case giver: each note carries one envelope per device. */
export const MAX_DEVICE_KEYS = 4;
/**
 * A note's text in UTF-8 bytes. With an envelope for each of the most devices a case giver may
 * have, a note still fits in one Socket.IO message (16 KB).
 */
export const MAX_NOTE_BYTES = 1_500;

// ---------------------------------------------------------------------------------------------
// Acknowledgements and errors

/** The kinds of refusal; `reasons.ts` lists the precise reason codes within each. */
export const ERROR_CODES = [
  'INVALID_PAYLOAD',
  'UNKNOWN_EVENT',
  'PROTOCOL_MISMATCH',
  'CLINIC_NOT_FOUND',
  'NAME_REQUIRED',
  'UNKNOWN_PARTICIPANT',
  'REMOVED',
  'INVALID_FACILITATOR_KEY',
  'CLINIC_FULL',
  'NOT_JOINED',
  'NOT_FACILITATOR',
  'NOT_ALLOWED_NOW',
  'STALE_COMMAND',
  'RATE_LIMITED',
  'INTERNAL',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export interface ProtocolError {
  readonly code: ErrorCode;
  /** The precise reason; clients look their sentence up by it. */
  readonly reason: Reason;
  /** The reason in English, for clients without their own sentences. */
  readonly message: string;
}

/** Every client-to-server event is acknowledged with one of these. */
export type Ack<T> = { ok: true; data: T } | { ok: false; error: ProtocolError };

export type AckCallback<T> = (response: Ack<T>) => void;

/** The `data` of successful acknowledgements, re-exported beside the event maps that use them. */
export type { AsideResult, ClinicPreview, ClockReading, CommandResult, CreatedClinic, JoinedClinic };

/** Why a device is no longer in a clinic. */
export interface GoneNotice {
  readonly reason: 'removed' | 'deleted';
}

export interface ClientToServerEvents {
  'clinic:create': (payload: CreateClinicPayload, ack: AckCallback<CreatedClinic>) => void;
  'clinic:preview': (payload: PreviewClinicPayload, ack: AckCallback<ClinicPreview>) => void;
  'clinic:join': (payload: JoinClinicPayload, ack: AckCallback<JoinedClinic>) => void;
  'clinic:command': (payload: CommandPayload, ack: AckCallback<CommandResult>) => void;
  'clinic:aside': (payload: AsidePayload, ack: AckCallback<AsideResult>) => void;
  'clock:ping': (ack: AckCallback<ClockReading>) => void;
  'harvest:publishKey': (payload: PublishKeyPayload, ack: AckCallback<PublishedKeyResult>) => void;
  'harvest:overview': (payload: HarvestOverviewRequest, ack: AckCallback<HarvestOverview>) => void;
  'harvest:send': (payload: SendSealedPayload, ack: AckCallback<SentSealed>) => void;
  'harvest:fetch': (payload: FetchInboxPayload, ack: AckCallback<Inbox>) => void;
  'harvest:delete': (payload: DeleteSealedPayload, ack: AckCallback<DeletedSealed>) => void;
  'harvest:lastTime': (payload: LastTimeRequest, ack: AckCallback<LastTime>) => void;
  'harvest:dismissLastTime': (payload: DismissLastTimePayload, ack: AckCallback<DeletedSealed>) => void;
  'crew:create': (payload: CreateCrewPayload, ack: AckCallback<CreatedCrew>) => void;
  'crew:preview': (payload: PreviewCrewPayload, ack: AckCallback<CrewPreview>) => void;
  'crew:join': (payload: JoinCrewPayload, ack: AckCallback<JoinedCrew>) => void;
  'crew:command': (payload: CrewCommandPayload, ack: AckCallback<CrewCommandResult>) => void;
  'crew:pairingCode': (payload: PairingCodeRequest, ack: AckCallback<PairingCode>) => void;
}

export interface ServerToClientEvents {
  'clinic:state': (state: ClinicState) => void;
  /** This participant's view of the asides, to their devices only: on joining, then whenever it changes. */
  'clinic:asides': (view: AsidesView) => void;
  /** This device was removed from the clinic, or the clinic was deleted; it gets no more states. */
  'clinic:gone': (notice: GoneNotice) => void;
  /** Something of the harvest this device may see changed: ask again (`harvest:overview`, `harvest:fetch` or `harvest:lastTime`). */
  'harvest:changed': (change: HarvestChange) => void;
  /** The crew as every member may see it, to each member's devices: on joining, then after every change. */
  'crew:state': (view: CrewView) => void;
  /** This device's member left or was removed, or the crew was deleted; it gets no more crew states. */
  'crew:gone': (notice: CrewGone) => void;
  /** A pairing code was used, and `memberId` has a new device: to the devices of the member who showed it (of the crew's organiser then, for one shown for someone else). `code` is as shown, now spent. */
  'crew:paired': (notice: CrewPaired) => void;
  /** A session started: join its clinic with `clinic:join` and `crewMember`. */
  'crew:sessionStarted': (notice: SessionStarted) => void;
}
