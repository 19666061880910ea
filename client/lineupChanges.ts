/**
 * The facilitator's changes to the lineup (the case giver, the coach and round orders), each made
 * when its turn comes from the state the command before it left. A new order names the whole list,
 * so one made from a screen that had not yet shown the last change would undo it (the server
 * refuses it as LINEUP_CHANGED): "Remove Fran" then "Remove Cy", or "Ben brings the case" then
 * "Remove Fran", clicked in quick succession on a slow connection, both land.
 */
import type { ClinicProgress } from '../shared/clinicStateSchema.ts';
import { roundLineup } from '../shared/lineup.ts';
import type { Ack, CommandResult } from '../shared/protocol.ts';
import type { FacilitatorCommand } from '../shared/protocolSchemas.ts';
import { sendCommandMadeInTurn } from './commandLine.ts';

/** The first round's coaches in speaking order, or the case giver of each round. */
export type OrderedList = 'coaches' | 'rounds';

/** A change the facilitator asked for, as the command it makes of the clinic as it is then; null once it means nothing. */
export type LineupChange = (progress: ClinicProgress) => FacilitatorCommand | null;

const idsIn = (progress: ClinicProgress, list: OrderedList): readonly string[] =>
  list === 'coaches' ? roundLineup(progress, 0).coachIds : progress.caseGiverIds;

const orderCommand = (list: OrderedList, ids: string[]): FacilitatorCommand =>
  list === 'coaches' ? { type: 'SET_COACH_ORDER', coachIds: ids } : { type: 'SET_ROUND_ORDER', caseGiverIds: ids };

/** `id` one place earlier (`by` -1) or later (1). */
export const moveInOrder =
  (list: OrderedList, id: string, by: -1 | 1): LineupChange =>
  (progress) => {
    const ids = [...idsIn(progress, list)];
    const from = ids.indexOf(id);
    const to = from + by;
    if (from === -1 || to < 0 || to >= ids.length) return null;
    [ids[from], ids[to]] = [ids[to]!, ids[from]!];
    return orderCommand(list, ids);
  };

export const removeFromOrder =
  (list: OrderedList, id: string): LineupChange =>
  (progress) => {
    const ids = idsIn(progress, list);
    return ids.includes(id) ? orderCommand(list, ids.filter((candidate) => candidate !== id)) : null;
  };

/** `id` last in the list. */
export const addToOrder =
  (list: OrderedList, id: string): LineupChange =>
  (progress) => {
    const ids = idsIn(progress, list);
    return ids.includes(id) ? null : orderCommand(list, [...ids, id]);
  };

/** `id` brings the (first round's) case; nothing if they already do. */
export const makeCaseGiver =
  (id: string): LineupChange =>
  (progress) =>
    progress.caseGiverIds[0] === id ? null : { type: 'SET_CASE_GIVER', participantId: id };

/** The same people in the order `arrange` gives them, e.g. shuffled. */
export const rearrangeOrder =
  (list: OrderedList, arrange: (ids: readonly string[]) => string[]): LineupChange =>
  (progress) =>
    orderCommand(list, arrange(idsIn(progress, list)));

/** Sends `change` once every command asked for before it has landed, made from the state it left. */
export const changeLineup = (change: LineupChange): Promise<Ack<CommandResult> | null> => sendCommandMadeInTurn((clinic) => change(clinic.progress));
