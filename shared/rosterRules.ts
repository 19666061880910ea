/**
 * Who may take which part: the roster's rules, asked by the server before it changes the roster
 * and by the views before they offer a control. Pure; answers are reason codes, null when allowed.
 */
import type { ClinicState, ParticipantView } from './clinicStateSchema.ts';
import type { FacilitatorCommand } from './protocolSchemas.ts';
import type { Reason } from './reasons.ts';

/** What the roster rules look at: the room-wide state every device holds. */
export type RosterFacts = Pick<ClinicState, 'participants' | 'facilitatorIds' | 'progress'>;

/** Commands that make the people they name speak or lead. */
const GIVES_A_ROLE: ReadonlySet<FacilitatorCommand['type']> = new Set(['SET_CASE_GIVER', 'SET_COACH_ORDER', 'SET_ROUND_ORDER', 'SET_ROLE', 'HAND_OVER', 'ADD_FACILITATOR']);

/** A shared screen only shows the clinic: it never speaks, coaches or leads. */
export const canTakePart = (participant: Pick<ParticipantView, 'screen'>): boolean => !participant.screen;

/** Everyone a command names. */
function namedIn(command: FacilitatorCommand): readonly string[] {
  if ('participantId' in command) return command.participantId === null ? [] : [command.participantId];
  if (command.type === 'SET_ROUND_ORDER') return command.caseGiverIds;
  return command.type === 'SET_COACH_ORDER' ? command.coachIds : [];
}

/** Why `senderId` may not send `command` as far as the people in it go, or null. */
export function rosterRule(facts: RosterFacts, senderId: string, command: FacilitatorCommand): Reason | null {
  const { participants, facilitatorIds, progress } = facts;
  if (!facilitatorIds.includes(senderId)) return 'NOT_FACILITATOR';
  const named = namedIn(command).map((id) => participants.find((participant) => participant.id === id));
  if (named.some((participant) => participant === undefined)) return 'UNKNOWN_PARTICIPANT';
  if (GIVES_A_ROLE.has(command.type) && !named.every((participant) => canTakePart(participant!))) return 'SCREEN_HAS_NO_ROLE';
  switch (command.type) {
    case 'HAND_OVER':
      return command.participantId === senderId ? 'ALREADY_FACILITATING' : null;
    case 'REMOVE_FACILITATOR':
      if (!facilitatorIds.includes(command.participantId)) return 'NOT_A_FACILITATOR';
      return facilitatorIds.length === 1 ? 'LAST_FACILITATOR' : null;
    case 'REMOVE_PARTICIPANT':
      if (facilitatorIds.includes(command.participantId)) return 'FACILITATOR_NOT_REMOVABLE';
      return progress.startedAt !== null && progress.caseGiverIds.includes(command.participantId) ? 'CASE_GIVER_NOT_REMOVABLE' : null;
    default:
      return null;
  }
}
