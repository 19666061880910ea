import { refusalOf } from '../../shared/commandRules.ts';
import { canTakePart } from '../../shared/rosterRules.ts';
import { sendCommand } from '../connection.ts';
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

/** The lineup: the case giver, the coaches in speaking order, and who only listens; the facilitator edits it. */
export function CoachOrder({ view }: { readonly view: ClinicView }) {
  const { clinic, progress, isFacilitator, nameOf, myId } = view;
  const coaches = progress.coachIds;
  const listening = clinic.participants.filter(
    (participant) => canTakePart(participant) && participant.id !== progress.caseGiverId && !coaches.includes(participant.id),
  );
  const mayAddToOrder = (participantId: string) => refusalOf(clinic, myId, { type: 'SET_COACH_ORDER', coachIds: [...coaches, participantId] }) === null;
  const setOrder = (coachIds: string[]) => void sendCommand({ type: 'SET_COACH_ORDER', coachIds });
  const move = (index: number, by: number) => {
    const order = [...coaches];
    [order[index], order[index + by]] = [order[index + by]!, order[index]!];
    setOrder(order);
  };

  return (
    <section className="card">
      <h2>Case giver</h2>
      {progress.caseGiverId ? (
        <p className="case-giver-name">{nameOf(progress.caseGiverId)}</p>
      ) : (
        <>
          <p className="case-giver-name unset">Not chosen yet</p>
          {isFacilitator && <p className="hint">Pick one with “Make case giver” under Who's here.</p>}
        </>
      )}
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
                  <button type="button" className="icon-button" aria-label={`Move ${nameOf(coachId)} down`} disabled={index === coaches.length - 1} onClick={() => move(index, 1)}>
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
                {mayAddToOrder(participant.id) && (
                  <span className="person-actions">
                    <button type="button" className="button quiet small" aria-label={`Add ${participant.name} to the order`} onClick={() => setOrder([...coaches, participant.id])}>
                      Add to order
                    </button>
                  </span>
                )}
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
