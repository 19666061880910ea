/**
 * Chimes and vibrates once as a cue begins: wrap-up and time-up for everyone who has sound on
 * (vibrating only the speaker's phone), and "you're up" for the coach whose turn starts. Only
 * changes seen live count, so opening the page mid-overtime stays quiet.
 */
import { useEffect, useRef } from 'react';
import type { ClinicContext } from '../shared/clinicSteps.ts';
import { standingOf } from '../shared/clinicView.ts';
import { timeCueOf } from '../shared/cues.ts';
import { playChime, vibrate, type CueSound } from './chime.ts';

interface Seen {
  readonly stepKey: string;
  readonly cue: string;
  readonly speaking: boolean;
}

export function useCueSignals(context: ClinicContext, myId: string, soundOn: boolean, serverTime: number): void {
  const step = context.step;
  const stepKey = step ? `${step.phaseIndex}:${step.turnIndex}` : 'none';
  const cue = timeCueOf(context, serverTime);
  const speaking = standingOf(context, myId).kind === 'speaking';
  const isSpeaker = step?.speakerId === myId;
  const seen = useRef<Seen | null>(null);

  useEffect(() => {
    const before = seen.current;
    seen.current = { stepKey, cue, speaking };
    if (!before || !soundOn) return;
    const signal = (sound: CueSound, buzz: boolean) => {
      playChime(sound);
      if (buzz) vibrate(sound);
    };
    if (speaking && !before.speaking) signal('yourTurn', true);
    else if (before.stepKey === stepKey && cue !== before.cue && cue !== 'none') signal(cue, isSpeaker);
  }, [stepKey, cue, speaking, isSpeaker, soundOn]);
}
