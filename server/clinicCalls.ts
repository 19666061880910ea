/**
 * What a device's requests ask of its clinic, as calls that can travel: the node the device is
 * connected to runs a call in the clinic's room if it owns the clinic (taking it on if nobody
 * does), and otherwise sends it to the node that does. When that node stops or loses the clinic,
 * the call goes again to whoever holds it next, until a deadline, so a request made during a
 * handover is answered once it is over. The owner answers as if the device were its own: it puts
 * the device's socket in the clinic's rooms and sends it the state itself (through the adapter to
 * another node's socket), so that state and every later broadcast reach the device in the order
 * they were sent.
 */
import type { AsidesView } from '../shared/asidesSchema.ts';
import type { ClinicState } from '../shared/clinicStateSchema.ts';
import type { Ack, AsideResult, ClinicPreview, CommandResult, JoinedClinic } from '../shared/protocol.ts';
import { previewAnswer } from '../shared/protocolSchemas.ts';
import { refuse, type Reason } from '../shared/reasons.ts';
import { NewerRecordError } from '../shared/recordMigrations.ts';
import type { ClinicRegistry, Placement } from './clinicRegistry.ts';
import { NodeUnreachableError, UnreadableCallError, type NodeNetwork } from './nodeNetwork.ts';
import { admittedSchema, clinicAnswerSchemas, clinicCallSchema, type ClinicCall, type CrewMemberCredentials } from './nodeSchemas.ts';
import type { CrewSeat, JoinRequest } from './room/admission.ts';
import type { ClinicRoom } from './room/clinicRoom.ts';
import { socketOfConnection } from './room/presence.ts';

interface Answers {
  preview: Ack<ClinicPreview>;
  join: Ack<JoinedClinic>;
  leave: null;
  stillHere: null;
  command: Ack<CommandResult>;
  aside: Ack<AsideResult>;
  shownState: ClinicState | null;
  forgetCrewMember: null;
}

type Kind = ClinicCall['kind'];
type CallOf<K extends Kind> = Extract<ClinicCall, { kind: K }>;
export type AnswerTo<K extends Kind> = Answers[K];

/** What a node answers when asked about a clinic it does not own (any more). */
const NOT_OWNER = { notOwner: true } as const;

export interface ClinicCallsDeps {
  readonly registry: ClinicRegistry;
  readonly network: Pick<NodeNetwork, 'ownership' | 'ask' | 'answer' | 'presenceOf'>;
  /** Puts an admitted device's socket (on whichever node) in its clinic's rooms and sends it the state and its asides. */
  readonly admit: (socketId: string, clinicId: string, participantId: string, state: ClinicState, asides: AsidesView) => void;
  /** A crew member's seat in their crew's session, or why they have none. */
  readonly seatFor: (crewMember: CrewMemberCredentials, clinicId: string) => Promise<CrewSeat | Reason>;
  /** Why nobody new may join the clinic by name (its crew is closed to new members), or null. */
  readonly newcomerRule: (clinicId: string) => Promise<Reason | null>;
  readonly log: (message: string, error?: unknown) => void;
  /** How long a call keeps looking for the clinic's owner: long enough for a lease to lapse and be taken. */
  readonly handoverWithinMs?: number;
}

/**
 * A stopped node's lease lapses (3 s by default) and the next owner restores the clinic within
 * this; with the last call's own wait it still ends before the client gives up on its answer (8 s).
 */
const DEFAULT_HANDOVER_WITHIN_MS = 5_000;
/** Calls that change nothing, or nothing twice: tried again even when an unanswered attempt may have run. */
const RETRIED_WHATEVER_HAPPENED: ReadonlySet<Kind> = new Set(['preview', 'shownState', 'leave', 'stillHere']);
/** Calls that take a clinic on where no node runs it; a departure or a look from outside does not. */
const takesClinicOn = (kind: Kind) => kind !== 'leave' && kind !== 'preview';
const RETRY_EVERY_MS = 150;
const pauseBeforeRetry = () => new Promise((resolve) => setTimeout(resolve, RETRY_EVERY_MS));

/** Refusals with a clinic that is not there, cannot be reached or cannot be read here; null where there is nothing to answer. */
function nothingFor<K extends Kind>(kind: K, reason: 'CLINIC_NOT_FOUND' | 'SERVER_RESTARTING' | 'SERVER_OUTDATED' | 'OUTCOME_UNKNOWN'): AnswerTo<K> {
  return (kind === 'leave' || kind === 'stillHere' || kind === 'shownState' || kind === 'forgetCrewMember' ? null : refuse(reason)) as AnswerTo<K>;
}

export class ClinicCalls {
  constructor(private readonly deps: ClinicCallsDeps) {
    deps.network.answer(async (call) => {
      const read = clinicCallSchema.safeParse(call);
      if (!read.success) throw new UnreadableCallError(`Another node's call could not be read: ${read.error.message}`);
      return this.answerFromAnotherNode(read.data);
    });
  }

  /**
   * Runs the call where the clinic runs, and resolves with its answer. A join answered as not
   * known (another node's answer came too late) may still have let the device in: once that
   * answer comes, `onAdmittedLate` is told who the owner let in.
   */
  async run<K extends Kind>(call: CallOf<K>, { onAdmittedLate }: { readonly onAdmittedLate?: (participantId: string) => void } = {}): Promise<AnswerTo<K>> {
    const { registry, network, handoverWithinMs = DEFAULT_HANDOVER_WITHIN_MS, log } = this.deps;
    const giveUpAt = performance.now() + handoverWithinMs;
    let placeFailed = false;
    for (;;) {
      let placement: Placement;
      try {
        placement = await registry.place(call.clinicId, { load: takesClinicOn(call.kind) });
      } catch (error) {
        // Where it runs could not be learned (Redis or the store out of reach for a moment), so
        // nothing ran: asked again, a departure during a blip is not lost. A newer record stays unreadable here.
        if (error instanceof NewerRecordError || performance.now() >= giveUpAt) throw error;
        if (!placeFailed) log('could not learn where a clinic runs; asking again', error);
        placeFailed = true;
        await pauseBeforeRetry();
        continue;
      }
      if ('missing' in placement) return this.missing(call);
      if ('stopping' in placement) return nothingFor(call.kind, 'SERVER_RESTARTING');
      if ('room' in placement) {
        const answer = await this.runHere(call, placement.room);
        if (!isNotOwner(answer)) return answer;
      } else {
        try {
          const answer = await network.ask(placement.owner, call, onAdmittedLate && ((late) => admittedIn(late, onAdmittedLate)));
          if (!isNotOwner(answer)) {
            // Handed to the device as it is: what the owner sent must at least be such an answer.
            if (!clinicAnswerSchemas[call.kind].safeParse(answer).success) throw new NodeUnreachableError(placement.owner, 'it sent an answer this node cannot read', true);
            return answer as AnswerTo<K>;
          }
        } catch (error) {
          // The owner runs a release that cannot read this call: asking again would not help.
          if (error instanceof UnreadableCallError) {
            log(`the node that owns a clinic could not read a call (${error.message})`);
            return nothingFor(call.kind, 'SERVER_RESTARTING');
          }
          if (!(error instanceof NodeUnreachableError)) throw error;
          // Run twice, a change would count twice: only what surely did not run, or changes nothing, goes again.
          // The rest is answered as not known: the device sees in the state whether it went through.
          if (error.mayHaveRun && !RETRIED_WHATEVER_HAPPENED.has(call.kind)) {
            log(`the node that owns a clinic did not answer (${error.message})`);
            return nothingFor(call.kind, 'OUTCOME_UNKNOWN');
          }
        }
      }
      if (performance.now() >= giveUpAt) return nothingFor(call.kind, 'SERVER_RESTARTING');
      await pauseBeforeRetry();
    }
  }

  /** Another node's call: answered only if the clinic is (or can be) run here, never sent on. */
  private async answerFromAnotherNode(call: ClinicCall): Promise<unknown> {
    try {
      const placement = await this.deps.registry.place(call.clinicId, { load: takesClinicOn(call.kind) });
      if ('owner' in placement || 'stopping' in placement) return NOT_OWNER;
      return await ('missing' in placement ? this.missing(call) : this.runHere(call, placement.room));
    } catch (error) {
      // Thrown, it would reach the asking node as a failed call: the device hears what it would here.
      if (error instanceof NewerRecordError) return nothingFor(call.kind, 'SERVER_OUTDATED');
      throw error;
    }
  }

  /**
   * No node runs the clinic: a departure still leaves the record of who is online, for whoever
   * runs it next; a look from outside reads the stored title and week without taking the clinic on.
   */
  private async missing<K extends Kind>(call: CallOf<K>): Promise<AnswerTo<K>> {
    const asked = call as ClinicCall;
    if (asked.kind === 'leave') this.deps.network.presenceOf(asked.clinicId).departed([asked.connection]);
    if (asked.kind === 'preview') {
      const preview = await this.deps.registry.storedPreview(asked.clinicId);
      if (preview) return preview as AnswerTo<K>;
    }
    return nothingFor(call.kind, 'CLINIC_NOT_FOUND');
  }

  /** The answer of this node's room; NOT_OWNER if the lease went while a change was saved (not made: the new owner must make it). */
  private async runHere<K extends Kind>(call: CallOf<K>, room: ClinicRoom): Promise<AnswerTo<K> | typeof NOT_OWNER> {
    const answer = (await this.answerHere(call as ClinicCall, room)) as AnswerTo<K>;
    const refusedToSave = answer !== null && typeof answer === 'object' && 'ok' in answer && !answer.ok && answer.error.reason === 'SAVE_FAILED';
    return refusedToSave && !this.deps.network.ownership.holds(call.clinicId) ? NOT_OWNER : answer;
  }

  /** The call run in this node's room for the clinic. */
  private async answerHere(call: ClinicCall, room: ClinicRoom): Promise<unknown> {
    const { registry, admit } = this.deps;
    const unloadIfEmpty = () => {
      if (!room.hasOnlineParticipants) registry.scheduleUnload(call.clinicId);
    };
    switch (call.kind) {
      case 'preview': {
        // Looking from outside does not keep the room in memory.
        unloadIfEmpty();
        const shown = room.shownState();
        return previewAnswer(shown, shown.stage === 'closed');
      }
      case 'join': {
        const refused = (reason: Reason) => {
          unloadIfEmpty();
          return refuse(reason);
        };
        const crewSeat = call.crewMember && (await this.deps.seatFor(call.crewMember, call.clinicId));
        if (typeof crewSeat === 'string') return refused(crewSeat);
        const closedToNewcomers = !crewSeat && isNewcomer(call.request) ? await this.deps.newcomerRule(call.clinicId) : null;
        if (closedToNewcomers) return refused(closedToNewcomers);
        const joined = await room.join(crewSeat ? { crewSeat } : call.request, call.connection);
        if (joined.ok) admit(call.socketId, call.clinicId, joined.data.participantId, room.shownState(), room.asidesFor(joined.data.participantId));
        else unloadIfEmpty();
        return joined;
      }
      case 'leave':
        room.leave(call.participantId, call.connection);
        unloadIfEmpty();
        return null;
      case 'stillHere':
        if (room.stillHere(call.participantId, call.connection)) admit(socketOfConnection(call.connection), call.clinicId, call.participantId, room.shownState(), room.asidesFor(call.participantId));
        // Not counted (removed, or the clinic deleted), the device may have been all that brought the room in.
        else unloadIfEmpty();
        return null;
      case 'command':
        return room.command(call.participantId, call.command, call.basedOnRevision);
      case 'aside':
        return room.aside(call.participantId, call.aside);
      case 'shownState':
        return room.shownState();
      case 'forgetCrewMember':
        await room.forgetCrewMember(call.memberId);
        unloadIfEmpty();
        return null;
    }
  }
}

/** A join by name alone, with neither a device's token nor the facilitator key: someone new, unless the clinic knows them. */
const isNewcomer = ({ participantToken, facilitatorKey }: JoinRequest) => participantToken === undefined && facilitatorKey === undefined;

/** A late answer to a join that let the device in: who it is in the clinic. */
function admittedIn(late: unknown, onAdmitted: (participantId: string) => void): void {
  const admitted = admittedSchema.safeParse(late);
  if (admitted.success) onAdmitted(admitted.data.data.participantId);
}

const isNotOwner = (answer: unknown) => typeof answer === 'object' && answer !== null && 'notOwner' in answer;
