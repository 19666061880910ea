import { isInTurnsPhase, nextPosition, nextReturnPosition, projectedEndAt, speakerAt } from '../../shared/clinicSteps.ts';
import { MS_PER_MINUTE } from '../../shared/time.ts';
import { sendCommand } from '../connection.ts';
import { SHORTCUTS } from '../shortcuts.ts';
import { useServerNowEverySecond } from '../useCountdown.ts';
import { CommandButton } from './CommandButton.tsx';
import { ConfirmButton } from './ConfirmButton.tsx';
import { SettingsPanels } from './SettingsPanels.tsx';
import { SignalsPanel } from './SignalsPanel.tsx';
import { PeopleList } from './PeopleList.tsx';
import { Timeline } from './Timeline.tsx';
import type { ClinicView } from './useClinic.ts';
import { useFacilitatorShortcuts } from './useFacilitatorShortcuts.ts';

const clockTime = (epochMs: number) => new Date(epochMs).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });

/** The facilitator's controls, the crew's presence, and the timeline with the projected end. */
export function FacilitatorConsole({ view }: { readonly view: ClinicView }) {
  const now = useServerNowEverySecond();
  useFacilitatorShortcuts(view);
  const { progress, stage } = view;
  const lastStep = nextPosition(progress, false) === null;
  const inTurns = isInTurnsPhase(progress);
  const paused = stage === 'paused';
  const projectedEnd = projectedEndAt(progress, now);
  const returnPosition = nextReturnPosition(progress);
  const returnTo = returnPosition && speakerAt(progress, returnPosition);

  return (
    <aside className="console" aria-label="Facilitator controls">
      <SignalsPanel view={view} />
      {/* Fixed positions, so the facilitator's hand finds the same button in every phase. */}
      <div className="controls">
        <div className="control-grid">
          <CommandButton view={view} command={{ type: 'NEXT_SPEAKER' }} variant={inTurns ? 'primary' : 'secondary'}>
            Next speaker
          </CommandButton>
          {lastStep ? (
            <ConfirmButton label="Finish clinic" confirmLabel="Confirm finish" tone="primary" onConfirm={() => void sendCommand({ type: 'NEXT_PHASE' })} />
          ) : (
            <CommandButton view={view} command={{ type: 'NEXT_PHASE' }} variant={inTurns ? 'secondary' : 'primary'}>
              Next phase
            </CommandButton>
          )}
          <CommandButton view={view} command={{ type: 'BACK' }}>
            Back
          </CommandButton>
          <CommandButton view={view} command={{ type: 'SKIP_SPEAKER' }}>
            Skip speaker
          </CommandButton>
        </div>
        {/* Only while a skipped coach is waiting: a control that is nearly always disabled is noise. */}
        {returnTo && (
          <CommandButton view={view} command={{ type: 'RETURN_TO_SKIPPED' }} variant="secondary">
            Back to skipped: {view.nameOf(returnTo)}
          </CommandButton>
        )}
        <div className="control-grid control-grid-time">
          <CommandButton view={view} command={{ type: paused ? 'RESUME' : 'PAUSE' }} variant={paused ? 'primary' : 'secondary'}>
            {paused ? 'Resume' : 'Pause'}
          </CommandButton>
          <CommandButton view={view} command={{ type: 'ADJUST_TIME', deltaMs: -MS_PER_MINUTE }} ariaLabel="Remove one minute">
            −1 min
          </CommandButton>
          <CommandButton view={view} command={{ type: 'ADJUST_TIME', deltaMs: MS_PER_MINUTE }} ariaLabel="Add one minute">
            +1 min
          </CommandButton>
        </div>
        <div className="control-end">
          <ConfirmButton label="End clinic" confirmLabel="Confirm end" onConfirm={() => void sendCommand({ type: 'END' })} />
        </div>
      </div>
      <div className="console-meta">
        <p className="projected-end">{projectedEnd !== null && <>Projected end <strong>{clockTime(projectedEnd)}</strong></>}</p>
        <a href={`/c/${view.clinic.clinicId}/present`} target="_blank" rel="noopener noreferrer" title="A large, shared screen to show in the call">
          Presenter view ↗
        </a>
      </div>
      <h2>Timeline</h2>
      <Timeline view={view} at={now} />
      <h2>Crew</h2>
      <PeopleList view={view} />
      <SettingsPanels view={view} className="panel" />
      <details className="shortcuts panel">
        <summary>Keyboard shortcuts</summary>
        <dl>
          {SHORTCUTS.map((shortcut) => (
            <div key={shortcut.label}>
              <dt>
                <kbd>{shortcut.label}</kbd>
              </dt>
              <dd>{shortcut.description}</dd>
            </div>
          ))}
        </dl>
      </details>
    </aside>
  );
}
