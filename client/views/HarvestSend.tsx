import { useState } from 'react';
import type { ProtocolError } from '../../shared/protocol.ts';
import { noteRecipientsOf } from '../../shared/harvestRules.ts';
import { canSeal, sendNotes, useHarvestStore } from '../harvest.ts';
import { useNotepad } from '../notepad.ts';
import { refusalText } from '../refusalText.ts';
import { NeedsHttps } from './NeedsHttps.tsx';
import type { ClinicView } from './useClinic.ts';

/**
 * After the close, a coach's notes for the case giver: tick the ones worth passing on, compare the
 * case giver's key fingerprints on the call, send; then each shows as delivered, then read.
 */
export function HarvestSend({ view }: { readonly view: ClinicView }) {
  const { clinic, myId, nameOf } = view;
  const recipients = noteRecipientsOf(clinic, myId);
  const notes = useNotepad(clinic.clinicId);
  const overview = useHarvestStore((state) => state.overview);
  const fingerprints = useHarvestStore((state) => state.fingerprints);
  const [to, setTo] = useState(recipients[0] ?? '');
  const [unchosen, setUnchosen] = useState<ReadonlySet<string>>(new Set());
  const [sending, setSending] = useState(false);
  const [refusal, setRefusal] = useState<ProtocolError | null>(null);

  const recipient = recipients.includes(to) ? to : (recipients[0] ?? '');
  const keys = overview?.caseGivers.find((caseGiver) => caseGiver.participantId === recipient)?.keys ?? [];
  const chosen = notes.filter((note) => !unchosen.has(note.id));
  const receipts = overview?.sent ?? [];
  const toggle = (noteId: string) => setUnchosen((current) => (current.has(noteId) ? new Set([...current].filter((id) => id !== noteId)) : new Set([...current, noteId])));

  const send = async () => {
    setSending(true);
    setRefusal(await sendNotes(clinic.clinicId, myId, recipient, chosen));
    setSending(false);
  };

  return (
    <section className="card harvest" data-testid="harvest-send" aria-labelledby="harvest-send-title">
      <h2 id="harvest-send-title">Notes for {recipients.length === 1 ? nameOf(recipient) : 'a case giver'}</h2>
      {!canSeal() ? (
        <NeedsHttps />
      ) : (
        <>
          {recipients.length > 1 && (
            <div className="setting-row">
              <label htmlFor="harvest-to">Send to</label>
              <select id="harvest-to" value={recipient} onChange={(event) => setTo(event.target.value)}>
                {recipients.map((id) => (
                  <option key={id} value={id}>
                    {nameOf(id)}
                  </option>
                ))}
              </select>
            </div>
          )}
          {notes.length === 0 ? (
            <p className="hint">{receipts.length > 0 ? 'Every note on your pad has been sent.' : 'Your notepad is empty: notes you keep during a clinic show here.'}</p>
          ) : (
            <ul className="harvest-choices">
              {notes.map((note) => (
                <li key={note.id}>
                  <label className="checkbox-row">
                    <input type="checkbox" checked={!unchosen.has(note.id)} onChange={() => toggle(note.id)} />
                    <span>{note.text}</span>
                  </label>
                </li>
              ))}
            </ul>
          )}
          {keys.length === 0 ? (
            <p className="hint" data-testid="no-device-key">
              {nameOf(recipient)}'s devices have not opened this clinic securely yet, so there is nothing to seal notes for. Ask them to open it on their phone.
            </p>
          ) : (
            <div className="fingerprints">
              <p className="hint">Sealed so only {nameOf(recipient)}'s devices can read it. On the call, check their phone shows the same:</p>
              <ul data-testid="recipient-fingerprints">
                {keys.map((key) => (
                  <li key={key.keyId}>
                    <code>{fingerprints[key.publicKey] ?? '…'}</code>
                  </li>
                ))}
              </ul>
            </div>
          )}
          {notes.length > 0 && (
            <button type="button" className="button primary wide" disabled={sending || chosen.length === 0 || keys.length === 0} onClick={() => void send()}>
              {sending ? 'Sending…' : chosen.length === 0 ? 'Tick the notes to send' : `Send ${chosen.length === 1 ? 'this note' : `${chosen.length} notes`} to ${nameOf(recipient)}`}
            </button>
          )}
          {refusal && (
            <p className="error" role="alert">
              {refusalText(refusal)}
            </p>
          )}
        </>
      )}
      {receipts.length > 0 && (
        <>
          <h3 className="harvest-subtitle">Sent</h3>
          <ul className="receipts" data-testid="receipts">
            {receipts.map((receipt, index) => (
              <li key={receipt.noteId}>
                <span>
                  Note {index + 1} to {nameOf(receipt.to)}
                </span>
                <span className={`receipt ${receipt.readAt === null ? 'delivered' : 'read'}`}>{receipt.readAt === null ? 'Delivered' : 'Read'}</span>
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
