import { useState, type FormEvent } from 'react';
import { draftFrom } from '../../shared/customFormat.ts';
import { DEFAULT_FORMAT_ID, FORMAT_LIBRARY, findFormat } from '../../shared/formatLibrary.ts';
import type { ClinicFormat, PhaseDefinition } from '../../shared/formatSchema.ts';
import { defaultMinutesOf, fitToMinutes, peopleWithin, totalMinutes } from '../../shared/formatPlanning.ts';
import { MAX_PHASE_MINUTES, MAX_TITLE_LENGTH, type CreatedClinic } from '../../shared/protocol.ts';
import { createClinic } from '../connection.ts';
import { forgetFormat, keepFormat, keptFormats } from '../keptFormats.ts';
import { facilitatorLink, joinLink } from '../identity.ts';
import { refusalText } from '../refusalText.ts';
import { CopyField } from './CopyField.tsx';
import { QrCode } from './QrCode.tsx';
import { FormatBuilder } from './FormatBuilder.tsx';
import { FormatOptions } from './FormatOptions.tsx';
import { translatedFormat } from '../../shared/formatTranslation.ts';
import { t, useLanguage } from '../language.ts';

/** Who holds the floor, in the agenda's words. */
function floorLabel({ floor, caseGiverTurnsAway }: PhaseDefinition, format: ClinicFormat): string {
  if (caseGiverTurnsAway) return t('create.floor.othersWhileAway');
  switch (floor.kind) {
    case 'caseGiver':
      return t('create.floor.caseGiver');
    case 'eachCoach':
      return t('create.floor.eachCoach');
    case 'everyone':
      return t('create.floor.everyone');
    case 'nobody':
      return t('create.floor.nobody');
    case 'role':
      return format.roles.find((role) => role.id === floor.roleId)?.name ?? t('create.floor.role');
  }
}


/** The select's value that opens the builder rather than naming a format. */
const BUILD_YOUR_OWN = 'build-your-own';

/** `/`: choose a format, see its agenda and length for the people expected, adjust it, get the links. */
export function CreatePage() {
  const [title, setTitle] = useState('');
  const [kept, setKept] = useState(keptFormats);
  const [format, setFormat] = useState<ClinicFormat>(() => findFormat(DEFAULT_FORMAT_ID)!);
  const [building, setBuilding] = useState(false);
  const isKept = kept.some((candidate) => candidate.id === format.id);
  const isLibrary = findFormat(format.id) === format;
  const [people, setPeople] = useState(4);
  const [minutes, setMinutes] = useState(() => defaultMinutesOf(format));
  const [target, setTarget] = useState('');
  const [fitNote, setFitNote] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [created, setCreated] = useState<CreatedClinic | null>(null);

  const language = useLanguage();
  const shown = translatedFormat(format, language);
  const expected = peopleWithin(format, people);
  const total = totalMinutes(format, minutes, expected);

  const useFormat = (chosen: ClinicFormat) => {
    setFormat(chosen);
    setMinutes(defaultMinutesOf(chosen));
    setPeople((count) => peopleWithin(chosen, count));
    setFitNote(null);
    setBuilding(false);
  };
  const chooseFormat = (id: string) => {
    if (id === BUILD_YOUR_OWN) setBuilding(true);
    else useFormat(findFormat(id) ?? kept.find((candidate) => candidate.id === id)!);
  };

  const fit = () => {
    const wanted = Number(target);
    if (!Number.isInteger(wanted) || wanted <= 0) {
      setFitNote(t('create.fit.invalid'));
      return;
    }
    const result = fitToMinutes(format, expected, wanted);
    if (!result.fits) {
      setFitNote(t('create.fit.tooShort', { wanted, people: expected, shortest: result.shortest }));
      return;
    }
    setMinutes(result.minutes);
    setFitNote(result.total === wanted ? t('create.fit.fitted', { wanted }) : t('create.fit.closest', { total: result.total }));
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    const chosen = isLibrary ? { formatId: format.id } : { format };
    const reply = await createClinic({ title: title.trim() || undefined, ...chosen, minutes });
    setBusy(false);
    if (reply.ok) setCreated(reply.data);
    else setError(refusalText(reply.error));
  };

  if (created) {
    const origin = window.location.origin;
    const privateLink = facilitatorLink(origin, created.clinicId, created.facilitatorKey);
    const sharedLink = joinLink(origin, created.clinicId);
    return (
      <main className="page narrow">
        <h1>{t('create.ready.title')}</h1>
        <p className="lead">{t('create.ready.lead')}</p>
        <CopyField label={t('create.ready.joinLink')} value={sharedLink} testId="join-link" hint={t('create.ready.joinLinkHint')} />
        <div className="join-qr">
          <QrCode text={sharedLink} label={t('qr.joinLink')} />
          <p className="hint">{t('create.ready.qrHint')}</p>
        </div>
        <CopyField label={t('create.ready.facilitatorLink')} value={privateLink} testId="facilitator-link" hint={t('create.ready.facilitatorLinkHint')} />
        <button type="button" className="button primary wide" onClick={() => window.location.assign(privateLink)}>
          {t('create.ready.open')}
        </button>
      </main>
    );
  }

  return (
    <main className="page narrow">
      <h1>{t('app.name')}</h1>
      <p className="lead">{t('create.lead')}</p>
      <form className="card" onSubmit={(event) => void submit(event)}>
        <label htmlFor="clinic-title">{t('create.titleLabel')}</label>
        <input id="clinic-title" maxLength={MAX_TITLE_LENGTH} placeholder={t('create.titlePlaceholder')} value={title} onChange={(event) => setTitle(event.target.value)} />

        <label htmlFor="clinic-format">{t('create.format')}</label>
        <select id="clinic-format" value={building ? BUILD_YOUR_OWN : format.id} onChange={(event) => chooseFormat(event.target.value)}>
          <optgroup label={t('create.library')}>
            <FormatOptions formats={FORMAT_LIBRARY} />
          </optgroup>
          {(kept.length > 0 || !isLibrary) && (
            <optgroup label={t('create.yours')}>
              {!isLibrary && !isKept && <option value={format.id}>{format.name}</option>}
              <FormatOptions formats={kept} />
            </optgroup>
          )}
          <option value={BUILD_YOUR_OWN}>{t('create.buildYourOwn')}</option>
        </select>
        {building ? (
          <FormatBuilder start={draftFrom(shown, t('builder.draftName', { format: shown.name }))} onUse={useFormat} onCancel={() => setBuilding(false)} />
        ) : (
          <>
            <p className="format-description" data-testid="format-description">
              {shown.description}
              <small>{shown.credit}</small>
            </p>
            {!isLibrary && (
              <p className="format-keep">
                {isKept ? (
                  <button type="button" className="button quiet small" onClick={() => setKept(forgetFormat(format.id))}>
                    {t('create.forget')}
                  </button>
                ) : (
                  <button type="button" className="button quiet small" onClick={() => setKept(keepFormat(format))}>
                    {t('create.keep')}
                  </button>
                )}
              </p>
            )}
          </>
        )}

        {!building && (
          <>
            <label htmlFor="clinic-people">{t('create.people')}</label>
            <input
              id="clinic-people"
              type="number"
              inputMode="numeric"
              min={format.participants.min}
              max={format.participants.max}
              value={people}
              onChange={(event) => setPeople(Number(event.target.value))}
            />
            <p className="hint">
              {format.participants.min === format.participants.max
                ? t(format.rounds === 'eachCaseGiver' ? 'create.peopleExactRounds' : 'create.peopleExact', { people: format.participants.min })
                : t(format.rounds === 'eachCaseGiver' ? 'create.peopleRangeRounds' : 'create.peopleRange', format.participants)}
            </p>
  
            <fieldset className="durations">
              <legend>{t('create.agenda')}</legend>
              {shown.phases.map((phase) => (
                <label key={phase.id} className="duration">
                  <span className="duration-name">
                    {phase.title}
                    <small>{floorLabel(phase, shown)}</small>
                  </span>
                  <input
                    type="number"
                    inputMode="numeric"
                    min={phase.minimumMinutes}
                    max={MAX_PHASE_MINUTES}
                    required
                    value={minutes[phase.id] ?? ''}
                    onChange={(event) => setMinutes({ ...minutes, [phase.id]: Number(event.target.value) })}
                  />
                  <span className="duration-unit">{t('create.minutesUnit')}</span>
                </label>
              ))}
            </fieldset>
            <p className="estimate" aria-live="polite" data-testid="estimate">
              {t('create.estimateBefore')}
              <strong>{t('create.estimateMinutes', { minutes: total })}</strong>
              {t(format.rounds === 'eachCaseGiver' ? 'create.estimateForRounds' : 'create.estimateFor', { people: expected })}
            </p>
            <div className="fit-row">
              <label htmlFor="fit-minutes">{t('create.fitTo')}</label>
              <input id="fit-minutes" type="number" inputMode="numeric" min={1} placeholder="60" value={target} onChange={(event) => setTarget(event.target.value)} />
              <span className="duration-unit">{t('create.minutesUnit')}</span>
              <button type="button" className="button secondary" onClick={fit}>
                {t('create.fit')}
              </button>
            </div>
            {fitNote && (
              <p className="hint" role="status" data-testid="fit-note">
                {fitNote}
              </p>
            )}
          </>
        )}
        {error && (
          <p className="error" role="alert">
            {error}
          </p>
        )}
        <button type="submit" className="button primary wide" disabled={busy || building} aria-describedby={building ? 'use-format-first' : undefined}>
          {busy ? t('create.creating') : t('create.submit')}
        </button>
        {/* A button greyed out without a word would leave them pressing it. */}
        {building && (
          <p className="hint" id="use-format-first">
            {t('create.useFormatFirst', { use: t('builder.use') })}
          </p>
        )}
      </form>
      <p className="hint centered">{t('create.privacy')}</p>
      <p className="hint centered">
        {t('create.crewHint')} <a href="/crews/new">{t('crew.start')}</a>
      </p>
    </main>
  );
}
