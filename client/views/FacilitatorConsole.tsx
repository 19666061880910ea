import { phaseOf } from '../../shared/clinicView.ts';
import { isInTurnsPhase, nextPosition, nextReturnPosition, projectedEndAt, speakerAt } from '../../shared/clinicSteps.ts';
import { refusalOf } from '../../shared/commandRules.ts';
import type { FacilitatorCommand } from '../../shared/protocolSchemas.ts';
import type { Reason } from '../../shared/reasons.ts';
import { MS_PER_MINUTE, readCountdown } from '../../shared/time.ts';
import { sendCommand } from '../connection.ts';
import { reasonText } from '../refusalText.ts';
import { SHORTCUTS } from '../shortcuts.ts';
import { useRemainingMs, useServerNowEverySecond } from '../useCountdown.ts';
import { CommandButton, reasonIdOf } from './CommandButton.tsx';
import { ConfirmButton } from './ConfirmButton.tsx';
import { FeedbackLine, useCommandFeedback } from './FeedbackLine.tsx';
import { SettingsPanels } from './SettingsPanels.tsx';
import { SignalsPanel } from './SignalsPanel.tsx';
import { PeopleList } from './PeopleList.tsx';
import { Timeline } from './Timeline.tsx';
import type { ClinicView } from './useClinic.ts';
import { useFacilitatorShortcuts } from './useFacilitatorShortcuts.ts';

const clockTime = (epochMs: number) => new Date(epochMs).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });

interface Control {
  readonly command: FacilitatorCommand;
  readonly label: string;
}

/** The facilitator's controls, the crew's presence, and the timeline with the projected end. */
export function FacilitatorConsole({ view }: { readonly view: ClinicView }) {
  const now = useServerNowEverySecond();
  const { act, lastMove } = useCommandFeedback(view);
  useFacilitatorShortcuts(view, act);
  const { progress, stage } = view;
  const lastStep = nextPosition(progress, false) === null;
  const inTurns = isInTurnsPhase(progress);
  const paused = stage === 'paused';
  const projectedEnd = projectedEndAt(progress, now);
  const returnPosition = nextReturnPosition(progress);
  const returnTo = returnPosition && speakerAt(progress, returnPosition);

  const nextSpeaker: Control = { command: { type: 'NEXT_SPEAKER' }, label: 'Next speaker' };
  const nextPhase: Control = { command: { type: 'NEXT_PHASE' }, label: 'Next phase' };
  const back: Control = { command: { type: 'BACK' }, label: 'Back' };
  const skip: Control = { command: { type: 'SKIP_SPEAKER' }, label: 'Skip speaker' };
  const pause: Control = paused ? { command: { type: 'RESUME' }, label: 'Resume' } : { command: { type: 'PAUSE' }, label: 'Pause' };
  const lessTime: Control = { command: { type: 'ADJUST_TIME', deltaMs: -MS_PER_MINUTE }, label: '−1 min' };
  const moreTime: Control = { command: { type: 'ADJUST_TIME', deltaMs: MS_PER_MINUTE }, label: '+1 min' };
  // Only while a skipped coach is waiting: a control that is nearly always disabled is noise.
  const giveBack: Control | null = returnTo ? { command: { type: 'RETURN_TO_SKIPPED' }, label: `Back to skipped: ${view.nameOf(returnTo)}` } : null;
  const button = ({ command, label }: Control, variant: 'primary' | 'secondary' = 'secondary') => (
    <CommandButton view={view} command={command} variant={variant} act={act}>
      {label}
    </CommandButton>
  );

  return (
    <aside className="console" aria-label="Facilitator controls">
      <SignalsPanel view={view} act={act} />
      {/* Timer, controls and what they just did stay together in view: on a narrow or zoomed
          screen this bar stays at the bottom of the window while the live view scrolls. */}
      <div className="control-bar" data-testid="control-bar">
        <ConsoleClock view={view} />
        {/* Fixed positions, so the facilitator's hand finds the same button in every phase. */}
        <div className="controls">
          <div className="control-grid control-grid-moves">
            {button(nextSpeaker, inTurns ? 'primary' : 'secondary')}
            {lastStep ? (
              <ConfirmButton label="Finish clinic" confirmLabel="Confirm finish" tone="primary" onConfirm={() => void sendCommand({ type: 'NEXT_PHASE' })} />
            ) : (
              button(nextPhase, inTurns ? 'secondary' : 'primary')
            )}
            {button(back)}
            {button(skip)}
          </div>
          {giveBack && button(giveBack)}
          <div className="control-grid control-grid-time">
            {button(pause, paused ? 'primary' : 'secondary')}
            {button(lessTime)}
            {button(moreTime)}
          </div>
        </div>
        <FeedbackLine view={view} lastMove={lastMove} act={act} />
      </div>
      <DisabledReasons view={view} controls={[nextSpeaker, ...(lastStep ? [] : [nextPhase]), back, skip, ...(giveBack ? [giveBack] : []), pause, lessTime, moreTime]} />
      <div className="control-end">
        <ConfirmButton label="End clinic" confirmLabel="Confirm end" onConfirm={() => void sendCommand({ type: 'END' })} />
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

/** The phase and time left, small, for the control bar when the live view has scrolled away. */
function ConsoleClock({ view }: { readonly view: ClinicView }) {
  const step = view.progress.step!;
  const remaining = useRemainingMs(step.timer) ?? 0;
  const { text, overtime } = readCountdown(remaining);
  return (
    <p className="console-clock" data-testid="console-clock" data-state={view.stage === 'paused' ? 'paused' : overtime ? 'overtime' : 'running'}>
      <span className="console-clock-phase">{phaseOf(view.progress, step.phaseIndex).title}</span>
      <span className="console-clock-time">{text}</span>
    </p>
  );
}

/**
 * Why each disabled control is off, in words on the screen rather than a hover tooltip: one line
 * per reason the shared rules give, naming the controls it holds back.
 */
function DisabledReasons({ view, controls }: { readonly view: ClinicView; readonly controls: readonly Control[] }) {
  const held = new Map<Reason, string[]>();
  for (const { command, label } of controls) {
    const reason = refusalOf(view.clinic, view.myId, command);
    if (reason !== null) held.set(reason, [...(held.get(reason) ?? []), label]);
  }
  if (held.size === 0) return null;
  return (
    <ul className="control-reasons" data-testid="control-reasons" aria-label="Why some controls are off">
      {[...held].map(([reason, labels]) => (
        <li key={reason} id={reasonIdOf(reason)}>
          <strong>{labels.join(', ')}</strong>: {reasonText(reason)}
        </li>
      ))}
    </ul>
  );
}
