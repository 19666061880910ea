import type { AutoAdvance } from '../../shared/clinicStateSchema.ts';
import { sendCommand, sendCommandMadeInTurn } from '../commandLine.ts';
import { t, type MessageId } from '../language.ts';
import { seatWordsOf } from '../seatWords.ts';
import type { ClinicView } from './useClinic.ts';

const AUTO_ADVANCE_LABELS: Record<AutoAdvance, MessageId> = {
  off: 'timing.keepCounting',
  soft: 'timing.sayNext',
  hard: 'timing.moveOn',
};
const PHASE_WRAP_UP_CHOICES_MS = [0, 30_000, 60_000, 120_000, 180_000, 300_000];
const TURN_WRAP_UP_CHOICES_MS = [0, 15_000, 30_000, 60_000];

const leadLabel = (ms: number) => (ms === 0 ? t('timing.noCue') : ms < 60_000 ? t('timing.secondsBefore', { seconds: ms / 1_000 }) : t('timing.minutesBefore', { minutes: ms / 60_000 }));

/** What happens at time-up in each phase, and how early the wrap-up cue shows. */
export function TimingSettings({ view }: { readonly view: ClinicView }) {
  const { progress } = view;
  // The command names both lead times: made when its turn comes, it keeps a change to the other one still on its way.
  const setCueTimes = (change: Partial<typeof progress.cueTimes>) =>
    void sendCommandMadeInTurn((clinic) => ({ type: 'SET_CUE_TIMES', cueTimes: { ...clinic.progress.cueTimes, ...change } }));
  return (
    <div className="settings">
      <h3>{t('timing.atTimeUp')}</h3>
      {progress.plan.map((planned) => {
        const { title } = planned;
        return (
          <label key={planned.phaseId} className="setting-row">
            <span>{title}</span>
            <select
              aria-label={t('timing.atEndOf', { phase: title })}
              value={planned.autoAdvance}
              onChange={(event) => void sendCommand({ type: 'SET_AUTO_ADVANCE', phaseId: planned.phaseId, mode: event.target.value as AutoAdvance })}
            >
              {Object.entries(AUTO_ADVANCE_LABELS).map(([mode, label]) => (
                <option key={mode} value={mode}>
                  {t(label)}
                </option>
              ))}
            </select>
          </label>
        );
      })}
      <h3>{t('timing.wrapUpCue')}</h3>
      <label className="setting-row">
        <span>{t('timing.phases')}</span>
        <select value={progress.cueTimes.phaseWrapUpMs} onChange={(event) => setCueTimes({ phaseWrapUpMs: Number(event.target.value) })}>
          {PHASE_WRAP_UP_CHOICES_MS.map((ms) => (
            <option key={ms} value={ms}>
              {leadLabel(ms)}
            </option>
          ))}
        </select>
      </label>
      <label className="setting-row">
        <span>{t(seatWordsOf(progress).turnsCue)}</span>
        <select value={progress.cueTimes.turnWrapUpMs} onChange={(event) => setCueTimes({ turnWrapUpMs: Number(event.target.value) })}>
          {TURN_WRAP_UP_CHOICES_MS.map((ms) => (
            <option key={ms} value={ms}>
              {leadLabel(ms)}
            </option>
          ))}
        </select>
      </label>
    </div>
  );
}
