/**
 * What a roster command does to the stored record, once `rosterRules` allowed it: who leads, who
 * is removed (their tokens kept as hashes, so their devices are told why), which key opens the
 * facilitator link. Pure.
 */
import type { RosterCommand } from '../../shared/protocolSchemas.ts';
import type { StoredClinic } from '../../shared/storedClinicSchema.ts';
import { crewSeatHash } from '../secrets.ts';
import { withId, withoutId } from './idLists.ts';

/** Roster commands that only change the record; rotating the key and deleting need the room. */
export type RecordOnlyRosterCommand = Exclude<RosterCommand, { type: 'ROTATE_FACILITATOR_KEY' | 'DELETE_CLINIC' }>;

export function changeRoster(record: StoredClinic, senderId: string, command: RecordOnlyRosterCommand): StoredClinic {
  const { facilitatorIds } = record;
  switch (command.type) {
    case 'HAND_OVER':
      return { ...record, facilitatorIds: withId(withoutId(facilitatorIds, senderId), command.participantId) };
    case 'ADD_FACILITATOR':
      return { ...record, facilitatorIds: withId(facilitatorIds, command.participantId) };
    case 'REMOVE_FACILITATOR':
      return { ...record, facilitatorIds: withoutId(facilitatorIds, command.participantId) };
    case 'REMOVE_PARTICIPANT': {
      const removed = record.participants.find((participant) => participant.id === command.participantId);
      return {
        ...record,
        // The link stays with the clinic, but no longer points at someone who is gone.
        keyOwnerId: record.keyOwnerId === command.participantId ? null : record.keyOwnerId,
        participants: record.participants.filter((participant) => participant.id !== command.participantId),
        // Their crew identity too: a crew session's clinic must not let them back in by the crew's token.
        removedTokenHashes: [...record.removedTokenHashes, ...(removed?.tokenHashes ?? []), ...(removed ? [crewSeatHash(removed.id)] : [])],
      };
    }
  }
}

/** The facilitator link now opens with a new key, and stands for whoever asked for it. */
export const withFacilitatorKey = (record: StoredClinic, keyHash: string, ownerId: string): StoredClinic => ({
  ...record,
  facilitatorKeyHash: keyHash,
  keyOwnerId: ownerId,
});
