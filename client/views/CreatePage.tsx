import { useState, type FormEvent } from 'react';
import { CLASSIC_FORMAT, defaultMinutesOf, MAX_PHASE_MINUTES, MIN_PHASE_MINUTES } from '../../shared/format.ts';
import { MAX_TITLE_LENGTH, type CreatedClinic } from '../../shared/protocol.ts';
import { createClinic } from '../connection.ts';
import { refusalText } from '../refusalText.ts';
import { facilitatorLink, joinLink } from '../identity.ts';
import { CopyField } from './CopyField.tsx';

/** The crew size the length estimate assumes; the real lineup is chosen in the lobby. */
const ESTIMATE_COACHES = 3;

/** `/`: name the clinic, adjust phase lengths, and get the two links. */
export function CreatePage() {
  const [title, setTitle] = useState('');
  const [minutes, setMinutes] = useState(() => defaultMinutesOf(CLASSIC_FORMAT));
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [created, setCreated] = useState<CreatedClinic | null>(null);

  const totalMinutes = CLASSIC_FORMAT.phases.reduce(
    (sum, phase) => sum + (minutes[phase.id] ?? 0) * (phase.speaker === 'eachCoach' ? ESTIMATE_COACHES : 1),
    0,
  );

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    const reply = await createClinic({ title: title.trim() || undefined, minutes });
    setBusy(false);
    if (reply.ok) setCreated(reply.data);
    else setError(refusalText(reply.error));
  };

  if (created) {
    const origin = window.location.origin;
    const privateLink = facilitatorLink(origin, created.clinicId, created.facilitatorKey);
    return (
      <main className="page narrow">
        <h1>Your clinic is ready</h1>
        <p className="lead">Share the join link with your crew. Keep the facilitator link to yourself.</p>
        <CopyField label="Join link for everyone" value={joinLink(origin, created.clinicId)} testId="join-link" hint="Share it in the call's chat. It asks only for a name." />
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
      <p className="lead">Structured, undivided attention for one person's case: four phases, kept on time for everyone on the call.</p>
      <form className="card" onSubmit={(event) => void submit(event)}>
        <label htmlFor="clinic-title">Clinic title (optional)</label>
        <input id="clinic-title" maxLength={MAX_TITLE_LENGTH} placeholder="e.g. Tuesday crew, week 3" value={title} onChange={(event) => setTitle(event.target.value)} />
        <fieldset className="durations">
          <legend>Phase lengths</legend>
          {CLASSIC_FORMAT.phases.map((phase) => (
            <label key={phase.id} className="duration">
              <span className="duration-name">
                {phase.title}
                {phase.speaker === 'eachCoach' && <small>per coach</small>}
              </span>
              <input
                type="number"
                inputMode="numeric"
                min={MIN_PHASE_MINUTES}
                max={MAX_PHASE_MINUTES}
                required
                value={minutes[phase.id] ?? ''}
                onChange={(event) => setMinutes({ ...minutes, [phase.id]: Number(event.target.value) })}
              />
              <span className="duration-unit">min</span>
            </label>
          ))}
        </fieldset>
        <p className="estimate" aria-live="polite">
          About <strong>{totalMinutes} minutes</strong> with {ESTIMATE_COACHES} coaches
        </p>
        {error && <p className="error" role="alert">{error}</p>}
        <button type="submit" className="button primary wide" disabled={busy}>
          {busy ? 'Creating…' : 'Create clinic'}
        </button>
      </form>
      <p className="hint centered">No accounts. The clinic and its names are deleted a day after it closes.</p>
    </main>
  );
}
