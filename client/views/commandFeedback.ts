/**
 * What the console says after each of the facilitator's moves, and how to undo it: "Skipped
 * Blair", undone by Back. Pure: from the command, the state it was sent on and the state it
 * led to. Whether the undo is allowed now is asked of the shared rules by the caller.
 */
import { hasNoTimeLeft } from '../../shared/clinicRules.ts';
import type { ClinicState } from '../../shared/clinicStateSchema.ts';
import { isAt, phaseOf } from '../../shared/clinicView.ts';
import type { FacilitatorCommand } from '../../shared/protocolSchemas.ts';
import { MS_PER_SECOND } from '../../shared/time.ts';
import { t } from '../language.ts';
import { durationText } from './timeWording.ts';

export interface CommandFeedback {
  readonly text: string;
  /** The command that puts things back, or null where there is none. */
  readonly undo: FacilitatorCommand | null;
}

const BACK: FacilitatorCommand = { type: 'BACK' };

/** Where a step is, in a few words: "Reflections, Ana's turn" or "Dialogue". */
function placeOf(state: ClinicState, nameOf: (id: string) => string): string {
  const step = state.progress.step;
  if (!step) return '';
  const phase = phaseOf(state.progress, step.phaseIndex);
  return phase.floor.kind === 'eachCoach' && step.speakerId ? t('feedback.placeTurn', { phase: phase.title, name: nameOf(step.speakerId) }) : phase.title;
}

/**
 * Time applied, for saying so: what was left is seldom whole seconds, and is shown rounded down
 * (at least 1 s), so 59.6 s taken off, or put back by Undo, never reads as the full minute.
 */
function shownAmountMs(appliedMs: number): number {
  if (appliedMs % MS_PER_SECOND === 0) return appliedMs;
  return Math.max(MS_PER_SECOND, Math.floor(appliedMs / MS_PER_SECOND) * MS_PER_SECOND);
}

/**
 * Feedback for a move the server took, or null for commands that need none (settings and people
 * have their own screens) and for a move that ended the clinic (the console is gone).
 */
export function feedbackOf(command: FacilitatorCommand, before: ClinicState, after: ClinicState, nameOf: (id: string) => string): CommandFeedback | null {
  const speakerBefore = before.progress.step?.speakerId ?? null;
  const speakerAfter = after.progress.step?.speakerId ?? null;
  const stepBefore = before.progress.step;
  if (after.progress.step === null || stepBefore === null) return null;
  // A step with no time left that moves on by itself ends as soon as its clock runs or loses more:
  // then the console says where it went, with no undo that would act on the next step.
  const moved = !isAt(after.progress.step, stepBefore);
  switch (command.type) {
    case 'NEXT_SPEAKER':
    case 'RETURN_TO_SKIPPED':
      return { text: speakerAfter ? t('feedback.hasTheFloor', { name: nameOf(speakerAfter) }) : t('feedback.onTo', { place: placeOf(after, nameOf) }), undo: BACK };
    case 'SKIP_SPEAKER':
      return { text: speakerBefore ? t('feedback.skippedName', { name: nameOf(speakerBefore) }) : t('feedback.skipped'), undo: BACK };
    case 'NEXT_PHASE':
      return { text: t('feedback.onTo', { place: placeOf(after, nameOf) }), undo: BACK };
    case 'BACK':
      return { text: t('feedback.backTo', { place: placeOf(after, nameOf) }), undo: null };
    case 'PAUSE':
      return { text: t('feedback.paused'), undo: { type: 'RESUME' } };
    case 'RESUME':
      if (moved) return { text: t('feedback.resumedOnTo', { place: placeOf(after, nameOf) }), undo: null };
      return { text: t('feedback.resumed'), undo: { type: 'PAUSE' } };
    case 'ADJUST_TIME': {
      const stepTaken = moved ? after.progress.finished.at(-1) : after.progress.step;
      // What was applied, which may be less than asked: time comes off only down to nothing left.
      const appliedMs = (stepTaken?.budgetMs ?? stepBefore.budgetMs) - stepBefore.budgetMs;
      const amount = durationText(shownAmountMs(Math.abs(appliedMs)));
      if (moved) return { text: t('feedback.tookOffOnTo', { amount, place: placeOf(after, nameOf) }), undo: null };
      // Time added to a step already out of time cannot be taken back off to the same overtime, nor can nothing be undone.
      const undoable = appliedMs !== 0 && !hasNoTimeLeft(before.stage, before.progress);
      return { text: appliedMs > 0 ? t('feedback.added', { amount }) : t('feedback.tookOff', { amount }), undo: undoable ? { type: 'ADJUST_TIME', deltaMs: -appliedMs } : null };
    }
    default:
      return null;
  }
}
