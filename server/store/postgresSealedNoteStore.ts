/**
 * Sealed notes and device keys in Postgres. Both reference their clinic, so they are written only
 * while it is stored and deleted with it; notes are added one at a time per clinic, so a sender's
 * cap holds however many nodes take notes at once.
 */
import type pg from 'pg';
import { inTransaction, vacuum } from './postgresPool.ts';
import type { SealedNoteStore } from './sealedNoteStore.ts';
import { KEY_COLUMNS, keyRowOf, NOTE_COLUMNS, noteRowOf, type KeyColumns, type NoteColumns } from './storedRows.ts';

/** A crew member's takeaways ($1: the member) across the clinics of their crew's sessions ($2). */
const OWN_TAKEAWAYS = `kind = 'takeaway' AND sender_id = recipient_id AND recipient_id = $1 AND clinic_id = ANY($2)`;

export function postgresSealedNoteStore(pool: pg.Pool): SealedNoteStore {
  return {
    publishKey: ({ clinicId, participantId, keyId, publicKey, publishedAt }, keep) =>
      inTransaction(pool, async (client) => {
        const { rowCount } = await client.query(
          `INSERT INTO device_keys (${KEY_COLUMNS}) SELECT $1, $2, $3, $4, $5 WHERE EXISTS (SELECT 1 FROM clinics WHERE id = $1)
           ON CONFLICT (clinic_id, participant_id, key_id) DO UPDATE SET published_at = excluded.published_at`,
          [clinicId, participantId, keyId, publicKey, publishedAt],
        );
        if (rowCount === 0) return false;
        // Ids compare byte by byte, as in SQLite, whatever the database's collation.
        await client.query(
          `DELETE FROM device_keys WHERE clinic_id = $1 AND participant_id = $2 AND key_id NOT IN
           (SELECT key_id FROM device_keys WHERE clinic_id = $1 AND participant_id = $2 ORDER BY published_at DESC, key_id COLLATE "C" LIMIT $3)`,
          [clinicId, participantId, keep],
        );
        return true;
      }),
    async deviceKeys(clinicId) {
      const { rows } = await pool.query<KeyColumns>(`SELECT ${KEY_COLUMNS} FROM device_keys WHERE clinic_id = $1 ORDER BY published_at, key_id COLLATE "C"`, [clinicId]);
      return rows.map(keyRowOf);
    },
    addSealedNote: (note, cap) =>
      inTransaction(pool, async (client) => {
        // Locks the clinic's row against other notes (and saves) until this one is counted and in.
        const { rowCount } = await client.query('SELECT 1 FROM clinics WHERE id = $1 FOR NO KEY UPDATE', [note.clinicId]);
        if (rowCount === 0) return 'gone';
        const { rows } = await client.query<{ sent: number }>('SELECT count(*) AS sent FROM sealed_notes WHERE clinic_id = $1 AND sender_id = $2', [
          note.clinicId,
          note.senderId,
        ]);
        if (rows[0]!.sent >= cap) return 'full';
        await client.query(`INSERT INTO sealed_notes (${NOTE_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, NULL, $7)`, [
          note.id,
          note.clinicId,
          note.kind,
          note.senderId,
          note.recipientId,
          note.sentAt,
          JSON.stringify(note.envelopes),
        ]);
        return 'stored';
      }),
    openInbox: (clinicId, recipientId, at) =>
      inTransaction(pool, async (client) => {
        await client.query('UPDATE sealed_notes SET read_at = $1 WHERE clinic_id = $2 AND recipient_id = $3 AND read_at IS NULL AND envelopes IS NOT NULL', [
          at,
          clinicId,
          recipientId,
        ]);
        const { rows } = await client.query<NoteColumns>(
          `SELECT ${NOTE_COLUMNS} FROM sealed_notes WHERE clinic_id = $1 AND recipient_id = $2 AND envelopes IS NOT NULL ORDER BY sent_at, id COLLATE "C"`,
          [clinicId, recipientId],
        );
        return rows.map((row) => noteRowOf(row, { withEnvelopes: true }));
      }),
    async sentNotes(clinicId, senderId) {
      const { rows } = await pool.query<NoteColumns>(`SELECT ${NOTE_COLUMNS} FROM sealed_notes WHERE clinic_id = $1 AND sender_id = $2 ORDER BY sent_at, id COLLATE "C"`, [
        clinicId,
        senderId,
      ]);
      return rows.map((row) => noteRowOf(row, { withEnvelopes: false }));
    },
    async deleteSealedNotes(clinicId, recipientId, noteIds) {
      const { rows } = await pool.query<{ id: string; sender_id: string }>(
        'UPDATE sealed_notes SET envelopes = NULL WHERE clinic_id = $1 AND recipient_id = $2 AND id = ANY($3) AND envelopes IS NOT NULL RETURNING id, sender_id',
        [clinicId, recipientId, noteIds],
      );
      // Deleted ciphertext leaves the table's pages too, as a deleted clinic does.
      if (rows.length > 0) await vacuum(pool, ['sealed_notes']);
      const senderOf = new Map(rows.map((row) => [row.id, row.sender_id]));
      // In the order they were asked for, as the SQLite store answers.
      return noteIds.flatMap((noteId) => senderOf.get(noteId) ?? []);
    },
    async takeawaysOf(clinicIds, memberId) {
      const { rows } = await pool.query<NoteColumns>(
        `SELECT ${NOTE_COLUMNS} FROM sealed_notes WHERE ${OWN_TAKEAWAYS} AND envelopes IS NOT NULL ORDER BY sent_at, id COLLATE "C"`,
        [memberId, clinicIds],
      );
      return rows.map((row) => noteRowOf(row, { withEnvelopes: true }));
    },
    async dropTakeaways(clinicIds, memberId, noteIds) {
      const { rows } = await pool.query<{ clinic_id: string }>(
        `UPDATE sealed_notes SET envelopes = NULL WHERE ${OWN_TAKEAWAYS} AND id = ANY($3) AND envelopes IS NOT NULL RETURNING clinic_id`,
        [memberId, clinicIds, noteIds],
      );
      if (rows.length > 0) await vacuum(pool, ['sealed_notes']);
      return rows.map((row) => row.clinic_id);
    },
    async dropSealedFor(clinicIds, recipientId) {
      const { rowCount } = await pool.query('UPDATE sealed_notes SET envelopes = NULL WHERE recipient_id = $1 AND clinic_id = ANY($2) AND envelopes IS NOT NULL', [
        recipientId,
        clinicIds,
      ]);
      if (rowCount) await vacuum(pool, ['sealed_notes']);
    },
  };
}
