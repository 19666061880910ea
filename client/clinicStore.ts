/**
 * The client's one store. Only the connection writes to it (from server messages and the clock
 * pings); views read it through selectors. It never derives clinic state of its own.
 */
import { create } from 'zustand';
import type { AsidesView } from '../shared/asidesSchema.ts';
import type { ClinicState } from '../shared/clinicStateSchema.ts';
import { PROTOCOL_VERSION, type ClinicPreview, type GoneNotice, type JoinedClinic, type ProtocolError } from '../shared/protocol.ts';

export type ConnectionStatus = 'connecting' | 'connected' | 'reconnecting';

/** Where this device is in joining its clinic. */
export type Membership =
  | { kind: 'pending' }
  /**
   * The link leads to a clinic: the form asks for a name. `preview` is what the server said of the
   * clinic (null if it could not be asked); `asFacilitator` that this device holds the facilitator link.
   */
  | { kind: 'needsName'; preview: ClinicPreview | null; asFacilitator: boolean; error?: ProtocolError }
  | { kind: 'joined'; me: JoinedClinic }
  | { kind: 'notFound' }
  /** The facilitator link this device opened was replaced: it no longer gives control. */
  | { kind: 'linkReplaced' }
  /** This page speaks another protocol version than the server: it must be reloaded. */
  | { kind: 'outdated' }
  /** The clinic has ended and this device was not in it: nobody new comes in. */
  | { kind: 'ended' }
  /** Removed by a facilitator, or the clinic was deleted. */
  | { kind: 'gone'; reason: GoneNotice['reason'] };

export interface ClinicStoreState {
  clinicId: string | null;
  connection: ConnectionStatus;
  membership: Membership;
  clinic: ClinicState | null;
  /** What this participant is shown of the signals, ready, passes and hands. */
  asides: AsidesView | null;
  /** Server clock minus this device's clock, in ms. */
  clockOffsetMs: number;
  /** Disconnected, or the server has not answered a ping for a while: the screen may be out of date. */
  stale: boolean;
  /** The last refused command, for a brief notice to the facilitator. */
  notice: ProtocolError | null;
}

export const initialClinicStoreState: ClinicStoreState = {
  clinicId: null,
  connection: 'connecting',
  membership: { kind: 'pending' },
  clinic: null,
  asides: null,
  clockOffsetMs: 0,
  stale: false,
  notice: null,
};

export const useClinicStore = create<ClinicStoreState>()(() => initialClinicStoreState);

/** Applies a state broadcast unless it is older than what the store already holds, or of another protocol. */
export function receiveClinicState(state: ClinicState): void {
  if (state.protocolVersion !== PROTOCOL_VERSION) {
    useClinicStore.setState({ membership: { kind: 'outdated' }, clinic: null });
    return;
  }
  useClinicStore.setState((current) =>
    current.clinic && current.clinic.clinicId === state.clinicId && current.clinic.revision > state.revision ? current : { clinic: state },
  );
}

/** Applies this participant's view of the asides unless it is older than the one the store holds. */
export function receiveAsides(view: AsidesView): void {
  useClinicStore.setState((current) => (current.asides && current.asides.revision > view.revision ? current : { asides: view }));
}

/** Server time now, as this device best knows it. */
export function serverNow(): number {
  return Date.now() + useClinicStore.getState().clockOffsetMs;
}
