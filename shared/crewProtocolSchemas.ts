/**
 * The crew protocol's payloads, commands and answers, defined once as zod schemas: the server
 * validates what arrives with them, the types are inferred from them, and the README's tables are
 * generated from them. Who may send which command is `crewCommands.ts`'s to say.
 */
import { z } from 'zod';
import { CREW_WEEKS, MAX_THEME_LENGTH } from './crewLimits.ts';
import { NEWCOMER_REFUSALS } from './crewRota.ts';
import { cadenceSchema, crewMemberSchema, LANDING_DECISIONS, plainDateSchema, storedCrewSchema, wallClockSchema } from './crewSchema.ts';
import { DEFAULT_FORMAT_ID, findFormat } from './formatLibrary.ts';
import { customFormatSchema } from './formatSchema.ts';
import { MAX_NAME_LENGTH, MAX_TITLE_LENGTH } from './protocol.ts';
import { cleanedText, protocolVersion, token } from './protocolSchemas.ts';

const name = cleanedText(MAX_NAME_LENGTH, 'Your name');
const sessionIndex = z.number().int().min(0).max(CREW_WEEKS.max - 1);

export const createCrewSchema = z
  .strictObject({
    protocolVersion,
    name: cleanedText(MAX_TITLE_LENGTH, "The crew's name"),
    theme: cleanedText(MAX_THEME_LENGTH, 'The theme').optional(),
    /** The organiser is the crew's first member. */
    organiserName: name,
    cadence: cadenceSchema,
    /** Weekly sessions, the intro and the landing included (default 6). */
    weeks: z.number().int().min(CREW_WEEKS.min).max(CREW_WEEKS.max).optional(),
    /** The case sessions' format: one of the library (default: the classic one)... */
    formatId: z.string().max(40).optional(),
    /** ...or one the crew keeps; never both. */
    format: customFormatSchema.optional(),
  })
  .superRefine(({ formatId, format }, context) => {
    if (formatId !== undefined && format !== undefined) context.addIssue({ code: 'custom', path: ['format'], message: 'Name a format of the library or send one, not both.' });
    else if (format === undefined && !findFormat(formatId ?? DEFAULT_FORMAT_ID)) {
      context.addIssue({ code: 'custom', path: ['formatId'], message: `There is no clinic format called "${formatId}".` });
    }
  });

/**
 * A pairing code: eight characters of an alphabet without look-alikes (no 0/O, 1/I/L), typed on
 * the new device; case, spaces and dashes do not matter.
 */
export const PAIRING_CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
export const PAIRING_CODE_LENGTH = 8;
/** How long a pairing code can be used, once. */
export const PAIRING_CODE_TTL_MS = 10 * 60_000;
const pairingCode = z
  .string()
  .max(32)
  .transform((typed) => typed.toUpperCase().replace(/[\s-]/g, ''))
  .pipe(z.string().regex(new RegExp(`^[${PAIRING_CODE_ALPHABET}]{${PAIRING_CODE_LENGTH}}$`), 'That is not a pairing code.'));

/** Asked by a device the crew does not know before it asks for a name: whether one would be let in. */
export const previewCrewSchema = z.strictObject({
  protocolVersion,
  crewId: token,
});

/** Only what the crew link's holder would learn by joining: whether it takes new members, and if not, why. */
export const crewPreviewSchema = z.strictObject({
  newcomersRefused: z.enum(NEWCOMER_REFUSALS).nullable(),
});

/** The crew link is the crew id; a device comes back with its token, the organiser link's key admits the organiser anywhere. */
export const joinCrewSchema = z.strictObject({
  protocolVersion,
  crewId: token,
  /** Required the first time; ignored when rejoining with a token or the organiser key. */
  name: name.optional(),
  /** The token this device was given when it first joined the crew. */
  memberToken: token.optional(),
  /** From the organiser link: this device joins as the organiser. */
  organiserKey: token.optional(),
  /** Shown on a device of the member (or given by the organiser): this device joins as that member. */
  pairingCode: pairingCode.optional(),
});

/** A code to add a device: for yourself, or (the organiser) for a member who lost every device. */
export const pairingCodeRequestSchema = z.strictObject({ memberId: token.optional() });

const memberId = token;

/** What members and the organiser change; each description says who may send it and what it does (README, generated). */
export const crewCommandSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('VOLUNTEER'), sessionIndex, volunteering: z.boolean() }).describe('a member: "I\'d like to bring a case" to a case session not yet started, or taking it back; an offer also takes back their "I can\'t make it"'),
  z
    .strictObject({ type: z.literal('CONFIRM_ROTA'), sessionIndex, caseGiverIds: z.array(memberId).max(12), facilitatorId: memberId })
    .describe('the organiser: fixes a session\'s case givers (as many as its format holds) and facilitator; suggestions no longer change them'),
  z
    .strictObject({ type: z.literal('CANNOT_ATTEND'), sessionIndex, cannot: z.boolean() })
    .describe('a member: "I can\'t make it" (or "I can after all"); their case or facilitation there is reassigned'),
  z
    .strictObject({ type: z.literal('MOVE_SESSION'), sessionIndex, date: plainDateSchema, time: wallClockSchema })
    .describe("the organiser: a session not yet started moves to a later wall time in the crew's zone, still between its neighbours"),
  z.strictObject({ type: z.literal('SKIP_WEEK'), sessionIndex }).describe('the organiser: no session that week; it and every later one move a week on'),
  z.strictObject({ type: z.literal('HAND_OVER_ORGANISER'), memberId }).describe('the organiser: another member organises instead; the organiser link stops working'),
  z.strictObject({ type: z.literal('REMOVE_MEMBER'), memberId }).describe("the organiser: removes a member everywhere, past summaries included, and closes the crew to new members; their devices get `crew:gone`"),
  z
    .strictObject({ type: z.literal('OPEN_TO_NEW_MEMBERS'), open: z.boolean() })
    .describe("the organiser: whether someone new may join by name with the crew link (REMOVE_MEMBER closes it); members' devices, pairing codes and the organiser link get in either way"),
  z.strictObject({ type: z.literal('LEAVE') }).describe('a member other than the organiser leaves, removed everywhere as with REMOVE_MEMBER'),
  z.strictObject({ type: z.literal('START_SESSION'), sessionIndex }).describe("the session's facilitator or the organiser: starts it as a clinic; members' devices get `crew:sessionStarted`"),
  z.strictObject({ type: z.literal('RECORD_LANDING'), decision: z.enum(LANDING_DECISIONS) }).describe("the organiser, once the landing has started: the crew's decision"),
  z.strictObject({ type: z.literal('DELETE_CREW') }).describe("the organiser: deletes the crew and its sessions' clinics now; every device gets `crew:gone`"),
]);

export const crewCommandPayloadSchema = z.strictObject({ command: crewCommandSchema });

// ---------------------------------------------------------------------------------------------
// Server to client

export const createdCrewSchema = z.strictObject({
  crewId: token,
  /** The secret behind the organiser link. Shown once; the server keeps only its hash. */
  organiserKey: token,
  /** The organiser as a member, and this device's token: join with it. */
  memberId,
  memberToken: token,
});

export const joinedCrewSchema = z.strictObject({
  memberId,
  /** Keep it on this device: it rejoins the crew, and joins each of its sessions, as this member. */
  memberToken: token,
  isOrganiser: z.boolean(),
});

export const crewCommandResultSchema = z.strictObject({
  revision: z.number().int().nonnegative(),
  /** Only after START_SESSION: the clinic the session runs as. */
  clinicId: token.optional(),
});

const stored = storedCrewSchema.shape;

/** What every member's devices are sent of their crew: everything but secrets' hashes. */
export const crewViewSchema = z.strictObject({
  id: stored.id,
  name: stored.name,
  theme: stored.theme,
  revision: stored.revision,
  cadence: stored.cadence,
  weeks: stored.weeks,
  defaultFormat: stored.defaultFormat,
  organiserId: stored.organiserId,
  members: z.array(crewMemberSchema.pick({ id: true, name: true, joinedAt: true })),
  sessions: stored.sessions,
  skippedDates: stored.skippedDates,
  landing: stored.landing,
  openToNewMembers: stored.openToNewMembers,
});

export const pairingCodeSchema = z.strictObject({
  /** Show it as it is; it works once, until `expiresAt` (server epoch ms). */
  code: z.string(),
  expiresAt: z.number().int(),
});

export const crewGoneSchema = z.strictObject({ crewId: token, reason: z.enum(['left', 'removed', 'deleted']) });
export const sessionStartedSchema = z.strictObject({ crewId: token, sessionIndex, clinicId: token });
/** A pairing code this member showed (or, the organiser, showed for a member) was used: a device joined with it. */
export const crewPairedSchema = z.strictObject({ crewId: token, memberId: token, code: z.string() });

export type CreateCrewPayload = z.input<typeof createCrewSchema>;
export type PreviewCrewPayload = z.input<typeof previewCrewSchema>;
export type CrewPreview = z.infer<typeof crewPreviewSchema>;
export type JoinCrewPayload = z.input<typeof joinCrewSchema>;
export type CrewCommand = z.output<typeof crewCommandSchema>;
export type CrewCommandPayload = z.input<typeof crewCommandPayloadSchema>;
export type CreatedCrew = z.infer<typeof createdCrewSchema>;
export type JoinedCrew = z.infer<typeof joinedCrewSchema>;
export type CrewCommandResult = z.infer<typeof crewCommandResultSchema>;
export type CrewView = z.infer<typeof crewViewSchema>;
export type PairingCodeRequest = z.input<typeof pairingCodeRequestSchema>;
export type PairingCode = z.infer<typeof pairingCodeSchema>;
export type CrewGone = z.infer<typeof crewGoneSchema>;
export type SessionStarted = z.infer<typeof sessionStartedSchema>;
export type CrewPaired = z.infer<typeof crewPairedSchema>;
