/**
 * The crew page's store. Only the crew connection writes to it (from server messages and the
 * clock pings); the crew views read it. It never derives crew state of its own.
 */
import { create } from 'zustand';
import type { CrewGone, CrewPreview, CrewView, JoinedCrew } from '../shared/crewProtocolSchemas.ts';
import type { ProtocolError } from '../shared/protocol.ts';

/** Where this device is in joining its crew. */
export type CrewMembership =
  | { kind: 'pending' }
  /**
   * The crew link, on a device the crew does not know yet: join with a name or a pairing code.
   * `newcomersRefused` once the server has said whether a name would be let in.
   */
  | { kind: 'needsJoin'; error?: ProtocolError; newcomersRefused?: CrewPreview['newcomersRefused'] }
  | { kind: 'joined'; me: JoinedCrew }
  | { kind: 'notFound' }
  | { kind: 'outdated' }
  /**
   * This device's member left or was removed, or the crew was deleted (`byYou`: from this device);
   * `departed`: one of the two, found on coming back, when the server no longer says which.
   */
  | { kind: 'gone'; reason: CrewGone['reason'] | 'departed'; byYou?: boolean };

export interface CrewStoreState {
  crewId: string | null;
  connected: boolean;
  /** Rejoining with what this device holds, after a join went unanswered or the server could not take it for a moment. */
  rejoining: boolean;
  membership: CrewMembership;
  crew: CrewView | null;
  /** Server clock minus this device's clock, in ms. */
  clockOffsetMs: number;
  /** The last refused request, for a brief notice. */
  notice: ProtocolError | null;
  /** Pairing codes this device's member showed that have since been used, as shown ("ABCD-EFGH"). */
  usedPairingCodes: readonly string[];
}

export const initialCrewStoreState: CrewStoreState = {
  crewId: null,
  connected: false,
  rejoining: false,
  membership: { kind: 'pending' },
  crew: null,
  clockOffsetMs: 0,
  notice: null,
  usedPairingCodes: [],
};

export const useCrewStore = create<CrewStoreState>()(() => initialCrewStoreState);

/** Applies a crew state unless it is older than the one the store holds. */
export function receiveCrewState(view: CrewView): void {
  useCrewStore.setState((current) => (current.crew && current.crew.id === view.id && current.crew.revision > view.revision ? current : { crew: view }));
}

/** Server time now, as this device best knows it. */
export const crewServerNow = (): number => Date.now() + useCrewStore.getState().clockOffsetMs;
