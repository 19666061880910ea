import { serverNow } from '../clinicStore.ts';
import { useRemainingMs } from '../useCountdown.ts';
import { useSoundOn } from '../soundPreference.ts';
import { useCueSignals } from '../useCueSignals.ts';
import { caseGiverOf } from '../../shared/lineup.ts';
import type { ClinicView } from './useClinic.ts';

/**
 * This person's chimes and vibrations. It sits above the lobby, live and closed screens rather
 * than inside the live one, so it is still there to give the time-up of a last phase after which
 * the clinic closed by itself. Renders nothing.
 */
export function CueSignals({ view }: { readonly view: ClinicView }) {
  const { progress, clinic, myId } = view;
  // Looks again on every countdown flip, so wrap-up and time-up come on time.
  useRemainingMs(progress.step?.timer ?? null);
  const soundOn = useSoundOn(clinic.clinicId, caseGiverOf(progress) === myId);
  useCueSignals(progress, myId, soundOn, serverNow());
  return null;
}
