import { useState } from 'react';

interface DraftFormProps {
  readonly id: string;
  /** Said to screen readers; the placeholder shows what to write. */
  readonly label: string;
  readonly placeholder: string;
  readonly submitLabel: string;
  readonly rows: number;
  /** Resolves true once the draft is kept, and the field empties. */
  readonly onKeep: (text: string) => boolean | Promise<boolean>;
}

/** A short text to keep: a note on the pad, a takeaway. */
export function DraftForm({ id, label, placeholder, submitLabel, rows, onKeep }: DraftFormProps) {
  const [draft, setDraft] = useState('');
  return (
    <form
      className="pad-form"
      onSubmit={(event) => {
        event.preventDefault();
        void Promise.resolve(onKeep(draft)).then((kept) => kept && setDraft(''));
      }}
    >
      <label htmlFor={id} className="visually-hidden">
        {label}
      </label>
      <textarea id={id} data-testid={id} rows={rows} value={draft} placeholder={placeholder} onChange={(event) => setDraft(event.target.value)} />
      <button type="submit" className="button secondary" disabled={draft.trim() === ''}>
        {submitLabel}
      </button>
    </form>
  );
}
