/**
 * Socket.IO wiring. Each inbound event is validated against its schema before anything else; the
 * sender always gets an acknowledgement, ok or a readable error. Then: who is asking (the socket's
 * joined participant), the room decides, and the room saves and broadcasts.
 */
import type { Server, Socket } from 'socket.io';
import type { z } from 'zod';
import {
  commandPayloadSchema,
  createClinicSchema,
  describeIssue,
  joinClinicSchema,
  type Ack,
  type ClientToServerEvents,
  type ServerToClientEvents,
} from '../shared/protocol.ts';
import type { ClinicRegistry } from './clinicRegistry.ts';
import { fail } from './clinicRoom.ts';

export interface SocketData {
  clinicId?: string;
  participantId?: string;
  isFacilitator?: boolean;
}

export type ClinicServer = Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;
type ClinicSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;

export const socketRoomOf = (clinicId: string) => `clinic:${clinicId}`;

const SERVER_ERROR = 'Something went wrong on the server. Please try again.';

/**
 * Wraps a handler so it only ever sees a payload its schema accepted. Whatever a client sends, the
 * typed event map is only a promise, so arguments arrive as unknown and are checked here.
 */
function validated<Schema extends z.ZodType, Result>(
  schema: Schema,
  handler: (payload: z.output<Schema>) => Promise<Ack<Result>>,
  log: (message: string, error?: unknown) => void,
) {
  return async (...args: unknown[]): Promise<void> => {
    const ack = args.at(-1);
    if (typeof ack !== 'function') return; // Nobody to answer; ignore rather than guess.
    const reply = ack as (response: Ack<Result>) => void;
    if (args.length !== 2) {
      reply(fail('INVALID_PAYLOAD', 'Send exactly one payload object with an acknowledgement callback.'));
      return;
    }
    const parsed = schema.safeParse(args[0]);
    if (!parsed.success) {
      reply(fail('INVALID_PAYLOAD', describeIssue(parsed.error)));
      return;
    }
    try {
      reply(await handler(parsed.data));
    } catch (error) {
      log('handler failed', error);
      reply(fail('INTERNAL', SERVER_ERROR));
    }
  };
}

export function registerSocketHandlers(
  io: ClinicServer,
  registry: ClinicRegistry,
  now: () => number,
  log: (message: string, error?: unknown) => void,
): void {
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
    // Handlers are registered untyped on purpose: `validated` checks what really arrives.
    const on = (event: keyof ClientToServerEvents, listener: (...args: unknown[]) => Promise<void>) =>
      socket.on(event, listener as never);

    on(
      'clinic:create',
      validated(createClinicSchema, async (payload) => ({ ok: true, data: await registry.create(payload) }), log),
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
          socket.data = { clinicId, participantId: joined.data.participantId, isFacilitator: joined.data.isFacilitator };
          await socket.join(socketRoomOf(clinicId));
          // A joining or returning device gets the full current state straight away.
          socket.emit('clinic:state', room.state());
          return joined;
        },
        log,
      ),
    );

    on(
      'clinic:command',
      validated(
        commandPayloadSchema,
        async ({ command }) => {
          const { clinicId, participantId, isFacilitator = false } = socket.data;
          if (!clinicId || !participantId) return fail('NOT_JOINED', 'Join the clinic before sending commands.');
          const room = await registry.open(clinicId);
          if (!room) return fail('CLINIC_NOT_FOUND', 'This clinic does not exist, or it has been deleted.');
          return room.command(participantId, isFacilitator, command);
        },
        log,
      ),
    );

    on('clock:ping', async (...args) => {
      const ack = args.at(-1);
      if (typeof ack === 'function') ack({ ok: true, data: { serverNow: now() } });
    });

    socket.on('disconnect', () => {
      leaveCurrentClinic(socket).catch((error: unknown) => log('could not record a departure', error));
    });
  });
}
