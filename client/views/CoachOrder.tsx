import { refusalOf } from '../../shared/commandRules.ts';
import { roundLineup } from '../../shared/lineup.ts';
import type { FacilitatorCommand } from '../../shared/protocolSchemas.ts';
import { canTakePart } from '../../shared/rosterRules.ts';
import { sendCommand } from '../commandLine.ts';
import { addToOrder, changeLineup, moveInOrder, rearrangeOrder, removeFromOrder, type OrderedList } from '../lineupChanges.ts';
import { ActionFor } from './ActionFor.tsx';
import type { ClinicView } from './useClinic.ts';
import { t } from '../language.ts';
import { seatWordsOf } from '../seatWords.ts';

/** The heading over who brings the case: where focus goes once the facilitator has chosen them by keyboard. */
export const CASE_GIVER_HEADING_ID = 'case-giver-heading';

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
function OrderControls({ list, id, isFirst, isLast, name, removeLabel }: { readonly list: OrderedList; readonly id: string; readonly isFirst: boolean; readonly isLast: boolean; readonly name: string; readonly removeLabel: string }) {
  return (
    <span className="person-actions">
      <button type="button" className="icon-button" aria-label={t('order.moveUp', { name })} disabled={isFirst} onClick={() => void changeLineup(moveInOrder(list, id, -1))}>
        ↑
      </button>
      <button type="button" className="icon-button" aria-label={t('order.moveDown', { name })} disabled={isLast} onClick={() => void changeLineup(moveInOrder(list, id, 1))}>
        ↓
      </button>
      <button type="button" className="icon-button" aria-label={removeLabel} onClick={() => void changeLineup(removeFromOrder(list, id))}>
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
  const withoutCase = progress.lineup.filter((id) => !progress.caseGiverIds.includes(id));
  const seat = seatWordsOf(progress);

  return (
    <section className="card">
      {oneRound ? (
        <>
          <h2 id={CASE_GIVER_HEADING_ID} tabIndex={-1}>
            {t(seat.heading)}
          </h2>
          {caseGiverId ? (
            <p className="case-giver-name">{nameOf(caseGiverId)}</p>
          ) : (
            <>
              <p className="case-giver-name unset">{t('order.notChosen')}</p>
              {isFacilitator && <p className="hint">{t(seat.pickHint)}</p>}
            </>
          )}
        </>
      ) : (
        <>
          <h2 id={CASE_GIVER_HEADING_ID} tabIndex={-1}>
            {t('order.rounds')}
          </h2>
          {progress.caseGiverIds.length === 0 ? (
            <p className="hint">{t('order.noCases')}</p>
          ) : (
            <ol className="coach-order" data-testid="round-order">
              {progress.caseGiverIds.map((id, index) => (
                <li key={id}>
                  <span className="person-name">{nameOf(id)}</span>
                  {isFacilitator && (
                    <OrderControls list="rounds" id={id} isFirst={index === 0} isLast={index === progress.caseGiverIds.length - 1} name={nameOf(id)} removeLabel={t('order.removeFromRounds', { name: nameOf(id) })} />
                  )}
                </li>
              ))}
            </ol>
          )}
          {withoutCase.map((id) =>
            allows({ type: 'SET_ROUND_ORDER', caseGiverIds: [...progress.caseGiverIds, id] }) ? (
              <button key={id} type="button" className="button quiet small" onClick={() => void changeLineup(addToOrder('rounds', id))}>
                {t('order.addRound', { name: nameOf(id) })}
              </button>
            ) : null,
          )}
        </>
      )}
      <h2>{oneRound ? t(seat.othersHeading) : t('order.coachesFirstRound')}</h2>
      {coaches.length === 0 ? (
        <p className="hint">{t(oneRound ? seat.noOthers : 'order.noCoaches')}</p>
      ) : (
        <ol className="coach-order">
          {coaches.map((coachId, index) => (
            <li key={coachId}>
              <span className="person-name">{nameOf(coachId)}</span>
              {isFacilitator && (
                <OrderControls list="coaches" id={coachId} isFirst={index === 0} isLast={index === coaches.length - 1} name={nameOf(coachId)} removeLabel={t('order.removeFromOrder', { name: nameOf(coachId) })} />
              )}
            </li>
          ))}
        </ol>
      )}
      {isFacilitator && coaches.length > 1 && (
        <button type="button" className="button secondary" onClick={() => void changeLineup(rearrangeOrder('coaches', shuffled))}>
          {t('order.shuffle')}
        </button>
      )}
      {!oneRound && coaches.length > 0 && <p className="hint">{t('order.laterRounds')}</p>}
      {progress.format.roles.length > 0 && <RoleChoices view={view} />}
      {listening.length > 0 && (
        <>
          <h2>{t('order.listening')}</h2>
          <ul className="listening">
            {listening.map((participant) => (
              <li key={participant.id}>
                <span className="person-name">{participant.name}</span>
                {allows({ type: 'SET_COACH_ORDER', coachIds: [...coaches, participant.id] }) && (
                  <span className="person-actions">
                    <button type="button" className="button quiet small" onClick={() => void changeLineup(addToOrder('coaches', participant.id))}>
                      <ActionFor action={t('order.addToOrder')} name={participant.name} />
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
      <h2>{t('order.roles')}</h2>
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
                  <option value="">{t('order.nobody')}</option>
                  {people.map((participant) => (
                    <option key={participant.id} value={participant.id}>
                      {participant.name}
                    </option>
                  ))}
                </select>
              ) : (
                <span className="tags">{holder ? nameOf(holder) : t('order.nobodyYet')}</span>
              )}
            </li>
          );
        })}
      </ul>
    </>
  );
}
