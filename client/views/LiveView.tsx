import { phaseDefinition, standingOf, upNext } from '../../shared/clinicView.ts';
import { showsTimeUpPrompt, timeCueOf, type TimeCue } from '../../shared/cues.ts';
import { serverNow } from '../clinicStore.ts';
import { useRemainingMs } from '../useCountdown.ts';
import { useSoundOn } from '../soundPreference.ts';
import { useScreenWakeLock } from '../wakeLock.ts';
import { Countdown } from './Countdown.tsx';
import { DeviceSettings } from './DeviceSettings.tsx';
import { cueWording, speakerText, standingText, upNextText, type CueWording, type Viewer } from './liveWording.ts';
import type { ClinicView } from './useClinic.ts';

/**
 * Phase, time, speaker and one sentence of guidance: the screen everyone watches. `shared` is the
 * presenter screen shown to the whole call: nobody's personal place, no device settings.
 */
export function LiveView({ view, shared = false }: { readonly view: ClinicView; readonly shared?: boolean }) {
  const { progress, stage, nameOf, clinic } = view;
  const myId = shared ? '' : view.myId;
  const step = progress.step!;
  const phase = phaseDefinition(progress, step.phaseIndex);
  // Re-render on every countdown flip so the cues below switch on time.
  useRemainingMs(step.timer);
  const now = serverNow();
  const isCaseGiver = progress.caseGiverId === myId;
  const standing = standingOf(progress, myId);
  const next = upNext(progress);
  const cue = timeCueOf(progress, now);
  const isSpeaker = step.speakerId === myId;
  const soundOn = useSoundOn(clinic.clinicId, isCaseGiver);
  // Every screen showing the live clinic stays on, the shared presenter screen most of all.
  const wakeLock = useScreenWakeLock(true);

  const viewer = { myId, nameOf };
  const standingLine = isCaseGiver ? null : standingText(standing);

  return (
    <section className={`live phase-${phase.id}`} aria-label="Clinic status">
      <header className="live-header">
        <span className="clinic-name">{clinic.title ?? 'Case clinic'}</span>
        <span className="phase-progress">
          Phase {step.phaseIndex + 1} of {progress.plan.length}
        </span>
      </header>
      <h1 data-testid="phase-title" className="phase-title">
        {phase.title}
      </h1>
      {phase.speaker === 'eachCoach' && <TurnStrip coachIds={progress.coachIds} turnIndex={step.turnIndex} viewer={viewer} />}
      <Countdown timer={step.timer} stage={stage} />
      {cue !== 'none' && stage !== 'paused' && <CueLine {...cueWording(cue, isSpeaker, showsTimeUpPrompt(progress, now))} forSpeaker={isSpeaker} tone={cue} />}
      {/* A coach whose turn it is sees "Your turn" below instead; saying it twice is noise. */}
      {standing.kind !== 'speaking' && (
        <p data-testid="speaker" className="speaker">
          {speakerText(step.speakerId, viewer)}
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
      {/* Inside Reflections "You're next" above already says it; "Up next: you" would repeat it. */}
      {!(standing.kind === 'next' && next?.sameTurnsPhase) && (
        <p data-testid="up-next" className="up-next">
          {upNextText(next, viewer)}
        </p>
      )}
      {!shared && <DeviceSettings view={view} soundOn={soundOn} wakeLock={wakeLock} />}
    </section>
  );
}

/** The wrap-up or time-up cue; its two parts break between them, never mid-phrase, on a phone. */
function CueLine({ text, detail, forSpeaker, tone }: CueWording & { readonly forSpeaker: boolean; readonly tone: TimeCue }) {
  return (
    <p className={`cue cue-${tone}${forSpeaker ? ' cue-for-speaker' : ''}`} role="status">
      <span>{detail ? `${text}:` : text}</span>
      {detail && (
        <>
          {' '}
          <span>{detail}</span>
        </>
      )}
    </p>
  );
}

/** Every coach's turn by name, so anyone sees at a glance who has spoken, who speaks and who follows. */
function TurnStrip({ coachIds, turnIndex, viewer }: { readonly coachIds: readonly string[]; readonly turnIndex: number; readonly viewer: Viewer }) {
  return (
    <ol data-testid="turn-strip" className="turn-strip" aria-label={`Turn ${turnIndex + 1} of ${coachIds.length}`}>
      {coachIds.map((coachId, index) => {
        const status = index < turnIndex ? 'done' : index === turnIndex ? 'current' : 'upcoming';
        return (
          <li key={coachId} className={status} aria-current={status === 'current' ? 'step' : undefined}>
            {coachId === viewer.myId ? 'You' : viewer.nameOf(coachId)}
          </li>
        );
      })}
    </ol>
  );
}
