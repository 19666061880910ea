/**
 * Pure time maths. A running timer is an absolute deadline in server epoch ms; a paused one is the
 * time that was left. Nothing here reads a clock: callers pass the server time they mean.
 */
import type { Timer } from './clinicStateSchema.ts';

export const MS_PER_SECOND = 1_000;
export const MS_PER_MINUTE = 60_000;

export function startTimer(durationMs: number, at: number): Timer {
  return { status: 'running', deadlineAt: at + durationMs };
}

/** Time left at server time `at`; negative once the deadline has passed (overtime). */
export function remainingMs(timer: Timer, at: number): number {
  return timer.status === 'running' ? timer.deadlineAt - at : timer.remainingMs;
}

export function pauseTimer(timer: Timer, at: number): Timer {
  return timer.status === 'paused' ? timer : { status: 'paused', remainingMs: timer.deadlineAt - at };
}

export function resumeTimer(timer: Timer, at: number): Timer {
  return timer.status === 'running' ? timer : startTimer(timer.remainingMs, at);
}

/** Adds (or with a negative delta removes) time; may push a timer into overtime. */
export function adjustTimer(timer: Timer, deltaMs: number): Timer {
  return timer.status === 'running'
    ? { status: 'running', deadlineAt: timer.deadlineAt + deltaMs }
    : { status: 'paused', remainingMs: timer.remainingMs + deltaMs };
}

export interface CountdownReading {
  /** `mm:ss`, or `h:mm:ss` past an hour; overtime readings start with `+`. */
  readonly text: string;
  readonly overtime: boolean;
}

/**
 * What a countdown shows. While time is left it rounds up, so a fresh 20-minute timer reads 20:00
 * for its first second and 00:01 for its last; from the deadline on it counts up from +00:00.
 */
export function readCountdown(remaining: number): CountdownReading {
  if (remaining > 0) return { text: formatClock(Math.ceil(remaining / MS_PER_SECOND) * MS_PER_SECOND), overtime: false };
  return { text: `+${formatClock(Math.floor(-remaining / MS_PER_SECOND) * MS_PER_SECOND)}`, overtime: true };
}

/** Milliseconds until `readCountdown` would show something else, so a view can redraw exactly then. */
export function msUntilNextFlip(remaining: number): number {
  if (remaining > 0) return ((remaining - 1) % MS_PER_SECOND) + 1;
  return MS_PER_SECOND - (-remaining % MS_PER_SECOND);
}

/** Formats a non-negative duration as `mm:ss` or `h:mm:ss`, truncating to whole seconds. */
export function formatClock(ms: number): string {
  const totalSeconds = Math.floor(Math.max(0, ms) / MS_PER_SECOND);
  const hours = Math.floor(totalSeconds / 3600);
  const minutes = Math.floor((totalSeconds % 3600) / 60);
  const seconds = totalSeconds % 60;
  const mmss = `${String(minutes).padStart(2, '0')}:${String(seconds).padStart(2, '0')}`;
  return hours > 0 ? `${hours}:${mmss}` : mmss;
}

/** A time since the start as `h:mm`, in whole minutes: "0:00", "0:45", "1:05". */
export function formatOffset(ms: number): string {
  const totalMinutes = Math.floor(Math.max(0, ms) / MS_PER_MINUTE);
  return `${Math.floor(totalMinutes / 60)}:${String(totalMinutes % 60).padStart(2, '0')}`;
}
