import { useState, type FormEvent } from 'react';
import { PAIRING_CODE_LENGTH, type CrewPreview } from '../../../shared/crewProtocolSchemas.ts';
import { MAX_NAME_LENGTH, type ProtocolError } from '../../../shared/protocol.ts';
import { isNewcomerRefusal } from '../../../shared/crewRota.ts';
import { joinCrew } from '../../crewConnection.ts';
import { t } from '../../language.ts';
import { reasonText, refusalText } from '../../refusalText.ts';

/**
 * The crew link on a device the crew does not know: a new member gives their name, once for the
 * crew's life; a member adding a device types the pairing code their other device shows.
 */
export function CrewJoinForm({ refusal, newcomersRefused = null }: { readonly refusal?: ProtocolError; readonly newcomersRefused?: CrewPreview['newcomersRefused'] }) {
  const [codeChosen, setCodeChosen] = useState(false);
  // A crew that takes no new members can only pair a member's new device: say so before a name is typed.
  const withCode = codeChosen || newcomersRefused !== null;
  const [value, setValue] = useState('');
  const [missing, setMissing] = useState(false);
  const [busy, setBusy] = useState(false);
  // A refusal the callout already gives is not said twice.
  const shownRefusal = refusal?.reason === newcomersRefused ? undefined : refusal;
  const shownError = missing ? (withCode ? t('crewJoin.codeMissing') : t('join.nameMissing')) : shownRefusal && refusalText(shownRefusal);
  // A crew closed or full is no fault of the field.
  const fieldAtFault = missing || (shownRefusal !== undefined && !isNewcomerRefusal(shownRefusal.reason));
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
    setCodeChosen(!withCode);
    setValue('');
    setMissing(false);
  };

  return (
    <main className="page narrow join-page" data-testid="crew-join">
      <p className="eyebrow">{t('crewJoin.eyebrow')}</p>
      <h1>{t('crewJoin.title')}</h1>
      {newcomersRefused && (
        <p className="callout" data-testid="crew-newcomers-refused" role="note">
          {reasonText(newcomersRefused)}
        </p>
      )}
      <p className="lead">{withCode ? t('crewJoin.leadCode') : t('crewJoin.leadName')}</p>
      <form className="card join-card" noValidate onSubmit={(event) => void submit(event)}>
        <label htmlFor={inputId}>{withCode ? t('crewJoin.code') : t('join.nameLabel')}</label>
        <input
          key={inputId}
          id={inputId}
          autoFocus
          autoComplete={withCode ? 'one-time-code' : 'given-name'}
          autoCapitalize={withCode ? 'characters' : undefined}
          spellCheck={false}
          className={withCode ? 'pairing-code-input' : undefined}
          maxLength={withCode ? PAIRING_CODE_LENGTH + 4 : MAX_NAME_LENGTH}
          placeholder={withCode ? t('crewJoin.codePlaceholder') : undefined}
          aria-invalid={fieldAtFault ? true : undefined}
          aria-describedby={fieldAtFault ? 'crew-join-error' : undefined}
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
          {withCode ? t('crewJoin.pair') : t('crewJoin.join')}
        </button>
      </form>
      {newcomersRefused === null && (
        <p className="centered">
          <button type="button" className="button quiet" onClick={switchWay}>
            {withCode ? t('crewJoin.new') : t('crewJoin.haveCode')}
          </button>
        </p>
      )}
    </main>
  );
}
