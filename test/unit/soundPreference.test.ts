import { beforeEach, describe, expect, it, vi } from 'vitest';
import { forgetSoundChoice, isSoundOn, setSoundOn } from '../../client/soundPreference.ts';
import { memoryStorage } from '../support/memoryStorage.ts';

describe('sound on this device', () => {
  beforeEach(() => {
    vi.stubGlobal('localStorage', memoryStorage());
    return () => vi.unstubAllGlobals();
  });

  it("starts silent on the case giver's device and with sound on everyone else's", () => {
    expect(isSoundOn('clinic-a', true)).toBe(false);
    expect(isSoundOn('clinic-a', false)).toBe(true);
  });

  it('keeps the choice made in one clinic to that clinic, so a case giver starts silent in the next', () => {
    setSoundOn('clinic-a', true);
    expect(isSoundOn('clinic-a', true)).toBe(true);
    expect(isSoundOn('clinic-b', true)).toBe(false);
    setSoundOn('clinic-a', false);
    expect(isSoundOn('clinic-a', false)).toBe(false);
    expect(isSoundOn('clinic-b', false)).toBe(true);
  });

  it("forgets the choice made in a clinic that is gone, and only that one", () => {
    setSoundOn('clinic-a', false);
    setSoundOn('clinic-b', false);
    forgetSoundChoice('clinic-a');
    expect(localStorage.getItem('case-clinic:sound:clinic-a')).toBeNull();
    expect(isSoundOn('clinic-b', false)).toBe(false);
  });
});
