import { useState } from 'react';
import type { ProtocolError } from '../../shared/protocol.ts';
import { canSeal, deleteFromServer, keepTakeaway, useHarvestStore, type OpenedItem } from '../harvest.ts';
import { refusalText } from '../refusalText.ts';
import { ConfirmButton } from './ConfirmButton.tsx';
import { DraftForm } from './DraftForm.tsx';
import { NeedsHttps } from './NeedsHttps.tsx';
import type { ClinicView } from './useClinic.ts';
import { t } from '../language.ts';
import { clinicTitleText } from '../clinicTitle.ts';

const asText = (items: readonly OpenedItem[], nameOf: ClinicView['nameOf']) =>
  items
    .map((item) =>
      t('inbox.fileEntry', {
        from: item.kind === 'takeaway' ? t('inbox.fileMyTakeaway') : t('inbox.fileFrom', { name: nameOf(item.from) }),
        text: item.text ?? t('inbox.fileSealed'),
      }),
    )
    .join('\n\n');

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
        <h2 id="harvest-inbox-title">{t('inbox.title')}</h2>
        <NeedsHttps />
      </section>
    );
  }
  const notes = (inbox ?? []).filter((item) => item.kind === 'note');
  const takeaways = (inbox ?? []).filter((item) => item.kind === 'takeaway');
  const title = clinicTitleText(clinic) ?? t('inbox.untitled');

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
  const deleteNotes = async () => setRefusal(await deleteFromServer(clinic.clinicId, myId, notes));
  const sealedElsewhere = notes.filter((note) => !note.sealedHere).length;
  /** Copying (the notes) or downloading (notes and takeaways) would give placeholders alone when nothing of them opened here. */
  const notesOpened = notes.some((note) => note.text !== null);
  const anythingOpened = notesOpened || takeaways.some((takeaway) => takeaway.text !== null);
  /** Deleting takes the notes sealed for this device; one sealed only for another stays to be read there. */
  const deletable = sealedElsewhere < notes.length;

  return (
    <section className="card harvest" data-testid="harvest-inbox" aria-labelledby="harvest-inbox-title">
      <h2 id="harvest-inbox-title">{t('inbox.title')}</h2>
      {inbox === null ? (
        <p className="hint">{t('inbox.opening')}</p>
      ) : notes.length === 0 ? (
        <p className="hint">{t('inbox.noNotes')}</p>
      ) : (
        <ul className="inbox" data-testid="inbox">
          {notes.map((note) => (
            <li key={note.noteId}>
              <p className="inbox-from">{nameOf(note.from)}</p>
              <p className={note.text === null ? 'hint' : 'inbox-text'}>{note.text ?? (note.sealedHere ? t('inbox.wouldNotOpen') : t('inbox.sealedNote'))}</p>
            </li>
          ))}
        </ul>
      )}
      {/* Also without notes: the download holds the takeaways too. */}
      {(anythingOpened || deletable) && (
        <div className="inbox-actions">
          {notesOpened && (
            <button type="button" className="button secondary" onClick={() => void copy()}>
              {copied === 'copied' ? t('copy.copied') : copied === 'refused' ? t('inbox.copyRefused') : t('inbox.copyAll')}
            </button>
          )}
          {anythingOpened && (
            <button type="button" className="button secondary" onClick={() => download(asText([...notes, ...takeaways], nameOf), t('inbox.fileName', { title }))}>
              {t('inbox.download')}
            </button>
          )}
          {deletable && <ConfirmButton label={t('inbox.delete')} confirmLabel={t('inbox.confirmDelete')} onConfirm={() => deleteNotes()} />}
        </div>
      )}
      {sealedElsewhere > 0 && <p className="hint">{t('inbox.sealedStay', { count: sealedElsewhere })}</p>}

      <h3 className="harvest-subtitle">{t('inbox.takeaways')}</h3>
      {takeaways.length > 0 && (
        <ul className="inbox" data-testid="takeaways">
          {takeaways.map((takeaway) => (
            <li key={takeaway.noteId}>
              <p className={takeaway.text === null ? 'hint' : 'inbox-text'}>{takeaway.text ?? (takeaway.sealedHere ? t('inbox.wouldNotOpen') : t('inbox.sealedTakeaway'))}</p>
            </li>
          ))}
        </ul>
      )}
      <DraftForm id="takeaway-draft" label={t('inbox.takeawayLabel')} placeholder={t('inbox.takeawayPlaceholder')} submitLabel={t('inbox.keepTakeaway')} rows={2} onKeep={keep} />
      {refusal && (
        <p className="error" role="alert">
          {refusalText(refusal)}
        </p>
      )}
      {myKey && (
        <p className="hint fingerprint-line" data-testid="my-fingerprint">
          {t('inbox.fingerprintBefore')}
          <code>{myKey.fingerprint}</code>
          {t('inbox.fingerprintAfter')}
        </p>
      )}
    </section>
  );
}
