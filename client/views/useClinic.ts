/**
 * What every clinic view reads: the latest server state, with its format's words in the language
 * shown, and who this device is. Derived, never stored; what a control may do is asked of the
 * shared rules (`commandRules.ts`).
 */
import { useMemo } from 'react';
import type { ClinicProgress, ClinicStage, ClinicState } from '../../shared/clinicStateSchema.ts';
import { useClinicStore } from '../clinicStore.ts';
import { shownClinic, t, useLanguage } from '../language.ts';

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
  const stored = useClinicStore((state) => state.clinic);
  const membership = useClinicStore((state) => state.membership);
  const language = useLanguage();
  return useMemo(() => {
    if (!stored || membership.kind !== 'joined') return null;
    const clinic = shownClinic(stored);
    const myId = membership.me.participantId;
    const names = new Map(clinic.participants.map((participant) => [participant.id, participant.name]));
    return {
      clinic,
      progress: clinic.progress,
      stage: clinic.stage,
      myId,
      isFacilitator: clinic.facilitatorIds.includes(myId),
      nameOf: (participantId) => (participantId === null ? '' : (names.get(participantId) ?? t('people.left'))),
    };
    // The language is read inside, by shownClinic and t.
  }, [stored, membership, language]);
}
