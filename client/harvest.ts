/**
 * The harvest on this device: publishing a case giver's device key, sealing and sending a coach's
 * notes, fetching and opening what came for the case giver, takeaways, and the receipts a sender
 * sees. Plaintext exists only here; what goes to the server is sealed by `shared/sealedNotes.ts`.
 */
import { create } from 'zustand';
import type { DeletedSealed, HarvestChange, HarvestOverview, Inbox, InboxItem, PublishedKeyResult, SentSealed } from '../shared/harvestSchemas.ts';
import { MAX_NOTE_BYTES, type ProtocolError } from '../shared/protocol.ts';
import { protocolError } from '../shared/reasons.ts';
import { exportPublicKey, fingerprintOf, open, seal, webCryptoAvailable, type PublishedKey, type SealedKind } from '../shared/sealedNotes.ts';
import { useClinicStore } from './clinicStore.ts';
import { askServer, clinicSocket } from './connection.ts';
import { deviceKeyPairFor, forgetDeviceKey } from './deviceKeys.ts';
import { forgetNotepad, removeNotes, type PadNote } from './notepad.ts';

export interface OpenedItem {
  readonly noteId: string;
  readonly kind: SealedKind;
  readonly from: string;
  readonly sentAt: number;
  /** Whether it came sealed for this device's key, as against only another of this person's devices'. */
  readonly sealedHere: boolean;
  /** null: sealed for another of this person's devices, or it would not open. */
  readonly text: string | null;
}

export interface HarvestState {
  /** Case givers' device keys and this participant's receipts, as last asked. */
  overview: HarvestOverview | null;
  /** Fingerprints of the keys in the overview and of this device's own, by public key. */
  fingerprints: Readonly<Record<string, string>>;
  /** This device's published key, where it receives notes. */
  myKey: (PublishedKey & { readonly fingerprint: string }) | null;
  /** What came for this case giver, opened on this device; null until fetched. */
  inbox: readonly OpenedItem[] | null;
}

const NOTHING_KNOWN: HarvestState = { overview: null, fingerprints: {}, myKey: null, inbox: null };

export const useHarvestStore = create<HarvestState>()(() => NOTHING_KNOWN);

/** Notes need Web Crypto, which browsers give secure pages only (HTTPS, or localhost). */
export const canSeal = webCryptoAvailable;

async function withFingerprints(keys: readonly PublishedKey[]): Promise<Record<string, string>> {
  const entries = await Promise.all(keys.map(async (key) => [key.publicKey, await fingerprintOf(key.publicKey)] as const));
  return { ...useHarvestStore.getState().fingerprints, ...Object.fromEntries(entries) };
}

export async function refreshOverview(): Promise<HarvestOverview | null> {
  const reply = await askServer<HarvestOverview>((socket) => socket.emitWithAck('harvest:overview', {}));
  if (!reply.ok) return null;
  const fingerprints = canSeal() ? await withFingerprints(reply.data.caseGivers.flatMap((caseGiver) => caseGiver.keys)) : {};
  useHarvestStore.setState({ overview: reply.data, fingerprints });
  return reply.data;
}

/** Publishes this device's key for the clinic (made on first use), so coaches can seal for it. */
export async function publishDeviceKey(clinicId: string): Promise<void> {
  if (!canSeal()) return;
  const publicKey = await exportPublicKey(await deviceKeyPairFor(clinicId));
  const reply = await askServer<PublishedKeyResult>((socket) => socket.emitWithAck('harvest:publishKey', { publicKey }));
  if (!reply.ok) return;
  useHarvestStore.setState({ myKey: { keyId: reply.data.keyId, publicKey, fingerprint: await fingerprintOf(publicKey) } });
}

async function openItem(item: InboxItem, clinicId: string, myId: string): Promise<OpenedItem> {
  const { noteId, kind, from, sentAt, envelope } = item;
  const { privateKey } = await deviceKeyPairFor(clinicId);
  const text = envelope ? await open(envelope, { clinicId, kind, senderId: from, recipientId: myId }, privateKey).catch(() => null) : null;
  return { noteId, kind, from, sentAt, sealedHere: envelope !== null, text };
}

/** Fetches what came for this case giver and opens it here; the senders see it as read. */
export async function refreshInbox(clinicId: string, myId: string): Promise<void> {
  const keyId = useHarvestStore.getState().myKey?.keyId;
  if (!keyId) return;
  const reply = await askServer<Inbox>((socket) => socket.emitWithAck('harvest:fetch', { keyId }));
  if (!reply.ok) return;
  useHarvestStore.setState({ inbox: await Promise.all(reply.data.items.map((item) => openItem(item, clinicId, myId))) });
}

const tooLong = (text: string) => new TextEncoder().encode(text).length > MAX_NOTE_BYTES;

/** Seals `text` for every device `to` has now and sends it; once more if the devices changed meanwhile. */
async function sealAndSend(clinicId: string, myId: string, kind: SealedKind, to: string, text: string): Promise<ProtocolError | null> {
  if (!canSeal()) return protocolError('NEEDS_HTTPS');
  if (tooLong(text)) return protocolError('NOTE_TOO_LONG');
  for (let attempt = 0; attempt < 2; attempt += 1) {
    const overview = await refreshOverview();
    const keys = overview?.caseGivers.find((caseGiver) => caseGiver.participantId === to)?.keys ?? [];
    const envelopes = await seal(text, { clinicId, kind, senderId: myId, recipientId: to }, keys);
    const reply = await askServer<SentSealed>((socket) => socket.emitWithAck('harvest:send', { kind, to, envelopes }));
    if (reply.ok) return null;
    if (reply.error.reason !== 'DEVICE_KEYS_CHANGED') return reply.error;
  }
  return protocolError('DEVICE_KEYS_CHANGED');
}

/** Sends the chosen notes one by one, each leaving the pad once sent; stops at the first refusal. */
export async function sendNotes(clinicId: string, myId: string, to: string, notes: readonly PadNote[]): Promise<ProtocolError | null> {
  for (const note of notes) {
    const refusal = await sealAndSend(clinicId, myId, 'note', to, note.text);
    if (refusal) return refusal;
    removeNotes(clinicId, [note.id]);
  }
  await refreshOverview();
  return null;
}

export async function keepTakeaway(clinicId: string, myId: string, text: string): Promise<ProtocolError | null> {
  const refusal = await sealAndSend(clinicId, myId, 'takeaway', myId, text.trim());
  if (!refusal) await refreshInbox(clinicId, myId);
  return refusal;
}

export async function deleteFromServer(clinicId: string, myId: string, items: readonly OpenedItem[]): Promise<ProtocolError | null> {
  // One sealed only for another of this person's devices is theirs to read there first: deleting it here would lose it for good.
  const noteIds = items.filter((item) => item.sealedHere).map((item) => item.noteId);
  if (noteIds.length === 0) return null;
  const reply = await askServer<DeletedSealed>((socket) => socket.emitWithAck('harvest:delete', { noteIds: [...noteIds] }));
  await refreshInbox(clinicId, myId);
  return reply.ok ? null : reply.error;
}

/**
 * Follows the harvest while a clinic page is open: publishes this device's key where it receives
 * notes, and asks again whenever the server says something changed, and after each rejoin (what
 * changed while the device was offline was announced without it). Returns the function that stops.
 */
export function followHarvest(clinicId: string, myId: string, receivesNotes: boolean): () => void {
  const socket = clinicSocket();
  const onChanged = ({ part }: HarvestChange) => {
    if (part === 'inbox') void refreshInbox(clinicId, myId);
    else if (part !== 'lastTime') void refreshOverview();
  };
  socket.on('harvest:changed', onChanged);
  // The key is published once, unless that went unanswered; the inbox is asked for on every (re)join.
  const openInbox = () => (useHarvestStore.getState().myKey ? refreshInbox(clinicId, myId) : publishDeviceKey(clinicId).then(() => refreshInbox(clinicId, myId)));
  const stopWatchingJoins = useClinicStore.subscribe(({ membership }, before) => {
    if (membership === before.membership || membership.kind !== 'joined') return;
    void refreshOverview();
    if (receivesNotes) void openInbox();
  });
  void refreshOverview();
  if (receivesNotes) void openInbox();
  return () => {
    socket.off('harvest:changed', onChanged);
    stopWatchingJoins();
  };
}

/** The clinic is gone: so are this device's notepad and key for it. */
export function forgetHarvest(clinicId: string): void {
  forgetNotepad(clinicId);
  useHarvestStore.setState(NOTHING_KNOWN);
  if ('indexedDB' in globalThis) void forgetDeviceKey(clinicId).catch(() => undefined);
}
