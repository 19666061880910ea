/**
 * What the server keeps of a crew, defined once as a versioned record: who is in it, when it meets
 * and its sessions with their rota. Like a clinic's record it holds names and hashes of secrets,
 * never the secrets; and it holds nothing said in a session: no notes, no content, only who had
 * which part and the planned-against-actual time. Types are inferred from the schemas.
 *
 * A change of shape raises the version and adds a step to `storedCrewMigrations.ts`.
 */
import { z } from 'zod';
import { CREW_SIZE, CREW_WEEKS, MAX_THEME_LENGTH } from './crewLimits.ts';
import { customFormatSchema } from './formatSchema.ts';
import { MAX_NAME_LENGTH, MAX_TITLE_LENGTH } from './protocol.ts';
import { storedParticipantSchema } from './storedClinicSchema.ts';
import { migrateRecord } from './recordMigrations.ts';
import { CREW_MIGRATIONS } from './storedCrewMigrations.ts';
import { isCalendarDate, isIanaTimeZone, type Cadence, type WallTime } from './wallTimes.ts';

/** Raised with every change of the record's shape, together with a migration to it. */
export const CREW_SCHEMA_VERSION = 2;

const id = z.string().min(1).max(64);
const epochMs = z.number().int().nonnegative();
/** A device token's SHA-256, as a clinic keeps its participants'. */
const secretHash = storedParticipantSchema.shape.tokenHashes.element;

export const plainDateSchema = z.string().refine(isCalendarDate, 'Use a date of the calendar as YYYY-MM-DD.');
export const wallClockSchema = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'Use a time as HH:MM, from 00:00 to 23:59.');
export const timeZoneSchema = z.string().max(64).refine(isIanaTimeZone, 'Use an IANA time zone, such as Europe/Berlin.');
/** ISO weekday: 1 is Monday, 7 is Sunday. */
export const weekdaySchema = z.literal([1, 2, 3, 4, 5, 6, 7]);

export const wallTimeSchema = z.strictObject({ date: plainDateSchema, time: wallClockSchema, timeZone: timeZoneSchema }) satisfies z.ZodType<WallTime>;

export const cadenceSchema = z.strictObject({
  weekday: weekdaySchema,
  time: wallClockSchema,
  timeZone: timeZoneSchema,
  /** The intro is the first `weekday` on or after this date. */
  startsOn: plainDateSchema,
}) satisfies z.ZodType<Cadence>;

/**
 * The format a crew's case sessions use unless a session says otherwise: one of the library, by id
 * (not checked against today's library here, so a crew stays readable if a later release retires
 * a format), or one the crew built and keeps whole.
 */
export const crewFormatSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('library'), formatId: z.string().min(1).max(40) }),
  z.strictObject({ kind: z.literal('custom'), format: customFormatSchema }),
]);
export type CrewFormat = z.infer<typeof crewFormatSchema>;

export const crewMemberSchema = z.strictObject({
  id,
  name: z.string().min(1).max(MAX_NAME_LENGTH),
  /** One per device the member joined or paired; a member who leaves is removed with them. */
  tokenHashes: z.array(secretHash),
  joinedAt: epochMs,
});
export type CrewMember = z.infer<typeof crewMemberSchema>;

export const CREW_SESSION_KINDS = ['intro', 'case', 'landing'] as const;
export type CrewSessionKind = (typeof CREW_SESSION_KINDS)[number];

/** The first session is the intro, the last the landing, the ones between case sessions. */
export const sessionKindAt = (index: number, count: number): CrewSessionKind => (index === 0 ? 'intro' : index === count - 1 ? 'landing' : 'case');

/**
 * Planned against actual time of a held session, per round and phase: what the history shows.
 * It names the case giver of each round and nobody else; a member who leaves becomes null.
 */
export const sessionSummarySchema = z.strictObject({
  startedAt: epochMs,
  closedAt: epochMs,
  rounds: z.array(
    z.strictObject({
      caseGiverId: id.nullable(),
      phases: z.array(z.strictObject({ phaseId: z.string().min(1).max(40), title: z.string().min(1), plannedMs: z.number().int(), actualMs: z.number().int() })),
    }),
  ),
});
export type SessionSummary = z.infer<typeof sessionSummarySchema>;

export const crewSessionSchema = z.strictObject({
  /** 0 is the intro, the last the landing. */
  index: z.number().int().nonnegative(),
  kind: z.enum(CREW_SESSION_KINDS),
  /** When it takes place, as a wall time in a zone: it stays at 19:00 local across a change of the clocks. */
  scheduled: wallTimeSchema,
  /** Its regular slot, in the same zone, if the organiser moved it; null while it keeps it. */
  movedFrom: z.strictObject({ date: plainDateSchema, time: wallClockSchema }).nullable(),
  /** A library format's id, or the crew's custom format's. */
  formatId: z.string().min(1).max(40),
  /** Who brings a case, in round order (case sessions only; empty until someone is planned). */
  caseGiverIds: z.array(id),
  /** Members who said "I'd like to bring a case" to this session. */
  volunteerIds: z.array(id),
  facilitatorId: id.nullable(),
  /** The organiser confirmed the case givers and the facilitator; suggestions no longer change them. */
  confirmed: z.boolean(),
  /** Members who said "I can't make it". */
  cannotAttendIds: z.array(id),
  /** The clinic this session runs as, once started: an ordinary clinic that knows its crew. */
  clinicId: id.nullable(),
  summary: sessionSummarySchema.nullable(),
});
export type CrewSession = z.infer<typeof crewSessionSchema>;

/** What the crew decided at its landing. */
export const LANDING_DECISIONS = ['end', 'anotherCycle', 'seedNewCrews'] as const;
export type LandingDecision = (typeof LANDING_DECISIONS)[number];

const sessionMemberIds = (session: CrewSession) => [
  ...session.caseGiverIds,
  ...session.volunteerIds,
  ...session.cannotAttendIds,
  ...(session.facilitatorId === null ? [] : [session.facilitatorId]),
  ...(session.summary?.rounds.flatMap((round) => (round.caseGiverId === null ? [] : [round.caseGiverId])) ?? []),
];

export const storedCrewSchema = z
  .strictObject({
    schemaVersion: z.literal(CREW_SCHEMA_VERSION),
    id,
    name: z.string().min(1).max(MAX_TITLE_LENGTH),
    /** A shared theme, such as "wellbeing". */
    theme: z.string().min(1).max(MAX_THEME_LENGTH).nullable(),
    createdAt: epochMs,
    updatedAt: epochMs,
    /** Grows with every save; a save names the revision it expects to replace. */
    revision: z.number().int().nonnegative(),
    cadence: cadenceSchema,
    /** How many weekly sessions: the intro, the case sessions and the landing. A skipped week adds none. */
    weeks: z.number().int().min(CREW_WEEKS.min).max(CREW_WEEKS.max),
    defaultFormat: crewFormatSchema,
    organiserKeyHash: secretHash,
    organiserId: id,
    /** The organiser alone at first; a session needs two. */
    members: z.array(crewMemberSchema).min(1).max(CREW_SIZE.max),
    /** Token hashes of members who left, so their devices are told why they cannot come back. */
    departedTokenHashes: z.array(secretHash),
    /**
     * Whether someone new may join by name with the crew link. Members' devices, pairing codes and
     * the organiser link get in either way. Removing a member closes it: they still have the link.
     */
    openToNewMembers: z.boolean(),
    sessions: z.array(crewSessionSchema),
    /** Regular dates with no session, each putting the sessions after it a week later. */
    skippedDates: z.array(plainDateSchema),
    landing: z.strictObject({ decision: z.enum(LANDING_DECISIONS), decidedAt: epochMs }).nullable(),
  })
  .superRefine((crew, context) => {
    const problem = (path: (string | number)[], message: string) => context.addIssue({ code: 'custom', path, message });
    const memberIds = new Set(crew.members.map((member) => member.id));
    if (memberIds.size !== crew.members.length) problem(['members'], 'Two members have the same id.');
    if (!memberIds.has(crew.organiserId)) problem(['organiserId'], 'The organiser is not a member.');
    if (crew.sessions.length !== crew.weeks) problem(['sessions'], `A crew of ${crew.weeks} weeks has ${crew.weeks} sessions.`);
    crew.sessions.forEach((session, index) => {
      if (session.index !== index) problem(['sessions', index, 'index'], 'Sessions are kept in order.');
      const kind = sessionKindAt(index, crew.sessions.length);
      if (session.kind !== kind) problem(['sessions', index, 'kind'], `Session ${index} is the ${kind}.`);
      if (kind !== 'case' && session.caseGiverIds.length > 0) problem(['sessions', index, 'caseGiverIds'], 'Only case sessions have case givers.');
      if (sessionMemberIds(session).some((memberId) => !memberIds.has(memberId))) problem(['sessions', index], 'A session names someone who is not a member.');
    });
  });
export type StoredCrew = z.infer<typeof storedCrewSchema>;

/** Parses a stored crew of any known version into the current one; throws what is wrong, leaving the record as it was. */
export const readStoredCrew = (raw: unknown): StoredCrew =>
  migrateRecord(raw, { name: 'crew', version: CREW_SCHEMA_VERSION, migrations: CREW_MIGRATIONS, schema: storedCrewSchema });
