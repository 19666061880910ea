/**
 * The harvest on the server: case givers' device keys, coaches' sealed notes and case givers'
 * takeaways. Each request is authorized by the shared rules against the clinic's saved state,
 * stored durably, then answered; the devices it concerns are told what changed. The server never
 * holds a key that opens a note.
 */
import type { ClinicState } from '../shared/clinicStateSchema.ts';
import { caseGiverRefusal, caseBringersOf, sendRefusal } from '../shared/harvestRules.ts';
import type { DeletedSealed, HarvestChange, HarvestOverview, Inbox, PublishedKeyResult, SentSealed } from '../shared/harvestSchemas.ts';
import { MAX_DEVICE_KEYS, type Ack } from '../shared/protocol.ts';
import { refuse } from '../shared/reasons.ts';
import { isPublicKey, keyIdOf, type Envelope, type SealedKind } from '../shared/sealedNotes.ts';
import { newClinicId } from './secrets.ts';
import type { SealedNoteStore } from './store/sealedNoteStore.ts';

export interface HarvestDeskDeps {
  readonly store: SealedNoteStore;
  readonly now: () => number;
  readonly notesPerSender: number;
  /** Tells the devices of one participant of a clinic (or, with null, all of its devices) what changed. */
  readonly notify: (clinicId: string, participantId: string | null, change: HarvestChange) => void;
}

export interface SealedDraft {
  readonly kind: SealedKind;
  readonly to: string;
  readonly envelopes: readonly Envelope[];
}

const sameKeys = (published: readonly string[], sealed: readonly string[]) =>
  published.length === sealed.length && sealed.every((keyId) => published.includes(keyId));

export class HarvestDesk {
  constructor(private readonly deps: HarvestDeskDeps) {}

  async publishKey(state: ClinicState, participantId: string, publicKey: string): Promise<Ack<PublishedKeyResult>> {
    const refusal = caseGiverRefusal(state, participantId);
    if (refusal) return refuse(refusal);
    // Coaches could seal nothing to a key that is not a point on the curve.
    if (!(await isPublicKey(publicKey))) return refuse('INVALID_PAYLOAD', 'publicKey: That is not a P-256 public key.');
    // The id is worked out here, not taken from the device, so no key can pose as another.
    const keyId = await keyIdOf(publicKey);
    const stored = await this.deps.store.publishKey({ clinicId: state.clinicId, participantId, keyId, publicKey, publishedAt: this.deps.now() }, MAX_DEVICE_KEYS);
    if (!stored) return refuse('CLINIC_NOT_FOUND');
    this.deps.notify(state.clinicId, null, { part: 'keys' });
    return { ok: true, data: { keyId } };
  }

  /** Every case giver's device keys (public), and the receipts of what this participant sent. */
  async overview(state: ClinicState, participantId: string): Promise<Ack<HarvestOverview>> {
    const [keys, sent] = await Promise.all([this.deps.store.deviceKeys(state.clinicId), this.deps.store.sentNotes(state.clinicId, participantId)]);
    const caseGivers = caseBringersOf(state).map((caseGiverId) => ({
      participantId: caseGiverId,
      keys: keys.filter((key) => key.participantId === caseGiverId).map(({ keyId, publicKey }) => ({ keyId, publicKey })),
    }));
    const receipts = sent.filter((note) => note.kind === 'note').map(({ id, recipientId, sentAt, readAt }) => ({ noteId: id, to: recipientId, sentAt, readAt }));
    return { ok: true, data: { caseGivers, sent: receipts } };
  }

  async send(state: ClinicState, senderId: string, { kind, to, envelopes }: SealedDraft): Promise<Ack<SentSealed>> {
    const refusal = sendRefusal(state, senderId, kind, to);
    if (refusal) return refuse(refusal);
    const { store, now, notesPerSender, notify } = this.deps;
    // Sealed for exactly the devices the recipient has now: a device missing would never read it.
    const published = (await store.deviceKeys(state.clinicId)).filter((key) => key.participantId === to).map((key) => key.keyId);
    if (!sameKeys(published, envelopes.map((envelope) => envelope.keyId))) return refuse('DEVICE_KEYS_CHANGED');
    const note = { id: newClinicId(), clinicId: state.clinicId, kind, senderId, recipientId: to, sentAt: now(), readAt: null, envelopes };
    const added = await store.addSealedNote(note, notesPerSender);
    if (added === 'gone') return refuse('CLINIC_NOT_FOUND');
    if (added === 'full') return refuse('TOO_MANY_NOTES');
    notify(state.clinicId, to, { part: 'inbox' });
    return { ok: true, data: { noteId: note.id, sentAt: note.sentAt } };
  }

  /** The envelopes for this device's key of every note to the case giver; all of them count as read from now on. */
  async fetch(state: ClinicState, participantId: string, keyId: string): Promise<Ack<Inbox>> {
    const refusal = caseGiverRefusal(state, participantId);
    if (refusal) return refuse(refusal);
    const { store, now, notify } = this.deps;
    const ownKeys = await store.deviceKeys(state.clinicId);
    if (!ownKeys.some((key) => key.participantId === participantId && key.keyId === keyId)) return refuse('UNKNOWN_DEVICE_KEY');
    const notes = await store.openInbox(state.clinicId, participantId, now());
    for (const senderId of new Set(notes.filter((note) => note.kind === 'note').map((note) => note.senderId))) notify(state.clinicId, senderId, { part: 'sent' });
    const items = notes.map((note) => ({
      noteId: note.id,
      kind: note.kind,
      from: note.senderId,
      sentAt: note.sentAt,
      envelope: note.envelopes?.find((envelope) => envelope.keyId === keyId) ?? null,
    }));
    return { ok: true, data: { items } };
  }

  async delete(state: ClinicState, participantId: string, noteIds: readonly string[]): Promise<Ack<DeletedSealed>> {
    const refusal = caseGiverRefusal(state, participantId);
    if (refusal) return refuse(refusal);
    const senders = await this.deps.store.deleteSealedNotes(state.clinicId, participantId, noteIds);
    // The case giver's other devices drop them too.
    this.deps.notify(state.clinicId, participantId, { part: 'inbox' });
    return { ok: true, data: { deleted: senders.length } };
  }
}
