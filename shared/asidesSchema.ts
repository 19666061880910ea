/**
 * Asides: the quiet messages beside the clinic's flow. The case giver's signals ("I need a
 * moment"), coaches' "Ready", "I'll pass" and raised hands for a clarifying question. They are not
 * clinic commands: they never move the clinic nor make a facilitator's command stale. The server
 * keeps them in the stored record and sends each device only what is meant for it, never in the
 * room-wide `ClinicState`. Zod schemas first, types inferred; clients import the types only.
 */
import { z } from 'zod';
import { SIGNAL_ANSWERS, SIGNAL_KINDS } from './asideKinds.ts';

const id = z.string().min(1).max(64);
const epochMs = z.number().int().nonnegative();

export const signalKindSchema = z.enum(SIGNAL_KINDS);
export type SignalKind = z.infer<typeof signalKindSchema>;

export const signalAnswerSchema = z.enum(SIGNAL_ANSWERS);
export type SignalAnswer = z.infer<typeof signalAnswerSchema>;

export const signalSchema = z.strictObject({
  id,
  kind: signalKindSchema,
  fromId: id,
  raisedAt: epochMs,
  answer: z.strictObject({ kind: signalAnswerSchema, at: epochMs }).nullable(),
  /** A facilitator chose to show it to everyone. */
  shownToAll: z.boolean(),
});
export type Signal = z.infer<typeof signalSchema>;

export const raisedHandSchema = z.strictObject({ coachId: id, raisedAt: epochMs });
export const passRequestSchema = z.strictObject({
  coachId: id,
  requestedAt: epochMs,
  /** The facilitator would rather hear them; accepting is skipping their turn. */
  declined: z.boolean(),
});

/** What the server keeps of the asides, inside the stored clinic. */
export const storedAsidesSchema = z.strictObject({
  signals: z.array(signalSchema),
  readyIds: z.array(id),
  passRequests: z.array(passRequestSchema),
  hands: z.array(raisedHandSchema),
  /** Questions marked answered, per coach: the hand queue puts whoever has asked least first. */
  questionsAnswered: z.record(z.string(), z.number().int().nonnegative()),
});
export type StoredAsides = z.infer<typeof storedAsidesSchema>;

const signalId = z.string().regex(/^[A-Za-z0-9_-]{1,32}$/);

/** What a device may send with `clinic:aside`; each description is the README's. */
export const asideSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('SIGNAL'), kind: signalKindSchema }).describe("case giver: raises a signal (again, if it was answered); only facilitators' devices get it"),
  z.strictObject({ type: z.literal('WITHDRAW_SIGNAL'), signalId }).describe('case giver: takes their signal back'),
  z.strictObject({ type: z.literal('ANSWER_SIGNAL'), signalId, answer: signalAnswerSchema }).describe("facilitator: the case giver's phone shows it was seen (and paused, or time added)"),
  z.strictObject({ type: z.literal('SHOW_SIGNAL'), signalId, shownToAll: z.boolean() }).describe('facilitator: shows a signal to everyone, or hides it again'),
  z.strictObject({ type: z.literal('SET_READY'), ready: z.boolean() }).describe('coach: ready (or not) for the turns; blocks nothing'),
  z.strictObject({ type: z.literal('RAISE_HAND') }).describe('coach, in a phase with clarifying questions: joins the question queue'),
  z.strictObject({ type: z.literal('LOWER_HAND') }).describe('coach: leaves the question queue'),
  z.strictObject({ type: z.literal('QUESTION_ANSWERED'), coachId: id }).describe("facilitator: takes that coach's hand down, their question answered"),
  z.strictObject({ type: z.literal('REQUEST_PASS') }).describe('coach whose turn is now or still to come in this phase: asks to pass; the facilitator accepts by skipping the turn'),
  z.strictObject({ type: z.literal('WITHDRAW_PASS') }).describe('coach: takes their request to pass back'),
  z.strictObject({ type: z.literal('DECLINE_PASS'), coachId: id }).describe('facilitator: would rather hear that coach'),
]);
export type Aside = z.infer<typeof asideSchema>;

export const asidePayloadSchema = z.strictObject({ aside: asideSchema });
export type AsidePayload = z.input<typeof asidePayloadSchema>;

export const asideResultSchema = z.strictObject({
  /** The revision that includes this aside. */
  revision: z.number().int().nonnegative(),
});
export type AsideResult = z.infer<typeof asideResultSchema>;

/**
 * One device's view of the asides, sent with `clinic:asides` to that participant's devices only.
 * Facilitators see everything; the case giver their own signals and the hand queue; a coach their
 * own ready, pass and place in the queue; everyone, the signals a facilitator showed to all.
 */
export const asidesViewSchema = z.strictObject({
  /** The clinic revision it was made at: clients ignore a view older than the one they hold. */
  revision: z.number().int().nonnegative(),
  signals: z.array(signalSchema),
  readyIds: z.array(id),
  /** In queue order, `place` counting from 1. */
  hands: z.array(z.strictObject({ coachId: id, place: z.number().int().positive(), raisedAt: epochMs })),
  passRequests: z.array(passRequestSchema),
});
export type AsidesView = z.infer<typeof asidesViewSchema>;
