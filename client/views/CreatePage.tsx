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

/** Who holds the floor, in the agenda's words. */
function floorLabel({ floor, caseGiverTurnsAway }: PhaseDefinition, format: ClinicFormat): string {
  if (caseGiverTurnsAway) return 'the others, case giver turned away';
  switch (floor.kind) {
    case 'caseGiver':
      return 'case giver';
    case 'eachCoach':
      return 'each coach, per turn';
    case 'everyone':
      return 'everyone';
    case 'nobody':
      return 'silence';
    case 'role':
      return format.roles.find((role) => role.id === floor.roleId)?.name.toLowerCase() ?? 'a role';
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
      setFitNote('Enter the minutes you have, as a whole number.');
      return;
    }
    const result = fitToMinutes(format, expected, wanted);
    if (!result.fits) {
      setFitNote(`${wanted} minutes is too short for ${expected} people: even at its shortest this format takes ${result.shortest} minutes.`);
      return;
    }
    setMinutes(result.minutes);
    setFitNote(result.total === wanted ? `Fitted to ${wanted} minutes.` : `The closest whole minutes allow is ${result.total} minutes.`);
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
        <h1>Your clinic is ready</h1>
        <p className="lead">Share the join link with your crew. Keep the facilitator link to yourself.</p>
        <CopyField label="Join link for everyone" value={sharedLink} testId="join-link" hint="Share it in the call's chat. It asks only for a name." />
        <div className="join-qr">
          <QrCode text={sharedLink} label="QR code of the join link" />
          <p className="hint">Or show this code: whoever joins from a phone scans it instead of typing the link.</p>
        </div>
        <CopyField
          label="Your facilitator link (keep it private)"
          value={privateLink}
          testId="facilitator-link"
          hint="It gives control of the clinic on any device you open it on."
        />
        <button type="button" className="button primary wide" onClick={() => window.location.assign(privateLink)}>
          Open facilitator console
        </button>
      </main>
    );
  }

  return (
    <main className="page narrow">
      <h1>Case Clinic</h1>
      <p className="lead">Structured, undivided attention for one person's case, kept on time for everyone on the call.</p>
      <form className="card" onSubmit={(event) => void submit(event)}>
        <label htmlFor="clinic-title">Clinic title (optional)</label>
        <input id="clinic-title" maxLength={MAX_TITLE_LENGTH} placeholder="e.g. Tuesday crew, week 3" value={title} onChange={(event) => setTitle(event.target.value)} />

        <label htmlFor="clinic-format">Format</label>
        <select id="clinic-format" value={building ? BUILD_YOUR_OWN : format.id} onChange={(event) => chooseFormat(event.target.value)}>
          <optgroup label="Library">
            <FormatOptions formats={FORMAT_LIBRARY} />
          </optgroup>
          {(kept.length > 0 || !isLibrary) && (
            <optgroup label="Yours">
              {!isLibrary && !isKept && <option value={format.id}>{format.name}</option>}
              <FormatOptions formats={kept} />
            </optgroup>
          )}
          <option value={BUILD_YOUR_OWN}>Build your own…</option>
        </select>
        {building ? (
          <FormatBuilder start={draftFrom(format)} onUse={useFormat} onCancel={() => setBuilding(false)} />
        ) : (
          <>
            <p className="format-description" data-testid="format-description">
              {format.description}
              <small>{format.credit}</small>
            </p>
            {!isLibrary && (
              <p className="format-keep">
                {isKept ? (
                  <button type="button" className="button quiet small" onClick={() => setKept(forgetFormat(format.id))}>
                    Forget it on this device
                  </button>
                ) : (
                  <button type="button" className="button quiet small" onClick={() => setKept(keepFormat(format))}>
                    Keep it on this device
                  </button>
                )}
              </p>
            )}
          </>
        )}

        {!building && (
          <>
            <label htmlFor="clinic-people">People taking part</label>
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
              {format.participants.min === format.participants.max ? `For ${format.participants.min} people` : `For ${format.participants.min} to ${format.participants.max} people`}
              {format.rounds === 'eachCaseGiver' && ', each bringing a case in a round of their own'}.
            </p>
  
            <fieldset className="durations">
              <legend>Agenda</legend>
              {format.phases.map((phase) => (
                <label key={phase.id} className="duration">
                  <span className="duration-name">
                    {phase.title}
                    <small>{floorLabel(phase, format)}</small>
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
                  <span className="duration-unit">min</span>
                </label>
              ))}
            </fieldset>
            <p className="estimate" aria-live="polite" data-testid="estimate">
              About <strong>{total} minutes</strong> for {expected} people
              {format.rounds === 'eachCaseGiver' && <> ({expected} rounds)</>}
            </p>
            <div className="fit-row">
              <label htmlFor="fit-minutes">Fit to</label>
              <input id="fit-minutes" type="number" inputMode="numeric" min={1} placeholder="60" value={target} onChange={(event) => setTarget(event.target.value)} />
              <span className="duration-unit">min</span>
              <button type="button" className="button secondary" onClick={fit}>
                Fit
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
        <button type="submit" className="button primary wide" disabled={busy || building}>
          {busy ? 'Creating…' : 'Create clinic'}
        </button>
      </form>
      <p className="hint centered">No accounts. The clinic and its names are deleted a day after it closes.</p>
      <p className="hint centered">
        Meeting weekly with the same people? <a href="/crews/new">Start a crew</a>
      </p>
    </main>
  );
}
