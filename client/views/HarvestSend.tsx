import { useState } from 'react';
import type { ProtocolError } from '../../shared/protocol.ts';
import { noteRecipientsOf } from '../../shared/harvestRules.ts';
import { canSeal, sendNotes, useHarvestStore } from '../harvest.ts';
import { useNotepad } from '../notepad.ts';
import { refusalText } from '../refusalText.ts';
import { NeedsHttps } from './NeedsHttps.tsx';
import type { ClinicView } from './useClinic.ts';
import { t } from '../language.ts';

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
      <h2 id="harvest-send-title">{recipients.length === 1 ? t('send.titleFor', { name: nameOf(recipient) }) : t('send.title')}</h2>
      {!canSeal() ? (
        <NeedsHttps />
      ) : (
        <>
          {recipients.length > 1 && (
            <div className="setting-row">
              <label htmlFor="harvest-to">{t('send.to')}</label>
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
            <p className="hint">{receipts.length > 0 ? t('send.allSent') : t('send.empty')}</p>
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
          {/* Keys to check only where there is something to seal with them. */}
          {notes.length === 0 ? null : keys.length === 0 ? (
            <p className="hint" data-testid="no-device-key">
              {t('send.noKey', { name: nameOf(recipient) })}
            </p>
          ) : (
            <div className="fingerprints">
              <p className="hint">{t('send.sealedFor', { count: keys.length, name: nameOf(recipient) })}</p>
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
              {sending ? t('send.sending') : chosen.length === 0 ? t('send.tick') : t('send.send', { count: chosen.length, name: nameOf(recipient) })}
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
          <h3 className="harvest-subtitle">{t('send.sent')}</h3>
          <ul className="receipts" data-testid="receipts">
            {receipts.map((receipt, index) => (
              <li key={receipt.noteId}>
                <span>{t('send.receipt', { note: index + 1, name: nameOf(receipt.to) })}</span>
                <span className={`receipt ${receipt.readAt === null ? 'delivered' : 'read'}`}>{receipt.readAt === null ? t('send.delivered') : t('send.read')}</span>
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
