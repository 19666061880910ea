import { caseGiverOf } from '../../shared/lineup.ts';
import { signalHeardText } from './asideWording.ts';
import { useAsides } from './useAsides.ts';
import type { ClinicView } from './useClinic.ts';
import { t } from '../language.ts';

/** A case giver's signal the facilitator chose to show everyone, on every screen but the case giver's own. */
export function ShownSignals({ view, viewerId }: { readonly view: ClinicView; readonly viewerId: string }) {
  const shown = useAsides().signals.filter((signal) => signal.shownToAll && signal.fromId !== viewerId);
  if (shown.length === 0 || caseGiverOf(view.progress) === viewerId) return null;
  return (
    <p className="shown-signal" role="status" data-testid="shown-signal">
      {shown.map((signal) => t('signal.shown', { heard: signalHeardText(signal.kind, view.nameOf(signal.fromId)) })).join(' ')}
    </p>
  );
}
