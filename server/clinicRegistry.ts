/**
 * The clinics this server process holds in memory: at most one room per clinic, loaded from the
 * store on first use (one load at a time per clinic), unloaded when nobody has been connected for
 * a while, and deleted for good once the retention rules say so.
 */
import type { AsidesView } from '../shared/asidesSchema.ts';
import type { ClinicState } from '../shared/clinicStateSchema.ts';
import type { CreatedClinic, GoneNotice } from '../shared/protocol.ts';
import { ClinicRoom, type CrewSeating, type NewClinicSettings, type RoomDeps } from './room/clinicRoom.ts';
import { newClinicId } from './secrets.ts';
import type { ClinicStore } from './store/clinicStore.ts';

/** Long enough that a reload or a short network drop does not reload the clinic from the store. */
const IDLE_UNLOAD_MS = 5 * 60_000;
/**
 * A device arriving saves its clinic at most this often (see `RoomDeps.touchAfterMs`), or every
 * tenth of the inactivity window if that is shorter: a visit keeps the clinic, a reconnect costs no save.
 */
const TOUCH_AT_MOST_EVERY_MS = 60 * 60_000;
const TOUCHES_PER_INACTIVITY_WINDOW = 10;

export interface Retention {
  /** How long a closed clinic is kept, so people can still read its summary. */
  readonly afterCloseMs: number;
  /** How long a clinic nobody touches is kept, closed or not. */
  readonly afterInactivityMs: number;
}

/** What the registry needs from the process around it; the per-clinic parts take the clinic's id. */
export interface RegistryDeps {
  readonly store: ClinicStore;
  readonly now: () => number;
  readonly log: (message: string, error?: unknown) => void;
  readonly broadcast: (state: ClinicState) => void;
  readonly sendAsides: (clinicId: string, participantId: string, view: AsidesView) => void;
  readonly dismiss: (clinicId: string, participantId: string | null, notice: GoneNotice) => void;
  readonly retention: Retention;
}

export class ClinicRegistry {
  private readonly rooms = new Map<string, Promise<ClinicRoom | null>>();
  private readonly unloadTimers = new Map<string, NodeJS.Timeout>();

  constructor(private readonly deps: RegistryDeps) {}

  /** A new clinic; a crew's session is seated from its rota before anyone can join. */
  async create(settings: NewClinicSettings, crewSeating?: CrewSeating): Promise<CreatedClinic> {
    const clinicId = newClinicId();
    const { room, facilitatorKey } = await ClinicRoom.create(settings, clinicId, this.roomDeps(clinicId));
    if (crewSeating) await room.seatCrew(crewSeating);
    this.rooms.set(clinicId, Promise.resolve(room));
    this.scheduleUnload(clinicId);
    return { clinicId, facilitatorKey };
  }

  /** Clinics held in memory now, loading ones included. */
  get liveCount(): number {
    return this.rooms.size;
  }

  /** The live room for a clinic, restoring it from the store if needed; null if there is none. */
  open(clinicId: string): Promise<ClinicRoom | null> {
    this.cancelUnload(clinicId);
    let room = this.rooms.get(clinicId);
    if (!room) {
      const deps = this.roomDeps(clinicId);
      room = deps.store.load(clinicId).then((record) => (record ? ClinicRoom.restore(record, deps) : null));
      // A failed or empty load is not cached, so the next attempt asks the store again.
      room.then(
        (loaded) => loaded ?? this.rooms.delete(clinicId),
        () => this.rooms.delete(clinicId),
      );
      this.rooms.set(clinicId, room);
    }
    return room;
  }

  /** Called when a device leaves; the room goes once nobody is left for a while. */
  scheduleUnload(clinicId: string): void {
    this.cancelUnload(clinicId);
    const timer = setTimeout(async () => {
      this.unloadTimers.delete(clinicId);
      const room = await this.rooms.get(clinicId);
      if (room && !room.hasOnlineParticipants) {
        void room.stop();
        this.rooms.delete(clinicId);
      }
    }, IDLE_UNLOAD_MS);
    timer.unref();
    this.unloadTimers.set(clinicId, timer);
  }

  /** Deletes every clinic past its retention; devices still in one are told. */
  async deleteExpired(now: number): Promise<string[]> {
    const { store, retention } = this.deps;
    const expired = await store.deleteExpired({
      closedBefore: now - retention.afterCloseMs,
      untouchedSince: now - retention.afterInactivityMs,
    });
    await this.deleted(expired);
    return expired;
  }

  /** A member left the crew these clinics were sessions of: each forgets their name. */
  async forgetCrewMember(clinicIds: readonly string[], memberId: string): Promise<void> {
    for (const clinicId of clinicIds) {
      const room = await this.open(clinicId);
      await room?.forgetCrewMember(memberId);
      if (room && !room.hasOnlineParticipants) this.scheduleUnload(clinicId);
    }
  }

  /** Clinics the store deleted (expired, or with their crew): devices still in one are told. */
  async deleted(clinicIds: readonly string[]): Promise<void> {
    for (const clinicId of clinicIds) {
      const room = await this.rooms.get(clinicId)?.catch(() => null);
      room?.expire();
      this.forget(clinicId);
    }
  }

  async close(): Promise<void> {
    for (const timer of this.unloadTimers.values()) clearTimeout(timer);
    this.unloadTimers.clear();
    const rooms = await Promise.allSettled(this.rooms.values());
    // Each room's queued saves land before the store underneath them closes.
    await Promise.all(rooms.map((result) => (result.status === 'fulfilled' ? result.value?.stop() : undefined)));
    this.rooms.clear();
  }

  private roomDeps(clinicId: string): RoomDeps {
    const { store, now, log, broadcast, dismiss, sendAsides, retention } = this.deps;
    return {
      store,
      now,
      log,
      touchAfterMs: Math.min(TOUCH_AT_MOST_EVERY_MS, retention.afterInactivityMs / TOUCHES_PER_INACTIVITY_WINDOW),
      broadcast,
      sendAsides: (participantId, view) => sendAsides(clinicId, participantId, view),
      dismiss: (participantId, notice) => dismiss(clinicId, participantId, notice),
      onDeleted: () => this.forget(clinicId),
    };
  }

  private forget(clinicId: string): void {
    this.cancelUnload(clinicId);
    this.rooms.delete(clinicId);
  }

  private cancelUnload(clinicId: string): void {
    clearTimeout(this.unloadTimers.get(clinicId));
    this.unloadTimers.delete(clinicId);
  }
}
