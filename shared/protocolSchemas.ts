/**
 * Every client-to-server payload, defined once as a zod schema: the server validates what really
 * arrives with it, and the payload and command types are inferred from it. Clients import the
 * types only, so no validator ships to browsers.
 */
import { z } from 'zod';
import { autoAdvanceSchema } from './clinicStateSchema.ts';
import { DEFAULT_FORMAT_ID, findFormat, MAX_PHASE_MINUTES, MIN_PHASE_MINUTES } from './format.ts';
import { MAX_CUE_LEAD_MS, MAX_NAME_LENGTH, MAX_TIME_ADJUSTMENT_MS, MAX_TITLE_LENGTH, PROTOCOL_VERSION } from './protocol.ts';

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

const cleanedText = (max: number, what: string) =>
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
const token = z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, 'That link or key is not valid.');

/** A wrap-up cue between none (0) and ten minutes before time-up. */
const cueLeadMs = z.number().int().min(0).max(MAX_CUE_LEAD_MS);
const cueTimesSettingSchema = z.strictObject({ phaseWrapUpMs: cueLeadMs, turnWrapUpMs: cueLeadMs });

/** The protocol version the client speaks; another version is refused with PROTOCOL_MISMATCH. */
const protocolVersion = z.literal(PROTOCOL_VERSION);

export const createClinicSchema = z
  .strictObject({
    protocolVersion,
    title: cleanedText(MAX_TITLE_LENGTH, 'The title').optional(),
    formatId: z.string().max(40).default(DEFAULT_FORMAT_ID),
    /** Whole minutes per phase id; for coach-turn phases, per turn. */
    minutes: z
      .record(z.string().max(40), z.number().int().min(MIN_PHASE_MINUTES).max(MAX_PHASE_MINUTES))
      .optional(),
    /** Per phase id: what happens at time-up (default `off`). */
    autoAdvance: z.record(z.string().max(40), autoAdvanceSchema).optional(),
    cueTimes: cueTimesSettingSchema.optional(),
  })
  .superRefine(({ formatId, minutes = {}, autoAdvance = {} }, context) => {
    const format = findFormat(formatId);
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
});

const participantId = token;

/** What a facilitator can ask of the clinic's machine. */
export const clinicCommandSchema = z.discriminatedUnion('type', [
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
  z.strictObject({ type: z.literal('SET_CUE_TIMES'), cueTimes: cueTimesSettingSchema }),
]);


/** Who takes part and who leads: handled by the server's roster, not the machine. */
export const rosterCommandSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('HAND_OVER'), participantId }),
  z.strictObject({ type: z.literal('ADD_FACILITATOR'), participantId }),
  z.strictObject({ type: z.literal('REMOVE_FACILITATOR'), participantId }),
  z.strictObject({ type: z.literal('REMOVE_PARTICIPANT'), participantId }),
  z.strictObject({ type: z.literal('ROTATE_FACILITATOR_KEY') }),
  z.strictObject({ type: z.literal('DELETE_CLINIC') }),
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

export type CreateClinicPayload = z.input<typeof createClinicSchema>;
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
