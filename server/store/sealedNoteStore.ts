/**
 * The store of sealed notes and the device keys they are sealed to, beside the clinic store and,
 * in SQLite, in the same file: a clinic's notes and keys go when the clinic goes. It holds only
 * what the server can see anyway: public keys, ciphertext, and who sent how much to whom, when.
 * Every write is durable before it resolves.
 */
import type { Envelope, SealedKind } from '../../shared/sealedNotes.ts';

export interface DeviceKeyRow {
  readonly clinicId: string;
  readonly participantId: string;
  readonly keyId: string;
  readonly publicKey: string;
  readonly publishedAt: number;
}

export interface SealedNoteRow {
  readonly id: string;
  readonly clinicId: string;
  readonly kind: SealedKind;
  readonly senderId: string;
  readonly recipientId: string;
  readonly sentAt: number;
  readonly readAt: number | null;
  /** One per receiving device; null once the recipient deleted the note (its receipt stays). */
  readonly envelopes: readonly Envelope[] | null;
}

/** `full`: the sender already has as many notes in this clinic as allowed; `gone`: the clinic is not stored. */
export type AddedNote = 'stored' | 'full' | 'gone';

export interface SealedNoteStore {
  /**
   * Records a device's public key (again, if it was published before), keeping the participant's
   * `keep` most recently published keys; false if the clinic is gone.
   */
  publishKey(key: DeviceKeyRow, keep: number): Promise<boolean>;
  deviceKeys(clinicId: string): Promise<DeviceKeyRow[]>;
  /** Stores a note unless its sender already has `cap` notes in the clinic, or the clinic is gone. */
  addSealedNote(note: SealedNoteRow, cap: number): Promise<AddedNote>;
  /** The recipient's notes that still hold their envelopes, marking unread ones read at `at`. */
  openInbox(clinicId: string, recipientId: string, at: number): Promise<SealedNoteRow[]>;
  /** What the sender sent, for their receipts: envelopes left out. */
  sentNotes(clinicId: string, senderId: string): Promise<SealedNoteRow[]>;
  /** Deletes the envelopes of the recipient's notes among `noteIds`; resolves with their senders. */
  deleteSealedNotes(clinicId: string, recipientId: string, noteIds: readonly string[]): Promise<string[]>;
  /**
   * A crew member's takeaways (sealed by them for themselves) in any of `clinicIds` that still hold
   * their envelopes, oldest first; nothing is marked read.
   */
  takeawaysOf(clinicIds: readonly string[], memberId: string): Promise<SealedNoteRow[]>;
  /** Deletes the envelopes of the member's own takeaways among `noteIds` in `clinicIds`; resolves with the clinic of each. */
  dropTakeaways(clinicIds: readonly string[], memberId: string, noteIds: readonly string[]): Promise<string[]>;
  /** Deletes the envelopes of everything sealed for `recipientId` in `clinicIds`: a member who left the crew can never open them. */
  dropSealedFor(clinicIds: readonly string[], recipientId: string): Promise<void>;
}
