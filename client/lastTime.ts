/**
 * Takeaways from last time on this device: in a crew's session, at its check-in, the takeaways this
 * member sealed for themselves in the crew's earlier sessions, fetched and opened here with the key
 * this device held in the session each was written in. Plaintext exists only here; dismissing them
 * deletes them from the server.
 */
import { create } from 'zustand';
import type { DeletedSealed, HarvestChange, LastTime, LastTimeItem } from '../shared/harvestSchemas.ts';
import type { ProtocolError } from '../shared/protocol.ts';
import { exportPublicKey, keyIdOf, open } from '../shared/sealedNotes.ts';
import { askServer, clinicSocket } from './connection.ts';
import { storedDeviceKeyPair } from './deviceKeys.ts';
import { canSeal } from './harvest.ts';

export interface RecalledTakeaway {
  readonly noteId: string;
  /** The crew session it was written after: 0 is the intro. */
  readonly sessionIndex: number;
  readonly sentAt: number;
  /** Whether it was sealed for the key this device held in that session. */
  readonly sealedHere: boolean;
  /** null: sealed for other devices' keys, or it would not open (or this page cannot open anything). */
  readonly text: string | null;
}

/** Takeaways as the card names them: read here, for another device, or sealed here but damaged. */
export function groupedTakeaways(takeaways: readonly RecalledTakeaway[]) {
  return {
    readable: takeaways.filter((takeaway) => takeaway.text !== null),
    sealedElsewhere: takeaways.filter((takeaway) => !takeaway.sealedHere),
    wouldNotOpen: takeaways.filter((takeaway) => takeaway.sealedHere && takeaway.text === null),
  };
}

interface LastTimeState {
  /** null until asked, and outside a crew's session. */
  readonly takeaways: readonly RecalledTakeaway[] | null;
}

export const useLastTimeStore = create<LastTimeState>()(() => ({ takeaways: null }));

/** Opens a takeaway with the key this device made in the clinic it was written in, if it made one. */
async function recall(item: LastTimeItem, myId: string): Promise<RecalledTakeaway> {
  const { noteId, sessionIndex, sentAt, clinicId, envelopes } = item;
  const unread = { noteId, sessionIndex, sentAt, sealedHere: false, text: null };
  if (!canSeal()) return unread;
  const pair = await storedDeviceKeyPair(clinicId).catch(() => null);
  if (!pair) return unread;
  const keyId = await keyIdOf(await exportPublicKey(pair));
  const envelope = envelopes.find((candidate) => candidate.keyId === keyId);
  if (!envelope) return unread;
  const text = await open(envelope, { clinicId, kind: 'takeaway', senderId: myId, recipientId: myId }, pair.privateKey).catch(() => null);
  return { ...unread, sealedHere: true, text };
}

export async function refreshLastTime(myId: string): Promise<void> {
  const reply = await askServer<LastTime>((socket) => socket.emitWithAck('harvest:lastTime', {}));
  // Not a crew's session, or past its check-in: nothing to show.
  const takeaways = reply.ok ? await Promise.all(reply.data.items.map((item) => recall(item, myId))) : [];
  useLastTimeStore.setState({ takeaways });
}

/** Deletes them from the server; this member's other devices are told and let go of them too. */
export async function dismissLastTime(myId: string, noteIds: readonly string[]): Promise<ProtocolError | null> {
  const reply = await askServer<DeletedSealed>((socket) => socket.emitWithAck('harvest:dismissLastTime', { noteIds: [...noteIds] }));
  await refreshLastTime(myId);
  return reply.ok ? null : reply.error;
}

/** Asks once for this participant's takeaways from last time, and again when another of their devices dismissed them. */
export function followLastTime(myId: string): () => void {
  const socket = clinicSocket();
  const onChanged = ({ part }: HarvestChange) => {
    if (part === 'lastTime') void refreshLastTime(myId);
  };
  socket.on('harvest:changed', onChanged);
  void refreshLastTime(myId);
  return () => {
    socket.off('harvest:changed', onChanged);
    useLastTimeStore.setState({ takeaways: null });
  };
}
