import { NO_ASIDES_VIEW } from '../../shared/asideKinds.ts';
import type { AsidesView } from '../../shared/asidesSchema.ts';
import { useClinicStore } from '../clinicStore.ts';

/** This participant's view of the asides; empty until the server has sent one. */
export const useAsides = (): AsidesView => useClinicStore((state) => state.asides) ?? NO_ASIDES_VIEW;
