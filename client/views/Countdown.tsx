import type { ClinicStage, Timer } from '../../shared/clinicStateSchema.ts';
import { readCountdown } from '../../shared/time.ts';
import { useClinicStore } from '../clinicStore.ts';
import { useRemainingMs } from '../useCountdown.ts';
import { t } from '../language.ts';

/** The time left, large; paused and overtime read differently at a glance but never alarm. */
export function Countdown({ timer, stage }: { readonly timer: Timer; readonly stage: ClinicStage }) {
  const remaining = useRemainingMs(timer) ?? 0;
  const stale = useClinicStore((state) => state.stale);
  const { text, overtime } = readCountdown(remaining);
  const state = stage === 'paused' ? 'paused' : overtime ? 'overtime' : 'running';
  const caption = state === 'paused' ? t('countdown.paused') : overtime ? t('countdown.overtime') : t('countdown.left');
  // The sign hangs outside the digits, so they keep their size the moment time runs over.
  const digits = overtime ? text.slice(1) : text;
  return (
    <div className="countdown" data-state={state} data-stale={stale || undefined}>
      {/* Hours widen the reading; the stylesheet sizes it by length to stay on one line in its column. */}
      <time data-testid="countdown" data-state={state} data-length={digits.length} className="countdown-digits" aria-live="off">
        {overtime && (
          <span className="countdown-sign" data-testid="countdown-sign">
            +
          </span>
        )}
        {digits}
      </time>
      <span className="countdown-caption">{caption}</span>
    </div>
  );
}
