import { describe, expect, it } from 'vitest';
import {
  adjustTimer,
  formatClock,
  formatOffset,
  msUntilNextFlip,
  pauseTimer,
  readCountdown,
  remainingMs,
  resumeTimer,
  startTimer,
} from '../../shared/time.ts';

describe('timer maths', () => {
  it('keeps a deadline while running and the time left while paused', () => {
    const running = startTimer(60_000, 1_000);
    expect(remainingMs(running, 21_000)).toBe(40_000);
    const paused = pauseTimer(running, 21_000);
    expect(paused).toEqual({ status: 'paused', remainingMs: 40_000 });
    expect(remainingMs(paused, 999_999)).toBe(40_000);
    expect(resumeTimer(paused, 100_000)).toEqual({ status: 'running', deadlineAt: 140_000 });
  });

  it('treats pausing a paused timer and resuming a running one as no change', () => {
    const paused = { status: 'paused', remainingMs: 5 } as const;
    const running = { status: 'running', deadlineAt: 5 } as const;
    expect(pauseTimer(paused, 100)).toBe(paused);
    expect(resumeTimer(running, 100)).toBe(running);
  });

  it('adds and removes time on either kind of timer', () => {
    expect(adjustTimer(startTimer(1_000, 0), 60_000)).toEqual({ status: 'running', deadlineAt: 61_000 });
    expect(adjustTimer({ status: 'paused', remainingMs: 30_000 }, -60_000)).toEqual({ status: 'paused', remainingMs: -30_000 });
  });
});

describe('countdown reading', () => {
  it('rounds time left up so a fresh timer shows its full length', () => {
    expect(readCountdown(20 * 60_000)).toEqual({ text: '20:00', overtime: false });
    expect(readCountdown(20 * 60_000 - 1)).toEqual({ text: '20:00', overtime: false });
    expect(readCountdown(59_001)).toEqual({ text: '01:00', overtime: false });
    expect(readCountdown(1)).toEqual({ text: '00:01', overtime: false });
  });

  it('counts up with a plus sign from the deadline on', () => {
    expect(readCountdown(0)).toEqual({ text: '+00:00', overtime: true });
    expect(readCountdown(-999)).toEqual({ text: '+00:00', overtime: true });
    expect(readCountdown(-61_000)).toEqual({ text: '+01:01', overtime: true });
  });

  it('shows hours past an hour', () => {
    expect(formatClock(3_600_000)).toBe('1:00:00');
    expect(formatClock(2 * 3_600_000 + 5 * 60_000 + 7_000)).toBe('2:05:07');
  });

  it('knows when the reading next changes, on both sides of the deadline', () => {
    expect(msUntilNextFlip(1_500)).toBe(500);
    expect(msUntilNextFlip(1_000)).toBe(1_000);
    expect(msUntilNextFlip(1)).toBe(1);
    expect(msUntilNextFlip(0)).toBe(1_000);
    expect(msUntilNextFlip(-250)).toBe(750);
    for (const remaining of [1_500, 1_000, 1, 0, -250]) {
      const before = readCountdown(remaining).text;
      const wait = msUntilNextFlip(remaining);
      expect(readCountdown(remaining - wait + 1).text).toBe(before);
      expect(readCountdown(remaining - wait).text).not.toBe(before);
    }
  });

  it('writes when a phase begins as hours and minutes since the start', () => {
    expect(formatOffset(0)).toBe('0:00');
    expect(formatOffset(45 * 60_000)).toBe('0:45');
    expect(formatOffset(65 * 60_000 + 59_000)).toBe('1:05');
  });
});
