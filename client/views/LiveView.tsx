import type { CSSProperties } from 'react';
import type { ClinicProgress } from '../../shared/clinicStateSchema.ts';
import { coachTurnsOf, phaseOf, roleNamesOf, standingOf, upNext } from '../../shared/clinicView.ts';
import { currentLineup, roundCount } from '../../shared/lineup.ts';
import { showsTimeUpPrompt, timeCueOf, type TimeCue } from '../../shared/cues.ts';
import { serverNow } from '../clinicStore.ts';
import { useRemainingMs } from '../useCountdown.ts';
import { useSoundOn } from '../soundPreference.ts';
import { useScreenWakeLock } from '../wakeLock.ts';
import { CoachAsides } from './CoachAsides.tsx';
import { Countdown } from './Countdown.tsx';
import { DeviceSettings } from './DeviceSettings.tsx';
import { PhaseStepper, phaseToneOf } from './PhaseStepper.tsx';
import { StepProgressBar } from './StepProgressBar.tsx';
import { useFocusOnNewPhase } from './useFocusOnNewPhase.ts';
import { announcementText, cueWording, speakerText, standingText, upNextText, type CueWording, type Viewer } from './liveWording.ts';
import { QuietSignals } from './QuietSignals.tsx';
import { ShownSignals } from './ShownSignals.tsx';
import type { ClinicView } from './useClinic.ts';
import { listText, t } from '../language.ts';
import { clinicTitleText } from '../clinicTitle.ts';

/** Letters in a title's longest word, which the title's size must leave room for on one line. */
const longestWordLength = (title: string): number => Math.max(...title.split(/\s+/).map((word) => [...word].length));

/**
 * Phase, time, speaker and one sentence of guidance: the screen everyone watches. `shared` is the
 * presenter screen shown to the whole call: nobody's personal place, no device settings.
 */
export function LiveView({ view, shared = false }: { readonly view: ClinicView; readonly shared?: boolean }) {
  const { progress, stage, nameOf, clinic } = view;
  const myId = shared ? '' : view.myId;
  const step = progress.step!;
  const phase = phaseOf(progress, step.phaseIndex);
  // Re-render on every countdown flip so the cues below switch on time.
  useRemainingMs(step.timer);
  const now = serverNow();
  const { caseGiverId, coachIds } = currentLineup(progress);
  const isCaseGiver = caseGiverId === myId;
  const standing = standingOf(progress, myId);
  const next = upNext(progress);
  const cue = timeCueOf(progress, now);
  const isSpeaker = step.speakerId === myId;
  const soundOn = useSoundOn(clinic.clinicId, isCaseGiver);
  // Every screen showing the live clinic stays on, the shared presenter screen most of all.
  const wakeLock = useScreenWakeLock(true);
  const rounds = roundCount(progress);
  const roles = roleNamesOf(progress, myId);
  // Stillness is a quiet screen: the phase, the time, one line, nothing else asking to be read.
  const quiet = phase.floor.kind === 'nobody';
  const turnedAway = phase.caseGiverTurnsAway && caseGiverId !== null;
  const phaseTitleRef = useFocusOnNewPhase(step.roundIndex, step.phaseIndex);

  const viewer = { myId, nameOf };
  // Out of the order but with a part of their own (facilitating, or a role such as moderator, which
  // its own line names), "listening" is not what they are doing.
  const partOutsideOrder = standing.kind === 'listening' && (clinic.facilitatorIds.includes(myId) || roles.length > 0);
  const standingLine = isCaseGiver || shared || partOutsideOrder ? null : standingText(standing, (phaseIndex) => phaseOf(progress, phaseIndex).title);
  const guidance = isCaseGiver ? phase.guidance.caseGiver : isSpeaker && phase.guidance.speaker ? phase.guidance.speaker : phase.guidance.listeners;

  return (
    <section className={`live floor-${phase.floor.kind}${quiet ? ' quiet' : ''}`} data-page-tone={phaseToneOf(step.phaseIndex)} aria-label={t('live.label')}>
      <header className="live-header">
        <span className="clinic-name">{clinicTitleText(clinic) ?? progress.format.name}</span>
        <PhaseStepper progress={progress} />
      </header>
      {rounds > 1 && caseGiverId && (
        <p data-testid="round" className="round-label">
          {isCaseGiver ? t('live.round.yourCase', { round: step.roundIndex + 1, rounds }) : t('live.round.theirCase', { round: step.roundIndex + 1, rounds, name: nameOf(caseGiverId) })}
        </p>
      )}
      <h1 data-testid="phase-title" className="phase-title" ref={phaseTitleRef} tabIndex={-1}>
        <span className="phase-title-words" style={{ '--longest-word': longestWordLength(phase.title) } as CSSProperties}>
          {phase.title}
        </span>
      </h1>
      {/* Polite, and changing only with the phase or the speaker, so it never talks over the call nor repeats. */}
      <p className="visually-hidden" aria-live="polite" data-testid="announcement">
        {announcementText(phase.title, step.speakerId, phase.floor, viewer)}
      </p>
      {roles.length > 0 && <p className="role-line">{t('live.role', { role: listText(roles) })}</p>}
      {phase.floor.kind === 'eachCoach' && <TurnStrip progress={progress} coachIds={coachIds} viewer={viewer} />}
      {/* The time, its bar and its cue stay together: side by side with the rest on a phone lying sideways. */}
      <div className="live-time">
        <Countdown timer={step.timer} stage={stage} />
        <StepProgressBar progress={progress} at={now} />
        {cue !== 'none' && stage !== 'paused' && <CueLine {...cueWording(cue, isSpeaker, showsTimeUpPrompt(progress, now))} forSpeaker={isSpeaker} tone={cue} />}
      </div>
      <ShownSignals view={view} viewerId={myId} />
      {/* The case giver who turns away sees only what to do; the others, that they have. */}
      {turnedAway && (
        <p data-testid="turn-away" className={`turn-away${isCaseGiver ? ' turn-away-mine' : ''}`}>
          {isCaseGiver ? guidance : t('live.turnedAway', { name: nameOf(caseGiverId!) })}
        </p>
      )}
      {/* A coach whose turn it is sees "Your turn" below instead; saying it twice is noise. */}
      {!quiet && !(turnedAway && isCaseGiver) && standing.kind !== 'speaking' && (
        <p data-testid="speaker" className="speaker">
          {speakerText(step.speakerId, phase.floor, viewer)}
        </p>
      )}
      {!quiet && standingLine && (
        <p data-testid="standing" className={`standing standing-${standing.kind}`}>
          {standingLine}
        </p>
      )}
      {!(turnedAway && isCaseGiver) && (
        <p data-testid="guidance" className="guidance">
          {guidance}
        </p>
      )}
      {/* Inside a turns phase "You're next" above already says it; "Up next: you" would repeat it. */}
      {!quiet && !(standing.kind === 'next' && next?.sameTurnsPhase) && (
        <p data-testid="up-next" className="up-next">
          {upNextText(next, viewer)}
        </p>
      )}
      {!shared && (isCaseGiver ? <QuietSignals view={view} /> : <CoachAsides view={view} />)}
      {!shared && <DeviceSettings view={view} soundOn={soundOn} wakeLock={wakeLock} />}
    </section>
  );
}

/** The wrap-up or time-up cue; its two parts break between them, never mid-phrase, on a phone. */
function CueLine({ text, detail, forSpeaker, tone }: CueWording & { readonly forSpeaker: boolean; readonly tone: TimeCue }) {
  return (
    <p className={`cue cue-${tone}${forSpeaker ? ' cue-for-speaker' : ''}`} role="status">
      <span>{detail ? t('live.cue.withDetail', { text }) : text}</span>
      {detail && (
        <>
          {' '}
          <span>{detail}</span>
        </>
      )}
    </p>
  );
}

/** Every coach's turn by name, so anyone sees at a glance who has spoken, who was skipped, who speaks and who follows. */
function TurnStrip({ progress, coachIds, viewer }: { readonly progress: ClinicProgress; readonly coachIds: readonly string[]; readonly viewer: Viewer }) {
  const step = progress.step!;
  return (
    <ol data-testid="turn-strip" className="turn-strip" aria-label={step.turnIndex < coachIds.length ? t('live.turnOf', { turn: step.turnIndex + 1, turns: coachIds.length }) : t('live.skippedTurnBack')}>
      {coachTurnsOf(progress, coachIds).map(({ coachId, status }) => {
        const name = coachId === viewer.myId ? t('live.you') : viewer.nameOf(coachId);
        return (
          <li key={coachId} className={status} aria-current={status === 'current' ? 'step' : undefined}>
            {status === 'skipped' ? <span aria-label={t('live.skippedName', { name })}>{name}</span> : name}
          </li>
        );
      })}
    </ol>
  );
}
