import { addNote, removeNotes, useNotepad } from '../notepad.ts';
import { canSeal } from '../harvest.ts';
import { DraftForm } from './DraftForm.tsx';
import { NeedsHttps } from './NeedsHttps.tsx';
import { t } from '../language.ts';

/**
 * A coach's private notepad while the clinic runs: notes stay on this device; after the close
 * the coach chooses which to send to the case giver.
 */
export function Notepad({ clinicId }: { readonly clinicId: string }) {
  const notes = useNotepad(clinicId);
  return (
    <details className="notepad" data-testid="notepad">
      <summary>
        {t('notepad.title', { count: notes.length })} <span className="summary-aside">{t('notepad.onlyHere')}</span>
      </summary>
      <p className="hint">{t('notepad.hint')}</p>
      {!canSeal() && <NeedsHttps />}
      {notes.length > 0 && (
        <ul className="pad-notes">
          {notes.map((note) => (
            <li key={note.id}>
              <span className="pad-note-text">{note.text}</span>
              <button type="button" className="button quiet small" aria-label={t('notepad.removeNote', { note: note.text.slice(0, 40) })} onClick={() => removeNotes(clinicId, [note.id])}>
                {t('notepad.remove')}
              </button>
            </li>
          ))}
        </ul>
      )}
      <DraftForm
        id="pad-draft"
        label={t('notepad.draftLabel')}
        placeholder={t('notepad.draftPlaceholder')}
        submitLabel={t('notepad.keep')}
        rows={3}
        onKeep={(text) => {
          addNote(clinicId, text);
          return true;
        }}
      />
    </details>
  );
}
