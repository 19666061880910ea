/**
 * Who a joining device is: by its participant token (the same person again), by the facilitator
 * key (the key's owner, on any device, with control), or a new participant by name. Pure but for
 * the fresh secrets it hands out: it returns the record with the participant in it, or a reason.
 */
import { MAX_PARTICIPANTS } from '../../shared/protocol.ts';
import type { Reason } from '../../shared/reasons.ts';
import type { StoredClinic, StoredParticipant } from '../../shared/storedClinicSchema.ts';
import { crewSeatHash, matchesAnyHash, matchesHash, newParticipantId, newSecret, withDeviceTokenHash } from '../secrets.ts';
import { withId } from './idLists.ts';

/** A member of the clinic's crew, vouched for by the crew's store: their crew id is their participant id. */
export interface CrewSeat {
  readonly memberId: string;
  readonly name: string;
  /** This session's facilitator: they get facilitator rights here. */
  readonly facilitates: boolean;
}

export interface JoinRequest {
  readonly name?: string;
  readonly crewSeat?: CrewSeat;
  readonly participantToken?: string;
  readonly facilitatorKey?: string;
  readonly asScreen?: boolean;
}

export type Admission =
  | { readonly admitted: false; readonly reason: Reason }
  | {
      readonly admitted: true;
      readonly record: StoredClinic;
      readonly participant: StoredParticipant;
      /** The token this device keeps: the one it came with, or a new one. */
      readonly participantToken: string;
      readonly isNew: boolean;
      /** False when the device came back as itself with its token: the record is as it was, nothing to save. */
      readonly changed: boolean;
    };

const participantWithToken = (record: StoredClinic, token: string) => record.participants.find((participant) => matchesAnyHash(token, participant.tokenHashes));

/** A crew member comes in as themselves, listed already or not, with a token for this device. */
function admitCrewMember(record: StoredClinic, { memberId, name, facilitates }: CrewSeat): Admission {
  if (record.removedTokenHashes.includes(crewSeatHash(memberId))) return { admitted: false, reason: 'REMOVED' };
  const listed = record.participants.find((participant) => participant.id === memberId);
  if (!listed && record.closedAt !== null) return { admitted: false, reason: 'CLINIC_CLOSED' };
  if (!listed && record.participants.length >= MAX_PARTICIPANTS) return { admitted: false, reason: 'CLINIC_FULL' };
  const token = newSecret();
  const base = listed ?? { id: memberId, name, tokenHashes: [], screen: false };
  const participant = { ...base, tokenHashes: withDeviceTokenHash(base.tokenHashes, token) };
  return {
    admitted: true,
    record: {
      ...record,
      participants: listed ? record.participants.map((candidate) => (candidate.id === memberId ? participant : candidate)) : [...record.participants, participant],
      ...(facilitates && { facilitatorIds: withId(record.facilitatorIds, memberId) }),
    },
    participant,
    participantToken: token,
    isNew: !listed,
    changed: true,
  };
}

export function admit(record: StoredClinic, { name, crewSeat, participantToken, facilitatorKey, asScreen = false }: JoinRequest): Admission {
  if (crewSeat) return admitCrewMember(record, crewSeat);
  const holdsKey = facilitatorKey !== undefined && matchesHash(facilitatorKey, record.facilitatorKeyHash);
  const byToken = participantToken === undefined ? undefined : participantWithToken(record, participantToken);
  // A replaced link must not shut out a device that is already known: it comes back as itself,
  // with the rights it holds now.
  if (facilitatorKey !== undefined && !holdsKey && !byToken) return { admitted: false, reason: 'INVALID_FACILITATOR_KEY' };
  if (participantToken !== undefined && !byToken && !holdsKey) {
    const removed = matchesAnyHash(participantToken, record.removedTokenHashes);
    return { admitted: false, reason: removed ? 'REMOVED' : 'UNKNOWN_DEVICE' };
  }
  const keyOwner = record.participants.find((participant) => participant.id === record.keyOwnerId);

  let participant = holdsKey && keyOwner ? keyOwner : byToken;
  let token = participant && participant === byToken ? participantToken : undefined;
  const isNew = participant === undefined;
  const mintsToken = token === undefined;
  if (!participant) {
    // Once it has ended, the clinic's summary is for those who were in it: a link that got around
    // lets nobody new read who took part and how long each spoke.
    if (record.closedAt !== null) return { admitted: false, reason: 'CLINIC_CLOSED' };
    if (!name) return { admitted: false, reason: 'NAME_REQUIRED' };
    if (record.participants.length >= MAX_PARTICIPANTS) return { admitted: false, reason: 'CLINIC_FULL' };
    // Whoever opens the facilitator link is a person, whatever page they opened it on.
    participant = { id: newParticipantId(), name, tokenHashes: [], screen: asScreen && !holdsKey };
  }
  if (token === undefined) {
    token = newSecret();
    participant = { ...participant, tokenHashes: withDeviceTokenHash(participant.tokenHashes, token) };
  }
  const updated = participant;
  const becomesFacilitator = holdsKey && (record.keyOwnerId === null || !record.facilitatorIds.includes(updated.id));
  // A new participant always gets a new token.
  const changed = mintsToken || becomesFacilitator;
  if (!changed) return { admitted: true, record, participant: updated, participantToken: token, isNew, changed };
  const known = record.participants.some((candidate) => candidate.id === updated.id);
  return {
    admitted: true,
    record: {
      ...record,
      participants: known ? record.participants.map((candidate) => (candidate.id === updated.id ? updated : candidate)) : [...record.participants, updated],
      ...(holdsKey && { keyOwnerId: record.keyOwnerId ?? updated.id, facilitatorIds: withId(record.facilitatorIds, updated.id) }),
    },
    participant: updated,
    participantToken: token,
    isNew,
    changed,
  };
}
