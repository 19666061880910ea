/**
 * One live clinic on the server: its machine actor (the authority), its roster and who is online.
 * Every change goes the same way: machine (or roster) -> durable save -> broadcast, and a command is
 * acknowledged only after its save, so nothing acknowledged can be lost. A change whose save fails
 * is rolled back, so nothing refused can take effect later either.
 */
import { createActor, type Snapshot } from 'xstate';
import { clinicMachine, createRestoredClinicActor, type ClinicCommand, type ClinicEvent } from '../shared/clinicMachine.ts';
import type { ClinicInput } from '../shared/clinicSteps.ts';
import { refusalOf } from '../shared/clinicView.ts';
import { getFormat } from '../shared/format.ts';
import {
  isRosterCommand,
  PROTOCOL_VERSION,
  type Ack,
  type ClinicState,
  type CommandResult,
  type ErrorCode,
  type FacilitatorCommand,
  type GoneNotice,
  type JoinedClinic,
  type RosterCommand,
} from '../shared/protocol.ts';
import { hashSecret, matchesHash, newParticipantId, newSecret } from './secrets.ts';
import { SerialQueue } from './serialQueue.ts';
import type { ClinicRecord, ClinicStore, StoredParticipant } from './store/clinicStore.ts';

export interface RoomDeps {
  readonly store: ClinicStore;
  readonly now: () => number;
  readonly broadcast: (state: ClinicState) => void;
  /** Tells the devices of one participant (or, with null, of everyone) that they are out. */
  readonly dismiss: (participantId: string | null, notice: GoneNotice) => void;
  /** The clinic was deleted: forget the room. */
  readonly onDeleted: () => void;
  readonly log: (message: string, error?: unknown) => void;
}

export interface NewClinicSettings extends Omit<ClinicInput, 'format'> {
  readonly title?: string;
  readonly formatId: string;
}

export interface JoinRequest {
  readonly name?: string;
  readonly participantToken?: string;
  readonly facilitatorKey?: string;
  readonly asScreen?: boolean;
}

/** Commands that make the people they name speak or lead. */
const GIVES_A_ROLE: ReadonlySet<FacilitatorCommand['type']> = new Set(['SET_CASE_GIVER', 'SET_COACH_ORDER', 'HAND_OVER', 'ADD_FACILITATOR']);

/** A participant keeps at most this many live device tokens (phone, laptop, a spare). */
const MAX_DEVICE_TOKENS = 8;
export const MAX_PARTICIPANTS = 16;

type ClinicActor = ReturnType<typeof createRestoredClinicActor>;

export const fail = <T>(code: ErrorCode, message: string): Ack<T> => ({ ok: false, error: { code, message } });

const SAVE_FAILED = 'The change could not be saved. Please try again.';
/** After a failed save the room saves again this much later, so a store that keeps failing is not hammered. */
export const RESAVE_AFTER_FAILED_SAVE_MS = 1_000;

export class ClinicRoom {
  private readonly onlineDevices = new Map<string, number>();
  /** Saves (and the deletion) land in the order they were made, and each broadcast after its save. */
  private readonly writes = new SerialQueue();
  /** True while the room itself is sending an event, so the subscription only reacts to timers. */
  private applying = false;
  private deleted = false;
  /** Stopped rooms are out of the registry: nothing they still hold may save or broadcast. */
  private stopped = false;
  /** The state as last saved and broadcast: what a joining device is shown. */
  private savedState: ClinicState | null = null;
  private actor!: ClinicActor;
  /** How many steps the clinic had finished at the last save, to notice moves it made by itself. */
  private stepsFinishedAtLastCommit = 0;
  /** The record as last saved, which a failed save rolls back to; null until the first save. */
  private durable: ClinicRecord | null;
  /** Bumped by each rollback: saves queued on top of a failed one go with it. */
  private lineage = 0;
  private resaveTimer: ReturnType<typeof setTimeout> | undefined;

  private constructor(
    private record: ClinicRecord,
    actor: ClinicActor,
    private readonly deps: RoomDeps,
    { saved }: { readonly saved: boolean },
  ) {
    this.durable = saved ? record : null;
    this.adopt(actor);
  }

  /** Runs `actor` as this clinic's authority; its timed transitions are saved like any change. */
  private adopt(actor: ClinicActor): void {
    this.actor = actor;
    this.stepsFinishedAtLastCommit = actor.getSnapshot().context.finished.length;
    actor.subscribe({
      next: () => {
        if (!this.applying) this.commit().catch((error: unknown) => this.deps.log('could not save a timed transition', error));
      },
      error: (error) => this.deps.log('clinic machine failed', error),
    });
  }

  static async create(settings: NewClinicSettings, id: string, deps: RoomDeps): Promise<{ room: ClinicRoom; facilitatorKey: string }> {
    const facilitatorKey = newSecret();
    const { title, formatId, ...input } = settings;
    const actor = createActor(clinicMachine, { input: { ...input, format: getFormat(formatId) } }).start() as ClinicActor;
    const now = deps.now();
    const record: ClinicRecord = {
      id,
      title: title ?? null,
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
      machine: actor.getPersistedSnapshot(),
    };
    const room = new ClinicRoom(record, actor, deps, { saved: false });
    await room.commit();
    return { room, facilitatorKey };
  }

  /** Brings a stored clinic back, re-arming its timer from the stored deadline. */
  static async restore(record: ClinicRecord, deps: RoomDeps): Promise<ClinicRoom> {
    const actor = createRestoredClinicActor(record.machine as Snapshot<unknown>);
    const room = new ClinicRoom(record, actor.start(), deps, { saved: true });
    if (actor.getSnapshot().status !== 'active') return room;
    try {
      await room.apply({ type: 'CLOCK_RESTORED', at: deps.now() });
    } catch (error) {
      // Nobody will hold this room: it must not run the clinic on its own.
      room.stop();
      throw error;
    }
    return room;
  }

  get id(): string {
    return this.record.id;
  }

  get hasOnlineParticipants(): boolean {
    return this.onlineDevices.size > 0;
  }

  /** The state as last saved, falling back to the current one before the first save. */
  shownState(): ClinicState {
    return this.savedState ?? this.state();
  }

  state(): ClinicState {
    const snapshot = this.actor.getSnapshot();
    return {
      protocolVersion: PROTOCOL_VERSION,
      clinicId: this.record.id,
      title: this.record.title,
      revision: this.record.revision,
      facilitatorIds: this.record.facilitatorIds,
      participants: this.record.participants.map(({ id, name, screen }) => ({ id, name, screen, online: this.onlineDevices.has(id) })),
      machine: { value: snapshot.value, status: snapshot.status, context: snapshot.context },
    };
  }

  isFacilitator(participantId: string): boolean {
    return this.record.facilitatorIds.includes(participantId);
  }

  /**
   * Admits a device: by its participant token (the same person again), by the facilitator key
   * (the key's owner, on any device, with control), or as a new participant by name. The device
   * counts as online until `leave`.
   */
  async join({ name, participantToken, facilitatorKey, asScreen = false }: JoinRequest): Promise<Ack<JoinedClinic>> {
    if (this.deleted) return fail('CLINIC_NOT_FOUND', 'This clinic has been deleted.');
    const holdsKey = facilitatorKey !== undefined && matchesHash(facilitatorKey, this.record.facilitatorKeyHash);
    const byToken = participantToken === undefined ? undefined : this.participantWithToken(participantToken);
    // A replaced link must not shut out a device that is already known: it comes back as itself,
    // with the rights it holds now.
    if (facilitatorKey !== undefined && !holdsKey && !byToken) {
      return fail('INVALID_FACILITATOR_KEY', 'This facilitator link is no longer valid. Ask a facilitator for the current one.');
    }
    if (participantToken !== undefined && !byToken && !holdsKey) {
      return this.record.removedTokenHashes.some((hash) => matchesHash(participantToken, hash))
        ? fail('REMOVED', 'A facilitator removed you from this clinic.')
        : fail('UNKNOWN_PARTICIPANT', 'This device is not known in this clinic. Join again with your name.');
    }
    const keyOwner = this.participant(this.record.keyOwnerId);

    let participant = holdsKey && keyOwner ? keyOwner : byToken;
    let token = participant && participant === byToken ? participantToken : undefined;
    const isNew = participant === undefined;
    if (!participant) {
      if (!name) return fail('NAME_REQUIRED', 'Please enter your name to join.');
      if (this.record.participants.length >= MAX_PARTICIPANTS) {
        return fail('CLINIC_FULL', `This clinic is full: it has room for ${MAX_PARTICIPANTS} people.`);
      }
      // Whoever opens the facilitator link is a person, whatever page they opened it on.
      participant = { id: newParticipantId(), name, tokenHashes: [], screen: asScreen && !holdsKey };
    }
    if (token === undefined) {
      token = newSecret();
      participant = { ...participant, tokenHashes: [...participant.tokenHashes, hashSecret(token)].slice(-MAX_DEVICE_TOKENS) };
    }
    this.putParticipant(participant);
    if (holdsKey) {
      this.record = {
        ...this.record,
        keyOwnerId: this.record.keyOwnerId ?? participant.id,
        facilitatorIds: withId(this.record.facilitatorIds, participant.id),
      };
    }
    this.countDevice(participant.id, +1);

    try {
      // Only people join the lineup; a screen is only listed.
      const joinsLineup = isNew && !participant.screen;
      await (joinsLineup ? this.apply({ type: 'PARTICIPANT_JOINED', participantId: participant.id, at: this.deps.now() }) : this.commit());
    } catch (error) {
      this.deps.log('could not save a join', error);
      this.countDevice(participant.id, -1);
      return fail('INTERNAL', SAVE_FAILED);
    }
    return { ok: true, data: { participantId: participant.id, participantToken: token, isFacilitator: this.isFacilitator(participant.id) } };
  }

  /** One of a participant's devices disconnected. */
  async leave(participantId: string): Promise<void> {
    if (!this.countDevice(participantId, -1) || this.deleted) return;
    await this.commit().catch((error: unknown) => this.deps.log('could not save a departure', error));
  }

  /** A facilitator's command: authorized, checked, applied, saved, then acknowledged. */
  async command(participantId: string, command: FacilitatorCommand, basedOnRevision: number): Promise<Ack<CommandResult>> {
    if (this.deleted) return fail('CLINIC_NOT_FOUND', 'This clinic has been deleted.');
    if (!this.isFacilitator(participantId)) return fail('NOT_FACILITATOR', 'Only a facilitator can do that.');
    const named = 'participantId' in command ? [command.participantId] : command.type === 'SET_COACH_ORDER' ? command.coachIds : [];
    if (named.some((id) => !this.participant(id))) return fail('UNKNOWN_PARTICIPANT', 'That person is not in this clinic.');
    if (GIVES_A_ROLE.has(command.type) && named.some((id) => this.participant(id)!.screen)) {
      return fail('NOT_ALLOWED_NOW', 'A shared screen only shows the clinic: it cannot take a turn or a role.');
    }
    return isRosterCommand(command) ? this.rosterCommand(participantId, command) : this.clinicCommand(command, basedOnRevision);
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.resaveTimer);
    this.actor.stop();
  }

  /** Counts a participant's devices as they come and go; true when their last one went. */
  private countDevice(participantId: string, change: 1 | -1): boolean {
    const devices = (this.onlineDevices.get(participantId) ?? 0) + change;
    if (devices > 0) {
      this.onlineDevices.set(participantId, devices);
      return false;
    }
    return this.onlineDevices.delete(participantId);
  }

  private async clinicCommand(command: ClinicCommand, basedOnRevision: number): Promise<Ack<CommandResult>> {
    if (basedOnRevision < this.record.lastCommandRevision) {
      return fail('STALE_COMMAND', 'The clinic had already moved on, so that was not applied. Your screen now shows where it is.');
    }
    const at = this.deps.now();
    const refusal = refusalOf(this.actor.getSnapshot(), command, at);
    if (refusal !== null) return fail('NOT_ALLOWED_NOW', refusal);
    return this.saved(this.apply({ ...command, at }, { fromCommand: true }));
  }

  private async rosterCommand(senderId: string, command: RosterCommand): Promise<Ack<CommandResult>> {
    const { facilitatorIds } = this.record;
    switch (command.type) {
      case 'HAND_OVER':
        if (command.participantId === senderId) return fail('NOT_ALLOWED_NOW', 'You are already facilitating.');
        this.record = { ...this.record, facilitatorIds: withId(withoutId(facilitatorIds, senderId), command.participantId) };
        return this.saved(this.commit());
      case 'ADD_FACILITATOR':
        this.record = { ...this.record, facilitatorIds: withId(facilitatorIds, command.participantId) };
        return this.saved(this.commit());
      case 'REMOVE_FACILITATOR':
        if (!facilitatorIds.includes(command.participantId)) return fail('NOT_ALLOWED_NOW', 'That person is not a facilitator.');
        if (facilitatorIds.length === 1) return fail('NOT_ALLOWED_NOW', 'A clinic always needs a facilitator: add or hand over to someone first.');
        this.record = { ...this.record, facilitatorIds: withoutId(facilitatorIds, command.participantId) };
        return this.saved(this.commit());
      case 'REMOVE_PARTICIPANT':
        return this.removeParticipant(command.participantId);
      case 'ROTATE_FACILITATOR_KEY': {
        const facilitatorKey = newSecret();
        this.record = { ...this.record, facilitatorKeyHash: hashSecret(facilitatorKey), keyOwnerId: senderId };
        const result = await this.saved(this.commit());
        return result.ok ? { ok: true, data: { ...result.data, facilitatorKey } } : result;
      }
      case 'DELETE_CLINIC':
        return this.delete();
    }
  }

  private async removeParticipant(participantId: string): Promise<Ack<CommandResult>> {
    if (this.isFacilitator(participantId)) return fail('NOT_ALLOWED_NOW', 'Take facilitation away from them before removing them.');
    const { context } = this.actor.getSnapshot();
    if (context.startedAt !== null && context.caseGiverId === participantId) {
      return fail('NOT_ALLOWED_NOW', 'The case giver cannot be removed once the clinic has started.');
    }
    const removed = this.participant(participantId)!;
    this.record = {
      ...this.record,
      // The link stays with the clinic, but no longer points at someone who is gone.
      keyOwnerId: this.record.keyOwnerId === participantId ? null : this.record.keyOwnerId,
      participants: this.record.participants.filter((participant) => participant.id !== participantId),
      removedTokenHashes: [...this.record.removedTokenHashes, ...removed.tokenHashes],
    };
    const result = await this.saved(this.apply({ type: 'PARTICIPANT_REMOVED', participantId, at: this.deps.now() }));
    if (result.ok) {
      this.onlineDevices.delete(participantId);
      this.deps.dismiss(participantId, { reason: 'removed' });
    }
    return result;
  }

  private async delete(): Promise<Ack<CommandResult>> {
    // Marked at once, so no command or timed change that comes while the deletion is under way
    // can save the clinic again behind it.
    this.deleted = true;
    try {
      await this.writes.run(() => this.deps.store.delete(this.record.id));
    } catch (error) {
      this.deps.log('could not delete a clinic', error);
      this.deleted = false;
      await this.commit().catch(() => undefined);
      return fail('INTERNAL', 'The clinic could not be deleted. Please try again.');
    }
    this.stop();
    this.deps.dismiss(null, { reason: 'deleted' });
    this.deps.onDeleted();
    return { ok: true, data: { revision: this.record.revision } };
  }

  /** Deletes the clinic because it expired in the store; devices still here are told. */
  expire(): void {
    this.deleted = true;
    this.stop();
    this.deps.dismiss(null, { reason: 'deleted' });
  }

  private participant(participantId: string | null): StoredParticipant | undefined {
    return this.record.participants.find((participant) => participant.id === participantId);
  }

  private participantWithToken(token: string): StoredParticipant | undefined {
    return this.record.participants.find((participant) => participant.tokenHashes.some((hash) => matchesHash(token, hash)));
  }

  private putParticipant(updated: StoredParticipant): void {
    const { participants } = this.record;
    const known = participants.some((participant) => participant.id === updated.id);
    this.record = {
      ...this.record,
      participants: known ? participants.map((participant) => (participant.id === updated.id ? updated : participant)) : [...participants, updated],
    };
  }

  /** Acknowledges with the revision a change produced, once it is saved. */
  private async saved(save: Promise<void>): Promise<Ack<CommandResult>> {
    const revision = this.record.revision;
    try {
      await save;
    } catch (error) {
      this.deps.log('could not save a command', error);
      return fail('INTERNAL', SAVE_FAILED);
    }
    return { ok: true, data: { revision } };
  }

  private apply(event: ClinicEvent, { fromCommand = false } = {}): Promise<void> {
    // A closed clinic's machine is done and takes no events; its roster still changes and is saved.
    if (this.actor.getSnapshot().status === 'active') {
      this.applying = true;
      try {
        this.actor.send(event);
      } finally {
        this.applying = false;
      }
    }
    // Never acknowledge what the machine could not take in, nor keep the broken machine.
    if (this.actor.getSnapshot().status === 'error') {
      this.rollBack();
      return Promise.reject(new Error(`The clinic machine failed on ${event.type}`));
    }
    return this.commit(fromCommand);
  }

  /** Saves the current state as the next revision, then broadcasts it; saves land in order. */
  private commit(fromCommand = false): Promise<void> {
    if (this.stopped) return Promise.reject(new Error('The room was stopped'));
    if (this.deleted) return Promise.resolve();
    const snapshot = this.actor.getSnapshot();
    const revision = this.record.revision + 1;
    // A step the clinic left by itself counts like a command: a "next speaker" clicked before the
    // facilitator saw the hard auto-advance must not move the clinic a second time.
    const stepsFinished = snapshot.context.finished.length;
    const movedByItself = stepsFinished !== this.stepsFinishedAtLastCommit;
    this.stepsFinishedAtLastCommit = stepsFinished;
    this.record = {
      ...this.record,
      revision,
      lastCommandRevision: fromCommand || movedByItself ? revision : this.record.lastCommandRevision,
      updatedAt: this.deps.now(),
      closedAt: snapshot.context.closedAt,
      machine: this.actor.getPersistedSnapshot(),
    };
    const record = this.record;
    const state = this.state();
    const lineage = this.lineage;
    return this.writes.run(async () => {
      if (lineage !== this.lineage) throw new Error('An earlier change this one built on could not be saved');
      try {
        await this.deps.store.save(record);
      } catch (error) {
        this.rollBack();
        throw error;
      }
      this.durable = record;
      this.savedState = state;
      this.deps.broadcast(state);
    });
  }

  /**
   * A save failed, so its change was refused: it must not take effect later either, or a retry
   * would apply it twice. Back to the last saved record and machine; changes queued on top of the
   * failed one go with it. Nobody saw them: a state is shown only once saved.
   */
  private rollBack(): void {
    this.lineage += 1;
    if (this.durable === null || this.stopped) return;
    // Revisions only grow, so no device takes a later state for one it has already seen.
    this.record = { ...this.durable, revision: this.record.revision };
    this.actor.stop();
    this.adopt(createRestoredClinicActor(this.record.machine as Snapshot<unknown>).start());
    clearTimeout(this.resaveTimer);
    if (this.deleted) return;
    // A moment later, a save of its own: it re-arms a running timer (XState does not restore
    // pending delays) and shows who came and went meanwhile, whose saves went with the failed one.
    this.resaveTimer = setTimeout(() => {
      if (this.deleted || this.stopped) return;
      const resaved = this.actor.getSnapshot().matches({ live: 'running' }) ? this.apply({ type: 'CLOCK_RESTORED', at: this.deps.now() }) : this.commit();
      resaved.catch((error: unknown) => this.deps.log('could not save after a failed save', error));
    }, RESAVE_AFTER_FAILED_SAVE_MS);
    this.resaveTimer.unref?.();
  }
}

const withId = (ids: readonly string[], id: string) => (ids.includes(id) ? ids : [...ids, id]);
const withoutId = (ids: readonly string[], id: string) => ids.filter((candidate) => candidate !== id);
