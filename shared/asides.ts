/**
 * The rules of the asides (see `asidesSchema.ts`), in one place: who may send which, what each does
 * to the kept asides, what a move of the clinic clears, and what each device is shown. The server
 * refuses and applies with these; the views enable their controls by `asideRule`. Pure.
 */
import { NO_ASIDES } from './asideKinds.ts';
import type { AsidesView, Aside, StoredAsides } from './asidesSchema.ts';
import type { ClinicProgress, ClinicState } from './clinicStateSchema.ts';
import { firstTurnsPhase } from './clinicSteps.ts';
import { standingOf } from './clinicView.ts';
import { currentLineup } from './lineup.ts';
import type { Reason } from './reasons.ts';

/** What the rules look at: the room-wide state every device holds. */
export type AsideFacts = Pick<ClinicState, 'facilitatorIds' | 'stage' | 'progress'>;

const FACILITATORS_ONLY: ReadonlySet<Aside['type']> = new Set(['ANSWER_SIGNAL', 'SHOW_SIGNAL', 'QUESTION_ANSWERED', 'DECLINE_PASS']);
const FROM_COACHES: ReadonlySet<Aside['type']> = new Set(['SET_READY', 'RAISE_HAND', 'LOWER_HAND', 'REQUEST_PASS', 'WITHDRAW_PASS']);

/** Coaches say they are ready until the round's first coach turns phase begins. */
export function isBeforeTurns(progress: ClinicProgress): boolean {
  if (progress.closedAt !== null) return false;
  if (progress.step === null) return true;
  const turnsFrom = firstTurnsPhase(progress);
  return turnsFrom !== -1 && progress.step.phaseIndex < turnsFrom;
}

/**
 * Who is asked whether they are ready for the turns: the coaches, less whoever facilitates, who
 * moves the clinic on anyway and reads the count rather than adding to it.
 */
export const coachesAskedIfReady = ({ facilitatorIds, progress }: Pick<AsideFacts, 'facilitatorIds' | 'progress'>): string[] =>
  currentLineup(progress).coachIds.filter((id) => !facilitatorIds.includes(id));

/** How many of those asked have said they are ready, of how many: one made facilitator since no longer counts. */
export function readyCountOf(facts: Pick<AsideFacts, 'facilitatorIds' | 'progress'>, { readyIds }: Pick<AsidesView, 'readyIds'>): { readonly ready: number; readonly asked: number } {
  const asked = coachesAskedIfReady(facts);
  return { ready: readyIds.filter((id) => asked.includes(id)).length, asked: asked.length };
}

/** Whether the current phase is one where coaches raise a hand to ask. */
export const takesQuestions = (progress: ClinicProgress): boolean => progress.step !== null && progress.plan[progress.step.phaseIndex]?.clarifyingQuestions === true;

/** A coach whose turn in the current coach turns phase is now or still to come. */
function hasTurnToCome(progress: ClinicProgress, coachId: string): boolean {
  const step = progress.step;
  if (step === null || progress.plan[step.phaseIndex]?.floor.kind !== 'eachCoach') return false;
  const { kind } = standingOf(progress, coachId);
  return kind === 'speaking' || kind === 'next' || kind === 'waiting';
}

/** Why `senderId` may not send `aside` now, or null. */
export function asideRule(facts: AsideFacts, asides: Pick<StoredAsides, 'signals' | 'hands' | 'passRequests'>, senderId: string, aside: Aside): Reason | null {
  const { facilitatorIds, stage, progress } = facts;
  if (FACILITATORS_ONLY.has(aside.type) && !facilitatorIds.includes(senderId)) return 'NOT_FACILITATOR';
  if (stage === 'closed') return 'CLINIC_CLOSED';
  const { caseGiverId, coachIds } = currentLineup(progress);
  if (FROM_COACHES.has(aside.type) && !coachIds.includes(senderId)) return 'NOT_A_COACH';
  switch (aside.type) {
    case 'SIGNAL':
      if (caseGiverId !== senderId) return 'NOT_THE_CASE_GIVER';
      // A case giver who alone facilitates would only be signalling to themselves.
      return facilitatorIds.some((id) => id !== senderId) ? null : 'NOBODY_TO_SIGNAL';
    case 'WITHDRAW_SIGNAL':
      return asides.signals.some((signal) => signal.id === aside.signalId && signal.fromId === senderId) ? null : 'UNKNOWN_SIGNAL';
    case 'ANSWER_SIGNAL':
    case 'SHOW_SIGNAL':
      return asides.signals.some((signal) => signal.id === aside.signalId) ? null : 'UNKNOWN_SIGNAL';
    case 'SET_READY':
      // Taking it back is always allowed: a coach made facilitator after saying so can still.
      if (!aside.ready) return null;
      if (!isBeforeTurns(progress)) return 'TURNS_STARTED';
      return coachesAskedIfReady(facts).includes(senderId) ? null : 'FACILITATOR_NOT_ASKED_READY';
    case 'RAISE_HAND':
      return takesQuestions(progress) ? null : 'NO_QUESTIONS_NOW';
    case 'QUESTION_ANSWERED':
      return asides.hands.some((hand) => hand.coachId === aside.coachId) ? null : 'NO_RAISED_HAND';
    case 'REQUEST_PASS':
      return hasTurnToCome(progress, senderId) ? null : 'NO_TURN_TO_PASS';
    case 'DECLINE_PASS':
      return asides.passRequests.some((request) => request.coachId === aside.coachId && !request.declined) ? null : 'NO_PASS_REQUEST';
    case 'LOWER_HAND':
    case 'WITHDRAW_PASS':
      // Taking back what is not there is already done.
      return null;
  }
}

const without = <T extends { readonly coachId: string }>(entries: readonly T[], coachId: string) => entries.filter((entry) => entry.coachId !== coachId);

/** The asides after an allowed `aside` from `senderId` at server time `at`; `newId` names a new signal. */
export function applyAside(asides: StoredAsides, senderId: string, aside: Aside, at: number, newId: () => string): StoredAsides {
  switch (aside.type) {
    case 'SIGNAL': {
      // Asking again starts afresh, so the facilitator sees it as new even if they answered before.
      const others = asides.signals.filter((signal) => signal.kind !== aside.kind);
      return { ...asides, signals: [...others, { id: newId(), kind: aside.kind, fromId: senderId, raisedAt: at, answer: null, shownToAll: false }] };
    }
    case 'WITHDRAW_SIGNAL':
      return { ...asides, signals: asides.signals.filter((signal) => signal.id !== aside.signalId) };
    case 'ANSWER_SIGNAL':
      return { ...asides, signals: asides.signals.map((signal) => (signal.id === aside.signalId ? { ...signal, answer: { kind: aside.answer, at } } : signal)) };
    case 'SHOW_SIGNAL':
      return { ...asides, signals: asides.signals.map((signal) => (signal.id === aside.signalId ? { ...signal, shownToAll: aside.shownToAll } : signal)) };
    case 'SET_READY': {
      const others = asides.readyIds.filter((id) => id !== senderId);
      return { ...asides, readyIds: aside.ready ? [...others, senderId] : others };
    }
    case 'RAISE_HAND':
      return asides.hands.some((hand) => hand.coachId === senderId) ? asides : { ...asides, hands: [...asides.hands, { coachId: senderId, raisedAt: at }] };
    case 'LOWER_HAND':
      return { ...asides, hands: without(asides.hands, senderId) };
    case 'QUESTION_ANSWERED':
      return {
        ...asides,
        hands: without(asides.hands, aside.coachId),
        questionsAnswered: { ...asides.questionsAnswered, [aside.coachId]: (asides.questionsAnswered[aside.coachId] ?? 0) + 1 },
      };
    case 'REQUEST_PASS':
      return { ...asides, passRequests: [...without(asides.passRequests, senderId), { coachId: senderId, requestedAt: at, declined: false }] };
    case 'WITHDRAW_PASS':
      return { ...asides, passRequests: without(asides.passRequests, senderId) };
    case 'DECLINE_PASS':
      return { ...asides, passRequests: asides.passRequests.map((request) => (request.coachId === aside.coachId ? { ...request, declined: true } : request)) };
  }
}

const samePhase = (before: ClinicProgress, after: ClinicProgress) =>
  before.step !== null && after.step !== null && before.step.roundIndex === after.step.roundIndex && before.step.phaseIndex === after.step.phaseIndex;

/**
 * What a move of the clinic clears: hands, and signals already answered, when the phase ends (a
 * signal still waiting stays, no longer shown to all); passes once the turn has gone by; "Ready"
 * once the turns start; signals of a case giver whose round is over; everything at the close.
 * Returns `asides` itself when nothing changes.
 */
export function asidesAfterMove(asides: StoredAsides, before: ClinicProgress, after: ClinicProgress): StoredAsides {
  if (after.closedAt !== null) return asides === NO_ASIDES ? asides : NO_ASIDES;
  const { caseGiverId, coachIds } = currentLineup(after);
  const newRound = (before.step?.roundIndex ?? 0) !== (after.step?.roundIndex ?? 0);
  const phaseGoesOn = samePhase(before, after) || before.step === after.step;
  const ofThisCaseGiver = asides.signals.filter((signal) => signal.fromId === caseGiverId);
  const next: StoredAsides = {
    signals: phaseGoesOn ? ofThisCaseGiver : ofThisCaseGiver.filter((signal) => signal.answer === null).map((signal) => ({ ...signal, shownToAll: false })),
    readyIds: isBeforeTurns(after) ? asides.readyIds.filter((id) => coachIds.includes(id)) : [],
    hands: phaseGoesOn ? asides.hands : [],
    passRequests: asides.passRequests.filter((request) => hasTurnToCome(after, request.coachId)),
    questionsAnswered: newRound ? {} : asides.questionsAnswered,
  };
  const unchanged =
    next.signals.length === asides.signals.length &&
    next.signals.every((signal, index) => signal.shownToAll === asides.signals[index]!.shownToAll) &&
    next.readyIds.length === asides.readyIds.length &&
    next.hands.length === asides.hands.length &&
    next.passRequests.length === asides.passRequests.length &&
    next.questionsAnswered === asides.questionsAnswered;
  return unchanged ? asides : next;
}

/** Raised hands in the order they are taken: whoever has had fewest questions answered first, then who raised first. */
export function handQueue(asides: StoredAsides): AsidesView['hands'] {
  const asked = (coachId: string) => asides.questionsAnswered[coachId] ?? 0;
  return [...asides.hands]
    .sort((a, b) => asked(a.coachId) - asked(b.coachId) || a.raisedAt - b.raisedAt)
    .map(({ coachId, raisedAt }, index) => ({ coachId, raisedAt, place: index + 1 }));
}

/** What one participant's devices are shown of the asides (see `asidesViewSchema`). */
export function asidesViewFor(asides: StoredAsides, facts: Pick<AsideFacts, 'facilitatorIds' | 'progress'>, viewerId: string, revision: number): AsidesView {
  const queue = handQueue(asides);
  if (facts.facilitatorIds.includes(viewerId)) return { revision, signals: asides.signals, readyIds: asides.readyIds, hands: queue, passRequests: asides.passRequests };
  const isCaseGiver = currentLineup(facts.progress).caseGiverId === viewerId;
  const own = <T extends { readonly coachId: string }>(entries: readonly T[]) => entries.filter((entry) => entry.coachId === viewerId);
  return {
    revision,
    signals: asides.signals.filter((signal) => signal.shownToAll || signal.fromId === viewerId),
    readyIds: asides.readyIds.filter((id) => id === viewerId),
    hands: isCaseGiver ? queue : own(queue),
    passRequests: own(asides.passRequests),
  };
}
