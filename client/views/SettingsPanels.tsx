import { CrewManager } from './CrewManager.tsx';
import { TimingSettings } from './TimingSettings.tsx';
import type { ClinicView } from './useClinic.ts';
import { t } from '../language.ts';

/** The facilitator's folded settings, the same in the lobby and on the live console. */
export function SettingsPanels({ view, className }: { readonly view: ClinicView; readonly className: string }) {
  return (
    <>
      <details className={className}>
        <summary>{t('settings.timing')}</summary>
        <TimingSettings view={view} />
      </details>
      <details className={className}>
        <summary>{t('settings.facilitation')}</summary>
        <CrewManager view={view} />
      </details>
    </>
  );
}
