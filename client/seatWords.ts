/**
 * The words that change with who sits in the case giver's seat (`seatHolderOf`): a clinic's case
 * giver, or the host who opens a crew's intro and landing, where nobody brings a case and so the
 * session is no clinic. One table, so every view names the seat, the turns after it and the
 * session alike.
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
  /** Under that heading while nobody else is there. */
  readonly noOthers: MessageId;
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
  /** The facilitator's buttons that start and end the session. */
  readonly startAction: MessageId;
  readonly endAction: MessageId;
  /** What the screens say once it has ended. */
  readonly closed: MessageId;
}

const SEAT_WORDS: Record<SeatHolder, SeatWords> = {
  caseGiver: {
    tag: 'people.caseGiver',
    heading: 'order.caseGiver',
    othersHeading: 'order.coaches',
    noOthers: 'order.noCoaches',
    yourRole: 'lobby.role.caseGiver',
    yourTurn: 'lobby.role.coachTurn',
    seatAction: 'lobby.makeCaseGiver',
    lead: 'lobby.lead.oneRound',
    pickHint: 'order.pickHint',
    readyCount: 'ready.count',
    turnsCue: 'timing.coachTurns',
    startAction: 'lobby.start',
    endAction: 'console.end',
    closed: 'mini.closed',
  },
  host: {
    tag: 'people.host',
    heading: 'order.host',
    othersHeading: 'order.turnsAfterHost',
    noOthers: 'order.noTurnsAfterHost',
    yourRole: 'lobby.role.host',
    yourTurn: 'lobby.role.turnAfterHost',
    seatAction: 'lobby.makeHost',
    lead: 'lobby.lead.host',
    pickHint: 'order.pickHint.host',
    readyCount: 'ready.countAfterHost',
    turnsCue: 'timing.turnsAfterHost',
    startAction: 'lobby.startHosted',
    endAction: 'console.endHosted',
    closed: 'mini.closedHosted',
  },
};

export const seatWordsOf = (progress: Pick<ClinicProgress, 'format'>): SeatWords => SEAT_WORDS[seatHolderOf(progress)];
