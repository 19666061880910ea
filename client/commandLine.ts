/**
 * The facilitator's commands, sent in the order they were clicked: each once the one before it has
 * been answered and the state its answer names is shown (or an answer's wait has passed). A move
 * names the state on screen when it was clicked, so a double click is refused as stale, not applied
 * twice; a change that names its whole result (a new order, the cue times) is made when its turn
 * comes, from the state the one before left, so two clicked in quick succession both land.
 */
import type { ClinicState } from '../shared/clinicStateSchema.ts';
import { ACK_TIMEOUT_MS, type Ack, type CommandResult } from '../shared/protocol.ts';
import type { FacilitatorCommand } from '../shared/protocolSchemas.ts';
import { refuse, type Reason } from '../shared/reasons.ts';
import { useClinicStore } from './clinicStore.ts';
import { askServer } from './connection.ts';

let lastInLine: Promise<unknown> = Promise.resolve();

function inClickOrder<T>(send: () => Promise<T>): Promise<T> {
  const turn = lastInLine.then(send);
  lastInLine = turn.catch(() => undefined);
  return turn;
}

/** Resolves once the store shows `revision` or later, or after an answer's wait if it never does. */
function shown(revision: number): Promise<void> {
  return new Promise((resolve) => {
    const isShown = () => (useClinicStore.getState().clinic?.revision ?? -1) >= revision;
    if (isShown()) return resolve();
    const done = () => {
      clearTimeout(timer);
      unsubscribe();
      resolve();
    };
    const timer = setTimeout(done, ACK_TIMEOUT_MS);
    const unsubscribe = useClinicStore.subscribe(() => {
      if (isShown()) done();
    });
  });
}

/** Where and when a command was asked for. */
interface Click {
  readonly clinicId: string | null;
  readonly at: number;
}

const click = (): Click => ({ clinicId: useClinicStore.getState().clinicId, at: Date.now() });

/** Why a command whose turn has come is not sent at all; null when it may go. */
function unsendable({ clinicId, at }: Click): Reason | null {
  const state = useClinicStore.getState();
  // The page has gone on to another clinic: the command was meant for the one before.
  if (state.clinicId !== clinicId || state.clinic === null) return 'NOT_LOADED';
  // Asked for longer ago than an answer is waited for: it would land long after it was meant.
  // (Offline, nothing is sent at all: askServer answers OFFLINE.)
  if (Date.now() - at >= ACK_TIMEOUT_MS) return 'NO_ANSWER';
  return null;
}

const ask = (command: FacilitatorCommand, basedOnRevision: number) => askServer<CommandResult>((socket) => socket.emitWithAck('clinic:command', { command, basedOnRevision }));

/** Shows a refusal as a notice; after a success, waits for the state it names (the answer may overtake it, through another node). */
async function settled(reply: Ack<CommandResult>): Promise<Ack<CommandResult>> {
  useClinicStore.setState({ notice: reply.ok ? null : reply.error });
  if (reply.ok) await shown(reply.data.revision);
  return reply;
}

/** Sends a command against the state on the screen as it is asked for. Resolves with the reply. */
export function sendCommand(command: FacilitatorCommand): Promise<Ack<CommandResult>> {
  const asked = click();
  // Nothing seen yet: there is nothing the command could have been meant for.
  const basedOnRevision = useClinicStore.getState().clinic?.revision;
  return inClickOrder(async () => {
    if (basedOnRevision === undefined) return settled(refuse('NOT_LOADED'));
    const refusal = unsendable(asked);
    return settled(refusal === null ? await ask(command, basedOnRevision) : refuse(refusal));
  });
}

/**
 * Sends the command `make` makes of the state shown when its turn comes, against that state; none
 * if by then it means nothing (null). Refused because the lineup changed on its way (someone
 * arrived, another facilitator's change landed), it is made again, once, from the lineup as it is.
 */
export function sendCommandMadeInTurn(make: (clinic: ClinicState) => FacilitatorCommand | null): Promise<Ack<CommandResult> | null> {
  const asked = click();
  return inClickOrder(async () => {
    const refusal = unsendable(asked);
    if (refusal !== null) return settled(refuse(refusal));
    const attempt = async () => {
      const clinic = useClinicStore.getState().clinic;
      const command = clinic && make(clinic);
      return command ? { basedOnRevision: clinic.revision, reply: await ask(command, clinic.revision) } : null;
    };
    let sent = await attempt();
    if (sent && !sent.reply.ok && sent.reply.error.reason === 'LINEUP_CHANGED') {
      await shown(sent.basedOnRevision + 1);
      sent = await attempt();
    }
    return sent && settled(sent.reply);
  });
}
