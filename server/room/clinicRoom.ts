/**
 * One live clinic on the server: restore -> send -> persist -> broadcast. Its machine actor is the
 * authority; every change goes the same way (machine or roster, then a durable save, then the
 * broadcast), and a request is acknowledged only after its save, so nothing acknowledged is lost.
 * Who is online is memory only: a device coming back or going changes no record, so it costs no
 * save; the state as last broadcast is sent again with who is online now, at the same revision.
 * Who may join, who is online, what roster commands do and how saves land live beside it.
 */
import { applyAside, asideRule, asidesAfterMove, asidesViewFor } from '../../shared/asides.ts';
import { NO_ASIDES } from '../../shared/asideKinds.ts';
import type { Aside, AsidesView } from '../../shared/asidesSchema.ts';
import { createClinicActor, restoreClinicActor, type ClinicActor, type ClinicEvent } from '../../shared/clinicMachine.ts';
import type { ClinicStage, ClinicState } from '../../shared/clinicStateSchema.ts';
import type { ClinicInput } from '../../shared/clinicSteps.ts';
import { clinicCommandRule } from '../../shared/clinicRules.ts';
import { isRosterCommand } from '../../shared/commandRules.ts';
import { rosterRule } from '../../shared/rosterRules.ts';
import type { Ack, AsideResult, CommandResult, GoneNotice, JoinedClinic } from '../../shared/protocol.ts';
import type { ClinicCommand, FacilitatorCommand, RosterCommand } from '../../shared/protocolSchemas.ts';
import { refuse } from '../../shared/reasons.ts';
import { STORED_CLINIC_VERSION, type StoredClinic } from '../../shared/storedClinicSchema.ts';
import { hashSecret, newSecret, newSignalId } from '../secrets.ts';
import { OutcomeUnknownError, type ClinicStore } from '../store/clinicStore.ts';
import { admit, type JoinRequest } from './admission.ts';
import { AsideViews } from './asideViews.ts';
import { BroadcastReach, type Reach } from './broadcastReach.ts';
import { clinicStateOf, withMachineState } from './clinicProjection.ts';
import { CommitLog } from './commitLog.ts';
import { Presence, type OnlineConnections, type PresenceMirror } from './presence.ts';
import { changeRoster, withFacilitatorKey } from './rosterChanges.ts';
import { movesTheClinic, stalenessMarksAfter, stalenessOf } from './staleCommands.ts';

export interface RoomDeps {
  readonly store: ClinicStore;
  readonly now: () => number;
  /** Sends the clinic's devices its state, on this node alone or on every node. */
  readonly broadcast: (state: ClinicState, reach: Reach) => void;
  /** Sends one participant's devices their view of the asides. */
  readonly sendAsides: (participantId: string, view: AsidesView, reach: Reach) => void;
  /** Tells the devices of one participant (or, with null, of everyone) that they are out. */
  readonly dismiss: (participantId: string | null, notice: GoneNotice) => void;
  /** The clinic was deleted: forget the room. */
  readonly onDeleted: () => void;
  readonly log: (message: string, error?: unknown) => void;
  /** A device arriving at a clinic whose record is at least this old saves it, so retention counts the visit. */
  readonly touchAfterMs: number;
  /** Where who is online is kept beside the room, for a node that takes the clinic over. */
  readonly presenceMirror: PresenceMirror;
  /** Whether a device's connection is on this node. */
  readonly isHere: (connection: string) => boolean;
  /** Whether another node has a socket in the clinic's room, as the cluster answers (it may fail). */
  readonly anySocketElsewhere: () => Promise<boolean>;
}

export interface NewClinicSettings extends ClinicInput {
  readonly title?: string;
  /** Which week of its crew's run a crew session is. */
  readonly crewWeek?: number;
}

/** What a clinic shows in place of the name of someone who left its crew. */
export const FORMER_MEMBER_NAME = 'Former member';

/** Who a crew session's clinic starts with (`sessionLineup` in shared/crewRota.ts). */
export interface CrewSeating {
  readonly people: ReadonlyArray<{ readonly id: string; readonly name: string }>;
  readonly caseGiverIds: readonly string[];
  readonly facilitatorId: string | null;
}

export class ClinicRoom {
  private readonly presence: Presence;
  private readonly isOnline = (participantId: string): boolean => this.presence.isOnline(participantId);
  private readonly commits: CommitLog;
  /** True while the room itself is sending an event, so the subscription only reacts to timers. */
  private applying = false;
  private deleted = false;
  /** A deletion under way: settles once it has landed or failed (and the room saved again). */
  private deletion: Promise<unknown> = Promise.resolve();
  /** Stopped rooms are out of the registry: nothing they still hold may save or broadcast. */
  private stopped = false;
  /**
   * The record as last saved with a room-wide change, i.e. last broadcast: with who is online now,
   * what every state sent shows, so none is older than one sent before it.
   */
  private shownRecord: StoredClinic | null = null;
  /** The record as last saved: the asides a joining device is shown. */
  private savedRecord: StoredClinic | null = null;
  private readonly asideViews = new AsideViews();
  private readonly reach: BroadcastReach;
  private actor!: ClinicActor;

  private constructor(
    /** The clinic as it stands, saved or about to be; its domain state follows the actor's. */
    private record: StoredClinic,
    actor: ClinicActor,
    private readonly deps: RoomDeps,
    { saved, online = [] }: { readonly saved: boolean; readonly online?: OnlineConnections },
  ) {
    this.presence = new Presence(online);
    this.reach = new BroadcastReach(deps.isHere);
    // Restored, it may have devices on other nodes that a node that ran it before let in.
    if (saved) this.askWhereDevicesAre();
    for (const [connection] of online) this.reach.counted(connection);
    if (saved) {
      this.savedRecord = record;
      this.shownRecord = record;
    }
    this.commits = new CommitLog(deps.store, saved ? record : null, {
      saved: (savedRecord, roomWide) => {
        this.savedRecord = savedRecord;
        if (roomWide) {
          this.shownRecord = savedRecord;
          this.deps.broadcast(this.shownState(), this.reach.reach);
        }
        this.asideViews.send(savedRecord, (participantId, view) => this.deps.sendAsides(participantId, view, this.reach.reach));
      },
      rolledBack: (lastSaved) => this.returnTo(lastSaved),
      resave: () => this.resave(),
    });
    this.adopt(actor);
  }

  /** Runs `actor` as this clinic's authority; its timed transitions are saved like any change. */
  private adopt(actor: ClinicActor): void {
    this.actor = actor;
    actor.subscribe({
      next: () => {
        if (!this.applying) this.commit().catch((error: unknown) => this.deps.log('could not save a timed transition', error));
      },
      error: (error) => this.deps.log('clinic machine failed', error),
    });
  }

  static async create(settings: NewClinicSettings, id: string, deps: RoomDeps): Promise<{ room: ClinicRoom; facilitatorKey: string }> {
    const facilitatorKey = newSecret();
    const { title, crewWeek, ...input } = settings;
    const actor = createClinicActor(input);
    const now = deps.now();
    const record: StoredClinic = {
      schemaVersion: STORED_CLINIC_VERSION,
      id,
      title: title ?? null,
      crewWeek: crewWeek ?? null,
      createdAt: now,
      updatedAt: now,
      closedAt: null,
      facilitatorKeyHash: hashSecret(facilitatorKey),
      keyOwnerId: null,
      facilitatorIds: [],
      participants: [],
      removedTokenHashes: [],
      revision: 0,
      lastCommandRevision: 0,
      lastLineupRevision: 0,
      stage: 'lobby',
      progress: actor.getSnapshot().context,
      asides: NO_ASIDES,
    };
    const room = new ClinicRoom(record, actor, deps, { saved: false });
    await room.commit();
    return { room, facilitatorKey };
  }

  /**
   * Brings a stored clinic back, re-arming its timer from the stored deadline, with the devices
   * still connected (to other nodes, when it is taken over) counted online.
   */
  static async restore(record: StoredClinic, deps: RoomDeps, online: OnlineConnections = []): Promise<ClinicRoom> {
    const room = new ClinicRoom(record, restoreClinicActor(record.stage, record.progress), deps, { saved: true, online });
    if (!hasRunningTimer(record.stage)) return room;
    try {
      await room.apply({ type: 'CLOCK_RESTORED', at: deps.now() });
    } catch (error) {
      // Nobody will hold this room: it must not run the clinic on its own.
      void room.stop();
      throw error;
    }
    return room;
  }

  get id(): string {
    return this.record.id;
  }

  get hasOnlineParticipants(): boolean {
    return this.presence.anyoneOnline;
  }

  /** The state as last saved and broadcast, with who is online now; the current one before the first save. */
  shownState(): ClinicState {
    return this.shownRecord ? clinicStateOf(this.shownRecord, this.isOnline) : this.state();
  }

  state(): ClinicState {
    return clinicStateOf(this.record, this.isOnline);
  }

  /** What one participant's devices are shown of the asides, as last saved. */
  asidesFor(participantId: string): AsidesView {
    const record = this.savedRecord ?? this.record;
    return asidesViewFor(record.asides, record, participantId, record.revision);
  }

  /**
   * A crew session's clinic, before anyone arrives: the members who can make it listed in the
   * rota's order (they join with their crew token), the case givers set, the facilitator named.
   */
  async seatCrew({ people, caseGiverIds, facilitatorId }: CrewSeating): Promise<void> {
    this.record = {
      ...this.record,
      participants: people.map(({ id, name }) => ({ id, name, tokenHashes: [], screen: false })),
      facilitatorIds: facilitatorId === null ? [] : [facilitatorId],
    };
    const at = this.deps.now();
    const lineup: ClinicEvent[] = people.map(({ id }) => ({ type: 'PARTICIPANT_JOINED', participantId: id, at }));
    const [first] = caseGiverIds;
    const caseGivers: ClinicEvent[] =
      this.record.progress.format.rounds === 'one' ? (first === undefined ? [] : [{ type: 'SET_CASE_GIVER', participantId: first, at }]) : [{ type: 'SET_ROUND_ORDER', caseGiverIds: [...caseGiverIds], at }];
    this.applying = true;
    try {
      for (const event of [...lineup, ...caseGivers]) this.actor.send(event);
    } finally {
      this.applying = false;
    }
    await this.commit();
  }

  /**
   * A member left the crew this clinic was a session of: their name goes from it, their devices
   * are sent away and cannot come back; their place in its history stays, nameless.
   */
  async forgetCrewMember(memberId: string): Promise<void> {
    const leaving = this.record.participants.find((participant) => participant.id === memberId);
    if (!leaving || this.deleted) return;
    this.record = {
      ...this.record,
      participants: this.record.participants.map((participant) => (participant === leaving ? { ...participant, name: FORMER_MEMBER_NAME, tokenHashes: [] } : participant)),
      removedTokenHashes: [...this.record.removedTokenHashes, ...leaving.tokenHashes],
    };
    const connections = this.presence.forget(memberId);
    try {
      await this.commit();
      this.deps.dismiss(memberId, { reason: 'removed' });
    } finally {
      // After the dismissal, which takes their sockets out of the clinic's rooms, so the cluster is asked only once they are out.
      this.gone(connections);
    }
  }

  /**
   * Admits a device (see `admission.ts`); its connection counts it online until `leave`. A known
   * device coming back as itself saves nothing (unless the clinic was last saved long ago: see `touchAfterMs`).
   */
  async join(request: JoinRequest, connection: string): Promise<Ack<JoinedClinic>> {
    // A device told its clinic is gone forgets it: only a deletion that landed may say so (one
    // started while this join waited included).
    let deletion: Promise<unknown>;
    do {
      deletion = this.deletion;
      await deletion;
    } while (deletion !== this.deletion);
    if (this.deleted) return refuse('CLINIC_NOT_FOUND');
    const admission = admit(this.record, request);
    if (!admission.admitted) return refuse(admission.reason);
    const { participant, participantToken, isNew, changed } = admission;
    const joined = (): Ack<JoinedClinic> => ({
      ok: true,
      data: { participantId: participant.id, participantToken, isFacilitator: this.record.facilitatorIds.includes(participant.id) },
    });
    if (!changed && !this.untouchedForLong()) {
      this.arrive(participant.id, connection);
      return joined();
    }
    this.record = admission.record;
    this.count(participant.id, connection);
    try {
      // Only people join the lineup; a screen is only listed.
      const joinsLineup = isNew && !participant.screen;
      await (joinsLineup ? this.apply({ type: 'PARTICIPANT_JOINED', participantId: participant.id, at: this.deps.now() }) : this.commit());
    } catch (error) {
      this.deps.log('could not save a join', error);
      this.presence.depart(participant.id, connection);
      this.gone([connection]);
      return refusedSave(error);
    }
    return joined();
  }

  /**
   * A device admitted earlier is still connected, though this room may not have counted it, nor
   * reached it: its node was thought gone for a moment (paused), or was cut off from Redis. Someone
   * no longer in the clinic (removed, or the clinic deleted, while their node could not hear) is
   * not counted. True when it was, so that it can be let into the clinic's rooms again and sent
   * the state (clinicCalls.ts does); a device left out, its node closes its connection, and its
   * join then says why (socketHandlers.ts).
   */
  stillHere(participantId: string, connection: string): boolean {
    if (this.deleted || !this.record.participants.some((participant) => participant.id === participantId && participant.tokenHashes.length > 0)) return false;
    this.arrive(participantId, connection);
    return true;
  }

  /** One of a participant's devices disconnected: once it was their last, everyone is shown them offline. */
  leave(participantId: string, connection: string): void {
    const wasLast = this.presence.depart(participantId, connection);
    this.gone([connection]);
    if (wasLast) this.showPresence();
  }

  /** Devices whose connections `isGone` picks (say, those of a node that stopped) are gone. */
  dropConnections(isGone: (connection: string) => boolean): void {
    const dropped = this.presence.dropWhere(isGone);
    if (dropped.length === 0) return;
    this.gone(dropped);
    this.showPresence();
  }

  /** The connections of the devices online now. */
  get connections(): string[] {
    return this.presence.connections();
  }

  /** A participant's command: allowed by the shared rules (as `refusalOf` combines them), not stale, applied, saved, then acknowledged. */
  async command(senderId: string, command: FacilitatorCommand, basedOnRevision: number): Promise<Ack<CommandResult>> {
    if (this.deleted) return refuse('CLINIC_NOT_FOUND');
    const state = this.state();
    const byRoster = rosterRule(state, senderId, command);
    if (byRoster !== null) return refuse(byRoster);
    if (isRosterCommand(command)) return this.rosterCommand(senderId, command);
    // Stale first: a double click is told the clinic moved on, not that the move is now impossible.
    const staleness = stalenessOf(this.record, command, basedOnRevision);
    if (staleness !== null) return refuse(staleness);
    const byClinic = clinicCommandRule(state.stage, state.progress, command);
    return byClinic === null ? this.clinicCommand(command) : refuse(byClinic);
  }

  /**
   * A signal, "ready", a pass or a hand: allowed by the shared rules, saved, then acknowledged. It is
   * not a move, so it never makes a facilitator's command stale, and nothing room-wide is re-sent.
   */
  async aside(senderId: string, aside: Aside): Promise<Ack<AsideResult>> {
    if (this.deleted) return refuse('CLINIC_NOT_FOUND');
    const refusal = asideRule(this.record, this.record.asides, senderId, aside);
    if (refusal !== null) return refuse(refusal);
    this.record = { ...this.record, asides: applyAside(this.record.asides, senderId, aside, this.deps.now(), newSignalId) };
    return this.acknowledged(this.commit({ roomWide: false }));
  }

  /** Runs nothing more on its own; resolves once the saves it had already queued have landed. */
  stop(): Promise<void> {
    this.stopped = true;
    this.commits.close();
    this.actor.stop();
    return this.commits.settled();
  }

  /** Deletes the clinic because it expired in the store; devices still here are told. */
  expire(): void {
    this.deleted = true;
    void this.stop();
    this.deps.dismiss(null, { reason: 'deleted' });
  }

  private arrive(participantId: string, connection: string): void {
    const wasOnline = this.presence.isOnline(participantId);
    this.count(participantId, connection);
    if (!wasOnline) this.showPresence();
  }

  /**
   * Devices are no longer counted online. Once none is left on another node, the cluster is asked
   * again, so a clinic whose devices came back to its node sends there alone again.
   */
  private gone(connections: readonly string[]): void {
    this.deps.presenceMirror.departed(connections);
    const { isHere } = this.deps;
    if (connections.every(isHere) || !this.presence.connections().every(isHere)) return;
    this.askWhereDevicesAre();
  }

  private askWhereDevicesAre(): void {
    this.reach.ask(this.deps.anySocketElsewhere).catch((error: unknown) => this.deps.log("could not learn where a clinic's devices are; it goes on sending to every node", error));
  }

  /** A device is counted online: joining, before it is let into the clinic's rooms; still here, before it is let in again. */
  private count(participantId: string, connection: string): void {
    this.presence.arrive(participantId, connection);
    this.deps.presenceMirror.arrived(connection, participantId);
    this.reach.counted(connection);
  }

  /**
   * Only who is online changed: the state as last broadcast goes out again, at its revision, with
   * who is online now. A save still queued broadcasts later with a higher revision, and who is
   * online as it is then, so whichever a device gets last is the newest on both counts.
   */
  private showPresence(): void {
    if (this.deleted || this.stopped || this.shownRecord === null) return;
    this.deps.broadcast(this.shownState(), this.reach.reach);
  }

  /**
   * Retention deletes clinics untouched for a while; a visit counts as touching, so a device
   * arriving at a clinic last saved this long ago saves it (at most once per `touchAfterMs`).
   */
  private untouchedForLong(): boolean {
    return this.deps.now() - this.record.updatedAt >= this.deps.touchAfterMs;
  }

  private clinicCommand(command: ClinicCommand): Promise<Ack<CommandResult>> {
    return this.acknowledged(this.apply({ ...command, at: this.deps.now() }, movesTheClinic(command)));
  }

  private async rosterCommand(senderId: string, command: RosterCommand): Promise<Ack<CommandResult>> {
    switch (command.type) {
      case 'DELETE_CLINIC':
        return this.delete();
      case 'ROTATE_FACILITATOR_KEY': {
        const facilitatorKey = newSecret();
        this.record = withFacilitatorKey(this.record, hashSecret(facilitatorKey), senderId);
        const result = await this.acknowledged(this.commit());
        return result.ok ? { ok: true, data: { ...result.data, facilitatorKey } } : result;
      }
      case 'REMOVE_PARTICIPANT': {
        const { participantId } = command;
        this.record = changeRoster(this.record, senderId, command);
        const result = await this.acknowledged(this.apply({ type: 'PARTICIPANT_REMOVED', participantId, at: this.deps.now() }));
        if (result.ok) {
          const connections = this.presence.forget(participantId);
          this.deps.dismiss(participantId, { reason: 'removed' });
          this.gone(connections);
        }
        return result;
      }
      default:
        this.record = changeRoster(this.record, senderId, command);
        return this.acknowledged(this.commit());
    }
  }

  private delete(): Promise<Ack<CommandResult>> {
    const deleting = this.deleteNow();
    this.deletion = deleting;
    return deleting;
  }

  private async deleteNow(): Promise<Ack<CommandResult>> {
    // Marked at once, so no command or timed change that comes while the deletion is under way
    // can save the clinic again behind it.
    this.deleted = true;
    try {
      await this.commits.then(() => this.deps.store.delete(this.record.id));
    } catch (error) {
      this.deps.log('could not delete a clinic', error);
      this.deleted = false;
      await this.commit().catch(() => undefined);
      return refuse('DELETE_FAILED');
    }
    void this.stop();
    this.deps.dismiss(null, { reason: 'deleted' });
    this.deps.onDeleted();
    return { ok: true, data: { revision: this.record.revision } };
  }

  /** Acknowledges with the revision a change produced, once it is saved. */
  private async acknowledged(save: Promise<void>): Promise<Ack<CommandResult>> {
    const revision = this.record.revision;
    try {
      await save;
    } catch (error) {
      this.deps.log('could not save a command', error);
      return refusedSave(error);
    }
    return { ok: true, data: { revision } };
  }

  private apply(event: ClinicEvent, moves = false): Promise<void> {
    // A closed clinic's machine is done and takes no events; its roster still changes and is saved.
    if (this.actor.getSnapshot().status === 'active') {
      this.applying = true;
      try {
        this.actor.send(event);
      } finally {
        this.applying = false;
      }
    }
    // Never acknowledge what the machine could not take in, nor keep the broken machine. The room
    // goes back once the saves already queued are done: they came before the failure, and one
    // acknowledged meanwhile must not be undone.
    if (this.actor.getSnapshot().status === 'error') {
      return this.commits.then(async () => {
        this.commits.rollBack();
        throw new Error(`The clinic machine failed on ${event.type}`);
      });
    }
    return this.commit({ moves });
  }

  /**
   * Makes the current state the next revision and queues its save; once saved, the room-wide state
   * is broadcast (unless only the asides changed) and each participant gets their asides if they changed.
   */
  private commit({ moves = false, roomWide = true } = {}): Promise<void> {
    if (this.stopped) return Promise.reject(new Error('The room was stopped'));
    if (this.deleted) return Promise.resolve();
    const previous = this.record;
    const current = withMachineState(previous, this.actor.getSnapshot());
    const revision = previous.revision + 1;
    this.record = {
      ...current,
      revision,
      ...stalenessMarksAfter(previous, current, revision, moves),
      updatedAt: this.deps.now(),
      asides: asidesAfterMove(current.asides, previous.progress, current.progress),
    };
    return this.commits.append(this.record, roomWide);
  }

  /** After a failed save: the last saved record and its machine, with revisions still growing. */
  private returnTo(lastSaved: StoredClinic): void {
    if (this.stopped) return;
    // Revisions only grow, so no device takes a later state for one it has already seen.
    this.record = { ...lastSaved, revision: this.record.revision };
    this.actor.stop();
    this.adopt(restoreClinicActor(lastSaved.stage, lastSaved.progress));
  }

  /** Saves again after a failed save, re-arming a running timer (XState does not restore pending delays). */
  private resave(): void {
    if (this.deleted || this.stopped) return;
    const resaved = hasRunningTimer(this.record.stage) ? this.apply({ type: 'CLOCK_RESTORED', at: this.deps.now() }) : this.commit();
    resaved.catch((error: unknown) => this.deps.log('could not save after a failed save', error));
  }
}

/** A save that failed: refused, or, if the store cannot tell whether it landed, answered as not known. */
const refusedSave = <T>(error: unknown): Ack<T> => refuse(error instanceof OutcomeUnknownError ? 'OUTCOME_UNKNOWN' : 'SAVE_FAILED');

/** Stages whose timer XState must re-arm after a restore or a rollback: it keeps no pending delays. */
const hasRunningTimer = (stage: ClinicStage) => stage === 'running' || stage === 'overtime';

