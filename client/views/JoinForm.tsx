import { useState, type FormEvent } from 'react';
import { MAX_NAME_LENGTH } from '../../shared/protocol.ts';
import { joinWithName } from '../connection.ts';

/** The only thing a join link asks for: a display name. */
export function JoinForm({ error }: { readonly error?: string }) {
  const [name, setName] = useState('');
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    await joinWithName(name);
    setBusy(false);
  };

  return (
    <main className="page narrow">
      <h1>Join the case clinic</h1>
      <p className="lead">Enter the name the others know you by. No account needed.</p>
      <form className="card" onSubmit={(event) => void submit(event)}>
        <label htmlFor="display-name">Your name</label>
        <input
          id="display-name"
          autoFocus
          autoComplete="given-name"
          maxLength={MAX_NAME_LENGTH}
          required
          value={name}
          onChange={(event) => setName(event.target.value)}
        />
        {error && <p className="error" role="alert">{error}</p>}
        <button type="submit" className="button primary wide" disabled={busy || name.trim() === ''}>
          Join clinic
        </button>
      </form>
    </main>
  );
}
