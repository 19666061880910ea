/**
 * Soft audible and haptic cues, generated on the fly: no audio files to load or to be blocked.
 * A chime is two or three sine notes with a slow attack and a long fade, quiet by design.
 */
import type { TimeCue } from '../shared/cues.ts';

export type CueSound = Exclude<TimeCue, 'none'> | 'yourTurn' | 'signal';

/** Frequencies in Hz: a rising pair to invite, a falling pair to close, a gentle triad to hand over. */
const NOTES: Record<CueSound, readonly number[]> = {
  wrapUp: [523.25, 659.25],
  timeUp: [659.25, 523.25],
  yourTurn: [523.25, 659.25, 783.99],
  // A case giver's signal: one soft, low knock, so the facilitator looks without the room noticing.
  signal: [392],
};
const NOTE_SPACING_S = 0.22;
const NOTE_LENGTH_S = 1.1;
const PEAK_GAIN = 0.12;

const VIBRATION_MS: Record<CueSound, number[]> = {
  wrapUp: [120],
  timeUp: [120, 80, 120],
  yourTurn: [200, 100, 200],
  signal: [80],
};

let audio: AudioContext | null = null;

/** Browsers only let audio start after a user gesture; call this from one (e.g. the sound toggle). */
export function unlockAudio(): void {
  audio ??= new AudioContext();
  void audio.resume();
}

/** Unlocks audio on the first tap or key press anywhere, so chimes work without a special step. */
export function unlockAudioOnFirstGesture(): void {
  const unlock = () => {
    unlockAudio();
    window.removeEventListener('pointerdown', unlock);
    window.removeEventListener('keydown', unlock);
  };
  window.addEventListener('pointerdown', unlock);
  window.addEventListener('keydown', unlock);
}

export function playChime(sound: CueSound): void {
  if (!audio || audio.state !== 'running') return;
  const start = audio.currentTime + 0.02;
  NOTES[sound].forEach((frequency, index) => {
    const at = start + index * NOTE_SPACING_S;
    const oscillator = new OscillatorNode(audio!, { type: 'sine', frequency });
    const gain = new GainNode(audio!, { gain: 0 });
    gain.gain.linearRampToValueAtTime(PEAK_GAIN, at + 0.04);
    gain.gain.exponentialRampToValueAtTime(0.0001, at + NOTE_LENGTH_S);
    oscillator.connect(gain).connect(audio!.destination);
    oscillator.start(at);
    oscillator.stop(at + NOTE_LENGTH_S);
  });
}

export function vibrate(sound: CueSound): void {
  if ('vibrate' in navigator) navigator.vibrate(VIBRATION_MS[sound]);
}
