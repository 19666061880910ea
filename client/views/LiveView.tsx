import { phaseDefinition, standingOf, upNext, type Standing } from '../../shared/clinicView.ts';
import { showsTimeUpPrompt, timeCueOf } from '../../shared/cues.ts';
import { serverNow } from '../clinicStore.ts';
import { useRemainingMs } from '../useCountdown.ts';
import { useSoundOn } from '../soundPreference.ts';
import { useCueSignals } from '../useCueSignals.ts';
import { Countdown } from './Countdown.tsx';
import { DeviceSettings } from './DeviceSettings.tsx';
import type { ClinicView } from './useClinic.ts';

const ORDINALS = ['first', 'second', 'third', 'fourth', 'fifth', 'sixth', 'seventh', 'eighth'];

function standingText(standing: Standing): string | null {
  switch (standing.kind) {
    case 'speaking':
      return 'Your turn';
    case 'next':
      return "You're next";
    case 'waiting':
      return standing.place <= ORDINALS.length
        ? `You reflect ${ORDINALS[standing.place - 1]} of ${standing.of}`
        : `You reflect in turn ${standing.place} of ${standing.of}`;
    case 'spoken':
      return "You've had your turn";
    default:
      return null;
  }
}

/**
 * Phase, time, speaker and one sentence of guidance: the screen everyone watches. `shared` is the
 * presenter screen shown to the whole call: nobody's personal place, no sounds from it.
 */
export function LiveView({ view, shared = false }: { readonly view: ClinicView; readonly shared?: boolean }) {
  const { context, stage, nameOf, clinic } = view;
  const myId = shared ? '' : view.myId;
  const step = context.step!;
  const phase = phaseDefinition(context, step.phaseIndex);
  // Re-render on every countdown flip so the cues below switch on time.
  useRemainingMs(step.timer);
  const now = serverNow();
  const isCaseGiver = context.caseGiverId === myId;
  const standing = standingOf(context, myId);
  const next = upNext(context);
  const cue = timeCueOf(context, now);
  const isSpeaker = step.speakerId === myId;
  const soundOn = useSoundOn(isCaseGiver) && !shared;
  useCueSignals(context, myId, soundOn, now);

  const speaker =
    step.speakerId === null ? 'Open dialogue: everyone' : isSpeaker ? "You're speaking" : `Speaking: ${nameOf(step.speakerId)}`;
  const nextText = next
    ? next.speakerId && next.sameTurnsPhase
      ? `Up next: ${nameOf(next.speakerId)}`
      : `Up next: ${next.phase.title}${next.speakerId ? ` with ${next.speakerId === myId ? 'you' : nameOf(next.speakerId)}` : ''}`
    : 'Last phase';
  const standingLine = isCaseGiver ? null : standingText(standing);

  return (
    <section className={`live phase-${phase.id}${shared ? ' live-shared' : ''}`} aria-label="Clinic status">
      <header className="live-header">
        <span className="clinic-name">{clinic.title ?? 'Case clinic'}</span>
        <span className="phase-progress">
          Phase {step.phaseIndex + 1} of {context.plan.length}
        </span>
      </header>
      <h1 data-testid="phase-title" className="phase-title">
        {phase.title}
      </h1>
      {phase.speaker === 'eachCoach' && (
        <ol className="turn-dots" aria-label={`Turn ${step.turnIndex + 1} of ${context.coachIds.length}`}>
          {context.coachIds.map((coachId, index) => (
            <li key={coachId} className={index < step.turnIndex ? 'done' : index === step.turnIndex ? 'current' : ''} title={nameOf(coachId)} />
          ))}
        </ol>
      )}
      <Countdown timer={step.timer} stage={stage} />
      {cue !== 'none' && stage !== 'paused' && (
        <p className={`cue cue-${cue}${isSpeaker ? ' cue-for-speaker' : ''}`} role="status">
          {cue === 'wrapUp' ? (isSpeaker ? 'Time to wrap up' : 'Wrapping up') : showsTimeUpPrompt(context, now) ? "Time's up: next when you're ready" : "Time's up"}
        </p>
      )}
      {/* A coach whose turn it is sees "Your turn" below instead; saying it twice is noise. */}
      {standing.kind !== 'speaking' && (
        <p data-testid="speaker" className={`speaker${isSpeaker ? ' speaker-you' : ''}`}>
          {speaker}
        </p>
      )}
      {standingLine && (
        <p data-testid="standing" className={`standing standing-${standing.kind}`}>
          {standingLine}
        </p>
      )}
      <p data-testid="guidance" className="guidance">
        {isCaseGiver ? phase.caseGiverGuidance : phase.coachGuidance}
      </p>
      <p data-testid="up-next" className="up-next">
        {nextText}
      </p>
      {!shared && <DeviceSettings view={view} soundOn={soundOn} />}
    </section>
  );
}
