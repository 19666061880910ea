import { refusalOf } from '../../shared/clinicView.ts';
import { serverNow } from '../clinicStore.ts';
import { sendCommand } from '../connection.ts';
import { joinLink } from '../identity.ts';
import { CommandButton } from './CommandButton.tsx';
import { CopyField } from './CopyField.tsx';
import { CrewManager } from './CrewManager.tsx';
import { PeopleList } from './PeopleList.tsx';
import { TimingSettings } from './TimingSettings.tsx';
import type { ClinicView } from './useClinic.ts';

/** Fisher-Yates with a cryptographic source, so no order is likelier than another. */
function shuffled<T>(items: readonly T[]): T[] {
  const result = [...items];
  const random = new Uint32Array(result.length);
  crypto.getRandomValues(random);
  for (let i = result.length - 1; i > 0; i -= 1) {
    const j = random[i]! % (i + 1);
    [result[i], result[j]] = [result[j]!, result[i]!];
  }
  return result;
}

/** Waiting room: who is here, the case giver and the coaches' order; the facilitator sets them. */
export function Lobby({ view }: { readonly view: ClinicView }) {
  const { clinic, context, isFacilitator, nameOf } = view;
  const coaches = context.coachIds;
  const listening = clinic.participants.filter((p) => p.id !== context.caseGiverId && !coaches.includes(p.id));
  const setOrder = (coachIds: string[]) => void sendCommand({ type: 'SET_COACH_ORDER', coachIds });
  const move = (index: number, by: number) => {
    const order = [...coaches];
    [order[index], order[index + by]] = [order[index + by]!, order[index]!];
    setOrder(order);
  };
  const startRefusal = refusalOf(view.snapshot, { type: 'START' }, serverNow());

  return (
    <main className="page lobby" data-testid="lobby">
      <p className="eyebrow">Lobby</p>
      <h1>{clinic.title ?? 'Case clinic'}</h1>
      <p className="lead">{isFacilitator ? 'Choose the case giver and the order of coaches, then start.' : 'Waiting for the facilitator to start.'}</p>

      <div className="lobby-grid">
        <section className="card">
          <h2>Case giver</h2>
          <p className="case-giver-name">{context.caseGiverId ? nameOf(context.caseGiverId) : 'Not chosen yet'}</p>
          <h2>Coaches, in speaking order</h2>
          {coaches.length === 0 ? (
            <p className="hint">No coaches yet.</p>
          ) : (
            <ol className="coach-order">
              {coaches.map((coachId, index) => (
                <li key={coachId}>
                  <span className="person-name">{nameOf(coachId)}</span>
                  {isFacilitator && (
                    <span className="person-actions">
                      <button type="button" className="icon-button" aria-label={`Move ${nameOf(coachId)} up`} disabled={index === 0} onClick={() => move(index, -1)}>
                        ↑
                      </button>
                      <button
                        type="button"
                        className="icon-button"
                        aria-label={`Move ${nameOf(coachId)} down`}
                        disabled={index === coaches.length - 1}
                        onClick={() => move(index, 1)}
                      >
                        ↓
                      </button>
                      <button type="button" className="icon-button" aria-label={`Remove ${nameOf(coachId)} from the order`} onClick={() => setOrder(coaches.filter((id) => id !== coachId))}>
                        ✕
                      </button>
                    </span>
                  )}
                </li>
              ))}
            </ol>
          )}
          {isFacilitator && coaches.length > 1 && (
            <button type="button" className="button secondary" onClick={() => setOrder(shuffled(coaches))}>
              Shuffle order
            </button>
          )}
          {listening.length > 0 && (
            <>
              <h2>Listening, not coaching</h2>
              <ul className="listening">
                {listening.map((participant) => (
                  <li key={participant.id}>
                    <span className="person-name">{participant.name}</span>
                    {isFacilitator && (
                      <button type="button" className="button quiet small" aria-label={`Add ${participant.name} to the order`} onClick={() => setOrder([...coaches, participant.id])}>
                        Add to order
                      </button>
                    )}
                  </li>
                ))}
              </ul>
            </>
          )}
        </section>

        <section className="card">
          <h2>Who's here</h2>
          <PeopleList
            view={view}
            actions={
              isFacilitator
                ? (participantId) =>
                    participantId !== context.caseGiverId && (
                      <button
                        type="button"
                        className="button quiet small"
                        aria-label={`Make ${nameOf(participantId)} the case giver`}
                        onClick={() => void sendCommand({ type: 'SET_CASE_GIVER', participantId })}
                      >
                        Make case giver
                      </button>
                    )
                : undefined
            }
          />
          {isFacilitator && <CopyField label="Join link" value={joinLink(window.location.origin, clinic.clinicId)} testId="join-link" hint="Anyone with this link can join." />}
        </section>
      </div>

      {isFacilitator && (
        <div className="lobby-grid">
          <details className="card panel">
            <summary>Timing and cues</summary>
            <TimingSettings view={view} />
          </details>
          <details className="card panel">
            <summary>Facilitation and privacy</summary>
            <CrewManager view={view} />
          </details>
        </div>
      )}

      {isFacilitator && (
        <div className="start-row">
          <CommandButton view={view} command={{ type: 'START' }} variant="primary">
            Start clinic
          </CommandButton>
          {startRefusal && <p className="hint">{startRefusal}</p>}
        </div>
      )}
    </main>
  );
}
