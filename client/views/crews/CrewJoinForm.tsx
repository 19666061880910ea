import { useState, type FormEvent } from 'react';
import { PAIRING_CODE_LENGTH } from '../../../shared/crewProtocolSchemas.ts';
import { MAX_NAME_LENGTH } from '../../../shared/protocol.ts';
import { joinCrew } from '../../crewConnection.ts';

/**
 * The crew link on a device the crew does not know: a new member gives their name, once for the
 * crew's life; a member adding a device types the pairing code their other device shows.
 */
export function CrewJoinForm({ error }: { readonly error?: string }) {
  const [withCode, setWithCode] = useState(false);
  const [value, setValue] = useState('');
  const [missing, setMissing] = useState(false);
  const [busy, setBusy] = useState(false);
  const shownError = missing ? (withCode ? 'Please type the code your other device shows.' : 'Please enter your name.') : error;
  const inputId = withCode ? 'pairing-code' : 'member-name';

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (value.trim() === '') {
      setMissing(true);
      return;
    }
    setBusy(true);
    await joinCrew(withCode ? { pairingCode: value } : { name: value });
    setBusy(false);
  };

  const switchWay = () => {
    setWithCode(!withCode);
    setValue('');
    setMissing(false);
  };

  return (
    <main className="page narrow join-page" data-testid="crew-join">
      <p className="eyebrow">Case Clinic · Crew</p>
      <h1>Join the crew</h1>
      <p className="lead">
        {withCode
          ? 'On a device already in the crew, open the crew page and choose "Add a phone": type the code it shows.'
          : "Enter the name the others know you by. You do this once on this device: from then on it is remembered, and you are taken into each week's session."}
      </p>
      <form className="card join-card" noValidate onSubmit={(event) => void submit(event)}>
        <label htmlFor={inputId}>{withCode ? 'Pairing code' : 'Your name'}</label>
        <input
          key={inputId}
          id={inputId}
          autoFocus
          autoComplete={withCode ? 'one-time-code' : 'given-name'}
          autoCapitalize={withCode ? 'characters' : undefined}
          spellCheck={false}
          className={withCode ? 'pairing-code-input' : undefined}
          maxLength={withCode ? PAIRING_CODE_LENGTH + 4 : MAX_NAME_LENGTH}
          placeholder={withCode ? 'ABCD-EFGH' : undefined}
          aria-invalid={shownError ? true : undefined}
          aria-describedby={shownError ? 'crew-join-error' : undefined}
          value={value}
          onChange={(event) => {
            setValue(event.target.value);
            setMissing(false);
          }}
        />
        {shownError && (
          <p className="error" id="crew-join-error" role="alert">
            {shownError}
          </p>
        )}
        <button type="submit" className="button primary wide" disabled={busy}>
          {withCode ? 'Pair this device' : 'Join crew'}
        </button>
      </form>
      <p className="centered">
        <button type="button" className="button quiet" onClick={switchWay}>
          {withCode ? 'I am new to this crew' : 'I have a pairing code'}
        </button>
      </p>
    </main>
  );
}
