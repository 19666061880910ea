/**
 * Who may send which crew command, and what the ones that only change the crew's record do, pure:
 * the organiser, any member, or (to start a session) its facilitator; then the crew's own rules
 * (`crewRota.ts`, `crewSchedule.ts`). Starting a session and deleting the crew need the server.
 */
import type { CrewCommand } from './crewProtocolSchemas.ts';
import { confirmRule, type Crew, landingRule, leaveRule, openSessionRule, organiserRule, sessionLineup, volunteerRule, withCannotAttend, withConfirmed, withLandingDecision, withOrganiser, withoutMember, withRotaSuggested, withVolunteer } from './crewRota.ts';
import { moveRule, skipRule, withSessionMoved, withWeekSkipped } from './crewSchedule.ts';
import type { StoredCrew } from './crewSchema.ts';
import type { Reason } from './reasons.ts';
import type { WallTime } from './wallTimes.ts';

type CommandType = CrewCommand['type'];
const ORGANISER_ONLY: ReadonlySet<CommandType> = new Set(['CONFIRM_ROTA', 'MOVE_SESSION', 'SKIP_WEEK', 'HAND_OVER_ORGANISER', 'REMOVE_MEMBER', 'OPEN_TO_NEW_MEMBERS', 'RECORD_LANDING', 'DELETE_CREW']);

/** Commands the server carries out itself: the rest only change the record (`withCrewCommand`). */
export type RecordOnlyCrewCommand = Exclude<CrewCommand, { type: 'START_SESSION' | 'DELETE_CREW' }>;

/** What the rules read of a crew: its members, sessions, organiser, format and rhythm (the crew page asks them of what it was sent). */
type RuledCrew = Crew & Pick<StoredCrew, 'cadence'>;

const movedTo = (crew: RuledCrew, index: number, { date, time }: { date: string; time: string }): WallTime => ({
  date,
  time,
  timeZone: crew.sessions[index]?.scheduled.timeZone ?? crew.cadence.timeZone,
});

/** Why `senderId` may not send `command` to `crew` at server time `at`, or null if they may. */
export function crewCommandRule(crew: RuledCrew, senderId: string, command: CrewCommand, at: number): Reason | null {
  if (!crew.members.some((member) => member.id === senderId)) return 'NOT_A_MEMBER';
  if (ORGANISER_ONLY.has(command.type) && senderId !== crew.organiserId) return 'NOT_ORGANISER';
  switch (command.type) {
    case 'VOLUNTEER':
      return volunteerRule(crew, command.sessionIndex, senderId);
    case 'CANNOT_ATTEND':
      return openSessionRule(crew, command.sessionIndex);
    case 'CONFIRM_ROTA':
      return confirmRule(crew, command.sessionIndex, command.caseGiverIds, command.facilitatorId);
    case 'MOVE_SESSION':
      return moveRule(crew.sessions, command.sessionIndex, movedTo(crew, command.sessionIndex, command), at);
    case 'SKIP_WEEK':
      return skipRule(crew.sessions, command.sessionIndex);
    case 'HAND_OVER_ORGANISER':
      return organiserRule(crew, command.memberId);
    case 'REMOVE_MEMBER':
      return leaveRule(crew, command.memberId);
    case 'OPEN_TO_NEW_MEMBERS':
      return null;
    case 'LEAVE':
      return leaveRule(crew, senderId);
    case 'RECORD_LANDING':
      return landingRule(crew);
    case 'DELETE_CREW':
      return null;
    case 'START_SESSION': {
      const closed = openSessionRule(crew, command.sessionIndex);
      if (closed) return closed;
      const { lineup, facilitatorId } = sessionLineup(crew, command.sessionIndex);
      if (senderId !== crew.organiserId && senderId !== facilitatorId) return 'NOT_SESSION_LEAD';
      return lineup.length >= 2 ? null : 'CREW_TOO_SMALL';
    }
  }
}

/** The crew after a command its rule allowed, with the rota's suggestions worked out again. */
export function withCrewCommand(crew: StoredCrew, senderId: string, command: RecordOnlyCrewCommand, at: number): StoredCrew {
  const changed = ((): StoredCrew => {
    switch (command.type) {
      case 'VOLUNTEER':
        return withVolunteer(crew, command.sessionIndex, senderId, command.volunteering);
      case 'CANNOT_ATTEND':
        return withCannotAttend(crew, command.sessionIndex, senderId, command.cannot);
      case 'CONFIRM_ROTA':
        return withConfirmed(crew, command.sessionIndex, command.caseGiverIds, command.facilitatorId);
      case 'MOVE_SESSION':
        return { ...crew, sessions: withSessionMoved(crew.sessions, command.sessionIndex, movedTo(crew, command.sessionIndex, command)) };
      case 'SKIP_WEEK': {
        const { sessions, skippedDate } = withWeekSkipped(crew.sessions, command.sessionIndex);
        return { ...crew, sessions, skippedDates: [...crew.skippedDates, skippedDate] };
      }
      case 'HAND_OVER_ORGANISER':
        return withOrganiser(crew, command.memberId);
      case 'REMOVE_MEMBER':
        // The removed member still has the crew link: it must not let them back in under another name.
        return { ...withoutMember(crew, command.memberId), openToNewMembers: false };
      case 'OPEN_TO_NEW_MEMBERS':
        return { ...crew, openToNewMembers: command.open };
      case 'LEAVE':
        return withoutMember(crew, senderId);
      case 'RECORD_LANDING':
        return withLandingDecision(crew, command.decision, at);
    }
  })();
  return withRotaSuggested(changed);
}
