import type { ClinicProgress } from '../../shared/clinicStateSchema.ts';
import { t } from '../language.ts';

/** How many phase colours the stylesheet defines; phases beyond take them again from the start. */
const PHASE_TONES = 6;

/** A phase's colour, by its place in the format: formats are data, so no phase is named here. */
export const phaseToneOf = (phaseIndex: number) => String(phaseIndex % PHASE_TONES);

/**
 * Every phase of the format in order, the current one marked in words and shape as well as
 * colour: a ✓ for those behind, the current one filled and named for screen readers with
 * `aria-current`. On a narrow screen only the current phase keeps its title in view.
 */
export function PhaseStepper({ progress }: { readonly progress: ClinicProgress }) {
  const current = progress.step?.phaseIndex ?? 0;
  return (
    <ol data-testid="phase-stepper" className="phase-stepper" aria-label={t('stepper.label', { phase: current + 1, phases: progress.plan.length })}>
      {progress.plan.map((phase, index) => {
        const status = index < current ? 'done' : index === current ? 'current' : 'upcoming';
        return (
          <li key={phase.phaseId} className={`phase-step phase-step-${status}`} data-tone={phaseToneOf(index)} aria-current={status === 'current' ? 'step' : undefined}>
            <span className="phase-step-number" aria-hidden="true">
              {status === 'done' ? '✓' : index + 1}
            </span>
            <span className="phase-step-title">
              {phase.title}
              {status === 'done' && <span className="visually-hidden">{t('stepper.done')}</span>}
            </span>
          </li>
        );
      })}
    </ol>
  );
}
