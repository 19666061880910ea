import type { ClinicStage } from '../../shared/clinicView.ts';
import { readCountdown, type Timer } from '../../shared/time.ts';
import { useRemainingMs } from '../useCountdown.ts';

/** The time left, large; paused and overtime read differently at a glance but never alarm. */
export function Countdown({ timer, stage, size = 'large' }: { readonly timer: Timer; readonly stage: ClinicStage; readonly size?: 'large' | 'medium' }) {
  const remaining = useRemainingMs(timer) ?? 0;
  const { text, overtime } = readCountdown(remaining);
  const state = stage === 'paused' ? 'paused' : overtime ? 'overtime' : 'running';
  const caption = state === 'paused' ? 'Paused' : overtime ? 'over time' : 'left';
  return (
    <div className={`countdown countdown-${size}`} data-state={state}>
      {/* Overtime's sign and hours widen the reading; `data-long` keeps it within a phone's width. */}
      <time data-testid="countdown" data-state={state} data-long={text.length > 5 || undefined} className="countdown-digits" aria-live="off">
        {text}
      </time>
      <span className="countdown-caption">{caption}</span>
    </div>
  );
}
