/**
 * The sentences the live screen shows, from this device's point of view: who speaks, who is next,
 * this person's place, and the time cue. Pure, so the wording is decided in one place.
 */
import type { Floor } from '../../shared/clinicStateSchema.ts';
import type { Standing, UpNext } from '../../shared/clinicView.ts';
import type { TimeCue } from '../../shared/cues.ts';

/** Whose screen this is (no one, on the shared presenter screen) and how to name the others. */
export interface Viewer {
  readonly myId: string;
  nameOf(participantId: string): string;
}

const ORDINAL_SUFFIXES: Readonly<Record<number, string>> = { 1: 'st', 2: 'nd', 3: 'rd' };

/** "1st", "2nd", "3rd", "11th", "22nd". */
export function ordinal(place: number): string {
  const teens = place % 100 >= 11 && place % 100 <= 13;
  return `${place}${teens ? 'th' : (ORDINAL_SUFFIXES[place % 10] ?? 'th')}`;
}

/** A coach's place in the speaking order, in a few words; null for the case giver and listeners. */
export function standingText(standing: Standing): string | null {
  switch (standing.kind) {
    case 'speaking':
      return 'Your turn';
    case 'next':
      return "You're next";
    case 'waiting':
      return `You're ${ordinal(standing.place)} in line`;
    case 'spoken':
      return "You've had your turn";
    case 'skipped':
      return 'Your turn was skipped';
    default:
      return null;
  }
}

/** Who holds the floor: a person, everyone in an open conversation, or nobody in stillness. */
export function speakerText(speakerId: string | null, floor: Floor, viewer: Viewer): string {
  if (floor.kind === 'nobody') return 'Silence';
  if (speakerId === null) return floor.kind === 'everyone' ? 'Speaking: everyone' : 'Speaking: nobody yet';
  return speakerId === viewer.myId ? "You're speaking" : `Speaking: ${viewer.nameOf(speakerId)}`;
}

/**
 * What a screen reader is told when the phase or the speaker changes, and only then: the phase and
 * who holds the floor, never the time, so that it is not repeated as the countdown runs.
 */
export function announcementText(phaseTitle: string, speakerId: string | null, floor: Floor, viewer: Viewer): string {
  const floorText = floor.kind !== 'nobody' && speakerId !== null && speakerId === viewer.myId ? 'Your turn' : speakerText(speakerId, floor, viewer);
  return `${phaseTitle}. ${floorText}.`;
}

/** The next coach inside a turns phase, the next round, or the next phase and who opens it. */
export function upNextText(next: UpNext | null, viewer: Viewer): string {
  if (!next) return 'Last phase';
  if (next.newRoundCaseGiverId !== null) {
    return next.newRoundCaseGiverId === viewer.myId ? 'Up next: your case' : `Up next: ${viewer.nameOf(next.newRoundCaseGiverId)}'s case`;
  }
  const mine = next.speakerId === viewer.myId;
  if (next.speakerId && next.sameTurnsPhase) return mine ? 'Up next: you' : `Up next: ${viewer.nameOf(next.speakerId)}`;
  if (!next.speakerId) return `Up next: ${next.phase.title}`;
  return mine ? `Up next: ${next.phase.title}, your turn` : `Up next: ${next.phase.title} with ${viewer.nameOf(next.speakerId)}`;
}

export interface CueWording {
  readonly text: string;
  /** A second part that may go on its own line on a narrow screen. */
  readonly detail: string | null;
}

/** The speaker is asked to wrap up; everyone else is told the turn is wrapping up. */
export function cueWording(cue: Exclude<TimeCue, 'none'>, isSpeaker: boolean, promptsNext: boolean): CueWording {
  if (cue === 'wrapUp') return { text: isSpeaker ? 'Time to wrap up' : 'Wrapping up', detail: null };
  return { text: "Time's up", detail: promptsNext ? "next when you're ready" : null };
}
