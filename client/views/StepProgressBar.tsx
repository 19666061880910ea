import type { ClinicProgress } from '../../shared/clinicStateSchema.ts';
import { stepProgressOf } from '../../shared/cues.ts';

const percent = (fraction: number) => `${(fraction * 100).toFixed(2)}%`;

/**
 * The time used of the step in progress, with its wrap-up zone drawn at the end (hatched, not
 * only coloured): the same budget and lead as the countdown and the cue, asked of shared/cues.
 * The countdown beside it says the time in words, so the bar itself is not read out.
 */
export function StepProgressBar({ progress, at }: { readonly progress: ClinicProgress; readonly at: number }) {
  const reading = stepProgressOf(progress, at);
  if (!reading) return null;
  const { used, wrapUpFrom, overtime } = reading;
  return (
    <div
      data-testid="step-progress"
      className="step-progress"
      data-state={overtime ? 'overtime' : used >= wrapUpFrom ? 'wrapUp' : 'running'}
      data-used={used.toFixed(4)}
      data-wrap-up-from={wrapUpFrom.toFixed(4)}
      aria-hidden="true"
    >
      <div className="step-progress-zone" style={{ left: percent(wrapUpFrom) }} />
      <div className="step-progress-used" style={{ width: percent(used) }} />
    </div>
  );
}
