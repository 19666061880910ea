/**
 * What changed in the rota for this member since they last said they had seen it: one of the next
 * weeks that they are now down to bring a case to or facilitate, or no longer are. Pure; what they
 * last saw is kept with the crew on this device (crewIdentity.ts).
 */
import type { CrewView } from '../shared/crewProtocolSchemas.ts';
import type { CrewIdentity } from './crewIdentity.ts';
import { stageOf } from './crewWording.ts';

export type Duty = 'caseGiver' | 'facilitator';

/** One duty in one week, as kept: "2:caseGiver" is bringing a case in week 3. */
type DutyKey = `${number}:${Duty}`;

export interface RotaChange {
  readonly sessionIndex: number;
  readonly duty: Duty;
  /** Down for it now, or no longer. */
  readonly now: boolean;
}

/**
 * The weeks a change is news in: the next session and the one after. Further ahead the suggested
 * rota moves with every member who joins, offers or cannot come, and the rota card shows it.
 */
const WEEKS_AHEAD = 2;

const upcoming = (crew: Pick<CrewView, 'sessions'>) => crew.sessions.filter((session) => stageOf(session) === 'upcoming');

/**
 * The duties `memberId` last saw on this device; null where they have not seen the rota here, also
 * where another member did (the device was since paired as someone else).
 */
export const seenDutiesOf = (kept: CrewIdentity['rotaSeen'], memberId: string): readonly string[] | null => (kept?.memberId === memberId ? kept.duties : null);

/**
 * Whether the rota has settled enough for its changes to be news: once the crew has met (a session
 * has started). Before, every member who joins reshuffles it, and the rota card shows it as it is.
 */
export const rotaSettled = (crew: Pick<CrewView, 'sessions'>): boolean => crew.sessions.some((session) => stageOf(session) !== 'upcoming');

/** The member's duties in the weeks still to come. */
export function dutiesOf(crew: Pick<CrewView, 'sessions'>, memberId: string): DutyKey[] {
  return upcoming(crew).flatMap((session) => [
    ...(session.caseGiverIds.includes(memberId) ? [`${session.index}:caseGiver` as const] : []),
    ...(session.facilitatorId === memberId ? [`${session.index}:facilitator` as const] : []),
  ]);
}

/**
 * The changes from the duties `seen` to the member's duties now, week by week, in the next weeks
 * to come, and, for a duty they are no longer down for there, where they are down for it now
 * further ahead (a week skipped moves a case on, say): a week that has started or been held since
 * is no news.
 */
export function rotaChanges(seen: readonly string[], crew: Pick<CrewView, 'sessions'>, memberId: string): RotaChange[] {
  const now = new Set<string>(dutiesOf(crew, memberId));
  const before = new Set(seen);
  const changesIn = (sessions: ReturnType<typeof upcoming>, duties: readonly Duty[]) =>
    sessions.flatMap((session) =>
      duties.flatMap((duty) => {
        const key = `${session.index}:${duty}`;
        return now.has(key) === before.has(key) ? [] : [{ sessionIndex: session.index, duty, now: now.has(key) }];
      }),
    );
  const next = upcoming(crew).slice(0, WEEKS_AHEAD);
  const soon = changesIn(next, ['caseGiver', 'facilitator']);
  const movedOn = [...new Set(soon.filter((change) => !change.now).map((change) => change.duty))];
  const later = changesIn(upcoming(crew).slice(WEEKS_AHEAD), movedOn).filter((change) => change.now);
  return [...soon, ...later];
}
