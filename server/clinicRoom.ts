/**
 * One live clinic on the server: its machine actor (the authority), its roster and who is online.
 * Every change goes the same way: machine (or roster) -> durable save -> broadcast, and a command is
 * acknowledged only after its save, so nothing acknowledged can be lost.
 */
import { createActor, type Snapshot } from 'xstate';
import { clinicMachine, createRestoredClinicActor, type ClinicCommand, type ClinicEvent } from '../shared/clinicMachine.ts';
import { refusalOf } from '../shared/clinicView.ts';
import { getFormat } from '../shared/format.ts';
import { PROTOCOL_VERSION, type Ack, type ClinicState, type ErrorCode, type JoinedClinic } from '../shared/protocol.ts';
import { hashSecret, matchesHash, newParticipantId, newSecret } from './secrets.ts';
import type { ClinicRecord, ClinicStore, StoredParticipant } from './store/clinicStore.ts';

export interface RoomDeps {
  readonly store: ClinicStore;
  readonly now: () => number;
  readonly broadcast: (state: ClinicState) => void;
  readonly log: (message: string, error?: unknown) => void;
}

export interface NewClinicSettings {
  readonly title?: string;
  readonly formatId: string;
  readonly minutes?: Readonly<Record<string, number>>;
}

export interface JoinRequest {
  readonly name?: string;
  readonly participantToken?: string;
  readonly facilitatorKey?: string;
}

/** A device keeps at most this many live tokens per participant (phone, laptop, a spare). */
const MAX_DEVICE_TOKENS = 8;
export const MAX_PARTICIPANTS = 16;

type ClinicActor = ReturnType<typeof createRestoredClinicActor>;

export const fail = <T>(code: ErrorCode, message: string): Ack<T> => ({ ok: false, error: { code, message } });

const SAVE_FAILED = 'The change could not be saved. Please try again.';

export class ClinicRoom {
  private readonly onlineDevices = new Map<string, number>();
  private pendingSave: Promise<void> = Promise.resolve();
  /** True while the room itself is sending an event, so the subscription only reacts to timers. */
  private applying = false;

  private constructor(
    private record: ClinicRecord,
    private readonly actor: ClinicActor,
    private readonly deps: RoomDeps,
  ) {
    actor.subscribe({
      next: () => {
        if (!this.applying) this.commit().catch((error: unknown) => deps.log('could not save a timed transition', error));
      },
      error: (error) => deps.log('clinic machine failed', error),
    });
  }

  static async create(settings: NewClinicSettings, id: string, deps: RoomDeps): Promise<{ room: ClinicRoom; facilitatorKey: string }> {
    const facilitatorKey = newSecret();
    const actor = createActor(clinicMachine, { input: { format: getFormat(settings.formatId), minutes: settings.minutes } }).start() as ClinicActor;
    const now = deps.now();
    const record: ClinicRecord = {
      id,
      title: settings.title ?? null,
      createdAt: now,
      updatedAt: now,
      facilitatorKeyHash: hashSecret(facilitatorKey),
      facilitatorId: null,
      participants: [],
      revision: 0,
      lastCommandRevision: 0,
      machine: actor.getPersistedSnapshot(),
    };
    const room = new ClinicRoom(record, actor, deps);
    await room.commit();
    return { room, facilitatorKey };
  }

  /** Brings a stored clinic back, re-arming its timer from the stored deadline. */
  static async restore(record: ClinicRecord, deps: RoomDeps): Promise<ClinicRoom> {
    const actor = createRestoredClinicActor(record.machine as Snapshot<unknown>);
    const room = new ClinicRoom(record, actor.start(), deps);
    if (actor.getSnapshot().status === 'active') await room.apply({ type: 'CLOCK_RESTORED', at: deps.now() });
    return room;
  }

  get id(): string {
    return this.record.id;
  }

  get hasOnlineParticipants(): boolean {
    return this.onlineDevices.size > 0;
  }

  state(): ClinicState {
    const snapshot = this.actor.getSnapshot();
    return {
      protocolVersion: PROTOCOL_VERSION,
      clinicId: this.record.id,
      title: this.record.title,
      revision: this.record.revision,
      facilitatorId: this.record.facilitatorId,
      participants: this.record.participants.map(({ id, name }) => ({ id, name, online: this.onlineDevices.has(id) })),
      machine: { value: snapshot.value, status: snapshot.status, context: snapshot.context },
    };
  }

  /**
   * Admits a device: by its participant token (the same person again), by the facilitator key
   * (the facilitator, on any device), or as a new participant by name. The device counts as
   * online until `leave`.
   */
  async join({ name, participantToken, facilitatorKey }: JoinRequest): Promise<Ack<JoinedClinic>> {
    const holdsKey = facilitatorKey !== undefined && matchesHash(facilitatorKey, this.record.facilitatorKeyHash);
    if (facilitatorKey !== undefined && !holdsKey) {
      return fail('INVALID_FACILITATOR_KEY', 'This facilitator link is not valid. Ask the facilitator for the current one.');
    }
    const byToken = participantToken === undefined ? undefined : this.participantWithToken(participantToken);
    if (participantToken !== undefined && !byToken && !holdsKey) {
      return fail('UNKNOWN_PARTICIPANT', 'This device is not known in this clinic. Join again with your name.');
    }
    const facilitator = this.record.participants.find((participant) => participant.id === this.record.facilitatorId);

    let participant = holdsKey && facilitator ? facilitator : byToken;
    let token = participant && participant === byToken ? participantToken : undefined;
    const isNew = participant === undefined;
    if (!participant) {
      if (!name) return fail('NAME_REQUIRED', 'Please enter your name to join.');
      if (this.record.participants.length >= MAX_PARTICIPANTS) {
        return fail('CLINIC_FULL', `This clinic is full: it has room for ${MAX_PARTICIPANTS} people.`);
      }
      participant = { id: newParticipantId(), name, tokenHashes: [] };
    }
    if (token === undefined) {
      token = newSecret();
      participant = { ...participant, tokenHashes: [...participant.tokenHashes, hashSecret(token)].slice(-MAX_DEVICE_TOKENS) };
    }
    this.replaceParticipant(participant);
    if (holdsKey && !facilitator) this.record = { ...this.record, facilitatorId: participant.id };
    this.onlineDevices.set(participant.id, (this.onlineDevices.get(participant.id) ?? 0) + 1);

    try {
      await (isNew ? this.apply({ type: 'PARTICIPANT_JOINED', participantId: participant.id, at: this.deps.now() }) : this.commit());
    } catch (error) {
      this.deps.log('could not save a join', error);
      return fail('INTERNAL', SAVE_FAILED);
    }
    return {
      ok: true,
      data: { participantId: participant.id, participantToken: token, isFacilitator: holdsKey && this.record.facilitatorId === participant.id },
    };
  }

  /** One of a participant's devices disconnected. */
  async leave(participantId: string): Promise<void> {
    const devices = (this.onlineDevices.get(participantId) ?? 0) - 1;
    if (devices > 0) {
      this.onlineDevices.set(participantId, devices);
      return;
    }
    this.onlineDevices.delete(participantId);
    await this.commit().catch((error: unknown) => this.deps.log('could not save a departure', error));
  }

  /** A facilitator's command: authorized, checked against the machine, applied, saved. */
  async command(
    participantId: string,
    isFacilitator: boolean,
    command: ClinicCommand,
    basedOnRevision?: number,
  ): Promise<Ack<{ revision: number }>> {
    if (!isFacilitator || participantId !== this.record.facilitatorId) {
      return fail('NOT_FACILITATOR', 'Only the facilitator can do that.');
    }
    if (basedOnRevision !== undefined && basedOnRevision < this.record.lastCommandRevision) {
      return fail('STALE_COMMAND', 'The clinic had already moved on, so that was not applied. Your screen now shows where it is.');
    }
    const named = command.type === 'SET_CASE_GIVER' ? [command.participantId] : command.type === 'SET_COACH_ORDER' ? command.coachIds : [];
    if (named.some((id) => !this.record.participants.some((participant) => participant.id === id))) {
      return fail('UNKNOWN_PARTICIPANT', 'That person is not in this clinic.');
    }
    const at = this.deps.now();
    const refusal = refusalOf(this.actor.getSnapshot(), command, at);
    if (refusal !== null) return fail('NOT_ALLOWED_NOW', refusal);
    const saved = this.apply({ ...command, at }, { fromCommand: true });
    const revision = this.record.revision;
    try {
      await saved;
    } catch (error) {
      this.deps.log('could not save a command', error);
      return fail('INTERNAL', SAVE_FAILED);
    }
    return { ok: true, data: { revision } };
  }

  stop(): void {
    this.actor.stop();
  }

  private participantWithToken(token: string): StoredParticipant | undefined {
    return this.record.participants.find((participant) => participant.tokenHashes.some((hash) => matchesHash(token, hash)));
  }

  private replaceParticipant(updated: StoredParticipant): void {
    const { participants } = this.record;
    const known = participants.some((participant) => participant.id === updated.id);
    this.record = {
      ...this.record,
      participants: known ? participants.map((participant) => (participant.id === updated.id ? updated : participant)) : [...participants, updated],
    };
  }

  private apply(event: ClinicEvent, { fromCommand = false } = {}): Promise<void> {
    this.applying = true;
    try {
      this.actor.send(event);
    } finally {
      this.applying = false;
    }
    return this.commit(fromCommand);
  }

  /** Saves the current state as the next revision, then broadcasts it; saves land in order. */
  private commit(fromCommand = false): Promise<void> {
    const now = this.deps.now();
    const revision = this.record.revision + 1;
    this.record = {
      ...this.record,
      revision,
      lastCommandRevision: fromCommand ? revision : this.record.lastCommandRevision,
      updatedAt: now,
      machine: this.actor.getPersistedSnapshot(),
    };
    const record = this.record;
    const state = this.state();
    const saved = this.pendingSave.then(() => this.deps.store.save(record)).then(() => this.deps.broadcast(state));
    this.pendingSave = saved.catch(() => undefined);
    return saved;
  }
}
