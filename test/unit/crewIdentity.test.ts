/**
 * What a device remembers of its crews: the organiser link's key and a pairing link's code leave
 * the address bar at once (the key into storage, the code for one join), and the crews it is in
 * are known, so a crew session's link admits it as the member it is.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { adoptCrewFragment, crewLink, forgetCrew, knownCrewMembers, organiserLink, pairingLink, readCrewIdentity, rememberCrewIdentity } from '../../client/crewIdentity.ts';
import { readIdentity, rememberIdentity } from '../../client/identity.ts';
import { memoryStorage } from '../support/memoryStorage.ts';

const ORIGIN = 'https://clinic.example';
const CREW = 'crew-tuesday';

/** The address bar at `href`; `history.replaceState` changes it as a browser does. */
function openAt(href: string): { readonly address: () => string } {
  const url = new URL(href);
  const location = { get pathname() { return url.pathname; }, get search() { return url.search; }, get hash() { return url.hash; } };
  vi.stubGlobal('window', { location });
  vi.stubGlobal('history', { replaceState: (_state: unknown, _title: string, next: string) => void (url.href = new URL(next, url).href) });
  return { address: () => url.href };
}

beforeEach(() => {
  vi.stubGlobal('localStorage', memoryStorage());
});

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('links into a crew', () => {
  it('carry the organiser key and a pairing code in the fragment, which browsers never send', () => {
    expect(crewLink(ORIGIN, CREW)).toBe(`${ORIGIN}/crews/${CREW}`);
    expect(organiserLink(ORIGIN, CREW, 'key123')).toBe(`${ORIGIN}/crews/${CREW}#organiser=key123`);
    expect(pairingLink(ORIGIN, CREW, 'ABCD-EFGH')).toBe(`${ORIGIN}/crews/${CREW}#pair=ABCD-EFGH`);
  });

  it("moves the organiser link's key into storage and clears the address bar", () => {
    const bar = openAt(organiserLink(ORIGIN, CREW, 'key123'));
    expect(adoptCrewFragment(CREW)).toEqual({});
    expect(readCrewIdentity(CREW)).toEqual({ organiserKey: 'key123' });
    expect(bar.address()).toBe(crewLink(ORIGIN, CREW));
  });

  it("hands a pairing link's code to one join, keeps it nowhere, and clears the address bar", () => {
    const bar = openAt(pairingLink(ORIGIN, CREW, 'ABCD-EFGH'));
    expect(adoptCrewFragment(CREW)).toEqual({ pairingCode: 'ABCD-EFGH' });
    expect(readCrewIdentity(CREW)).toEqual({});
    expect(bar.address()).toBe(crewLink(ORIGIN, CREW));
  });

  it('leaves a plain crew link as it is', () => {
    const bar = openAt(crewLink(ORIGIN, CREW));
    expect(adoptCrewFragment(CREW)).toEqual({});
    expect(bar.address()).toBe(crewLink(ORIGIN, CREW));
  });
});

describe('the crews a device is in', () => {
  it('are those it holds a member token for, each forgotten when the device is out', () => {
    rememberCrewIdentity('crew-a', { memberToken: 'token-a' });
    rememberCrewIdentity('crew-b', { organiserKey: 'key-b' });
    rememberCrewIdentity('crew-c', { memberToken: 'token-c' });
    localStorage.setItem('case-clinic:some-clinic', JSON.stringify({ participantToken: 'not a crew' }));
    expect(knownCrewMembers()).toEqual([
      { crewId: 'crew-a', memberToken: 'token-a' },
      { crewId: 'crew-c', memberToken: 'token-c' },
    ]);
    forgetCrew('crew-a');
    expect(knownCrewMembers()).toEqual([{ crewId: 'crew-c', memberToken: 'token-c' }]);
  });
});

describe("a crew's sessions on this device", () => {
  it('are forgotten with the crew: the copies of its token admit to nothing once the device is out', () => {
    rememberCrewIdentity('crew-a', { memberToken: 'token-a' });
    rememberIdentity('week-1', { participantToken: 'p1', crewMember: { crewId: 'crew-a', memberToken: 'token-a' } });
    rememberIdentity('week-2', { crewMember: { crewId: 'crew-a', memberToken: 'token-a' } });
    rememberIdentity('other-crews-week', { participantToken: 'p3', crewMember: { crewId: 'crew-b', memberToken: 'token-b' } });
    rememberIdentity('own-clinic', { participantToken: 'p4' });
    forgetCrew('crew-a');
    expect(['week-1', 'week-2', 'other-crews-week', 'own-clinic'].map((clinicId) => readIdentity(clinicId))).toEqual([
      {},
      {},
      { participantToken: 'p3', crewMember: { crewId: 'crew-b', memberToken: 'token-b' } },
      { participantToken: 'p4' },
    ]);
  });
});

