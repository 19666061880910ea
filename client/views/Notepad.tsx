import { addNote, removeNotes, useNotepad } from '../notepad.ts';
import { canSeal } from '../harvest.ts';
import { DraftForm } from './DraftForm.tsx';
import { NeedsHttps } from './NeedsHttps.tsx';

/**
 * A coach's private notepad while the clinic runs: notes stay on this device; after the close
 * the coach chooses which to send to the case giver.
 */
export function Notepad({ clinicId }: { readonly clinicId: string }) {
  const notes = useNotepad(clinicId);
  return (
    <details className="notepad" data-testid="notepad">
      <summary>
        My notes{notes.length > 0 ? ` (${notes.length})` : ''} <span className="summary-aside">only on this device</span>
      </summary>
      <p className="hint">What you notice for the case giver. After the close you choose which to send them, sealed so only their devices can read it.</p>
      {!canSeal() && <NeedsHttps />}
      {notes.length > 0 && (
        <ul className="pad-notes">
          {notes.map((note) => (
            <li key={note.id}>
              <span className="pad-note-text">{note.text}</span>
              <button type="button" className="button quiet small" aria-label={`Remove note: ${note.text.slice(0, 40)}`} onClick={() => removeNotes(clinicId, [note.id])}>
                Remove
              </button>
            </li>
          ))}
        </ul>
      )}
      <DraftForm
        id="pad-draft"
        label="A note for the case giver"
        placeholder="A note for the case giver…"
        submitLabel="Keep note"
        rows={3}
        onKeep={(text) => {
          addNote(clinicId, text);
          return true;
        }}
      />
    </details>
  );
}
