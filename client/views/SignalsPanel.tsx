import { useEffect, useRef } from 'react';
import { isBeforeTurns, readyCountOf } from '../../shared/asides.ts';
import type { Signal } from '../../shared/asidesSchema.ts';
import { firstTurnsPhase } from '../../shared/clinicSteps.ts';
import { phaseOf } from '../../shared/clinicView.ts';
import { refusalOf } from '../../shared/commandRules.ts';
import type { FacilitatorCommand } from '../../shared/protocolSchemas.ts';
import { MS_PER_MINUTE } from '../../shared/time.ts';
import { playChime } from '../chime.ts';
import { sendCommand } from '../commandLine.ts';
import { sendAside } from '../connection.ts';
import { useSoundOn } from '../soundPreference.ts';
import { AsideButton } from './AsideButton.tsx';
import { ActionFor } from './ActionFor.tsx';
import { answerOnConsoleText, passRequestText, readyCountText, SIGNAL_EXTRA_MS, signalHeardText } from './asideWording.ts';
import { CommandButton, type Act } from './CommandButton.tsx';
import { useAsides } from './useAsides.ts';
import type { ClinicView } from './useClinic.ts';
import { t } from '../language.ts';
import { seatWordsOf } from '../seatWords.ts';

/**
 * What the room quietly asks of the facilitator: the case giver's signals (with a soft knock when
 * one arrives), raised hands in the order to take them, requests to pass, and how many coaches
 * are ready. Nothing shows while nothing is asked.
 */
export function SignalsPanel({ view, act }: { readonly view: ClinicView; readonly act?: Act }) {
  const asides = useAsides();
  const { progress, clinic, myId } = view;
  useKnockOnNewSignal(asides.signals, useSoundOn(clinic.clinicId, false));
  const { ready, asked } = readyCountOf(clinic, asides);
  const turnsFrom = firstTurnsPhase(progress);
  // Ready for the coaches' turns: named, so nobody wonders what for.
  const readyLine =
    turnsFrom !== -1 && isBeforeTurns(progress) && asked > 0 ? readyCountText(ready, asked, phaseOf(progress, turnsFrom).title, seatWordsOf(progress).readyCount) : null;
  if (asides.signals.length === 0 && asides.hands.length === 0 && asides.passRequests.length === 0 && readyLine === null) return null;

  return (
    <section className="signals-panel" aria-label={t('signals.label')} data-testid="signals-panel">
      {asides.signals.map((signal) => (
        <SignalCard key={signal.id} view={view} signal={signal} act={act} />
      ))}
      {asides.hands.length > 0 && (
        <div className="aside-block">
          <h3>{t('signals.handsUp')}</h3>
          <ol className="hand-queue" data-testid="hand-queue">
            {asides.hands.map((hand) => (
              <li key={hand.coachId}>
                <span>{view.nameOf(hand.coachId)}</span>
                <AsideButton view={view} asides={asides} aside={{ type: 'QUESTION_ANSWERED', coachId: hand.coachId }} small>
                  <ActionFor action={t('signals.answered')} name={view.nameOf(hand.coachId)} />
                </AsideButton>
              </li>
            ))}
          </ol>
        </div>
      )}
      {asides.passRequests.map((request) => {
        const name = view.nameOf(request.coachId);
        const theirTurn = progress.step?.speakerId === request.coachId && refusalOf(clinic, myId, { type: 'SKIP_SPEAKER' }) === null;
        return (
          <div key={request.coachId} className="aside-block pass-request" data-testid="pass-request">
            <p>{passRequestText(name, request.declined, theirTurn)}</p>
            <div className="aside-actions">
              {theirTurn && (
                <CommandButton view={view} command={{ type: 'SKIP_SPEAKER' }} variant="primary" act={act}>
                  {t('signals.skipTurn', { name })}
                </CommandButton>
              )}
              {!request.declined && (
                <AsideButton view={view} asides={asides} aside={{ type: 'DECLINE_PASS', coachId: request.coachId }} small>
                  {t('signals.hearThem')}
                </AsideButton>
              )}
            </div>
          </div>
        );
      })}
      {readyLine && (
        <p className="ready-count" data-testid="ready-count">
          {readyLine}
        </p>
      )}
    </section>
  );
}

function SignalCard({ view, signal, act = sendCommand }: { readonly view: ClinicView; readonly signal: Signal; readonly act?: Act }) {
  const asides = useAsides();
  const { clinic, myId } = view;
  const canPause = refusalOf(clinic, myId, { type: 'PAUSE' }) === null;
  const canAddTime = refusalOf(clinic, myId, { type: 'ADJUST_TIME', deltaMs: SIGNAL_EXTRA_MS }) === null;
  /** Acts with an ordinary command, then tells the phone what was done. */
  const actOn = async (command: FacilitatorCommand, answer: 'paused' | 'addedTime') => {
    const reply = await act(command);
    if (reply.ok) await sendAside({ type: 'ANSWER_SIGNAL', signalId: signal.id, answer });
  };
  return (
    <div className={`signal-card${signal.answer ? ' answered' : ''}`} role="status" data-testid="signal-card">
      <p className="signal-text">
        {signalHeardText(signal.kind, view.nameOf(signal.fromId))}
        {signal.answer && <span className="signal-answer">{t('signals.answerAfter', { answer: answerOnConsoleText(signal.answer.kind) })}</span>}
      </p>
      <div className="aside-actions">
        {!signal.answer && (
          <AsideButton view={view} asides={asides} aside={{ type: 'ANSWER_SIGNAL', signalId: signal.id, answer: 'seen' }} variant="primary" small>
            {t('signals.seen')}
          </AsideButton>
        )}
        {!signal.answer && canPause && (
          <button type="button" className="button secondary small" onClick={() => void actOn({ type: 'PAUSE' }, 'paused')}>
            {t('console.pause')}
          </button>
        )}
        {!signal.answer && canAddTime && (
          <button type="button" className="button secondary small" onClick={() => void actOn({ type: 'ADJUST_TIME', deltaMs: SIGNAL_EXTRA_MS }, 'addedTime')}>
            {t('signals.addMinutes', { minutes: SIGNAL_EXTRA_MS / MS_PER_MINUTE })}
          </button>
        )}
        <AsideButton view={view} asides={asides} aside={{ type: 'SHOW_SIGNAL', signalId: signal.id, shownToAll: !signal.shownToAll }} variant="quiet" small>
          {signal.shownToAll ? t('signals.hide') : t('signals.show')}
        </AsideButton>
      </div>
    </div>
  );
}

/** One soft knock for each signal that arrives while the console is open (not for those already there). */
function useKnockOnNewSignal(signals: readonly Signal[], soundOn: boolean): void {
  const known = useRef<ReadonlySet<string> | null>(null);
  useEffect(() => {
    const ids = new Set(signals.map((signal) => signal.id));
    const arrived = known.current !== null && signals.some((signal) => !known.current!.has(signal.id));
    known.current = ids;
    if (arrived && soundOn) playChime('signal');
  }, [signals, soundOn]);
}
