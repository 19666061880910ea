/**
 * What every clinic view reads: the latest server state, who this device is, and the machine
 * snapshot resolved from that state (for `can()` and stage). Derived, never stored.
 */
import { useMemo } from 'react';
import type { ClinicSnapshot } from '../../shared/clinicMachine.ts';
import type { ClinicContext } from '../../shared/clinicSteps.ts';
import { resolveClinicSnapshot, stageOf, type ClinicStage } from '../../shared/clinicView.ts';
import type { ClinicState } from '../../shared/protocol.ts';
import { useClinicStore } from '../clinicStore.ts';

export interface ClinicView {
  readonly clinic: ClinicState;
  readonly snapshot: ClinicSnapshot;
  readonly context: ClinicContext;
  readonly stage: ClinicStage;
  readonly myId: string;
  readonly isFacilitator: boolean;
  nameOf(participantId: string | null): string;
}

/** Null until this device has joined and holds a state. */
export function useClinic(): ClinicView | null {
  const clinic = useClinicStore((state) => state.clinic);
  const membership = useClinicStore((state) => state.membership);
  return useMemo(() => {
    if (!clinic || membership.kind !== 'joined') return null;
    const snapshot = resolveClinicSnapshot(clinic.machine);
    const myId = membership.me.participantId;
    const names = new Map(clinic.participants.map((participant) => [participant.id, participant.name]));
    return {
      clinic,
      snapshot,
      context: snapshot.context,
      stage: stageOf(snapshot),
      myId,
      isFacilitator: clinic.facilitatorIds.includes(myId),
      nameOf: (participantId) => (participantId === null ? '' : (names.get(participantId) ?? 'Someone who left')),
    };
  }, [clinic, membership]);
}
