import { phaseOf } from '../../shared/clinicView.ts';
import { isInTurnsPhase, nextPosition, nextReturnPosition, projectedEndAt, speakerAt } from '../../shared/clinicSteps.ts';
import { refusalOf } from '../../shared/commandRules.ts';
import type { FacilitatorCommand } from '../../shared/protocolSchemas.ts';
import type { Reason } from '../../shared/reasons.ts';
import { MS_PER_MINUTE, readCountdown } from '../../shared/time.ts';
import { sendCommand } from '../commandLine.ts';
import { reasonText } from '../refusalText.ts';
import { seatWordsOf } from '../seatWords.ts';
import { SHORTCUTS, shownKeysText } from '../shortcuts.ts';
import { useRemainingMs, useServerNowEverySecond } from '../useCountdown.ts';
import { CommandButton, reasonIdOf } from './CommandButton.tsx';
import { ConfirmButton } from './ConfirmButton.tsx';
import { FeedbackLine, useCommandFeedback } from './FeedbackLine.tsx';
import { SettingsPanels } from './SettingsPanels.tsx';
import { SignalsPanel } from './SignalsPanel.tsx';
import { PeopleList } from './PeopleList.tsx';
import { Timeline } from './Timeline.tsx';
import { clockTimeText } from './timeWording.ts';
import type { ClinicView } from './useClinic.ts';
import { useFacilitatorShortcuts } from './useFacilitatorShortcuts.ts';
import { intlLocale, t } from '../language.ts';

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
  // The last turn of a last phase in which each coach speaks: the next speaker is the end, which is confirmed like Finish.
  const nextSpeakerFinishes = inTurns && nextPosition(progress, true) === null;
  const paused = stage === 'paused';
  const projectedEnd = projectedEndAt(progress, now);
  const returnPosition = nextReturnPosition(progress);
  const returnTo = returnPosition && speakerAt(progress, returnPosition);

  const nextSpeaker: Control = { command: { type: 'NEXT_SPEAKER' }, label: t('console.nextSpeaker') };
  const nextPhase: Control = { command: { type: 'NEXT_PHASE' }, label: t('console.nextPhase') };
  const back: Control = { command: { type: 'BACK' }, label: t('console.back') };
  const skip: Control = { command: { type: 'SKIP_SPEAKER' }, label: t('console.skip') };
  const pause: Control = paused ? { command: { type: 'RESUME' }, label: t('console.resume') } : { command: { type: 'PAUSE' }, label: t('console.pause') };
  const lessTime: Control = { command: { type: 'ADJUST_TIME', deltaMs: -MS_PER_MINUTE }, label: t('console.lessTime') };
  const moreTime: Control = { command: { type: 'ADJUST_TIME', deltaMs: MS_PER_MINUTE }, label: t('console.moreTime') };
  // Only while a skipped coach is waiting: a control that is nearly always disabled is noise.
  const giveBack: Control | null = returnTo ? { command: { type: 'RETURN_TO_SKIPPED' }, label: t('console.giveBack', { name: view.nameOf(returnTo) }) } : null;
  const button = ({ command, label }: Control, variant: 'primary' | 'secondary' = 'secondary') => (
    <CommandButton view={view} command={command} variant={variant} act={act}>
      {label}
    </CommandButton>
  );

  return (
    <aside className="console" aria-label={t('console.label')}>
      <SignalsPanel view={view} act={act} />
      {/* Timer, controls and what they just did stay together in view: on a narrow or zoomed
          screen this bar stays at the bottom of the window while the live view scrolls. */}
      <div className="control-bar" data-testid="control-bar">
        <ConsoleClock view={view} />
        {/* Fixed positions, so the facilitator's hand finds the same button in every phase. */}
        <div className="controls">
          <div className="control-grid control-grid-moves">
            {nextSpeakerFinishes ? (
              <ConfirmButton label={nextSpeaker.label} confirmLabel={t('console.confirmFinish')} tone="primary" onConfirm={() => sendCommand(nextSpeaker.command)} />
            ) : (
              button(nextSpeaker, inTurns ? 'primary' : 'secondary')
            )}
            {lastStep ? (
              <ConfirmButton label={t('console.finish')} confirmLabel={t('console.confirmFinish')} tone="primary" onConfirm={() => sendCommand({ type: 'NEXT_PHASE' })} />
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
      <DisabledReasons view={view} controls={[...(nextSpeakerFinishes ? [] : [nextSpeaker]), ...(lastStep ? [] : [nextPhase]), back, skip, ...(giveBack ? [giveBack] : []), pause, lessTime, moreTime]} />
      {/* In the last step "Finish" above ends it: a second way to the same end would only make one wonder how they differ. */}
      {!lastStep && (
        <div className="control-end">
          <ConfirmButton label={t(seatWordsOf(progress).endAction)} confirmLabel={t('console.confirmEnd')} onConfirm={() => sendCommand({ type: 'END' })} />
        </div>
      )}
      <div className="console-meta">
        <p className="projected-end">{projectedEnd !== null && <>{t('console.projectedEnd')} <strong>{clockTimeText(projectedEnd)}</strong></>}</p>
        <a href={`/c/${view.clinic.clinicId}/present`} target="_blank" rel="noopener noreferrer" title={t('console.presenterHint')}>
          {t('console.presenter')}
        </a>
      </div>
      <h2>{t('console.timeline')}</h2>
      <Timeline view={view} at={now} />
      <h2>{t('console.crew')}</h2>
      <PeopleList view={view} />
      <SettingsPanels view={view} className="panel" />
      <details className="shortcuts panel">
        <summary>{t('console.shortcuts')}</summary>
        <dl>
          {SHORTCUTS.map((shortcut) => (
            <div key={shortcut.ariaKeys}>
              <dt>
                <kbd>{shownKeysText(shortcut)}</kbd>
              </dt>
              <dd>{t(shortcut.description)}</dd>
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
    <ul className="control-reasons" data-testid="control-reasons" aria-label={t('console.reasonsLabel')}>
      {[...held].map(([reason, labels]) => (
        <li key={reason} id={reasonIdOf(reason)}>
          <strong>{new Intl.ListFormat(intlLocale(), { type: 'unit' }).format(labels)}</strong>
          {t('console.reasonSeparator')}
          {reasonText(reason)}
        </li>
      ))}
    </ul>
  );
}
