/**
 * Socket.IO wiring. Each inbound event is validated against its schema before anything else; the
 * sender always gets an acknowledgement, ok or a readable error. Then: who is asking (the socket's
 * joined participant), the room decides, and the room saves and broadcasts.
 */
import type { Server, Socket } from 'socket.io';
import type { z } from 'zod';
import { CLIENT_EVENTS, type Ack, type ClientToServerEvents, type ServerToClientEvents } from '../shared/protocol.ts';
import { commandPayloadSchema, createClinicSchema, describeIssue, joinClinicSchema } from '../shared/protocolSchemas.ts';
import type { ClinicRegistry } from './clinicRegistry.ts';
import { fail } from './clinicRoom.ts';
import { clientAddress } from './clientAddress.ts';
import { ConcurrencyLimit, SlidingWindowLimit, TokenBucket } from './rateLimits.ts';
import { SerialQueue } from './serialQueue.ts';

export interface SocketData {
  clinicId?: string;
  participantId?: string;
}

export type ClinicServer = Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;
type ClinicSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;

export const socketRoomOf = (clinicId: string) => `clinic:${clinicId}`;

const SERVER_ERROR = 'Something went wrong on the server. Please try again.';

/** A payload's first problem in words, or null if the schema accepts it. */
function problemWith<Schema extends z.ZodType>(schema: Schema, payload: unknown): { problem: string } | { data: z.output<Schema> } {
  try {
    const parsed = schema.safeParse(payload);
    return parsed.success ? { data: parsed.data } : { problem: describeIssue(parsed.error) };
  } catch {
    // zod runs some checks on values of the wrong type, and a crafted one (say, a `length` that
    // cannot become a number) makes them throw: that is an invalid payload, not a server fault.
    return { problem: 'The request was not valid.' };
  }
}

/**
 * Wraps a handler so it only ever sees a payload its schema accepted, and runs it in the
 * connection's queue: one device's requests are handled in the order it sent them, so a double
 * submitted join, or a join racing a disconnect, cannot leave the device in two places at once.
 * Whatever a client sends, the typed event map is only a promise, so arguments arrive as unknown.
 */
function validated<Schema extends z.ZodType, Result>(
  schema: Schema,
  handler: (payload: z.output<Schema>) => Promise<Ack<Result>>,
  { queue, log }: { readonly queue: SerialQueue; readonly log: (message: string, error?: unknown) => void },
) {
  return async (...args: unknown[]): Promise<void> => {
    const ack = args.at(-1);
    if (typeof ack !== 'function') return; // Nobody to answer; ignore rather than guess.
    const reply = ack as (response: Ack<Result>) => void;
    if (args.length !== 2) {
      reply(fail('INVALID_PAYLOAD', 'Send exactly one payload object with an acknowledgement callback.'));
      return;
    }
    const checked = problemWith(schema, args[0]);
    if ('problem' in checked) {
      reply(fail('INVALID_PAYLOAD', checked.problem));
      return;
    }
    reply(
      await queue.run(() => handler(checked.data)).catch((error: unknown) => {
        log('handler failed', error);
        return fail<Result>('INTERNAL', SERVER_ERROR);
      }),
    );
  };
}

/** Per connection: bursts of a dozen events are fine (a facilitator clicking fast), floods are not. */
const EVENT_BURST = 20;
const EVENTS_PER_SECOND = 5;
/** Per client address: enough for a busy facilitator, too few to fill the disk. */
export const CLINICS_PER_ADDRESS_PER_HOUR = 20;
/**
 * Open connections per client address: a whole office behind one address running a few clinics
 * fits; one client opening connections to get round the per-connection pace does not.
 */
export const CONNECTIONS_PER_ADDRESS = 64;
const HOUR_MS = 3_600_000;

export interface HandlerDeps {
  readonly registry: ClinicRegistry;
  readonly trustedProxies: number;
  readonly now: () => number;
  readonly log: (message: string, error?: unknown) => void;
}

export function registerSocketHandlers(io: ClinicServer, { registry, trustedProxies, now, log }: HandlerDeps): void {
  const creations = new SlidingWindowLimit(CLINICS_PER_ADDRESS_PER_HOUR, HOUR_MS);
  const connections = new ConcurrencyLimit(CONNECTIONS_PER_ADDRESS);
  const addressOf = (socket: ClinicSocket) => clientAddress(socket.handshake.address, socket.handshake.headers['x-forwarded-for'], trustedProxies);

  io.use((socket, next) => {
    const address = addressOf(socket);
    if (!connections.acquire(address)) {
      next(new Error(`Too many connections from your address (at most ${CONNECTIONS_PER_ADDRESS}). Close some tabs and try again.`));
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
    socket.data = {};
    await socket.leave(socketRoomOf(clinicId));
    const room = await registry.open(clinicId).catch(() => null);
    if (!room) return;
    await room.leave(participantId);
    if (!room.hasOnlineParticipants) registry.scheduleUnload(clinicId);
  }

  io.on('connection', (socket) => {
    socket.data = {};
    const bucket = new TokenBucket(EVENT_BURST, EVENTS_PER_SECOND, now());
    socket.use((packet, next) => {
      if (bucket.take(now())) {
        next();
        return;
      }
      // The flood is dropped here; only this connection is slowed, never the clinic.
      const ack = packet.at(-1);
      if (typeof ack === 'function') ack(fail('RATE_LIMITED', 'Too many requests at once. Wait a moment and try again.'));
    });
    socket.use((packet, next) => {
      if (CLIENT_EVENTS.has(String(packet[0]))) {
        next();
        return;
      }
      const ack = packet.at(-1);
      if (typeof ack === 'function') ack(fail('UNKNOWN_EVENT', `There is no event called "${String(packet[0]).slice(0, 40)}".`));
    });
    const perConnection = { queue: new SerialQueue(), log };
    // Handlers are registered untyped on purpose: `validated` checks what really arrives.
    const on = (event: keyof ClientToServerEvents, listener: (...args: unknown[]) => Promise<void>) =>
      socket.on(event, listener as never);

    on(
      'clinic:create',
      validated(
        createClinicSchema,
        async (payload) => {
          if (!creations.allow(addressOf(socket), now())) {
            return fail('RATE_LIMITED', `At most ${CLINICS_PER_ADDRESS_PER_HOUR} clinics can be created per hour from one address. Try again later.`);
          }
          return { ok: true, data: await registry.create(payload) };
        },
        perConnection,
      ),
    );

    on(
      'clinic:join',
      validated(
        joinClinicSchema,
        async ({ clinicId, ...request }) => {
          await leaveCurrentClinic(socket);
          const room = await registry.open(clinicId);
          if (!room) return fail('CLINIC_NOT_FOUND', 'This clinic does not exist, or it has been deleted.');
          const joined = await room.join(request);
          if (!joined.ok) {
            if (!room.hasOnlineParticipants) registry.scheduleUnload(clinicId);
            return joined;
          }
          socket.data = { clinicId, participantId: joined.data.participantId };
          await socket.join(socketRoomOf(clinicId));
          // A joining or returning device gets the full state straight away, as last saved.
          socket.emit('clinic:state', room.shownState());
          return joined;
        },
        perConnection,
      ),
    );

    on(
      'clinic:command',
      validated(
        commandPayloadSchema,
        async ({ command, basedOnRevision }) => {
          const { clinicId, participantId } = socket.data;
          if (!clinicId || !participantId) return fail('NOT_JOINED', 'Join the clinic before sending commands.');
          const room = await registry.open(clinicId);
          if (!room) return fail('CLINIC_NOT_FOUND', 'This clinic does not exist, or it has been deleted.');
          return room.command(participantId, command, basedOnRevision);
        },
        perConnection,
      ),
    );

    // Answered at once, outside the queue: a ping held behind a slow save would spoil the clock estimate.
    on('clock:ping', async (...args) => {
      const ack = args.at(-1);
      if (typeof ack !== 'function') return;
      ack(args.length === 1 ? { ok: true, data: { serverNow: now() } } : fail('INVALID_PAYLOAD', 'clock:ping takes no payload, only an acknowledgement callback.'));
    });

    socket.on('disconnect', () => {
      // Queued behind any join still in flight, so that join cannot leave the device online after it went.
      perConnection.queue.run(() => leaveCurrentClinic(socket)).catch((error: unknown) => log('could not record a departure', error));
    });
  });
}
