/**
 * Who may do what with the harvest, as reason codes (null: allowed). The server asks before it
 * stores or hands out anything; views ask the same to know what to offer.
 */
import type { ClinicState } from './clinicStateSchema.ts';
import { seatHolderOf } from './lineup.ts';
import type { SealedKind } from './sealedNotes.ts';
import type { Reason } from './reasons.ts';

/**
 * Who brought a case, and so receives notes and keeps takeaways. The host of a crew's intro or
 * landing sits in the case giver's seat but brings none: nobody there has a harvest. Once the
 * clinic has closed, a round per case giver that it never reached brought no case either.
 */
export function caseBringersOf({ progress }: ClinicState): readonly string[] {
  if (seatHolderOf(progress) !== 'caseGiver') return [];
  if (progress.closedAt === null) return progress.caseGiverIds;
  return progress.caseGiverIds.filter((_, round) => progress.finished.some((step) => step.roundIndex === round));
}

const isCaseGiver = (state: ClinicState, participantId: string) => caseBringersOf(state).includes(participantId);

/** Publishing a device key, reading one's inbox and deleting from it: a case giver's own. */
export function caseGiverRefusal(state: ClinicState, participantId: string): Reason | null {
  return isCaseGiver(state, participantId) ? null : 'NOTES_FOR_CASE_GIVERS';
}

/**
 * A note goes from someone in the lineup (a coach, in some round) to a case giver other than
 * themselves; a takeaway from a case giver to themselves. Both once the clinic has closed.
 */
export function sendRefusal(state: ClinicState, senderId: string, kind: SealedKind, to: string): Reason | null {
  if (kind === 'takeaway') {
    if (!isCaseGiver(state, senderId)) return 'NOTES_FOR_CASE_GIVERS';
    if (to !== senderId) return 'TAKEAWAYS_FOR_YOURSELF';
  } else {
    if (!state.progress.lineup.includes(senderId)) return 'NOTES_FROM_COACHES';
    if (to === senderId || !isCaseGiver(state, to)) return 'NOT_A_CASE_GIVER';
  }
  return state.stage === 'closed' ? null : 'NOTES_AFTER_CLOSE';
}

/** The case givers a participant may send notes to: everyone who brought a case, but themselves. */
export function noteRecipientsOf(state: ClinicState, senderId: string): string[] {
  if (!state.progress.lineup.includes(senderId)) return [];
  return caseBringersOf(state).filter((id) => id !== senderId);
}
