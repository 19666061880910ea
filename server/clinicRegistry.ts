/**
 * The clinics this node runs: at most one room per clinic, and only while this node owns the
 * clinic (alone, it owns every one; in a cluster, it holds the clinic's lease). A room is loaded
 * from the store on first use (one load at a time per clinic), unloaded when nobody has been
 * connected for a while, stopped at once if its lease is lost, and deleted for good once the
 * retention rules say so.
 */
import type { AsidesView } from '../shared/asidesSchema.ts';
import type { ClinicState } from '../shared/clinicStateSchema.ts';
import type { Ack, ClinicPreview, CreatedClinic, GoneNotice } from '../shared/protocol.ts';
import { previewAnswer } from '../shared/protocolSchemas.ts';
import type { NodeNetwork } from './nodeNetwork.ts';
import type { Reach } from './room/broadcastReach.ts';
import { ClinicRoom, type CrewSeating, type NewClinicSettings, type RoomDeps } from './room/clinicRoom.ts';
import { nodeOfConnection } from './room/presence.ts';
import { newClinicId } from './secrets.ts';
import { FencedOffError, type ClinicStore } from './store/clinicStore.ts';

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
  /** Stores this node's fencing token with a clinic it has just won (the Postgres store's `claim`). */
  readonly claim?: (clinicId: string) => Promise<void>;
  readonly network: Pick<NodeNetwork, 'nodeId' | 'ownership' | 'presenceOf' | 'liveNodes'>;
  readonly now: () => number;
  readonly log: (message: string, error?: unknown) => void;
  readonly broadcast: (state: ClinicState, reach: Reach) => void;
  readonly sendAsides: (clinicId: string, participantId: string, view: AsidesView, reach: Reach) => void;
  /** Whether a socket on another node is in the clinic's room, as the nodes listening to Redis answer (it may fail). */
  readonly anySocketElsewhere: (clinicId: string) => Promise<boolean>;
  readonly dismiss: (clinicId: string, participantId: string | null, notice: GoneNotice) => void;
  readonly retention: Retention;
  /** Tells every node (this one included) which clinics the store deleted, so devices in them are told. */
  readonly announceDeleted: (clinicIds: readonly string[]) => void;
  /**
   * In a cluster, a new clinic is saved and let go at once, so the node its devices' requests reach
   * first takes it on: behind a balancer routing by route key (shared/routeKey.ts), the node all of
   * them reach, which then normally forwards nothing. Alone, it stays in its room here.
   */
  readonly letGoOfNewClinics: boolean;
}

/**
 * Where a clinic runs: in a room here, on another node, nowhere because there is no such clinic,
 * or not here because this node is stopping (it takes no clinic on any more).
 */
export type Placement = { readonly room: ClinicRoom } | { readonly owner: string } | { readonly missing: true } | { readonly stopping: true };

/** The lease on the clinic was lost: the change was not saved, and the node that holds it now must make it. */
export class LeaseLostError extends Error {
  override readonly name = 'LeaseLostError';
  constructor(clinicId: string) {
    super(`This node no longer owns clinic ${clinicId}`);
  }
}

export class ClinicRegistry {
  private readonly rooms = new Map<string, Promise<ClinicRoom | null>>();
  private readonly unloadTimers = new Map<string, NodeJS.Timeout>();
  private readonly store: ClinicStore;
  private stopping = false;

  constructor(private readonly deps: RegistryDeps) {
    this.store = this.leasedStore(deps.store);
    deps.network.ownership.onLost((clinicId) => this.lost(clinicId));
  }

  /**
   * A new clinic, saved by this node (which holds it meanwhile) and then run here, or let go (see
   * `letGoOfNewClinics`); a crew's session is seated from its rota before anyone can join.
   */
  async create(settings: NewClinicSettings, crewSeating?: CrewSeating): Promise<CreatedClinic> {
    const { network, letGoOfNewClinics, log } = this.deps;
    const clinicId = newClinicId();
    const owner = await network.ownership.acquire(clinicId);
    if (owner !== null) throw new Error(`A new clinic's id is held by node ${owner}`);
    let made: Awaited<ReturnType<typeof ClinicRoom.create>> | undefined;
    try {
      made = await ClinicRoom.create(settings, clinicId, this.roomDeps(clinicId));
      if (crewSeating) await made.room.seatCrew(crewSeating);
    } catch (error) {
      // Nobody holds the room: left running, it would save again and again a clinic no one has.
      await made?.room.stop();
      // Else this node would renew a lease on a clinic it runs no room for, as long as it runs.
      await network.ownership.release(clinicId).catch(() => undefined);
      throw error;
    }
    const { room, facilitatorKey } = made;
    if (letGoOfNewClinics) {
      // Let go before the answer, so the creator's own first request cannot find it held here. The
      // clinic is saved: a lease that cannot be released now lapses within seconds, and the first
      // request waits out the handover, so that is no reason to tell the creator it failed.
      await room.stop();
      await network.ownership.release(clinicId).catch((error: unknown) => log('could not let a new clinic go', error));
    } else {
      this.rooms.set(clinicId, Promise.resolve(room));
      this.scheduleUnload(clinicId);
    }
    return { clinicId, facilitatorKey };
  }

  /** Clinics held in memory now, loading ones included. */
  get liveCount(): number {
    return this.rooms.size;
  }

  /**
   * Where the clinic runs, taking it on here if no node does: its lease won, its fencing token
   * stored, its room restored with whoever is still connected to other nodes. With `load` false,
   * a clinic not running anywhere is left so (reported missing).
   */
  async place(clinicId: string, { load = true } = {}): Promise<Placement> {
    if (this.stopping) return { stopping: true };
    this.cancelUnload(clinicId);
    const { ownership } = this.deps.network;
    const live = this.rooms.get(clinicId);
    if (live && ownership.holds(clinicId)) {
      const room = await live;
      return room ? { room } : { missing: true };
    }
    if (!live && !load) {
      const [owner] = await ownership.holders([clinicId]);
      return owner ? { owner } : { missing: true };
    }
    // A live room whose lease ran out of time on this node's clock is renewed or dropped; then the
    // clinic is taken on here, or found elsewhere.
    const owner = await ownership.acquire(clinicId);
    if (owner !== null) {
      this.lost(clinicId);
      return { owner };
    }
    const room = await this.open(clinicId);
    return room ? { room } : { missing: true };
  }

  /** What a clinic's link is answered, as stored, without taking the clinic on; undefined if there is no such clinic. */
  async storedPreview(clinicId: string): Promise<Ack<ClinicPreview> | undefined> {
    const record = await this.store.load(clinicId);
    return record ? previewAnswer(record, record.closedAt !== null) : undefined;
  }

  /** Called when a device leaves; the room goes once nobody is left for a while. */
  scheduleUnload(clinicId: string): void {
    this.cancelUnload(clinicId);
    const timer = setTimeout(async () => {
      this.unloadTimers.delete(clinicId);
      const room = await this.rooms.get(clinicId);
      if (room && !room.hasOnlineParticipants) {
        this.rooms.delete(clinicId);
        await room.stop();
        // Someone came back while the room stopped: the clinic stays, its lease and presence too.
        if (!this.rooms.has(clinicId)) this.letGo(clinicId);
      }
    }, IDLE_UNLOAD_MS);
    timer.unref();
    this.unloadTimers.set(clinicId, timer);
  }

  /** Deletes every clinic past its retention; devices still in one are told. */
  async deleteExpired(now: number): Promise<string[]> {
    const { store, retention, announceDeleted } = this.deps;
    const expired = await store.deleteExpired({
      closedBefore: now - retention.afterCloseMs,
      untouchedSince: now - retention.afterInactivityMs,
    });
    if (expired.length > 0) announceDeleted(expired);
    return expired;
  }

  /** Clinics the store deleted (expired, or with their crew): devices still in one run here are told. */
  async deleted(clinicIds: readonly string[]): Promise<void> {
    for (const clinicId of clinicIds) {
      const room = await this.rooms.get(clinicId)?.catch(() => null);
      room?.expire();
      this.forget(clinicId);
      if (room) this.letGo(clinicId);
    }
  }

  /** Devices connected to nodes that are no longer running are counted out of the clinics run here. */
  async dropDevicesOfStoppedNodes(): Promise<void> {
    const { network } = this.deps;
    const rooms = (await Promise.all([...this.rooms.values()].map((room) => room.catch(() => null)))).filter((room) => room !== null);
    const others = rooms.flatMap((room) => room.connections.map(nodeOfConnection)).filter((nodeId) => nodeId !== network.nodeId);
    if (others.length === 0) return;
    const running = await network.liveNodes(others);
    for (const room of rooms) room.dropConnections((connection) => nodeOfConnection(connection) !== network.nodeId && !running.has(nodeOfConnection(connection)));
  }

  /** Stops every room; each clinic's lease goes once its queued saves have landed, so another node takes it on at once. */
  async close(): Promise<void> {
    this.stopping = true;
    for (const timer of this.unloadTimers.values()) clearTimeout(timer);
    this.unloadTimers.clear();
    const rooms = [...this.rooms.entries()];
    this.rooms.clear();
    const { ownership } = this.deps.network;
    await Promise.all(
      rooms.map(async ([clinicId, loading]) => {
        const room = await loading.catch(() => null);
        await room?.stop();
        await ownership.release(clinicId).catch((error: unknown) => this.deps.log('could not release a clinic', error));
      }),
    );
  }

  /** The room, restored from the store if it is not live yet; null if there is no such clinic. */
  private open(clinicId: string): Promise<ClinicRoom | null> {
    let room = this.rooms.get(clinicId);
    if (!room) {
      room = this.restore(clinicId);
      // A failed or empty load is not cached, so the next attempt asks the store again.
      room.then(
        (loaded) => loaded ?? this.rooms.delete(clinicId),
        () => this.rooms.delete(clinicId),
      );
      this.rooms.set(clinicId, room);
    }
    return room;
  }

  /**
   * Claims the clinic with this node's token, then restores it with whoever is connected to other
   * nodes, and shows everyone its state as saved (the last owner may have gone before it could).
   * A clinic that cannot be restored here is let go, for any node to try.
   */
  private async restore(clinicId: string): Promise<ClinicRoom | null> {
    const { network } = this.deps;
    try {
      await this.claim(clinicId);
      const [record, online] = await Promise.all([this.store.load(clinicId), network.presenceOf(clinicId).load()]);
      if (!record) {
        await network.ownership.release(clinicId);
        return null;
      }
      const room = await ClinicRoom.restore(record, this.roomDeps(clinicId), online);
      this.deps.broadcast(room.shownState(), 'everyNode');
      return room;
    } catch (error) {
      await network.ownership.release(clinicId).catch(() => undefined);
      throw error;
    }
  }

  /** Stores this node's token with the clinic, above the store's if Redis forgot a claim it made (restarted empty). */
  private async claim(clinicId: string): Promise<void> {
    const { claim, network } = this.deps;
    try {
      await claim?.(clinicId);
    } catch (error) {
      if (!(error instanceof FencedOffError) || !(await network.ownership.outrank(clinicId, error.storedFence))) throw error;
      await claim?.(clinicId);
    }
  }

  /** The clinic's lease and its presence in Redis go: it is deleted, or unloaded with nobody in it. */
  private letGo(clinicId: string): void {
    const { network, log } = this.deps;
    network.presenceOf(clinicId).clear();
    network.ownership.release(clinicId).catch((error: unknown) => log('could not release a clinic', error));
  }

  /** Another node holds the clinic now: its room here stops, and nothing it still holds is saved. */
  private lost(clinicId: string): void {
    const room = this.rooms.get(clinicId);
    if (!room) return;
    this.forget(clinicId);
    room.then((stopped) => stopped?.stop(), () => undefined).catch((error: unknown) => this.deps.log('could not stop a room that lost its lease', error));
  }

  /**
   * The store as rooms write through it: a node whose lease ran out by its own clock renews it
   * before writing, and one that lost it (or whose token a newer claim outranks) writes nothing.
   */
  private leasedStore(store: ClinicStore): ClinicStore {
    const { ownership } = this.deps.network;
    return {
      ...store,
      save: async (record, expectedRevision) => {
        if (!ownership.holds(record.id) && !(await this.renewedUnchanged(record.id))) {
          this.lost(record.id);
          // Taken again with a new token, the clinic may have moved meanwhile: it is restored afresh, its timers re-armed.
          if (ownership.holds(record.id)) void this.place(record.id).catch((error: unknown) => this.deps.log('could not restore a clinic', error));
          throw new LeaseLostError(record.id);
        }
        try {
          await store.save(record, expectedRevision);
        } catch (error) {
          if (error instanceof FencedOffError) this.lost(record.id);
          throw error;
        }
      },
    };
  }

  /** Whether this node could renew its claim on the clinic with the same token: nobody claimed it in between. */
  private async renewedUnchanged(clinicId: string): Promise<boolean> {
    const { ownership } = this.deps.network;
    let fence: number;
    try {
      fence = ownership.fenceOf(clinicId);
    } catch {
      return false;
    }
    return (await ownership.acquire(clinicId)) === null && ownership.fenceOf(clinicId) === fence;
  }

  private roomDeps(clinicId: string): RoomDeps {
    const { now, log, broadcast, dismiss, sendAsides, anySocketElsewhere, retention, network } = this.deps;
    return {
      store: this.store,
      now,
      log,
      touchAfterMs: Math.min(TOUCH_AT_MOST_EVERY_MS, retention.afterInactivityMs / TOUCHES_PER_INACTIVITY_WINDOW),
      presenceMirror: network.presenceOf(clinicId),
      broadcast,
      sendAsides: (participantId, view, reach) => sendAsides(clinicId, participantId, view, reach),
      isHere: (connection) => nodeOfConnection(connection) === network.nodeId,
      anySocketElsewhere: () => anySocketElsewhere(clinicId),
      dismiss: (participantId, notice) => dismiss(clinicId, participantId, notice),
      onDeleted: () => {
        this.forget(clinicId);
        this.letGo(clinicId);
      },
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
