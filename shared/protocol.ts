/**
 * The real-time protocol: Socket.IO's typed event maps (the compile-time contract) and zod schemas
 * for every client-to-server payload (the runtime one). Server, client and tests import this file;
 * the README documents it for anyone writing their own client.
 */
import { z } from 'zod';
import type { ClinicCommand } from './clinicMachine.ts';
import { AUTO_ADVANCE_MODES, type ClinicContext } from './clinicSteps.ts';
import { DEFAULT_FORMAT_ID, FORMATS, MAX_PHASE_MINUTES, MIN_PHASE_MINUTES } from './format.ts';
import { MS_PER_MINUTE } from './time.ts';

export const PROTOCOL_VERSION = 1;

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
// Payload schemas (client to server)

/** Trims, drops control characters and folds runs of white space, so names display cleanly. */
export function cleanText(raw: string): string {
  // eslint-disable-next-line no-control-regex
  return raw.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, ' ').replace(/\s+/g, ' ').trim();
}

const cleanedText = (max: number, what: string) =>
  z
    .string()
    .max(max * 4)
    .transform(cleanText)
    .pipe(z.string().min(1, `${what} cannot be empty.`).max(max, `${what} can be at most ${max} characters.`));

/** Opaque random identifiers and secrets: URL-safe base64. */
const token = z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, 'That link or key is not valid.');

const autoAdvanceSchema = z.enum(AUTO_ADVANCE_MODES);

/** A wrap-up cue between none (0) and ten minutes before time-up. */
const cueLeadMs = z.number().int().min(0).max(MAX_CUE_LEAD_MS);
const cueTimesSchema = z.strictObject({ phaseWrapUpMs: cueLeadMs, turnWrapUpMs: cueLeadMs });

export const createClinicSchema = z
  .strictObject({
    title: cleanedText(MAX_TITLE_LENGTH, 'The title').optional(),
    formatId: z.string().max(40).default(DEFAULT_FORMAT_ID),
    /** Whole minutes per phase id; for coach-turn phases, per turn. */
    minutes: z
      .record(z.string().max(40), z.number().int().min(MIN_PHASE_MINUTES).max(MAX_PHASE_MINUTES))
      .optional(),
    /** Per phase id: what happens at time-up (default `off`). */
    autoAdvance: z.record(z.string().max(40), autoAdvanceSchema).optional(),
    cueTimes: cueTimesSchema.optional(),
  })
  .superRefine(({ formatId, minutes = {}, autoAdvance = {} }, context) => {
    const format = FORMATS[formatId];
    if (!format) {
      context.addIssue({ code: 'custom', path: ['formatId'], message: `There is no clinic format called "${formatId}".` });
      return;
    }
    for (const [field, perPhase] of [['minutes', minutes], ['autoAdvance', autoAdvance]] as const) {
      for (const phaseId of Object.keys(perPhase)) {
        if (!format.phases.some((phase) => phase.id === phaseId)) {
          context.addIssue({ code: 'custom', path: [field, phaseId], message: `The format has no phase called "${phaseId}".` });
        }
      }
    }
  });
export type CreateClinicPayload = z.input<typeof createClinicSchema>;

export const joinClinicSchema = z.strictObject({
  clinicId: token,
  /** Required the first time; ignored when rejoining with a token or facilitator key. */
  name: cleanedText(MAX_NAME_LENGTH, 'Your name').optional(),
  /** The token this device was given when it first joined; rejoins as the same participant. */
  participantToken: token.optional(),
  /** From the facilitator link: grants (or restores) facilitator control. */
  facilitatorKey: token.optional(),
});
export type JoinClinicPayload = z.input<typeof joinClinicSchema>;

const participantId = token;


export const commandSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('START') }),
  z.strictObject({ type: z.literal('NEXT_PHASE') }),
  z.strictObject({ type: z.literal('BACK') }),
  z.strictObject({ type: z.literal('NEXT_SPEAKER') }),
  z.strictObject({ type: z.literal('SKIP_SPEAKER') }),
  z.strictObject({ type: z.literal('PAUSE') }),
  z.strictObject({ type: z.literal('RESUME') }),
  z.strictObject({
    type: z.literal('ADJUST_TIME'),
    deltaMs: z
      .number()
      .int()
      .min(-MAX_TIME_ADJUSTMENT_MS)
      .max(MAX_TIME_ADJUSTMENT_MS)
      .refine((delta) => delta !== 0, 'Adjust by a non-zero amount.'),
  }),
  z.strictObject({ type: z.literal('END') }),
  z.strictObject({ type: z.literal('SET_CASE_GIVER'), participantId }),
  z.strictObject({ type: z.literal('SET_COACH_ORDER'), coachIds: z.array(participantId).max(50) }),
  z.strictObject({ type: z.literal('SET_AUTO_ADVANCE'), phaseId: z.string().max(40), mode: autoAdvanceSchema }),
  z.strictObject({ type: z.literal('SET_CUE_TIMES'), cueTimes: cueTimesSchema }),
]);

/** Fails to compile when the schema and the machine's command type drift apart, either way. */
type SameType<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const commandSchemaMatchesMachine: SameType<z.output<typeof commandSchema>, ClinicCommand> = true;
void commandSchemaMatchesMachine;

/** Commands about who takes part and who leads, handled by the server's roster, not the machine. */
export type RosterCommand =
  | { type: 'HAND_OVER'; participantId: string }
  | { type: 'ADD_FACILITATOR'; participantId: string }
  | { type: 'REMOVE_FACILITATOR'; participantId: string }
  | { type: 'REMOVE_PARTICIPANT'; participantId: string }
  | { type: 'ROTATE_FACILITATOR_KEY' }
  | { type: 'DELETE_CLINIC' };

export type FacilitatorCommand = ClinicCommand | RosterCommand;

export const rosterCommandSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('HAND_OVER'), participantId }),
  z.strictObject({ type: z.literal('ADD_FACILITATOR'), participantId }),
  z.strictObject({ type: z.literal('REMOVE_FACILITATOR'), participantId }),
  z.strictObject({ type: z.literal('REMOVE_PARTICIPANT'), participantId }),
  z.strictObject({ type: z.literal('ROTATE_FACILITATOR_KEY') }),
  z.strictObject({ type: z.literal('DELETE_CLINIC') }),
]) satisfies z.ZodType<RosterCommand>;

export const ROSTER_COMMAND_TYPES: ReadonlySet<string> = new Set(rosterCommandSchema.options.map((option) => option.shape.type.value));

export const isRosterCommand = (command: FacilitatorCommand): command is RosterCommand => ROSTER_COMMAND_TYPES.has(command.type);

export const commandPayloadSchema = z.strictObject({
  command: z.union([commandSchema, rosterCommandSchema]),
  /**
   * The revision of the state the sender saw. If another phase or timer command has landed since,
   * this one is refused as stale, so a double click or two facilitators pressing at once move the
   * clinic once.
   */
  basedOnRevision: z.number().int().nonnegative().optional(),
});
export type CommandPayload = z.input<typeof commandPayloadSchema>;

// ---------------------------------------------------------------------------------------------
// State (server to client)

export interface ParticipantView {
  readonly id: string;
  readonly name: string;
  /** At least one of their devices is connected right now. */
  readonly online: boolean;
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

/** Readable first problem of a failed validation, e.g. "name: Your name cannot be empty." */
export function describeIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'The request was not valid.';
  const where = issue.path.length > 0 ? `${issue.path.join('.')}: ` : '';
  return `${where}${issue.message}`;
}
