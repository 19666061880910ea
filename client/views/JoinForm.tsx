import { useState, type FormEvent } from 'react';
import { MAX_NAME_LENGTH } from '../../shared/protocol.ts';
import { joinWithName } from '../connection.ts';

/** What the form says to a person joining, and to someone putting the clinic on a shared screen. */
const WORDING = {
  person: {
    title: 'Join the case clinic',
    lead: 'Enter the name the others know you by. No account needed.',
    label: 'Your name',
    initialName: '',
    submit: 'Join clinic',
  },
  screen: {
    title: 'Show the clinic on this screen',
    lead: 'For a screen everyone sees, like a meeting-room computer. It is listed with the crew so everyone knows it is there, and never takes a turn.',
    label: 'Name this screen',
    initialName: 'Shared screen',
    submit: 'Show clinic',
  },
} as const;

/** The only thing a join link asks for: a display name (or, on the presenter page, a screen's name). */
export function JoinForm({ error, asScreen = false }: { readonly error?: string; readonly asScreen?: boolean }) {
  const wording = WORDING[asScreen ? 'screen' : 'person'];
  const [name, setName] = useState<string>(wording.initialName);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    await joinWithName(name, { asScreen });
    setBusy(false);
  };

  return (
    <main className="page narrow">
      <h1>{wording.title}</h1>
      <p className="lead">{wording.lead}</p>
      <form className="card" onSubmit={(event) => void submit(event)}>
        <label htmlFor="display-name">{wording.label}</label>
        <input
          id="display-name"
          autoFocus
          autoComplete={asScreen ? 'off' : 'given-name'}
          maxLength={MAX_NAME_LENGTH}
          required
          value={name}
          onChange={(event) => setName(event.target.value)}
        />
        {error && <p className="error" role="alert">{error}</p>}
        <button type="submit" className="button primary wide" disabled={busy || name.trim() === ''}>
          {wording.submit}
        </button>
      </form>
    </main>
  );
}
