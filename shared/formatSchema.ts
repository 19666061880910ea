/**
 * What a clinic format is, defined once: the library's files are typed by it, and a custom format
 * a facilitator builds is validated against it. Like a Liberating Structure, a format says who
 * holds the floor, for how long, with what guidance, in what order, and how often it repeats.
 */
import { z } from 'zod';
import { TRANSLATED_LANGUAGES } from './languages.ts';
import { MAX_PHASE_MINUTES, MIN_PHASE_MINUTES } from './protocol.ts';

const name = (max: number) => z.string().trim().min(1).max(max);
const slug = z.string().regex(/^[a-z][a-zA-Z0-9-]{0,39}$/, 'Use letters, digits and dashes, starting with a letter.');

/** Who holds the floor in a phase. */
export const floorSchema = z.discriminatedUnion('kind', [
  /** The case giver speaks. */
  z.strictObject({ kind: z.literal('caseGiver') }),
  /** Each coach gets one turn, in the round's order. */
  z.strictObject({ kind: z.literal('eachCoach') }),
  /** An open conversation. */
  z.strictObject({ kind: z.literal('everyone') }),
  /** Nobody speaks: stillness, a quiet screen. */
  z.strictObject({ kind: z.literal('nobody') }),
  /** Whoever holds a role the format names, e.g. the moderator. */
  z.strictObject({ kind: z.literal('role'), roleId: slug }),
]);
export type Floor = z.infer<typeof floorSchema>;

/** One line for each audience: the case giver, whoever holds the floor, and everyone else. */
export const guidanceSchema = z.strictObject({
  caseGiver: name(200),
  /** For the coach whose turn it is, or the role holder; where absent they read `listeners`. */
  speaker: name(200).optional(),
  listeners: name(200),
});

export const AUTO_ADVANCE_MODES = ['off', 'soft', 'hard'] as const;
/**
 * What happens at time-up: `off` counts into overtime quietly; `soft` also tells everyone "time's
 * up, next when you're ready"; `hard` moves on by itself (coach to coach, phase to phase).
 */
export const autoAdvanceSchema = z.enum(AUTO_ADVANCE_MODES);
export type AutoAdvance = z.infer<typeof autoAdvanceSchema>;

const minutes = z.number().int().min(MIN_PHASE_MINUTES).max(MAX_PHASE_MINUTES);

export const phaseDefinitionSchema = z.strictObject({
  id: slug,
  title: name(40),
  /** Why the phase is there, in a sentence. */
  purpose: name(200),
  floor: floorSchema,
  /** The case giver turns their back (camera off) while the others talk about the case. */
  caseGiverTurnsAway: z.boolean().optional(),
  /** Coaches ask clarifying questions: they raise a hand, the facilitator and the case giver see the queue. */
  clarifyingQuestions: z.boolean().optional(),
  /** Per turn where coaches take turns. */
  defaultMinutes: minutes,
  minimumMinutes: minutes,
  guidance: guidanceSchema,
  /** The cue at time-up this phase starts with; the facilitator can change it. */
  autoAdvance: autoAdvanceSchema,
});
export type PhaseDefinition = z.infer<typeof phaseDefinitionSchema>;

export const roleDefinitionSchema = z.strictObject({
  id: slug,
  name: name(40),
  /** What the role holder does, in a sentence. */
  duty: name(200),
});
export type RoleDefinition = z.infer<typeof roleDefinitionSchema>;

/**
 * A library format's words in another language, beside its English ones: every phase's and
 * role's words by id. A format someone builds has none: it keeps the language it was written in.
 */
export const formatTranslationSchema = z.strictObject({
  name: name(60),
  description: name(300),
  credit: name(200),
  phases: z.record(z.string(), z.strictObject({ title: name(40), purpose: name(200), guidance: guidanceSchema })),
  roles: z.record(z.string(), z.strictObject({ name: name(40), duty: name(200) })).optional(),
});
export type FormatTranslation = z.infer<typeof formatTranslationSchema>;

/** `eachCaseGiver`: the phases repeat, one round per member who brings a case. */
export const ROUND_RULES = ['one', 'eachCaseGiver'] as const;
/**
 * Who sits in the case giver's seat: whoever brings the case, or, in a session where nobody does
 * (a crew's intro and landing), its host, who opens it. Screens name them by it, and a hosted
 * session keeps no harvest (no notes to the seat, no takeaways; shared/harvestRules.ts).
 */
export const SEAT_HOLDERS = ['caseGiver', 'host'] as const;
export type SeatHolder = (typeof SEAT_HOLDERS)[number];

/** What every format has, in the one language it was written in. */
const formatFields = z.strictObject({
  id: slug,
  name: name(60),
  /** Two lines at most: what it is and when to choose it. */
  description: name(300),
  /** Where the format comes from. */
  credit: name(200),
  participants: z.strictObject({ min: z.number().int().min(2).max(16), max: z.number().int().min(2).max(16) }),
  rounds: z.enum(ROUND_RULES),
  roles: z.array(roleDefinitionSchema).max(4),
  /** Who sits in the case giver's seat: by default whoever brings the case; see `SEAT_HOLDERS`. */
  caseGiverSeat: z.enum(SEAT_HOLDERS).optional(),
  phases: z.array(phaseDefinitionSchema).min(1).max(12),
});
const translationsSchema = z.partialRecord(z.enum(TRANSLATED_LANGUAGES), formatTranslationSchema);

function checkFormat(format: z.infer<typeof formatFields> & { translations?: z.infer<typeof translationsSchema> }, context: z.RefinementCtx): void {
  const problem = (path: (string | number)[], message: string) => context.addIssue({ code: 'custom', path, message });
  if (format.participants.min > format.participants.max) problem(['participants'], 'The fewest people cannot be more than the most.');
  const ids = new Set<string>();
  format.phases.forEach((phase, index) => {
    if (ids.has(phase.id)) problem(['phases', index, 'id'], `Two phases are called "${phase.id}".`);
    ids.add(phase.id);
    if (phase.minimumMinutes > phase.defaultMinutes) problem(['phases', index, 'minimumMinutes'], 'A phase cannot be shorter by default than its minimum.');
    if (phase.floor.kind === 'role' && !format.roles.some((role) => role.id === (phase.floor as { roleId: string }).roleId)) {
      problem(['phases', index, 'floor'], 'The floor goes to a role the format does not name.');
    }
  });
  const sameIds = (translated: object | undefined, expected: readonly { id: string }[]) =>
    Object.keys(translated ?? {}).sort().join() === expected.map(({ id }) => id).sort().join();
  for (const [language, translation] of Object.entries(format.translations ?? {})) {
    if (!sameIds(translation.phases, format.phases)) problem(['translations', language, 'phases'], 'A translation names each phase once, by its id.');
    if (!sameIds(translation.roles, format.roles)) problem(['translations', language, 'roles'], 'A translation names each role once, by its id.');
    format.phases.forEach((phase) => {
      if ((phase.guidance.speaker === undefined) !== (translation.phases[phase.id]?.guidance.speaker === undefined)) {
        problem(['translations', language, 'phases', phase.id, 'guidance'], 'A translation has a line for the speaker exactly where the format has one.');
      }
    });
  }
}

/** A format of the library: English, with its words in each other language the app ships. */
export const clinicFormatSchema = formatFields.extend({ translations: translationsSchema.optional() }).superRefine(checkFormat);
export type ClinicFormat = z.infer<typeof clinicFormatSchema>;

/** A format someone built and sends: written in one language, so it carries no translations. */
export const customFormatSchema = formatFields.superRefine(checkFormat);
