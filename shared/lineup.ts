/**
 * Who takes part in which round, derived from two lists: the lineup (everyone taking part, in
 * speaking order) and the case giver of each round. A round's coaches are everyone else in the
 * lineup, starting with the person after its case giver, so each round opens with someone new.
 * Pure; views, rules and the machine all ask here.
 */
import type { ClinicProgress } from './clinicStateSchema.ts';
import type { SeatHolder } from './formatSchema.ts';

export interface RoundLineup {
  readonly caseGiverId: string | null;
  readonly coachIds: readonly string[];
}

type Lineup = Pick<ClinicProgress, 'lineup' | 'caseGiverIds'>;

export function roundLineup({ lineup, caseGiverIds }: Lineup, roundIndex: number): RoundLineup {
  const caseGiverId = caseGiverIds[roundIndex] ?? null;
  const at = caseGiverId === null ? -1 : lineup.indexOf(caseGiverId);
  return { caseGiverId, coachIds: [...lineup.slice(at + 1), ...lineup.slice(0, Math.max(at, 0))] };
}

/** The round in progress; the first before the start, the last after the close. */
export function currentRoundIndex(progress: Pick<ClinicProgress, 'step' | 'finished'>): number {
  return progress.step?.roundIndex ?? progress.finished.at(-1)?.roundIndex ?? 0;
}

export const currentLineup = (progress: ClinicProgress): RoundLineup => roundLineup(progress, currentRoundIndex(progress));
export const caseGiverOf = (progress: ClinicProgress): string | null => currentLineup(progress).caseGiverId;
/** Who sits in the case giver's seat, for the words a screen names them with. */
export const seatHolderOf = (progress: Pick<ClinicProgress, 'format'>): SeatHolder => progress.format.caseGiverSeat ?? 'caseGiver';
export const coachesOf = (progress: ClinicProgress): readonly string[] => currentLineup(progress).coachIds;

/** How many rounds the clinic runs: one per case giver, at least one. */
export const roundCount = (progress: Pick<ClinicProgress, 'caseGiverIds'>): number => Math.max(1, progress.caseGiverIds.length);

const without = (ids: readonly string[], id: string) => ids.filter((candidate) => candidate !== id);

/**
 * The first round's case giver is `participantId`. In a format of one round they replace the
 * case giver, who goes back to coaching; with a round per case giver, theirs comes first.
 */
export function withCaseGiver(progress: ClinicProgress, participantId: string): Lineup {
  // The first round's case giver stands first in the lineup, so its coaches keep their order.
  const others = without(progress.lineup, participantId);
  if (progress.format.rounds !== 'one') {
    return { lineup: [participantId, ...others], caseGiverIds: [participantId, ...without(progress.caseGiverIds, participantId)] };
  }
  // The case giver they replace goes back to coaching, last in the order.
  const former = progress.caseGiverIds[0];
  const coaches = former === undefined || former === participantId ? others : [...without(others, former), former];
  return { lineup: [participantId, ...coaches], caseGiverIds: [participantId] };
}

/**
 * The first round's coaches in this order; anyone left out listens instead. The case giver, if
 * named, stays the case giver: an order made on a screen that had not yet shown them chosen
 * means the others in that order.
 */
export function withCoachOrder(progress: ClinicProgress, coachIds: readonly string[]): Lineup {
  const caseGiverId = progress.caseGiverIds[0];
  const lineup = caseGiverId === undefined ? [...coachIds] : [caseGiverId, ...without(coachIds, caseGiverId)];
  return { lineup, caseGiverIds: progress.caseGiverIds.filter((id) => lineup.includes(id)) };
}

/** A coach order names each person once. */
export function isCoachOrderValid(coachIds: readonly string[]): boolean {
  return new Set(coachIds).size === coachIds.length;
}

/** Round order: each case giver once, each of them in the lineup. */
export function isRoundOrderValid(progress: ClinicProgress, caseGiverIds: readonly string[]): boolean {
  return caseGiverIds.length > 0 && new Set(caseGiverIds).size === caseGiverIds.length && caseGiverIds.every((id) => progress.lineup.includes(id));
}

/** Someone who arrives coaches, and in a format with a round per case giver, brings a case too. */
export function withArrival(progress: ClinicProgress, participantId: string): Lineup {
  if (progress.lineup.includes(participantId)) return progress;
  return {
    lineup: [...progress.lineup, participantId],
    caseGiverIds: progress.format.rounds === 'one' ? progress.caseGiverIds : [...progress.caseGiverIds, participantId],
  };
}

export function withoutParticipant(progress: ClinicProgress, participantId: string): Lineup {
  return { lineup: without(progress.lineup, participantId), caseGiverIds: without(progress.caseGiverIds, participantId) };
}
