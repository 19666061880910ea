import { describe, expect, it } from 'vitest';
import { Presence } from '../../server/room/presence.ts';

describe('presence', () => {
  it('shows a participant online while any of their connections is', () => {
    const presence = new Presence([['n1/s1', 'ana']]);
    presence.arrive('ana', 'n2/s2');
    expect(presence.depart('ana', 'n1/s1')).toBe(false);
    expect(presence.isOnline('ana')).toBe(true);
    // A connection that already left changes nothing the second time.
    expect(presence.depart('ana', 'n1/s1')).toBe(false);
    expect(presence.depart('ana', 'n2/s2')).toBe(true);
    expect(presence.anyoneOnline).toBe(false);
  });

  it("counts out the connections of a node that stopped, and everyone whose last they were", () => {
    const presence = new Presence([
      ['n1/s1', 'ana'],
      ['n2/s2', 'ana'],
      ['n2/s3', 'ben'],
      ['n1/s4', 'cy'],
    ]);
    expect(presence.dropWhere((connection) => connection.startsWith('n2/')).sort()).toEqual(['n2/s2', 'n2/s3']);
    expect(['ana', 'ben', 'cy'].map((id) => presence.isOnline(id))).toEqual([true, false, true]);
    expect(presence.connections().sort()).toEqual(['n1/s1', 'n1/s4']);
    expect(presence.forget('ana')).toEqual(['n1/s1']);
    expect(presence.isOnline('ana')).toBe(false);
  });
});
