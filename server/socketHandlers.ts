/**
 * Socket.IO wiring. Every inbound packet is paced, then validated against its schema before
 * anything else, and always acknowledged, ok or with a reason, in the order the connection sent
 * them. Then: who is asking (the socket's joined participant), the room decides, and the room
 * saves and broadcasts.
 */
import type { Server, Socket } from 'socket.io';
import type { Ack, ClientToServerEvents, ServerToClientEvents } from '../shared/protocol.ts';
import { asidePayloadSchema } from '../shared/asidesSchema.ts';
import type { ClinicState } from '../shared/clinicStateSchema.ts';
import {
  deleteSealedSchema,
  dismissLastTimeSchema,
  fetchInboxSchema,
  harvestOverviewRequestSchema,
  lastTimeRequestSchema,
  publishKeySchema,
  sendSealedSchema,
} from '../shared/harvestSchemas.ts';
import { commandPayloadSchema, createClinicSchema, joinClinicSchema, previewClinicSchema } from '../shared/protocolSchemas.ts';
import { protocolError, refuse } from '../shared/reasons.ts';
import { NewerRecordError } from '../shared/recordMigrations.ts';
import type { ClinicCalls } from './clinicCalls.ts';
import type { ClinicRegistry } from './clinicRegistry.ts';
import { clientAddress } from './clientAddress.ts';
import type { ConnectionDrain } from './connectionDrain.ts';
import type { CrewDesk } from './crewDesk.ts';
import { crewHandlers } from './crewHandlers.ts';
import { validated, type DeviceConnection, type EventHandler } from './eventHandlers.ts';
import type { FollowThroughDesk } from './followThroughDesk.ts';
import type { HarvestDesk } from './harvestDesk.ts';
import type { Limits } from './limits.ts';
import { errorLogOf, type Logger } from './logger.ts';
import type { ServerMetrics } from './metrics.ts';
import type { OutdatedWarning } from './outdatedWarning.ts';
import { ConcurrencyLimit, SlidingWindow, TokenBucket } from './rateLimits.ts';
import { connectionName } from './room/presence.ts';
import { SerialQueue } from './serialQueue.ts';
import type { SharedLimits } from './sharedLimits.ts';

export interface SocketData {
  clinicId?: string;
  participantId?: string;
  /** The crew this device joined, and as whom: beside any clinic it is in. */
  crewId?: string;
  crewMemberId?: string;
}

export type ClinicServer = Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;
export type ClinicSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;
type Reply<T> = (response: Ack<T>) => void;

export const socketRoomOf = (clinicId: string) => `clinic:${clinicId}`;
/** One participant's devices, for what only they may see (their asides). */
export const participantRoomOf = (clinicId: string, participantId: string) => `participant:${clinicId}:${participantId}`;

/**
 * Takes a socket out of its clinic's rooms on this node and forgets the clinic, keeping its crew;
 * what it was in, or null if it was in none. The clinic's room is told separately, if at all.
 */
export function outOfClinic(socket: ClinicSocket): { clinicId: string; participantId: string } | null {
  const { clinicId, participantId, crewId, crewMemberId } = socket.data;
  if (!clinicId || !participantId) return null;
  socket.data = { crewId, crewMemberId };
  leaveClinicRooms(socket, clinicId, participantId);
  return { clinicId, participantId };
}

/** Closes the transport, not the socket: Socket.IO's client takes a server's disconnect as final, a dropped line it reconnects. */
const closeForRejoin = (socket: ClinicSocket) => socket.conn.close();

/** Takes a socket out of a clinic's rooms on this node; the local adapter, and Redis's too, do so at once. */
function leaveClinicRooms(socket: ClinicSocket, clinicId: string, participantId: string): void {
  void socket.leave(socketRoomOf(clinicId));
  void socket.leave(participantRoomOf(clinicId, participantId));
}

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;

export interface HandlerDeps {
  /** Creates clinics, which run on the node that made them. */
  readonly registry: ClinicRegistry;
  /** Everything else asked of a clinic, wherever it runs. */
  readonly calls: ClinicCalls;
  /** This node, as connections name it (`node/socket`). */
  readonly nodeId: string;
  /** Calls `listener` when this node is back after the other nodes took it for stopped, or hears Redis again after a reconnection. */
  readonly onNodeBack: (listener: () => void) => void;
  /** Per-address limits, counted across every node. */
  readonly sharedLimits: SharedLimits;
  readonly harvest: HarvestDesk;
  readonly followThrough: FollowThroughDesk;
  readonly crews: CrewDesk;
  readonly drain: ConnectionDrain;
  readonly trustedProxies: number;
  readonly limits: Limits;
  readonly now: () => number;
  readonly logger: Logger;
  readonly metrics: ServerMetrics;
  readonly warnOutdated: OutdatedWarning;
}

export function registerSocketHandlers(
  io: ClinicServer,
  { registry, calls, nodeId, onNodeBack, sharedLimits, harvest, followThrough, crews, drain, trustedProxies, limits, now, logger, metrics, warnOutdated }: HandlerDeps,
): void {
  const log = errorLogOf(logger);
  const creations = sharedLimits({ name: 'clinics', limit: limits.clinicsPerAddressPerHour, windowMs: HOUR_MS });
  const crewCreations = sharedLimits({ name: 'crews', limit: limits.crewsPerAddressPerHour, windowMs: HOUR_MS });
  const pairingAttempts = sharedLimits({ name: 'pairing-attempts', limit: limits.pairingAttemptsPerAddressPerHour, windowMs: HOUR_MS });
  const connectionOf = (socket: ClinicSocket) => connectionName(nodeId, socket.id);
  /** Each socket's connection, for what the server itself does on a connection's behalf. */
  const connectionsBySocket = new WeakMap<ClinicSocket, DeviceConnection>();

  // Back after the others took this node for stopped, or after it could not hear Redis: its devices
  // are still here, but may have been counted out meanwhile, or removed from their clinics (or the
  // clinic deleted) without this node hearing of it. Each is taken out of its clinic's rooms here
  // at once, so no state of a clinic it may no longer be in reaches it, then counted again in its
  // turn (a departure queued before cannot be overtaken): the owner lets it back in and sends it
  // the state and its asides before it answers. One not let back in has its connection closed: it
  // reconnects and joins again, and that join tells it why not (removed, the clinic gone) or, if
  // the clinic could not be reached, is tried again while its screen says it is reconnecting.
  let rounds = 0;
  /** The latest round each socket was taken out in: only that round's turn decides about it. */
  const roundOf = new WeakMap<ClinicSocket, number>();
  onNodeBack(() => {
    // A draining node's devices are about to reconnect elsewhere, and it takes no clinic on.
    if (drain.draining) return;
    const round = ++rounds;
    let closed = 0;
    let failure: unknown;
    const recounts = [...io.of('/').sockets.values()].map((socket) => {
      const { clinicId, participantId } = socket.data;
      if (!clinicId || !participantId) return;
      leaveClinicRooms(socket, clinicId, participantId);
      roundOf.set(socket, round);
      const isCurrent = () => !socket.disconnected && !drain.draining && roundOf.get(socket) === round;
      return connectionsBySocket.get(socket)?.queue.run(async () => {
        if (!isCurrent()) return;
        const joinedNow = socket.data;
        if (joinedNow.clinicId !== clinicId || joinedNow.participantId !== participantId) {
          // A join queued before let it into its new clinic itself. Out of any clinic, it was
          // dismissed while out of the rooms, and never told: its join will tell it.
          if (joinedNow.clinicId) return;
          closed += 1;
          return closeForRejoin(socket);
        }
        await calls.run({ kind: 'stillHere', clinicId, participantId, connection: connectionOf(socket) }).catch((error: unknown) => {
          failure = error;
        });
        // A later round, or the device's going, decides instead.
        if (!isCurrent() || socket.rooms.has(socketRoomOf(clinicId))) return;
        closed += 1;
        closeForRejoin(socket);
      });
    });
    // Once a round, not once a device: after a cut, it may be every device of the node.
    Promise.all(recounts)
      .then(() => {
        if (closed > 0) logger.warn({ closed, err: failure }, 'devices were not let back into their clinics (removed, the clinic gone, or out of reach): their connections were closed, for them to join again');
      })
      .catch((error: unknown) => log('could not count devices again', error));
  });
  const connections = new ConcurrencyLimit(limits.connectionsPerAddress);
  /**
   * Each underlying connection's client address, read once from the request that opened it. The
   * request is then let go, as Socket.IO's memory notes suggest: nothing here reads it again, and
   * kept for the life of every connection it costs about 4 KB each.
   */
  const addresses = new WeakMap<ClinicSocket['conn'], string>();
  const addressFrom = (conn: ClinicSocket['conn']) => clientAddress(conn.remoteAddress, conn.request?.headers['x-forwarded-for'], trustedProxies);
  io.engine.on('connection', (conn: ClinicSocket['conn']) => {
    addresses.set(conn, addressFrom(conn));
    (conn as { request: ClinicSocket['conn']['request'] | null }).request = null;
  });
  // Read from the connection itself should a transport ever reach a socket before that listener.
  const addressOfConnection = (conn: ClinicSocket['conn']) => addresses.get(conn) ?? addressFrom(conn);
  const addressOf = (socket: ClinicSocket) => addressOfConnection(socket.conn);
  // One listener for every connection, not a closure each: the address is read again from the connection it is called on.
  function releaseAddress(this: ClinicSocket['conn']): void {
    connections.release(addressOfConnection(this));
  }

  io.use((socket, next) => {
    const address = addressOf(socket);
    if (!connections.acquire(address)) {
      const refused = new Error(`Too many connections from your address (at most ${limits.connectionsPerAddress}). Close some tabs and try again.`);
      const reason = protocolError('TOO_MANY_CONNECTIONS', refused.message);
      metrics.refused(reason);
      // Socket.IO hands `data` to the client's connect_error, so the refusal carries its reason.
      next(Object.assign(refused, { data: reason }));
      return;
    }
    // Given back when the underlying connection closes, not on the socket's 'disconnect': a
    // connection that closes before Socket.IO finishes connecting the socket never has one.
    const { conn } = socket;
    // `on`: it closes once, and `once` would cost every connection a wrapper.
    if (conn.readyState === 'open') conn.on('close', releaseAddress);
    else connections.release(address);
    next();
  });

  async function leaveCurrentClinic(socket: ClinicSocket): Promise<void> {
    const left = outOfClinic(socket);
    if (left) await calls.run({ kind: 'leave', ...left, connection: connectionOf(socket) });
  }

  /**
   * The owner let this socket in after its join was answered as not known: the device does not
   * know it is in, so unless it has joined again as that participant since, its socket leaves
   * that place's rooms (the clinic's too, unless it is in it as someone else now) and the owner is
   * told it left.
   */
  async function giveUpLateAdmission(socket: ClinicSocket, clinicId: string, participantId: string): Promise<void> {
    const inClinic = socket.data.clinicId === clinicId;
    if (inClinic && socket.data.participantId === participantId) return;
    void socket.leave(participantRoomOf(clinicId, participantId));
    if (!inClinic) void socket.leave(socketRoomOf(clinicId));
    await calls.run({ kind: 'leave', clinicId, participantId, connection: connectionOf(socket) });
  }

  /** A request from a joined participant about their clinic as last saved; the desk decides. */
  function asMember<Result>(socket: ClinicSocket, handle: (state: ClinicState, participantId: string) => Promise<Ack<Result>>): Promise<Ack<Result>> {
    const { clinicId, participantId } = socket.data;
    if (!clinicId || !participantId) return Promise.resolve(refuse('NOT_JOINED'));
    return calls.run({ kind: 'shownState', clinicId }).then((state) => (state ? handle(state, participantId) : refuse('CLINIC_NOT_FOUND')));
  }

  const handlers: Record<Exclude<keyof ClientToServerEvents, 'clock:ping'>, EventHandler> = {
    'clinic:create': validated(
      createClinicSchema,
      async ({ socket }, { protocolVersion: _version, ...settings }) => {
        if (!(await creations.allow(addressOf(socket)))) return refuse('TOO_MANY_CLINICS');
        return { ok: true, data: await registry.create(settings) };
      },
      { versioned: true },
    ),

    // Before a name is asked for: whether the link leads anywhere, and the title, and nothing more.
    'clinic:preview': validated(previewClinicSchema, (_connection, { clinicId }) => calls.run({ kind: 'preview', clinicId }), { versioned: true }),

    'clinic:join': validated(
      joinClinicSchema,
      async ({ socket, queue }, { clinicId, protocolVersion: _version, crewMember, ...request }) => {
        await leaveCurrentClinic(socket);
        // The clinic's owner puts this socket in its rooms and sends it the state and its asides (see clinicCalls.ts).
        const joined = await calls.run(
          { kind: 'join', clinicId, request, crewMember, socketId: socket.id, connection: connectionOf(socket) },
          // In turn, behind any join since, which decides whether the socket is in after all.
          { onAdmittedLate: (participantId) => void queue.run(() => giveUpLateAdmission(socket, clinicId, participantId)).catch((error: unknown) => log('could not give up a place let in too late', error)) },
        );
        // Its crew stays its own: a crew page's connection that joins a clinic is still sent away with its member.
        if (joined.ok) socket.data = { ...socket.data, clinicId, participantId: joined.data.participantId };
        // An owner that answered too late may still have let the socket in: nothing of the clinic reaches it.
        else await socket.leave(socketRoomOf(clinicId));
        return joined;
      },
      { versioned: true },
    ),

    'clinic:command': validated(commandPayloadSchema, async ({ socket }, { command, basedOnRevision }) => {
      const { clinicId, participantId } = socket.data;
      if (!clinicId || !participantId) return refuse('NOT_JOINED');
      return calls.run({ kind: 'command', clinicId, participantId, command, basedOnRevision });
    }),

    'clinic:aside': validated(asidePayloadSchema, async ({ socket, asides }, { aside }) => {
      const { clinicId, participantId } = socket.data;
      if (!clinicId || !participantId) return refuse('NOT_JOINED');
      if (!asides.allow(now())) return refuse('TOO_MANY_ASIDES');
      return calls.run({ kind: 'aside', clinicId, participantId, aside });
    }),
    'harvest:publishKey': validated(publishKeySchema, ({ socket }, { publicKey }) => asMember(socket, (state, participantId) => harvest.publishKey(state, participantId, publicKey))),
    'harvest:overview': validated(harvestOverviewRequestSchema, ({ socket }) => asMember(socket, (state, participantId) => harvest.overview(state, participantId))),
    'harvest:send': validated(sendSealedSchema, ({ socket }, draft) => asMember(socket, (state, participantId) => harvest.send(state, participantId, draft))),
    'harvest:fetch': validated(fetchInboxSchema, ({ socket }, { keyId }) => asMember(socket, (state, participantId) => harvest.fetch(state, participantId, keyId))),
    'harvest:delete': validated(deleteSealedSchema, ({ socket }, { noteIds }) => asMember(socket, (state, participantId) => harvest.delete(state, participantId, noteIds))),
    'harvest:lastTime': validated(lastTimeRequestSchema, ({ socket }) => asMember(socket, (state, participantId) => followThrough.lastTime(state, participantId))),
    'harvest:dismissLastTime': validated(dismissLastTimeSchema, ({ socket }, { noteIds }) =>
      asMember(socket, (state, participantId) => followThrough.dismiss(state, participantId, noteIds)),
    ),
    ...crewHandlers({
      crews,
      mayCreate: (socket) => crewCreations.allow(addressOf(socket)),
      mayTryPairing: (socket) => pairingAttempts.allow(addressOf(socket)),
    }),
  };

  /** Answers `reply` once the connection's requests before it are answered; `handle` runs in turn. */
  function answerInTurn<T>({ queue }: DeviceConnection, reply: Reply<T>, handle: () => Ack<T> | Promise<Ack<T>>): void {
    // The queue is bounded: a client with this many requests unanswered is flooding.
    if (queue.pending >= limits.pendingRequests) {
      reply(refuse('TOO_MANY_WAITING'));
      return;
    }
    queue.run(handle).then(reply, (error: unknown) => {
      if (error instanceof NewerRecordError) {
        // Mid-way through a rolling update: the device asks again, perhaps of a newer node.
        warnOutdated(error);
        return reply(refuse('SERVER_OUTDATED'));
      }
      log('handler failed', error);
      reply(refuse('SERVER_ERROR'));
    });
  }

  /** Every packet enters here, in the order it arrived. */
  function receive(connection: DeviceConnection, [rawEvent, ...args]: unknown[]): void {
    const event = String(rawEvent);
    const ack = args.pop();
    if (typeof ack !== 'function') return; // Nobody to answer; ignore rather than guess.
    const reply = observed(event === 'clock:ping' || Object.hasOwn(handlers, event) ? event : 'unknown', ack as Reply<unknown>);
    const paced = connection.bucket.take(now());
    // A clock ping is answered at once: held behind a slow save it would spoil the clock estimate.
    if (event === 'clock:ping') {
      if (!paced) reply(refuse('RATE_LIMITED'));
      else reply(args.length === 0 ? { ok: true, data: { serverNow: now() } } : refuse('PING_TAKES_NO_PAYLOAD'));
      return;
    }
    if (drain.draining) return answerInTurn(connection, reply, () => refuse('SERVER_RESTARTING'));
    // A flood is refused here; only this connection is slowed, never the clinic.
    if (!paced) return answerInTurn(connection, reply, () => refuse('RATE_LIMITED'));
    if (!Object.hasOwn(handlers, event)) return answerInTurn(connection, reply, () => refuse('UNKNOWN_EVENT', `There is no event called "${event.slice(0, 40)}".`));
    answerInTurn(connection, reply, () => handlers[event as keyof typeof handlers](connection, args));
  }

  io.on('connection', (socket) => {
    socket.data = {};
    const connection: DeviceConnection = {
      socket,
      bucket: new TokenBucket(limits.eventBurst, limits.eventsPerSecond, now()),
      asides: new SlidingWindow(limits.asidesPerMinute, MINUTE_MS),
      queue: new SerialQueue(),
    };
    connectionsBySocket.set(socket, connection);
    // Socket.IO hands packets to listeners a tick later, by which time a refusal decided in a
    // listener would have overtaken them: middleware sees each packet as it arrives.
    socket.use((packet) => receive(connection, packet));
    // One listener for the departure and the drain: a second would cost every connection a listener array.
    socket.on('disconnect', () => {
      // Nobody is recorded as gone while the server drains: it is the server that goes, and who is online is memory only.
      // Queued behind any join still in flight, so that join cannot leave the device online after it went.
      if (!drain.draining) connection.queue.run(() => leaveCurrentClinic(socket)).catch((error: unknown) => log('could not record a departure', error));
      drain.gone(connection);
    });
    // The connection itself is what the drain holds: no second object for it.
    drain.serve(connection);
  });

  /** `reply`, also counted, timed and logged; `event` is a name the server knows, never what a client wrote. */
  function observed(event: string, reply: Reply<unknown>): Reply<unknown> {
    const arrived = performance.now();
    return (response) => {
      const seconds = (performance.now() - arrived) / 1000;
      metrics.answered(event, response, seconds);
      logger.debug({ event, outcome: response.ok ? 'ok' : response.error.reason, ms: Math.round(seconds * 1000) }, 'answered');
      reply(response);
    };
  }
}
