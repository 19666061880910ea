/**
 * What this device remembers about a crew: the member token that rejoins it (and admits it to the
 * crew's sessions), the rota as its member last saw it, and, for one visit, the organiser key
 * from the organiser link. Kept in
 * localStorage, never in the URL. Links carry secrets only in the fragment, which browsers never
 * send to a server, and the page moves them into storage at once.
 */
import { forgetSessionsOf } from './identity.ts';
import { localRecords } from './localRecords.ts';

export interface CrewIdentity {
  memberToken?: string;
  organiserKey?: string;
  /** The rota as the member on this device last saw it: their duties (rotaChanges.ts). */
  rotaSeen?: { readonly memberId: string; readonly duties: readonly string[] };
}

const crews = localRecords<CrewIdentity>('case-clinic-crew:');

export const readCrewIdentity = crews.read;
export const rememberCrewIdentity = crews.remember;
export const forgetCrewIdentityPart = crews.forgetPart;
/**
 * This device is no longer in the crew (it left, was removed, or the crew was deleted), nor in its
 * sessions: the copies of its member token kept for them go too.
 */
export function forgetCrew(crewId: string): void {
  crews.forget(crewId);
  forgetSessionsOf(crewId);
}

/** Every crew this device is a member of, with its token: a crew session's link opened directly admits it as that member. */
export function knownCrewMembers(): { crewId: string; memberToken: string }[] {
  const known: { crewId: string; memberToken: string }[] = [];
  for (const crewId of crews.ids()) {
    const { memberToken } = readCrewIdentity(crewId);
    if (memberToken) known.push({ crewId, memberToken });
  }
  return known;
}

const ORGANISER_FRAGMENT = 'organiser=';
const PAIRING_FRAGMENT = 'pair=';

export const crewLink = (origin: string, crewId: string): string => `${origin}/crews/${crewId}`;

export const organiserLink = (origin: string, crewId: string, organiserKey: string): string => `${crewLink(origin, crewId)}#${ORGANISER_FRAGMENT}${organiserKey}`;

/** The crew link with a pairing code: a phone that opens it (a camera reading its QR code) joins as the member who showed it. */
export const pairingLink = (origin: string, crewId: string, code: string): string => `${crewLink(origin, crewId)}#${PAIRING_FRAGMENT}${encodeURIComponent(code)}`;

/**
 * Takes an organiser key or a pairing code out of the address bar: the key into storage, the code
 * returned for one join (it works once, so it is not worth keeping). The address bar is cleared
 * either way, so neither a screen share nor a bookmark shows it.
 */
export function adoptCrewFragment(crewId: string): { pairingCode?: string } {
  const hash = window.location.hash.slice(1);
  const clear = () => history.replaceState(null, '', window.location.pathname + window.location.search);
  if (hash.startsWith(ORGANISER_FRAGMENT)) {
    rememberCrewIdentity(crewId, { organiserKey: hash.slice(ORGANISER_FRAGMENT.length) });
    clear();
    return {};
  }
  if (hash.startsWith(PAIRING_FRAGMENT)) {
    clear();
    return { pairingCode: decodeURIComponent(hash.slice(PAIRING_FRAGMENT.length)) };
  }
  return {};
}
