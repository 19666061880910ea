import { useRef, useState, type FormEvent } from 'react';
import { MAX_NAME_LENGTH, type ClinicPreview } from '../../shared/protocol.ts';
import { joinWithName } from '../connection.ts';

/** What the form says to the facilitator, to anyone else joining, and to someone putting the clinic on a shared screen. */
const WORDING = {
  facilitator: {
    untitled: 'Join the case clinic',
    role: "You're joining as facilitator",
    lead: 'This link gives control of the clinic: keep it to yourself. Enter the name the others know you by.',
    label: 'Your name',
    initialName: '',
    missing: 'Please enter your name.',
    submit: 'Join clinic',
  },
  participant: {
    untitled: 'Join the case clinic',
    role: "You're joining as a participant",
    lead: 'The facilitator chooses the case giver and the coaches in the lobby. Enter the name the others know you by; no account needed.',
    label: 'Your name',
    initialName: '',
    missing: 'Please enter your name.',
    submit: 'Join clinic',
  },
  screen: {
    untitled: 'Show the clinic on this screen',
    role: 'This screen joins as the shared screen',
    lead: 'For a screen everyone sees, like a meeting-room computer. It is listed with the crew so everyone knows it is there, and never takes a turn.',
    label: 'Name this screen',
    initialName: 'Shared screen',
    missing: 'Please give this screen a name.',
    submit: 'Show clinic',
  },
} as const;

interface JoinFormProps {
  /** What the server said of the clinic before joining; null if it could not be asked. */
  readonly preview: ClinicPreview | null;
  readonly asFacilitator: boolean;
  /** The presenter page: a device nobody joined from shows the clinic instead of taking part. */
  readonly asScreen: boolean;
  readonly error?: string;
}

/**
 * The only thing a join link asks for: a display name (or, on the presenter page, a screen's
 * name), under the clinic's title and the part this device will take. Checked when sent, never
 * before anything was typed.
 */
export function JoinForm({ preview, asFacilitator, asScreen, error }: JoinFormProps) {
  // Whoever opens the facilitator link is a person, whatever page they opened it on.
  const wording = WORDING[asFacilitator ? 'facilitator' : asScreen ? 'screen' : 'participant'];
  const [name, setName] = useState<string>(wording.initialName);
  const [missing, setMissing] = useState(false);
  const [busy, setBusy] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  const shownError = missing ? wording.missing : error;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (name.trim() === '') {
      setMissing(true);
      input.current?.focus();
      return;
    }
    setBusy(true);
    await joinWithName(name, { asScreen: asScreen && !asFacilitator });
    setBusy(false);
  };

  return (
    <main className="page narrow join-page" data-testid="join-page">
      <p className="eyebrow">Case Clinic</p>
      <h1 data-testid="join-title">{preview?.title ?? wording.untitled}</h1>
      <p className={`join-role join-role-${asFacilitator ? 'facilitator' : asScreen ? 'screen' : 'participant'}`} data-testid="join-role">
        {wording.role}
      </p>
      <p className="lead">{wording.lead}</p>
      <form className="card join-card" noValidate onSubmit={(event) => void submit(event)}>
        <label htmlFor="display-name">{wording.label}</label>
        <input
          ref={input}
          id="display-name"
          autoFocus
          autoComplete={asScreen && !asFacilitator ? 'off' : 'given-name'}
          maxLength={MAX_NAME_LENGTH}
          aria-invalid={shownError ? true : undefined}
          aria-describedby={shownError ? 'display-name-error' : undefined}
          value={name}
          onChange={(event) => {
            setName(event.target.value);
            setMissing(false);
          }}
        />
        {shownError && (
          <p className="error" id="display-name-error" role="alert">
            {shownError}
          </p>
        )}
        <button type="submit" className="button primary wide" disabled={busy}>
          {wording.submit}
        </button>
      </form>
    </main>
  );
}
