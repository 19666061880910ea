/**
 * The crew events' handlers, for socketHandlers.ts: validated first (eventHandlers.ts), then here
 * who is asking (the socket's joined member, still in the crew), and the desk decides, saves and
 * tells. A device joined to a crew is in the crew's room (its state) and its member's room
 * (`crew:gone`, `crew:paired`).
 */
import { createCrewSchema, crewCommandPayloadSchema, joinCrewSchema, pairingCodeRequestSchema, previewCrewSchema } from '../shared/crewProtocolSchemas.ts';
import { refuse } from '../shared/reasons.ts';
import type { CrewDesk } from './crewDesk.ts';
import { validated, type EventHandler } from './eventHandlers.ts';
import type { ClinicSocket } from './socketHandlers.ts';

export const crewRoomOf = (crewId: string) => `crew:${crewId}`;
export const crewMemberRoomOf = (crewId: string, memberId: string) => `crewMember:${crewId}:${memberId}`;

export interface CrewHandlerDeps {
  readonly crews: CrewDesk;
  /** Counts a crew's creation against the device's address's hourly allowance; false once it is used up. */
  readonly mayCreate: (socket: ClinicSocket) => Promise<boolean>;
  /** Counts a pairing code tried from the device's address; false once it has tried too many. */
  readonly mayTryPairing: (socket: ClinicSocket) => Promise<boolean>;
}

/** Takes a device out of the crew it had joined, if any. */
export async function leaveCrew(socket: ClinicSocket): Promise<void> {
  const { crewId, crewMemberId } = socket.data;
  if (!crewId || !crewMemberId) return;
  socket.data.crewId = undefined;
  socket.data.crewMemberId = undefined;
  await socket.leave(crewRoomOf(crewId));
  await socket.leave(crewMemberRoomOf(crewId, crewMemberId));
}

export function crewHandlers({ crews, mayCreate, mayTryPairing }: CrewHandlerDeps): Record<'crew:create' | 'crew:preview' | 'crew:join' | 'crew:command' | 'crew:pairingCode', EventHandler> {
  return {
    'crew:create': validated(
      createCrewSchema,
      async ({ socket }, payload) => {
        if (!(await mayCreate(socket))) return refuse('TOO_MANY_CREWS');
        return crews.create(payload);
      },
      { versioned: true },
    ),

    'crew:preview': validated(previewCrewSchema, (_connection, { crewId }) => crews.preview(crewId), { versioned: true }),

    'crew:join': validated(
      joinCrewSchema,
      async ({ socket }, payload) => {
        if (payload.pairingCode !== undefined && !(await mayTryPairing(socket))) return refuse('TOO_MANY_PAIRING_ATTEMPTS');
        await leaveCrew(socket);
        const answer = await crews.join(payload);
        if (!answer.ok) return answer;
        const { joined, view } = answer.data;
        socket.data.crewId = payload.crewId;
        socket.data.crewMemberId = joined.memberId;
        await socket.join([crewRoomOf(payload.crewId), crewMemberRoomOf(payload.crewId, joined.memberId)]);
        socket.emit('crew:state', view);
        return { ok: true, data: joined };
      },
      { versioned: true },
    ),

    'crew:command': validated(crewCommandPayloadSchema, async ({ socket }, { command }) => {
      const { crewId, crewMemberId } = socket.data;
      if (!crewId || !crewMemberId) return refuse('NOT_IN_CREW');
      return crews.command(crewId, crewMemberId, command);
    }),

    'crew:pairingCode': validated(pairingCodeRequestSchema, async ({ socket }, { memberId }) => {
      const { crewId, crewMemberId } = socket.data;
      if (!crewId || !crewMemberId) return refuse('NOT_IN_CREW');
      return crews.pairingCode(crewId, crewMemberId, memberId ?? crewMemberId);
    }),
  };
}
