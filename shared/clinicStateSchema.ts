/**
 * The clinic's domain state, defined once: what every device receives (`ClinicState`) and what the
 * stored record keeps of the clinic's progress. Zod schemas first, TypeScript types inferred from
 * them; the client imports only the types (`import type`), so no validator ships to browsers.
 * The machine's own snapshot never leaves the server: `clinicMachine.ts` projects it to this.
 */
import { z } from 'zod';
import { autoAdvanceSchema, floorSchema, guidanceSchema, roleDefinitionSchema, ROUND_RULES, SEAT_HOLDERS } from './formatSchema.ts';

export { AUTO_ADVANCE_MODES, type AutoAdvance, type Floor } from './formatSchema.ts';

/** Where a clinic stands, as every screen shows it. */
export const CLINIC_STAGES = ['lobby', 'running', 'overtime', 'paused', 'closed'] as const;
export const clinicStageSchema = z.enum(CLINIC_STAGES);
export type ClinicStage = z.infer<typeof clinicStageSchema>;

const epochMs = z.number().int().nonnegative();
const durationMs = z.number().int();
const id = z.string().min(1).max(64);

/** A running timer is an absolute deadline in server epoch ms; a paused one is the time that was left. */
export const timerSchema = z.discriminatedUnion('status', [
  z.strictObject({ status: z.literal('running'), deadlineAt: epochMs }),
  z.strictObject({ status: z.literal('paused'), remainingMs: durationMs }),
]);
export type Timer = z.infer<typeof timerSchema>;

/** A phase as this clinic runs it: the format's phase, with the length and cue chosen for it. */
export const plannedPhaseSchema = z.strictObject({
  phaseId: z.string().min(1).max(40),
  title: z.string().min(1),
  purpose: z.string(),
  floor: floorSchema,
  /** The case giver turns their back (camera off) while the others talk about the case. */
  caseGiverTurnsAway: z.boolean(),
  /** Coaches raise a hand to ask a clarifying question. */
  clarifyingQuestions: z.boolean(),
  guidance: guidanceSchema,
  /** For `eachCoach` phases, the length of one turn. */
  durationMs: durationMs.positive(),
  /** The shortest the format allows, per turn where coaches take turns. */
  minimumMs: durationMs.positive(),
  autoAdvance: autoAdvanceSchema,
});
export type PlannedPhase = z.infer<typeof plannedPhaseSchema>;

/** How long before time-up the wrap-up cue shows. */
export const cueTimesSchema = z.strictObject({ phaseWrapUpMs: durationMs.nonnegative(), turnWrapUpMs: durationMs.nonnegative() });
export type CueTimes = z.infer<typeof cueTimesSchema>;

const stepPosition = {
  /** Which round: formats with a round per case giver repeat their phases for each. */
  roundIndex: z.number().int().nonnegative(),
  phaseIndex: z.number().int().nonnegative(),
  /** Which coach's turn inside an `eachCoach` phase; 0 elsewhere. */
  turnIndex: z.number().int().nonnegative(),
};
export type StepPosition = { roundIndex: number; phaseIndex: number; turnIndex: number };

const stepBudget = {
  ...stepPosition,
  /** Fixed when the step starts, so later lineup edits never change who had the floor. */
  speakerId: id.nullable(),
  plannedMs: durationMs,
  /** Planned time plus whatever the facilitator added or removed. */
  budgetMs: durationMs,
};

export const activeStepSchema = z.strictObject({
  ...stepBudget,
  timer: timerSchema,
  /**
   * Never moves on by itself: brought back by "back", or already in overtime when its phase was
   * set to move on by itself. A hard auto-advance then behaves as soft.
   */
  waitsForFacilitator: z.boolean(),
});
export type ActiveStep = z.infer<typeof activeStepSchema>;

export const finishedStepSchema = z.strictObject({
  ...stepBudget,
  /** Time that was left when the step ended; negative if it ran over. */
  remainingMs: durationMs,
  skipped: z.boolean(),
});
export type FinishedStep = z.infer<typeof finishedStepSchema>;

/** Time spent on a step that "back" then undid: it still happened, so the summary counts it. */
export const undoneStepSchema = z.strictObject({ ...stepPosition, spentMs: durationMs });
export type UndoneStep = z.infer<typeof undoneStepSchema>;

/** What the clinic keeps of its format besides the phases. */
export const formatSummarySchema = z.strictObject({
  id: z.string().min(1).max(40),
  name: z.string().min(1),
  rounds: z.enum(ROUND_RULES),
  roles: z.array(roleDefinitionSchema),
  caseGiverSeat: z.enum(SEAT_HOLDERS).optional(),
});

/** The clinic's progress: its format and plan, lineup, the step in progress and the steps behind it. */
export const clinicProgressSchema = z.strictObject({
  format: formatSummarySchema,
  plan: z.array(plannedPhaseSchema).min(1),
  cueTimes: cueTimesSchema,
  /** Everyone taking part, case givers and coaches, in speaking order. */
  lineup: z.array(id),
  /** The case giver of each round, in order: one for a format of one round. */
  caseGiverIds: z.array(id),
  /** Who holds each role the format names, by role id. */
  roleHolders: z.record(z.string(), id),
  /** The step in progress; null before the start and after the close. */
  step: activeStepSchema.nullable(),
  /** Steps already left behind, oldest first; "back" pops the last one. */
  finished: z.array(finishedStepSchema),
  undone: z.array(undoneStepSchema),
  startedAt: epochMs.nullable(),
  closedAt: epochMs.nullable(),
});
export type ClinicProgress = z.infer<typeof clinicProgressSchema>;

export const participantViewSchema = z.strictObject({
  id,
  name: z.string(),
  /** At least one of their devices is connected right now. */
  online: z.boolean(),
  /** A shared screen rather than a person: listed, never given a turn or a role. */
  screen: z.boolean(),
});
export type ParticipantView = z.infer<typeof participantViewSchema>;

/**
 * The room-wide state of one clinic, sent to every device after any change. It holds nothing
 * meant for some devices only: such parts travel in messages of their own, to their audience.
 */
export const clinicStateSchema = z.strictObject({
  protocolVersion: z.number().int(),
  clinicId: id,
  title: z.string().nullable(),
  /** A crew session's week, null otherwise: shown with the title, as in "Tuesday crew: week 2". */
  crewWeek: z.number().int().positive().nullable(),
  /** Increases with every change, so clients can ignore anything older than they hold. */
  revision: z.number().int().nonnegative(),
  /** Everyone who can drive the clinic. */
  facilitatorIds: z.array(id),
  /** In the order they first joined. */
  participants: z.array(participantViewSchema),
  stage: clinicStageSchema,
  progress: clinicProgressSchema,
});
export type ClinicState = z.infer<typeof clinicStateSchema>;
