import { isInTurnsPhase, nextPosition, projectedEndAt } from '../../shared/clinicSteps.ts';
import { MS_PER_MINUTE } from '../../shared/time.ts';
import { sendCommand } from '../connection.ts';
import { SHORTCUTS } from '../shortcuts.ts';
import { useServerNowEverySecond } from '../useCountdown.ts';
import { CommandButton } from './CommandButton.tsx';
import { ConfirmButton } from './ConfirmButton.tsx';
import { CrewManager } from './CrewManager.tsx';
import { PeopleList } from './PeopleList.tsx';
import { Timeline } from './Timeline.tsx';
import { TimingSettings } from './TimingSettings.tsx';
import type { ClinicView } from './useClinic.ts';
import { useFacilitatorShortcuts } from './useFacilitatorShortcuts.ts';

const clockTime = (epochMs: number) => new Date(epochMs).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });

/** The facilitator's controls, the crew's presence, and the timeline with the projected end. */
export function FacilitatorConsole({ view }: { readonly view: ClinicView }) {
  const now = useServerNowEverySecond();
  useFacilitatorShortcuts(view);
  const { context, stage } = view;
  const lastStep = nextPosition(context, false) === null;
  const projectedEnd = projectedEndAt(context, now);

  return (
    <aside className="console" aria-label="Facilitator controls">
      <div className="controls">
        <div className="control-row">
          <CommandButton view={view} command={{ type: 'BACK' }}>
            Back
          </CommandButton>
          {isInTurnsPhase(context) && (
            <CommandButton view={view} command={{ type: 'SKIP_SPEAKER' }}>
              Skip speaker
            </CommandButton>
          )}
          <CommandButton view={view} command={{ type: 'NEXT_SPEAKER' }} variant={isInTurnsPhase(context) ? 'primary' : 'secondary'}>
            Next speaker
          </CommandButton>
          <CommandButton view={view} command={{ type: 'NEXT_PHASE' }} variant={isInTurnsPhase(context) ? 'secondary' : 'primary'}>
            {lastStep ? 'Finish clinic' : 'Next phase'}
          </CommandButton>
        </div>
        <div className="control-row">
          <CommandButton view={view} command={{ type: stage === 'paused' ? 'RESUME' : 'PAUSE' }}>
            {stage === 'paused' ? 'Resume' : 'Pause'}
          </CommandButton>
          <CommandButton view={view} command={{ type: 'ADJUST_TIME', deltaMs: -MS_PER_MINUTE }} ariaLabel="Remove one minute">
            −1 min
          </CommandButton>
          <CommandButton view={view} command={{ type: 'ADJUST_TIME', deltaMs: MS_PER_MINUTE }} ariaLabel="Add one minute">
            +1 min
          </CommandButton>
          <ConfirmButton label="End clinic" confirmLabel="Confirm end" onConfirm={() => void sendCommand({ type: 'END' })} />
        </div>
      </div>
      <p className="projected-end">
        {projectedEnd !== null && <>Projected end {clockTime(projectedEnd)} · </>}
        <a href={`/c/${view.clinic.clinicId}/present`} target="_blank" rel="noopener noreferrer">
          Presenter view
        </a>{' '}
        to share in the call
      </p>
      <h2>Timeline</h2>
      <Timeline view={view} at={now} />
      <h2>Crew</h2>
      <PeopleList view={view} />
      <details className="panel">
        <summary>Timing and cues</summary>
        <TimingSettings view={view} />
      </details>
      <details className="panel">
        <summary>Facilitation and privacy</summary>
        <CrewManager view={view} />
      </details>
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
