/**
 * The words for the case giver's seat, by who sits in it (`seatHolderOf`): a clinic's case giver,
 * or the host who opens a crew's intro and landing, where nobody brings a case. One table, so
 * every view names the seat, and the turns after it, alike.
 */
import type { ClinicProgress } from '../shared/clinicStateSchema.ts';
import type { SeatHolder } from '../shared/formatSchema.ts';
import { seatHolderOf } from '../shared/lineup.ts';
import type { MessageId } from './language.ts';

interface SeatWords {
  /** Beside their name in the lists of people. */
  readonly tag: MessageId;
  /** Heading the seat in the lobby's order panel. */
  readonly heading: MessageId;
  /** Heading the others there, in the order they speak. */
  readonly othersHeading: MessageId;
  /** The lobby's line for whoever sits there. */
  readonly yourRole: MessageId;
  /** The lobby's line for someone who takes a turn after them ({place} of {turns}). */
  readonly yourTurn: MessageId;
  /** The facilitator's button that seats someone. */
  readonly seatAction: MessageId;
  /** What the facilitator is asked to do in the lobby. */
  readonly lead: MessageId;
  /** Where that button is, while the seat is empty. */
  readonly pickHint: MessageId;
  /** How many of those who speak after them are ready ({ready} of {coaches}). */
  readonly readyCount: MessageId;
  /** Those turns, where their wrap-up cue is set. */
  readonly turnsCue: MessageId;
}

const SEAT_WORDS: Record<SeatHolder, SeatWords> = {
  caseGiver: {
    tag: 'people.caseGiver',
    heading: 'order.caseGiver',
    othersHeading: 'order.coaches',
    yourRole: 'lobby.role.caseGiver',
    yourTurn: 'lobby.role.coachTurn',
    seatAction: 'lobby.makeCaseGiver',
    lead: 'lobby.lead.oneRound',
    pickHint: 'order.pickHint',
    readyCount: 'ready.count',
    turnsCue: 'timing.coachTurns',
  },
  host: {
    tag: 'people.host',
    heading: 'order.host',
    othersHeading: 'order.turnsAfterHost',
    yourRole: 'lobby.role.host',
    yourTurn: 'lobby.role.turnAfterHost',
    seatAction: 'lobby.makeHost',
    lead: 'lobby.lead.host',
    pickHint: 'order.pickHint.host',
    readyCount: 'ready.countAfterHost',
    turnsCue: 'timing.turnsAfterHost',
  },
};

export const seatWordsOf = (progress: Pick<ClinicProgress, 'format'>): SeatWords => SEAT_WORDS[seatHolderOf(progress)];
