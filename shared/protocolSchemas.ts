/**
 * Every client-to-server payload, defined once as a zod schema: the server validates what really
 * arrives with it, and the payload and command types are inferred from it. Clients import the
 * types only, so no validator ships to browsers.
 */
import { z } from 'zod';
import { DEFAULT_FORMAT_ID, findFormat, getFormat } from './formatLibrary.ts';
import { autoAdvanceSchema, customFormatSchema } from './formatSchema.ts';
import { refuse } from './reasons.ts';
import { MAX_CUE_LEAD_MS, MAX_PHASE_MINUTES, MIN_PHASE_MINUTES, MAX_NAME_LENGTH, MAX_TIME_ADJUSTMENT_MS, MAX_TITLE_LENGTH, PROTOCOL_VERSION, TOKEN_PATTERN, type Ack } from './protocol.ts';

/**
 * Invisible characters (bidi overrides, zero-width spaces, Hangul fillers) can make one name pass
 * for another, flip the text around it, or show nothing at all; emoji joiners and flag tags are kept.
 */
const INVISIBLE = /(?![\u200d\u{e0020}-\u{e007f}])\p{Cf}|[\u115f\u1160\u3164\uffa0]/gu;
/** Emoji joiners and flag tags only build on other characters: alone they show nothing. */
const SHOWS_SOMETHING = /[^\s\u200d\u{e0020}-\u{e007f}]/u;

/** Trims, drops control and invisible characters and folds runs of white space, so names display cleanly. */
export function cleanText(raw: string): string {
  return (
    raw
      // eslint-disable-next-line no-control-regex
      .replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, ' ')
      .replace(INVISIBLE, '')
      .replace(/\s+/g, ' ')
      .trim()
  );
}

export const cleanedText = (max: number, what: string) =>
  z
    .string()
    .max(max * 4)
    .transform(cleanText)
    .pipe(
      z
        .string()
        .regex(SHOWS_SOMETHING, `${what} cannot be empty.`)
        .max(max, `${what} can be at most ${max} characters.`),
    );

/** Opaque random identifiers and secrets: URL-safe base64. */
export const token = z.string().regex(TOKEN_PATTERN, 'That link or key is not valid.');

/** A wrap-up cue between none (0) and ten minutes before time-up. */
const cueLeadMs = z.number().int().min(0).max(MAX_CUE_LEAD_MS);
const cueTimesSettingSchema = z.strictObject({ phaseWrapUpMs: cueLeadMs, turnWrapUpMs: cueLeadMs });

/** The protocol version the client speaks; another version is refused with PROTOCOL_MISMATCH. */
export const protocolVersion = z.literal(PROTOCOL_VERSION);

export const createClinicSchema = z
  .strictObject({
    protocolVersion,
    title: cleanedText(MAX_TITLE_LENGTH, 'The title').optional(),
    /** A format of the library (default: the classic one)... */
    formatId: z.string().max(40).optional(),
    /** ...or a format the facilitator built; never both. */
    format: customFormatSchema.optional(),
    /** Whole minutes per phase id; for coach-turn phases, per turn. */
    minutes: z
      .record(z.string().max(40), z.number().int().min(MIN_PHASE_MINUTES).max(MAX_PHASE_MINUTES))
      .optional(),
    /** Per phase id: what happens at time-up (default `off`). */
    autoAdvance: z.record(z.string().max(40), autoAdvanceSchema).optional(),
    cueTimes: cueTimesSettingSchema.optional(),
  })
  .superRefine(({ formatId, format: custom, minutes = {}, autoAdvance = {} }, context) => {
    if (formatId !== undefined && custom !== undefined) {
      context.addIssue({ code: 'custom', path: ['format'], message: 'Name a format of the library or send one, not both.' });
      return;
    }
    const format = custom ?? findFormat(formatId ?? DEFAULT_FORMAT_ID);
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
    for (const phase of format.phases) {
      const chosen = minutes[phase.id];
      if (chosen !== undefined && chosen < phase.minimumMinutes) {
        context.addIssue({ code: 'custom', path: ['minutes', phase.id], message: `${phase.title} needs at least ${phase.minimumMinutes} minutes.` });
      }
    }
  })
  // The server gets the format itself, whether from the library or sent.
  .transform(({ formatId, format, ...settings }) => ({ ...settings, format: format ?? getFormat(formatId ?? DEFAULT_FORMAT_ID) }));

/** What a join link's page asks before it asks for a name: does the clinic exist, and what is it called. */
export const previewClinicSchema = z.strictObject({
  protocolVersion,
  clinicId: token,
});

export const joinClinicSchema = z.strictObject({
  protocolVersion,
  clinicId: token,
  /** Required the first time; ignored when rejoining with a token or facilitator key. */
  name: cleanedText(MAX_NAME_LENGTH, 'Your name').optional(),
  /** The token this device was given when it first joined; rejoins as the same participant. */
  participantToken: token.optional(),
  /** From the facilitator link: grants (or restores) facilitator control. */
  facilitatorKey: token.optional(),
  /** A new device that only shows the clinic. */
  asScreen: z.boolean().optional(),
  /**
   * In a clinic started from a crew: the member's crew token admits them as themselves (their crew
   * name, their part from the rota), with no name to type; the answer carries a participant token as usual.
   */
  crewMember: z.strictObject({ crewId: token, memberToken: token }).optional(),
});

const participantId = token;

/**
 * What a facilitator can ask of the clinic's machine. Each description is the effect the README's
 * command table states (it is generated from here).
 */
export const clinicCommandSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('SET_CASE_GIVER'), participantId }).describe("lobby only: the first round's case giver; in a format of one round the previous one rejoins the coaches, last"),
  z.strictObject({ type: z.literal('SET_COACH_ORDER'), coachIds: z.array(participantId).max(50) }).describe("the first round's coaches in speaking order, each once, until the first coach turn starts; anyone left out listens, the case giver if named stays the case giver"),
  z
    .strictObject({ type: z.literal('SET_ROUND_ORDER'), caseGiverIds: z.array(participantId).min(1).max(50) })
    .describe('lobby only, formats with a round per case giver: who brings a case, in order; each round\'s coaches start after its case giver'),
  z
    .strictObject({ type: z.literal('SET_ROLE'), roleId: z.string().max(40), participantId: participantId.nullable() })
    .describe('gives a role the format names (moderator, observer) to someone, or with null to nobody'),
  z.strictObject({ type: z.literal('START') }).describe('needs a case giver and, where the format has coach turns, a coach'),
  z.strictObject({ type: z.literal('NEXT_PHASE') }).describe('next phase; from the last phase, closes the clinic'),
  z.strictObject({ type: z.literal('NEXT_SPEAKER') }).describe("next coach's turn (after the last, the next phase)"),
  z.strictObject({ type: z.literal('SKIP_SPEAKER') }).describe('as NEXT_SPEAKER, and records the turn as skipped'),
  z
    .strictObject({ type: z.literal('RETURN_TO_SKIPPED') })
    .describe('once the last turn in the order has come: a turn for the next coach who was skipped, before the phase moves on'),
  z.strictObject({ type: z.literal('BACK') }).describe('undoes the last move, restoring the time that step had left; it then waits for the facilitator even where auto-advance is hard'),
  z.strictObject({ type: z.literal('PAUSE') }).describe("freezes the current step's time"),
  z.strictObject({ type: z.literal('RESUME') }).describe("runs the current step's time again"),
  z
    .strictObject({
      type: z.literal('ADJUST_TIME'),
      deltaMs: z
        .number()
        .int()
        .min(-MAX_TIME_ADJUSTMENT_MS)
        .max(MAX_TIME_ADJUSTMENT_MS)
        .refine((delta) => delta !== 0, 'Adjust by a non-zero amount.'),
    })
    .describe('adds (or takes off) time, a non-zero whole number of ms; it comes off only down to what is left (`NO_TIME_LEFT` once time is up)'),
  z.strictObject({ type: z.literal('END') }).describe('closes the clinic now'),
  z
    .strictObject({ type: z.literal('SET_AUTO_ADVANCE'), phaseId: z.string().max(40), mode: autoAdvanceSchema })
    .describe("what happens at that phase's time-up, from the next time-up on"),
  z.strictObject({ type: z.literal('SET_CUE_TIMES'), cueTimes: cueTimesSettingSchema }).describe('wrap-up cue lead times, 0 (none) to 10 minutes'),
]);

/** Who takes part and who leads: handled by the server's roster, not the machine. */
export const rosterCommandSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('HAND_OVER'), participantId }).describe('they facilitate instead of you'),
  z.strictObject({ type: z.literal('ADD_FACILITATOR'), participantId }).describe('makes them a co-facilitator'),
  z.strictObject({ type: z.literal('REMOVE_FACILITATOR'), participantId }).describe('ends their co-facilitation; a clinic always keeps one facilitator'),
  z
    .strictObject({ type: z.literal('REMOVE_PARTICIPANT'), participantId })
    .describe('not a facilitator, nor the case giver once started; their devices get `clinic:gone`'),
  z
    .strictObject({ type: z.literal('ROTATE_FACILITATOR_KEY') })
    .describe('the old facilitator link stops working; the new key comes back once, in `data.facilitatorKey`'),
  z.strictObject({ type: z.literal('DELETE_CLINIC') }).describe('deletes everything now; every device gets `clinic:gone`'),
]);

export const facilitatorCommandSchema = z.discriminatedUnion('type', [...clinicCommandSchema.options, ...rosterCommandSchema.options]);

export const commandPayloadSchema = z.strictObject({
  command: facilitatorCommandSchema,
  /**
   * The revision of the state the sender saw. If another phase or timer command, or a move the
   * clinic made by itself, has landed since, this one is refused as stale, so a double click or two
   * facilitators pressing at once move the clinic once.
   */
  basedOnRevision: z
    .number({ error: 'Say which revision of the clinic state this command was made against.' })
    .int()
    .nonnegative(),
});

// ---------------------------------------------------------------------------------------------
// What an acknowledgement's `data` holds on success (server to client)

export const createdClinicSchema = z.strictObject({
  clinicId: token,
  /** The secret behind the facilitator link. Shown once; the server keeps only its hash. */
  facilitatorKey: token,
});

export const clinicPreviewSchema = z.strictObject({
  /** The clinic's title, null if it has none: all that anyone holding the link learns before joining. */
  title: z.string().nullable(),
  /** A crew session's week, null otherwise: shown with the title. */
  crewWeek: z.number().int().positive().nullable(),
});

export const joinedClinicSchema = z.strictObject({
  participantId: token,
  /** Keep it on this device: it rejoins as the same participant after a reload. */
  participantToken: token,
  isFacilitator: z.boolean(),
});

export const commandResultSchema = z.strictObject({
  /** The revision that includes this command. */
  revision: z.number().int().nonnegative(),
  /** Only after ROTATE_FACILITATOR_KEY: the new key, shown once to the facilitator who asked. */
  facilitatorKey: token.optional(),
});

export const clockReadingSchema = z.strictObject({
  /** The server's epoch ms when it answered. */
  serverNow: z.number().int(),
});

export type CreatedClinic = z.infer<typeof createdClinicSchema>;
export type ClinicPreview = z.infer<typeof clinicPreviewSchema>;
/**
 * What a clinic's link shows before joining, taken from its state or its stored record alike. An
 * ended clinic lets nobody new in (see `admission.ts`), so its link says so before anyone types.
 */
export const previewAnswer = ({ title, crewWeek }: ClinicPreview, ended: boolean): Ack<ClinicPreview> =>
  ended ? refuse('CLINIC_CLOSED') : { ok: true, data: { title, crewWeek } };
export type JoinedClinic = z.infer<typeof joinedClinicSchema>;
export type CommandResult = z.infer<typeof commandResultSchema>;
export type ClockReading = z.infer<typeof clockReadingSchema>;
export type CreateClinicPayload = z.input<typeof createClinicSchema>;
export type PreviewClinicPayload = z.input<typeof previewClinicSchema>;
export type JoinClinicPayload = z.input<typeof joinClinicSchema>;
export type ClinicCommand = z.output<typeof clinicCommandSchema>;
export type RosterCommand = z.output<typeof rosterCommandSchema>;
export type FacilitatorCommand = z.output<typeof facilitatorCommandSchema>;
export type CommandPayload = z.input<typeof commandPayloadSchema>;

/** Readable first problem of a failed validation, e.g. "name: Your name cannot be empty." */
export function describeIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'The request was not valid.';
  const where = issue.path.length > 0 ? `${issue.path.join('.')}: ` : '';
  return `${where}${issue.message}`;
}
