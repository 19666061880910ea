/**
 * The sentences the live screen shows, from this device's point of view: who speaks, who is next,
 * this person's place, and the time cue. Pure, so the wording is decided in one place.
 */
import type { Floor } from '../../shared/clinicStateSchema.ts';
import type { Standing, UpNext } from '../../shared/clinicView.ts';
import type { TimeCue } from '../../shared/cues.ts';
import { t } from '../language.ts';

/** Whose screen this is (no one, on the shared presenter screen) and how to name the others. */
export interface Viewer {
  readonly myId: string;
  nameOf(participantId: string): string;
}

/**
 * A coach's place in the speaking order, in a few words, or that one is only listening; null for the case giver.
 * Before the coaches' turns, the place says which phase it is in (`phaseTitleAt` names it).
 */
export function standingText(standing: Standing, phaseTitleAt: (phaseIndex: number) => string): string | null {
  switch (standing.kind) {
    case 'speaking':
      return t('live.standing.speaking');
    case 'next':
      return standing.turnsIn === null ? t('live.standing.next') : t('live.standing.firstIn', { phase: phaseTitleAt(standing.turnsIn) });
    case 'waiting':
      if (standing.turnsIn === null) return t('live.standing.waiting', { place: standing.place });
      // Said as the phase just before the turns will say it, not "1st" one phase and "first" the next.
      return standing.place === 1
        ? t('live.standing.firstIn', { phase: phaseTitleAt(standing.turnsIn) })
        : t('live.standing.placeIn', { place: standing.place, phase: phaseTitleAt(standing.turnsIn) });
    case 'spoken':
      return t('live.standing.spoken');
    case 'skipped':
      return t('live.standing.skipped');
    // Out of the order (taken out, or come after it was set): the phase's words for coaches are not theirs to act on.
    case 'listening':
      return t('live.standing.listening');
    default:
      return null;
  }
}

/** Who holds the floor: a person, everyone in an open conversation, or nobody in stillness. */
export function speakerText(speakerId: string | null, floor: Floor, viewer: Viewer): string {
  if (floor.kind === 'nobody') return t('live.speaker.silence');
  if (speakerId === null) return floor.kind === 'everyone' ? t('live.speaker.everyone') : t('live.speaker.nobodyYet');
  return speakerId === viewer.myId ? t('live.speaker.you') : t('live.speaker.named', { name: viewer.nameOf(speakerId) });
}

/**
 * What a screen reader is told when the phase or the speaker changes, and only then: the phase and
 * who holds the floor, never the time, so that it is not repeated as the countdown runs.
 */
export function announcementText(phaseTitle: string, speakerId: string | null, floor: Floor, viewer: Viewer): string {
  const floorText = floor.kind !== 'nobody' && speakerId !== null && speakerId === viewer.myId ? t('live.standing.speaking') : speakerText(speakerId, floor, viewer);
  return t('live.announcement', { phase: phaseTitle, floor: floorText });
}

/** The next coach inside a turns phase, the next round, or the next phase and who opens it. */
export function upNextText(next: UpNext | null, viewer: Viewer): string {
  if (!next) return t('live.upNext.last');
  if (next.newRoundCaseGiverId !== null) {
    return next.newRoundCaseGiverId === viewer.myId ? t('live.upNext.yourCase') : t('live.upNext.theirCase', { name: viewer.nameOf(next.newRoundCaseGiverId) });
  }
  const mine = next.speakerId === viewer.myId;
  if (next.speakerId && next.sameTurnsPhase) return mine ? t('live.upNext.you') : t('live.upNext.coach', { name: viewer.nameOf(next.speakerId) });
  if (!next.speakerId) return t('live.upNext.phase', { phase: next.phase.title });
  return mine ? t('live.upNext.phaseYourTurn', { phase: next.phase.title }) : t('live.upNext.phaseWith', { phase: next.phase.title, name: viewer.nameOf(next.speakerId) });
}

export interface CueWording {
  readonly text: string;
  /** A second part that may go on its own line on a narrow screen. */
  readonly detail: string | null;
}

/** The speaker is asked to wrap up; everyone else is told the turn is wrapping up. */
export function cueWording(cue: Exclude<TimeCue, 'none'>, isSpeaker: boolean, promptsNext: boolean): CueWording {
  if (cue === 'wrapUp') return { text: isSpeaker ? t('live.cue.wrapUpSpeaker') : t('live.cue.wrapUp'), detail: null };
  return { text: t('live.cue.timeUp'), detail: promptsNext ? t('live.cue.nextWhenReady') : null };
}
