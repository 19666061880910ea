import { useState } from 'react';
import type { ProtocolError } from '../../shared/protocol.ts';
import { canSeal, deleteFromServer, keepTakeaway, useHarvestStore, type OpenedItem } from '../harvest.ts';
import { refusalText } from '../refusalText.ts';
import { ConfirmButton } from './ConfirmButton.tsx';
import { DraftForm } from './DraftForm.tsx';
import { NeedsHttps } from './NeedsHttps.tsx';
import type { ClinicView } from './useClinic.ts';

const asText = (items: readonly OpenedItem[], nameOf: ClinicView['nameOf']) =>
  items.map((item) => `${item.kind === 'takeaway' ? 'My takeaway' : `From ${nameOf(item.from)}`}:\n${item.text ?? '(sealed for another of my devices)'}`).join('\n\n');

/** Saves `text` as a file on this device; nothing goes to the server. */
function download(text: string, fileName: string): void {
  const link = document.createElement('a');
  link.href = URL.createObjectURL(new Blob([text], { type: 'text/plain;charset=utf-8' }));
  link.download = fileName;
  link.click();
  URL.revokeObjectURL(link.href);
}

/**
 * After the close, the case giver's harvest: the coaches' notes, opened on this device, to copy,
 * download and delete from the server; and takeaways of their own, sealed for their devices.
 */
export function HarvestInbox({ view }: { readonly view: ClinicView }) {
  const { clinic, myId, nameOf } = view;
  const inbox = useHarvestStore((state) => state.inbox);
  const myKey = useHarvestStore((state) => state.myKey);
  /** What the last copy did: a browser may refuse the clipboard, and saying "Copied" then would lie. */
  const [copied, setCopied] = useState<'copied' | 'refused' | null>(null);
  const [refusal, setRefusal] = useState<ProtocolError | null>(null);
  if (!canSeal()) {
    return (
      <section className="card harvest" data-testid="harvest-inbox" aria-labelledby="harvest-inbox-title">
        <h2 id="harvest-inbox-title">Notes from your coaches</h2>
        <NeedsHttps />
      </section>
    );
  }
  const notes = (inbox ?? []).filter((item) => item.kind === 'note');
  const takeaways = (inbox ?? []).filter((item) => item.kind === 'takeaway');
  const title = clinic.title ?? 'case clinic';

  const copy = async () => {
    const outcome = await navigator.clipboard.writeText(asText(notes, nameOf)).then(
      () => 'copied' as const,
      () => 'refused' as const,
    );
    setCopied(outcome);
    window.setTimeout(() => setCopied(null), 3_000);
  };
  const keep = async (text: string) => {
    const outcome = await keepTakeaway(clinic.clinicId, myId, text);
    setRefusal(outcome);
    return outcome === null;
  };
  const deleteNotes = async () => setRefusal(await deleteFromServer(clinic.clinicId, myId, notes.map((note) => note.noteId)));

  return (
    <section className="card harvest" data-testid="harvest-inbox" aria-labelledby="harvest-inbox-title">
      <h2 id="harvest-inbox-title">Notes from your coaches</h2>
      {inbox === null ? (
        <p className="hint">Opening…</p>
      ) : notes.length === 0 ? (
        <p className="hint">No notes yet. Coaches send them from their summary; they appear here as they arrive.</p>
      ) : (
        <>
          <ul className="inbox" data-testid="inbox">
            {notes.map((note) => (
              <li key={note.noteId}>
                <p className="inbox-from">{nameOf(note.from)}</p>
                <p className={note.text === null ? 'hint' : 'inbox-text'}>{note.text ?? 'Sealed for another of your devices: open this clinic there to read it.'}</p>
              </li>
            ))}
          </ul>
          <div className="inbox-actions">
            <button type="button" className="button secondary" onClick={() => void copy()}>
              {copied === 'copied' ? 'Copied' : copied === 'refused' ? 'Could not copy: download instead' : 'Copy all'}
            </button>
            <button type="button" className="button secondary" onClick={() => download(asText([...notes, ...takeaways], nameOf), `${title} notes.txt`)}>
              Download
            </button>
            <ConfirmButton label="Delete from server" confirmLabel="Delete them for good" onConfirm={() => void deleteNotes()} />
          </div>
        </>
      )}

      <h3 className="harvest-subtitle">Your takeaways</h3>
      {takeaways.length > 0 && (
        <ul className="inbox" data-testid="takeaways">
          {takeaways.map((takeaway) => (
            <li key={takeaway.noteId}>
              <p className={takeaway.text === null ? 'hint' : 'inbox-text'}>{takeaway.text ?? 'Sealed for another of your devices.'}</p>
            </li>
          ))}
        </ul>
      )}
      <DraftForm id="takeaway-draft" label="A takeaway for yourself" placeholder="What you take away…" submitLabel="Keep takeaway" rows={2} onKeep={keep} />
      {refusal && (
        <p className="error" role="alert">
          {refusalText(refusal)}
        </p>
      )}
      {myKey && (
        <p className="hint fingerprint-line" data-testid="my-fingerprint">
          This device's key: <code>{myKey.fingerprint}</code>. Coaches see it before they send: if theirs differs, something is wrong.
        </p>
      )}
    </section>
  );
}
