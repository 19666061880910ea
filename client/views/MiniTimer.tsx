import { phaseOf } from '../../shared/clinicView.ts';
import { Countdown } from './Countdown.tsx';
import { phaseToneOf } from './PhaseStepper.tsx';
import type { ClinicView } from './useClinic.ts';
import { t } from '../language.ts';
import { seatWordsOf } from '../seatWords.ts';

/** The smallest useful view: phase, time left and speaker, to float above the video call. */
export function MiniTimer({ view }: { readonly view: ClinicView }) {
  const step = view.progress.step;
  if (!step) return <p className="mini-timer mini-idle">{view.stage === 'closed' ? t(seatWordsOf(view.progress).closed) : t('mini.waiting')}</p>;
  const phase = phaseOf(view.progress, step.phaseIndex);
  return (
    <div className={`mini-timer floor-${phase.floor.kind}`} data-page-tone={phaseToneOf(step.phaseIndex)}>
      <p className="mini-phase">{phase.title}</p>
      <Countdown timer={step.timer} stage={view.stage} />
      <p className="mini-speaker">{step.speakerId ? view.nameOf(step.speakerId) : phase.floor.kind === 'nobody' ? t('live.speaker.silence') : t('mini.everyone')}</p>
    </div>
  );
}
