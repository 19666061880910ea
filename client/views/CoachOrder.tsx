import { refusalOf } from '../../shared/commandRules.ts';
import { roundLineup } from '../../shared/lineup.ts';
import type { FacilitatorCommand } from '../../shared/protocolSchemas.ts';
import { canTakePart } from '../../shared/rosterRules.ts';
import { sendCommand } from '../connection.ts';
import { ActionFor } from './ActionFor.tsx';
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

/** Up, down and out buttons for one person in an ordered list the facilitator edits. */
function OrderControls({ ids, index, name, what, onChange }: { readonly ids: readonly string[]; readonly index: number; readonly name: string; readonly what: string; readonly onChange: (ids: string[]) => void }) {
  const move = (by: number) => {
    const order = [...ids];
    [order[index], order[index + by]] = [order[index + by]!, order[index]!];
    onChange(order);
  };
  return (
    <span className="person-actions">
      <button type="button" className="icon-button" aria-label={`Move ${name} up`} disabled={index === 0} onClick={() => move(-1)}>
        ↑
      </button>
      <button type="button" className="icon-button" aria-label={`Move ${name} down`} disabled={index === ids.length - 1} onClick={() => move(1)}>
        ↓
      </button>
      <button type="button" className="icon-button" aria-label={`Remove ${name} from ${what}`} onClick={() => onChange(ids.filter((_, at) => at !== index))}>
        ✕
      </button>
    </span>
  );
}

/**
 * The lineup: who brings a case (one case giver, or one per round), the first round's coaches in
 * speaking order, who holds each role, and who only listens; the facilitator edits it.
 */
export function CoachOrder({ view }: { readonly view: ClinicView }) {
  const { clinic, progress, isFacilitator, nameOf, myId } = view;
  const oneRound = progress.format.rounds === 'one';
  const { caseGiverId, coachIds: coaches } = roundLineup(progress, 0);
  const listening = clinic.participants.filter((participant) => canTakePart(participant) && !progress.lineup.includes(participant.id));
  const allows = (command: FacilitatorCommand) => isFacilitator && refusalOf(clinic, myId, command) === null;
  const setOrder = (coachIds: string[]) => void sendCommand({ type: 'SET_COACH_ORDER', coachIds });
  const setRounds = (caseGiverIds: string[]) => void sendCommand({ type: 'SET_ROUND_ORDER', caseGiverIds });
  const withoutCase = progress.lineup.filter((id) => !progress.caseGiverIds.includes(id));

  return (
    <section className="card">
      {oneRound ? (
        <>
          <h2>Case giver</h2>
          {caseGiverId ? (
            <p className="case-giver-name">{nameOf(caseGiverId)}</p>
          ) : (
            <>
              <p className="case-giver-name unset">Not chosen yet</p>
              {isFacilitator && <p className="hint">Pick one with “Make case giver” under Who's here.</p>}
            </>
          )}
        </>
      ) : (
        <>
          <h2>Rounds, one per case</h2>
          {progress.caseGiverIds.length === 0 ? (
            <p className="hint">Nobody brings a case yet.</p>
          ) : (
            <ol className="coach-order" data-testid="round-order">
              {progress.caseGiverIds.map((id, index) => (
                <li key={id}>
                  <span className="person-name">{nameOf(id)}</span>
                  {isFacilitator && <OrderControls ids={progress.caseGiverIds} index={index} name={nameOf(id)} what="the rounds" onChange={setRounds} />}
                </li>
              ))}
            </ol>
          )}
          {withoutCase.map((id) =>
            allows({ type: 'SET_ROUND_ORDER', caseGiverIds: [...progress.caseGiverIds, id] }) ? (
              <button key={id} type="button" className="button quiet small" onClick={() => setRounds([...progress.caseGiverIds, id])}>
                Add a round for {nameOf(id)}
              </button>
            ) : null,
          )}
        </>
      )}
      <h2>{oneRound ? 'Coaches, in speaking order' : 'Coaches of the first round, in speaking order'}</h2>
      {coaches.length === 0 ? (
        <p className="hint">No coaches yet.</p>
      ) : (
        <ol className="coach-order">
          {coaches.map((coachId, index) => (
            <li key={coachId}>
              <span className="person-name">{nameOf(coachId)}</span>
              {isFacilitator && <OrderControls ids={coaches} index={index} name={nameOf(coachId)} what="the order" onChange={setOrder} />}
            </li>
          ))}
        </ol>
      )}
      {isFacilitator && coaches.length > 1 && (
        <button type="button" className="button secondary" onClick={() => setOrder(shuffled(coaches))}>
          Shuffle order
        </button>
      )}
      {!oneRound && coaches.length > 0 && <p className="hint">Each later round starts with the person after its case giver.</p>}
      {progress.format.roles.length > 0 && <RoleChoices view={view} />}
      {listening.length > 0 && (
        <>
          <h2>Listening, not coaching</h2>
          <ul className="listening">
            {listening.map((participant) => (
              <li key={participant.id}>
                <span className="person-name">{participant.name}</span>
                {allows({ type: 'SET_COACH_ORDER', coachIds: [...coaches, participant.id] }) && (
                  <span className="person-actions">
                    <button type="button" className="button quiet small" onClick={() => setOrder([...coaches, participant.id])}>
                      <ActionFor action="Add to order" name={participant.name} />
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

/** Who holds each role the format names: chosen by the facilitator, shown to everyone. */
function RoleChoices({ view }: { readonly view: ClinicView }) {
  const { clinic, progress, isFacilitator, nameOf } = view;
  const people = clinic.participants.filter(canTakePart);
  return (
    <>
      <h2>Roles</h2>
      <ul className="listening" data-testid="roles">
        {progress.format.roles.map((role) => {
          const holder = progress.roleHolders[role.id] ?? null;
          return (
            <li key={role.id}>
              <span className="person-name" title={role.duty}>
                {role.name}
              </span>
              {isFacilitator ? (
                <select
                  aria-label={role.name}
                  value={holder ?? ''}
                  onChange={(event) => void sendCommand({ type: 'SET_ROLE', roleId: role.id, participantId: event.target.value || null })}
                >
                  <option value="">Nobody</option>
                  {people.map((participant) => (
                    <option key={participant.id} value={participant.id}>
                      {participant.name}
                    </option>
                  ))}
                </select>
              ) : (
                <span className="tags">{holder ? nameOf(holder) : 'nobody yet'}</span>
              )}
            </li>
          );
        })}
      </ul>
    </>
  );
}
