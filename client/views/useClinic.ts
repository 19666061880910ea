/**
 * What every clinic view reads: the latest server state and who this device is. Derived, never
 * stored; what a control may do is asked of the shared rules (`commandRules.ts`).
 */
import { useMemo } from 'react';
import type { ClinicProgress, ClinicStage, ClinicState } from '../../shared/clinicStateSchema.ts';
import { useClinicStore } from '../clinicStore.ts';

export interface ClinicView {
  readonly clinic: ClinicState;
  readonly progress: ClinicProgress;
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
    const myId = membership.me.participantId;
    const names = new Map(clinic.participants.map((participant) => [participant.id, participant.name]));
    return {
      clinic,
      progress: clinic.progress,
      stage: clinic.stage,
      myId,
      isFacilitator: clinic.facilitatorIds.includes(myId),
      nameOf: (participantId) => (participantId === null ? '' : (names.get(participantId) ?? 'Someone who left')),
    };
  }, [clinic, membership]);
}
