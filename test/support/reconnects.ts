import { expect, vi } from 'vitest';

/** Under fake timers: the page connects its socket afresh `afterMs` from now, and not a moment before. */
export async function expectConnectAfreshAfter(afterMs: number, connects: () => number): Promise<void> {
  const before = connects();
  await vi.advanceTimersByTimeAsync(afterMs - 1);
  expect(connects()).toBe(before);
  await vi.advanceTimersByTimeAsync(1);
  expect(connects()).toBe(before + 1);
}
