import { CrewManager } from './CrewManager.tsx';
import { TimingSettings } from './TimingSettings.tsx';
import type { ClinicView } from './useClinic.ts';

/** The facilitator's folded settings, the same in the lobby and on the live console. */
export function SettingsPanels({ view, className }: { readonly view: ClinicView; readonly className: string }) {
  return (
    <>
      <details className={className}>
        <summary>Timing and cues</summary>
        <TimingSettings view={view} />
      </details>
      <details className={className}>
        <summary>Facilitation and privacy</summary>
        <CrewManager view={view} />
      </details>
    </>
  );
}
