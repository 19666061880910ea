import { describe, expect, it } from 'vitest';
import { routeKeyOf, routeKeyOfPage } from '../../shared/routeKey.ts';

describe('a clinic’s route key', () => {
  it('is the same for every device of a clinic, and eight hex digits', () => {
    expect(routeKeyOf('V1StGXR8_Z5jdHi6B-myT')).toBe(routeKeyOf('V1StGXR8_Z5jdHi6B-myT'));
    expect(routeKeyOf('V1StGXR8_Z5jdHi6B-myT')).toMatch(/^[0-9a-f]{8}$/);
  });

  it('is FNV-1a, so any balancer or tool can compute it', () => {
    // The published 32-bit FNV-1a test vectors.
    expect(routeKeyOf('')).toBe('811c9dc5');
    expect(routeKeyOf('a')).toBe('e40c292c');
    expect(routeKeyOf('foobar')).toBe('bf9cf968');
  });

  it("is a clinic page's, whichever of the clinic's pages; any other page has none", () => {
    const clinicId = 'V1StGXR8_Z5jdHi6B-myT';
    for (const path of [`/c/${clinicId}`, `/c/${clinicId}/present`, `/c/${clinicId}/mini`, `/c/${clinicId}/`]) expect(routeKeyOfPage(path)).toBe(routeKeyOf(clinicId));
    for (const path of ['/', '/crews/new', `/crews/${clinicId}`, '/c/short', '/c/', '/elsewhere']) expect(routeKeyOfPage(path)).toBeNull();
  });
});
