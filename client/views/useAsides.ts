import type { AsidesView } from '../../shared/asidesSchema.ts';
import { useClinicStore } from '../clinicStore.ts';

const NOTHING_YET: AsidesView = { revision: 0, signals: [], readyIds: [], hands: [], passRequests: [] };

/** This participant's view of the asides; empty until the server has sent one. */
export const useAsides = (): AsidesView => useClinicStore((state) => state.asides) ?? NOTHING_YET;
