/**
 * What this device remembers about a clinic: the participant token that rejoins as the same person
 * after a reload, the facilitator key from the facilitator link, and, for a crew's session, the
 * crew and member token it was taken in with. Kept in localStorage, never in the URL, so a shared
 * screen or a referrer cannot leak them.
 */
import { localRecords } from './localRecords.ts';

export interface DeviceIdentity {
  participantToken?: string;
  facilitatorKey?: string;
  crewMember?: { crewId: string; memberToken: string };
}

const identities = localRecords<DeviceIdentity>('case-clinic:');

export const readIdentity = identities.read;
export const rememberIdentity = identities.remember;
export const forgetIdentityPart = identities.forgetPart;
/** This device is out of the clinic for good (removed, or the clinic is gone): its token admits nobody. */
export const forgetIdentity = identities.forget;

/** Forgets the clinics this device was taken into from `crewId`: out of the crew, it is out of those too. */
export function forgetSessionsOf(crewId: string): void {
  for (const clinicId of identities.ids()) if (readIdentity(clinicId).crewMember?.crewId === crewId) forgetIdentity(clinicId);
}

/** Whether this device came into the clinic as a member of the crew it is a session of. */
export const isCrewSessionHere = (clinicId: string): boolean => readIdentity(clinicId).crewMember !== undefined;

const FACILITATOR_FRAGMENT = 'facilitator=';

/** The facilitator link carries its key in the fragment, which browsers never send to a server. */
export function facilitatorLink(origin: string, clinicId: string, facilitatorKey: string): string {
  return `${origin}/c/${clinicId}#${FACILITATOR_FRAGMENT}${facilitatorKey}`;
}

export function joinLink(origin: string, clinicId: string): string {
  return `${origin}/c/${clinicId}`;
}

/** Moves a facilitator key from the address bar into storage and clears it from the address bar. */
export function adoptFacilitatorKeyFromLocation(clinicId: string): void {
  const hash = window.location.hash.slice(1);
  if (!hash.startsWith(FACILITATOR_FRAGMENT)) return;
  rememberIdentity(clinicId, { facilitatorKey: hash.slice(FACILITATOR_FRAGMENT.length) });
  history.replaceState(null, '', window.location.pathname + window.location.search);
}
