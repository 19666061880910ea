import { describe, expect, it } from 'vitest';
import { routeKeyOf } from '../../shared/routeKey.ts';

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
});
