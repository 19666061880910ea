/**
 * How the sealed-note and device-key columns map to their rows, shared by the SQLite and the
 * Postgres store. The SQLite writer thread needs only this, so it loads no schema library
 * (records are read back through their schemas in storedRecords.ts, on the event loop).
 */
import type { Envelope, SealedKind } from '../../shared/sealedNotes.ts';
import type { DeviceKeyRow, SealedNoteRow } from './sealedNoteStore.ts';

export interface KeyColumns {
  clinic_id: string;
  participant_id: string;
  key_id: string;
  public_key: string;
  published_at: number;
}

export interface NoteColumns {
  id: string;
  clinic_id: string;
  kind: string;
  sender_id: string;
  recipient_id: string;
  sent_at: number;
  read_at: number | null;
  envelopes: string | null;
}

export const NOTE_COLUMNS = 'id, clinic_id, kind, sender_id, recipient_id, sent_at, read_at, envelopes';
export const KEY_COLUMNS = 'clinic_id, participant_id, key_id, public_key, published_at';

export const keyRowOf = (row: KeyColumns): DeviceKeyRow => ({
  clinicId: row.clinic_id,
  participantId: row.participant_id,
  keyId: row.key_id,
  publicKey: row.public_key,
  publishedAt: row.published_at,
});

export const noteRowOf = (row: NoteColumns, { withEnvelopes }: { withEnvelopes: boolean }): SealedNoteRow => ({
  id: row.id,
  clinicId: row.clinic_id,
  kind: row.kind as SealedKind,
  senderId: row.sender_id,
  recipientId: row.recipient_id,
  sentAt: row.sent_at,
  readAt: row.read_at,
  envelopes: withEnvelopes && row.envelopes !== null ? (JSON.parse(row.envelopes) as Envelope[]) : null,
});
