import { useRef, useState } from 'react';
import { customFormatOf, draftProblem, type CustomFloor, type CustomFormatDraft, type CustomPhase, type DraftProblem } from '../../shared/customFormat.ts';
import type { ClinicFormat } from '../../shared/formatSchema.ts';
import { MAX_PHASE_MINUTES, MIN_PHASE_MINUTES } from '../../shared/protocol.ts';
import { t, type MessageId } from '../language.ts';
import { builtFormatWords } from './formatBuilderWords.ts';

const FLOOR_LABELS: Record<CustomFloor, MessageId> = {
  caseGiver: 'builder.floor.caseGiver',
  eachCoach: 'builder.floor.eachCoach',
  everyone: 'builder.floor.everyone',
  othersWhileAway: 'builder.floor.othersWhileAway',
  nobody: 'builder.floor.nobody',
};

const MAX_PHASES = 12;

const PROBLEM_WORDS: Record<DraftProblem['kind'], MessageId> = {
  noName: 'builder.problem.noName',
  noPhases: 'builder.problem.noPhases',
  unnamedPhase: 'builder.problem.unnamedPhase',
  minutesOutOfRange: 'builder.problem.minutesOutOfRange',
};

/** Why "Use this format" is greyed out, in words: a button greyed out without one leaves people pressing it. */
const problemText = (problem: DraftProblem): string =>
  t(PROBLEM_WORDS[problem.kind], { ...problem, min: MIN_PHASE_MINUTES, max: MAX_PHASE_MINUTES });

/**
 * Builds a format of one's own: name it, then add, remove, reorder and rename its phases and say
 * who holds the floor in each and for how long. `onUse` gets the finished format.
 */
export function FormatBuilder({ start, onUse, onCancel }: { readonly start: CustomFormatDraft; readonly onUse: (format: ClinicFormat) => void; readonly onCancel: () => void }) {
  const [draft, setDraft] = useState(start);
  // Each row keeps its key as it moves, so the button that moved it keeps focus and moves with it.
  const nextKey = useRef(start.phases.length);
  const [keys, setKeys] = useState(() => start.phases.map((_, index) => index));
  const setPhases = (phases: CustomPhase[]) => setDraft({ ...draft, phases });
  const change = (index: number, update: Partial<CustomPhase>) => setPhases(draft.phases.map((phase, at) => (at === index ? { ...phase, ...update } : phase)));
  const move = (index: number, by: number) => {
    const swapped = <T,>(items: readonly T[]) => {
      const copy = [...items];
      [copy[index], copy[index + by]] = [copy[index + by]!, copy[index]!];
      return copy;
    };
    setPhases(swapped(draft.phases));
    setKeys(swapped(keys));
  };
  const remove = (index: number) => {
    setPhases(draft.phases.filter((_, at) => at !== index));
    setKeys(keys.filter((_, at) => at !== index));
  };
  const add = () => {
    setPhases([...draft.phases, { title: '', floor: 'everyone', minutes: 5 }]);
    setKeys([...keys, nextKey.current++]);
  };
  const problem = draftProblem(draft);

  return (
    <fieldset className="format-builder" data-testid="format-builder">
      <legend>{t('builder.legend')}</legend>
      <label htmlFor="custom-name">{t('builder.name')}</label>
      <input id="custom-name" maxLength={60} value={draft.name} onChange={(event) => setDraft({ ...draft, name: event.target.value })} />
      <label className="checkbox-row">
        <input type="checkbox" checked={draft.rounds === 'eachCaseGiver'} onChange={(event) => setDraft({ ...draft, rounds: event.target.checked ? 'eachCaseGiver' : 'one' })} />
        {t('builder.rounds')}
      </label>
      <ol className="builder-phases">
        {draft.phases.map((phase, index) => (
          <li key={keys[index]} className="builder-phase">
            <input aria-label={t('builder.phaseName', { phase: index + 1 })} maxLength={40} value={phase.title} onChange={(event) => change(index, { title: event.target.value })} />
            <select aria-label={t('builder.phaseFloor', { phase: index + 1 })} value={phase.floor} onChange={(event) => change(index, { floor: event.target.value as CustomFloor })}>
              {Object.entries(FLOOR_LABELS).map(([floor, label]) => (
                <option key={floor} value={floor}>
                  {t(label)}
                </option>
              ))}
            </select>
            <input
              aria-label={t('builder.phaseMinutes', { phase: index + 1 })}
              type="number"
              inputMode="numeric"
              min={MIN_PHASE_MINUTES}
              max={MAX_PHASE_MINUTES}
              value={phase.minutes}
              onChange={(event) => change(index, { minutes: Number(event.target.value) })}
            />
            {/* The field's own name says minutes to a screen reader; this says it to the eye. */}
            <span className="duration-unit" aria-hidden="true">
              {t('create.minutesUnit')}
            </span>
            <span className="person-actions">
              <button type="button" className="icon-button" aria-label={t('builder.moveUp', { phase: index + 1 })} disabled={index === 0} onClick={() => move(index, -1)}>
                ↑
              </button>
              <button type="button" className="icon-button" aria-label={t('builder.moveDown', { phase: index + 1 })} disabled={index === draft.phases.length - 1} onClick={() => move(index, 1)}>
                ↓
              </button>
              <button type="button" className="icon-button" aria-label={t('builder.remove', { phase: index + 1 })} onClick={() => remove(index)}>
                ✕
              </button>
            </span>
          </li>
        ))}
      </ol>
      <div className="builder-actions">
        <button type="button" className="button secondary" disabled={draft.phases.length >= MAX_PHASES} onClick={add}>
          {t('builder.add')}
        </button>
        <button type="button" className="button quiet" onClick={onCancel}>
          {t('builder.cancel')}
        </button>
        <button
          type="button"
          className="button primary"
          disabled={problem !== null}
          aria-describedby={problem ? 'builder-problem' : undefined}
          onClick={() => onUse(customFormatOf(draft, builtFormatWords()))}
        >
          {t('builder.use')}
        </button>
      </div>
      {problem && (
        <p className="hint" id="builder-problem" data-testid="builder-problem">
          {problemText(problem)}
        </p>
      )}
    </fieldset>
  );
}
