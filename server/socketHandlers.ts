/**
 * Socket.IO wiring. Every inbound packet is paced, then validated against its schema before
 * anything else, and always acknowledged, ok or with a reason, in the order the connection sent
 * them. Then: who is asking (the socket's joined participant), the room decides, and the room
 * saves and broadcasts.
 */
import type { Server, Socket } from 'socket.io';
import type { z } from 'zod';
import { PROTOCOL_VERSION, type Ack, type ClientToServerEvents, type ServerToClientEvents } from '../shared/protocol.ts';
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
import { commandPayloadSchema, createClinicSchema, describeIssue, joinClinicSchema, previewClinicSchema } from '../shared/protocolSchemas.ts';
import { protocolError, REASONS, refuse } from '../shared/reasons.ts';
import type { ClinicCalls } from './clinicCalls.ts';
import type { ClinicRegistry } from './clinicRegistry.ts';
import { clientAddress } from './clientAddress.ts';
import type { ConnectionDrain } from './connectionDrain.ts';
import type { CrewDesk } from './crewDesk.ts';
import { crewHandlers } from './crewHandlers.ts';
import type { FollowThroughDesk } from './followThroughDesk.ts';
import type { HarvestDesk } from './harvestDesk.ts';
import type { Limits } from './limits.ts';
import { errorLogOf, type Logger } from './logger.ts';
import type { ServerMetrics } from './metrics.ts';
import { ConcurrencyLimit, SlidingWindowLimit, TokenBucket } from './rateLimits.ts';
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

/** A payload's first problem in words, or the data the schema made of it. */
function problemWith<Schema extends z.ZodType>(schema: Schema, payload: unknown): { problem: string } | { data: z.output<Schema> } {
  try {
    const parsed = schema.safeParse(payload);
    return parsed.success ? { data: parsed.data } : { problem: describeIssue(parsed.error) };
  } catch {
    // zod runs some checks on values of the wrong type, and a crafted one (say, a `length` that
    // cannot become a number) makes them throw: that is an invalid payload, not a server fault.
    return { problem: REASONS.INVALID_PAYLOAD.message };
  }
}

/** A client that speaks another protocol version is told so before its payload is read. */
function speaksOtherVersion(payload: unknown): boolean {
  return typeof payload === 'object' && payload !== null && (payload as { protocolVersion?: unknown }).protocolVersion !== PROTOCOL_VERSION;
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
  /** Calls `listener` when this node is back after the other nodes took it for stopped. */
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
}

export function registerSocketHandlers(
  io: ClinicServer,
  { registry, calls, nodeId, onNodeBack, sharedLimits, harvest, followThrough, crews, drain, trustedProxies, limits, now, logger, metrics }: HandlerDeps,
): void {
  const log = errorLogOf(logger);
  const creations = sharedLimits({ name: 'clinics', limit: limits.clinicsPerAddressPerHour, windowMs: HOUR_MS });
  const crewCreations = sharedLimits({ name: 'crews', limit: limits.crewsPerAddressPerHour, windowMs: HOUR_MS });
  const pairingAttempts = sharedLimits({ name: 'pairing-attempts', limit: limits.pairingAttemptsPerAddressPerHour, windowMs: HOUR_MS });
  const connectionOf = (socket: ClinicSocket) => connectionName(nodeId, socket.id);
  /** Each connection's queue of requests, for what the server itself does on a connection's behalf. */
  const queues = new WeakMap<ClinicSocket, SerialQueue>();

  // Back after the others took this node for stopped: its devices are still here and are counted
  // again, each in its turn, so a departure queued before cannot be overtaken.
  onNodeBack(() => {
    for (const socket of io.of('/').sockets.values()) {
      queues.get(socket)?.run(async () => {
        const { clinicId, participantId } = socket.data;
        if (clinicId && participantId) await calls.run({ kind: 'stillHere', clinicId, participantId, connection: connectionOf(socket) });
      }).catch((error: unknown) => log('could not count a device again', error));
    }
  });
  const connections = new ConcurrencyLimit(limits.connectionsPerAddress);
  const addressOf = (socket: ClinicSocket) => clientAddress(socket.handshake.address, socket.handshake.headers['x-forwarded-for'], trustedProxies);

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
    if (conn.readyState === 'open') conn.once('close', () => connections.release(address));
    else connections.release(address);
    next();
  });

  async function leaveCurrentClinic(socket: ClinicSocket): Promise<void> {
    const { clinicId, participantId } = socket.data;
    if (!clinicId || !participantId) return;
    socket.data = { crewId: socket.data.crewId, crewMemberId: socket.data.crewMemberId };
    await socket.leave(socketRoomOf(clinicId));
    await socket.leave(participantRoomOf(clinicId, participantId));
    await calls.run({ kind: 'leave', clinicId, participantId, connection: connectionOf(socket) });
  }

  io.on('connection', (socket) => {
    socket.data = {};
    const bucket = new TokenBucket(limits.eventBurst, limits.eventsPerSecond, now());
    // Asides have a pace of their own: a nervous thumb must not spam the facilitator.
    const asides = new SlidingWindowLimit(limits.asidesPerMinute, MINUTE_MS);
    /**
     * One device's requests are handled one at a time, in the order it sent them, and every reply
     * (a refusal too) waits for the replies to the requests before it. So a double-submitted join,
     * or a join racing a disconnect, cannot leave the device in two places at once.
     */
    const queue = new SerialQueue();
    queues.set(socket, queue);
    function answerInTurn<T>(reply: Reply<T>, handle: () => Ack<T> | Promise<Ack<T>>): void {
      // The queue is bounded: a client with this many requests unanswered is flooding.
      if (queue.pending >= limits.pendingRequests) {
        reply(refuse('TOO_MANY_WAITING'));
        return;
      }
      queue.run(handle).then(reply, (error: unknown) => {
        log('handler failed', error);
        reply(refuse('SERVER_ERROR'));
      });
    }

    /**
     * A handler that only ever sees a payload its schema accepted. Whatever a client sends, the
     * typed event map is only a promise, so arguments arrive as unknown.
     */
    function validated<Schema extends z.ZodType, Result>(
      schema: Schema,
      handler: (payload: z.output<Schema>) => Promise<Ack<Result>>,
      { versioned = false } = {},
    ) {
      return (args: readonly unknown[]): Ack<Result> | Promise<Ack<Result>> => {
        if (args.length !== 2) return refuse('WRONG_ARGUMENTS');
        if (versioned && speaksOtherVersion(args[0])) {
          return refuse('PROTOCOL_MISMATCH', `${REASONS.PROTOCOL_MISMATCH.message} (This server speaks protocol version ${PROTOCOL_VERSION}.)`);
        }
        const checked = problemWith(schema, args[0]);
        return 'problem' in checked ? refuse('INVALID_PAYLOAD', checked.problem) : handler(checked.data);
      };
    }

    /** A request from a joined participant about their clinic as last saved; the desk decides. */
    function asMember<Result>(handle: (state: ClinicState, participantId: string) => Promise<Ack<Result>>): Promise<Ack<Result>> {
      const { clinicId, participantId } = socket.data;
      if (!clinicId || !participantId) return Promise.resolve(refuse('NOT_JOINED'));
      return calls.run({ kind: 'shownState', clinicId }).then((state) => (state ? handle(state, participantId) : refuse('CLINIC_NOT_FOUND')));
    }

    const handlers: Record<Exclude<keyof ClientToServerEvents, 'clock:ping'>, (args: readonly unknown[]) => Ack<unknown> | Promise<Ack<unknown>>> = {
      'clinic:create': validated(
        createClinicSchema,
        async ({ protocolVersion: _version, ...settings }) => {
          if (!(await creations.allow(addressOf(socket)))) return refuse('TOO_MANY_CLINICS');
          return { ok: true, data: await registry.create(settings) };
        },
        { versioned: true },
      ),

      // Before a name is asked for: whether the link leads anywhere, and the title, and nothing more.
      'clinic:preview': validated(
        previewClinicSchema,
        ({ clinicId }) => calls.run({ kind: 'preview', clinicId }),
        { versioned: true },
      ),

      'clinic:join': validated(
        joinClinicSchema,
        async ({ clinicId, protocolVersion: _version, crewMember, ...request }) => {
          await leaveCurrentClinic(socket);
          // The clinic's owner puts this socket in its rooms and sends it the state and its asides (see clinicCalls.ts).
          const joined = await calls.run({ kind: 'join', clinicId, request, crewMember, socketId: socket.id, connection: connectionOf(socket) });
          if (joined.ok) socket.data = { clinicId, participantId: joined.data.participantId };
          // An owner that answered too late may still have let the socket in: nothing of the clinic reaches it.
          else await socket.leave(socketRoomOf(clinicId));
          return joined;
        },
        { versioned: true },
      ),

      'clinic:command': validated(commandPayloadSchema, async ({ command, basedOnRevision }) => {
        const { clinicId, participantId } = socket.data;
        if (!clinicId || !participantId) return refuse('NOT_JOINED');
        return calls.run({ kind: 'command', clinicId, participantId, command, basedOnRevision });
      }),

      'clinic:aside': validated(asidePayloadSchema, async ({ aside }) => {
        const { clinicId, participantId } = socket.data;
        if (!clinicId || !participantId) return refuse('NOT_JOINED');
        if (!asides.allow('', now())) return refuse('TOO_MANY_ASIDES');
        return calls.run({ kind: 'aside', clinicId, participantId, aside });
      }),
      'harvest:publishKey': validated(publishKeySchema, ({ publicKey }) => asMember((state, participantId) => harvest.publishKey(state, participantId, publicKey))),
      'harvest:overview': validated(harvestOverviewRequestSchema, () => asMember((state, participantId) => harvest.overview(state, participantId))),
      'harvest:send': validated(sendSealedSchema, (draft) => asMember((state, participantId) => harvest.send(state, participantId, draft))),
      'harvest:fetch': validated(fetchInboxSchema, ({ keyId }) => asMember((state, participantId) => harvest.fetch(state, participantId, keyId))),
      'harvest:delete': validated(deleteSealedSchema, ({ noteIds }) => asMember((state, participantId) => harvest.delete(state, participantId, noteIds))),
      'harvest:lastTime': validated(lastTimeRequestSchema, () => asMember((state, participantId) => followThrough.lastTime(state, participantId))),
      'harvest:dismissLastTime': validated(dismissLastTimeSchema, ({ noteIds }) => asMember((state, participantId) => followThrough.dismiss(state, participantId, noteIds))),
      ...crewHandlers(socket, {
        crews,
        validated,
        mayCreate: () => crewCreations.allow(addressOf(socket)),
        mayTryPairing: () => pairingAttempts.allow(addressOf(socket)),
      }),
    };

    // Every packet enters here, in the order it arrived: Socket.IO hands packets to listeners a
    // tick later, by which time a refusal decided here would have overtaken them.
    socket.use(([rawEvent, ...args]) => {
      const event = String(rawEvent);
      const ack = args.at(-1);
      if (typeof ack !== 'function') return; // Nobody to answer; ignore rather than guess.
      const reply = observed(event === 'clock:ping' || Object.hasOwn(handlers, event) ? event : 'unknown', ack as Reply<unknown>);
      const paced = bucket.take(now());
      // A clock ping is answered at once: held behind a slow save it would spoil the clock estimate.
      if (event === 'clock:ping') {
        if (!paced) reply(refuse('RATE_LIMITED'));
        else reply(args.length === 1 ? { ok: true, data: { serverNow: now() } } : refuse('PING_TAKES_NO_PAYLOAD'));
        return;
      }
      if (drain.draining) return answerInTurn(reply, () => refuse('SERVER_RESTARTING'));
      // A flood is refused here; only this connection is slowed, never the clinic.
      if (!paced) return answerInTurn(reply, () => refuse('RATE_LIMITED'));
      if (!Object.hasOwn(handlers, event)) return answerInTurn(reply, () => refuse('UNKNOWN_EVENT', `There is no event called "${event.slice(0, 40)}".`));
      answerInTurn(reply, () => handlers[event as keyof typeof handlers](args));
    });

    socket.on('disconnect', () => {
      // Nobody is recorded as gone while the server drains: it is the server that goes, and who is online is memory only.
      if (drain.draining) return;
      // Queued behind any join still in flight, so that join cannot leave the device online after it went.
      queue.run(() => leaveCurrentClinic(socket)).catch((error: unknown) => log('could not record a departure', error));
    });
    drain.serve(socket, queue);
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
