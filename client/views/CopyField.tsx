import { useState } from 'react';
import { t } from '../language.ts';

interface CopyFieldProps {
  readonly label: string;
  readonly value: string;
  readonly testId: string;
  readonly hint?: string;
}

/** A read-only link with a Copy button; where the clipboard is unavailable it selects the text. */
export function CopyField({ label, value, testId, hint }: CopyFieldProps) {
  const [copied, setCopied] = useState(false);
  const inputId = `${testId}-input`;

  const copy = async (input: HTMLInputElement | null) => {
    try {
      await navigator.clipboard.writeText(value);
      setCopied(true);
      window.setTimeout(() => setCopied(false), 2_000);
    } catch {
      input?.select();
    }
  };

  return (
    <div className="copy-field">
      <label htmlFor={inputId}>{label}</label>
      <div className="copy-field-row">
        <input id={inputId} data-testid={testId} readOnly value={value} onFocus={(event) => event.currentTarget.select()} />
        <button type="button" className="button secondary" onClick={(event) => void copy(event.currentTarget.previousElementSibling as HTMLInputElement)}>
          {copied ? t('copy.copied') : t('copy.copy')}
        </button>
      </div>
      {hint && <p className="hint">{hint}</p>}
    </div>
  );
}
