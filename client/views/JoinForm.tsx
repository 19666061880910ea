import { useRef, useState, type FormEvent } from 'react';
import { MAX_NAME_LENGTH, type ClinicPreview } from '../../shared/protocol.ts';
import { joinWithName } from '../connection.ts';
import { t, type MessageId } from '../language.ts';
import { clinicTitleText } from '../clinicTitle.ts';

type Joiner = 'facilitator' | 'participant' | 'screen';
type Wording = Readonly<Record<'untitled' | 'role' | 'lead' | 'label' | 'missing' | 'submit', MessageId> & { initialName: MessageId | null }>;

/** What the form says to the facilitator, to anyone else joining, and to someone putting the clinic on a shared screen. */
const WORDING: Readonly<Record<Joiner, Wording>> = {
  facilitator: {
    untitled: 'join.untitled',
    role: 'join.facilitator.role',
    lead: 'join.facilitator.lead',
    label: 'join.nameLabel',
    initialName: null,
    missing: 'join.nameMissing',
    submit: 'join.submit',
  },
  participant: {
    untitled: 'join.untitled',
    role: 'join.participant.role',
    lead: 'join.participant.lead',
    label: 'join.nameLabel',
    initialName: null,
    missing: 'join.nameMissing',
    submit: 'join.submit',
  },
  screen: {
    untitled: 'join.screen.untitled',
    role: 'join.screen.role',
    lead: 'join.screen.lead',
    label: 'join.screen.label',
    initialName: 'join.screen.initialName',
    missing: 'join.screen.missing',
    submit: 'join.screen.submit',
  },
};

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
  const [name, setName] = useState<string>(() => (wording.initialName ? t(wording.initialName) : ''));
  const [missing, setMissing] = useState(false);
  const [busy, setBusy] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  const shownError = missing ? t(wording.missing) : error;

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
      <p className="eyebrow">{t('app.name')}</p>
      <h1 data-testid="join-title">{(preview && clinicTitleText(preview)) ?? t(wording.untitled)}</h1>
      <p className={`join-role join-role-${asFacilitator ? 'facilitator' : asScreen ? 'screen' : 'participant'}`} data-testid="join-role">
        {t(wording.role)}
      </p>
      <p className="lead">{t(wording.lead)}</p>
      <form className="card join-card" noValidate onSubmit={(event) => void submit(event)}>
        <label htmlFor="display-name">{t(wording.label)}</label>
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
          {t(wording.submit)}
        </button>
      </form>
    </main>
  );
}
