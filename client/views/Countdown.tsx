import type { ClinicStage, Timer } from '../../shared/clinicStateSchema.ts';
import { readCountdown } from '../../shared/time.ts';
import { useRemainingMs } from '../useCountdown.ts';

/** The time left, large; paused and overtime read differently at a glance but never alarm. */
export function Countdown({ timer, stage }: { readonly timer: Timer; readonly stage: ClinicStage }) {
  const remaining = useRemainingMs(timer) ?? 0;
  const { text, overtime } = readCountdown(remaining);
  const state = stage === 'paused' ? 'paused' : overtime ? 'overtime' : 'running';
  const caption = state === 'paused' ? 'Paused' : overtime ? 'over time' : 'left';
  return (
    <div className="countdown" data-state={state}>
      {/* Overtime's sign and hours widen the reading; the stylesheet sizes it by length to stay on one line in its column. */}
      <time data-testid="countdown" data-state={state} data-length={text.length} className="countdown-digits" aria-live="off">
        {text}
      </time>
      <span className="countdown-caption">{caption}</span>
    </div>
  );
}
