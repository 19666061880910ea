/**
 * The crew events' handlers, for socketHandlers.ts: validated there, then here who is asking (the
 * socket's joined member, still in the crew), and the desk decides, saves and tells. A device
 * joined to a crew is in the crew's room (its state) and its member's room (`crew:gone`).
 */
import type { z } from 'zod';
import { createCrewSchema, crewCommandPayloadSchema, joinCrewSchema, pairingCodeRequestSchema } from '../shared/crewProtocolSchemas.ts';
import type { Ack } from '../shared/protocol.ts';
import { refuse } from '../shared/reasons.ts';
import type { CrewDesk } from './crewDesk.ts';
import type { ClinicSocket } from './socketHandlers.ts';

export const crewRoomOf = (crewId: string) => `crew:${crewId}`;
export const crewMemberRoomOf = (crewId: string, memberId: string) => `crewMember:${crewId}:${memberId}`;

type Validated = <Schema extends z.ZodType, Result>(
  schema: Schema,
  handler: (payload: z.output<Schema>) => Promise<Ack<Result>>,
  options?: { versioned?: boolean },
) => (args: readonly unknown[]) => Ack<Result> | Promise<Ack<Result>>;

export interface CrewHandlerDeps {
  readonly crews: CrewDesk;
  readonly validated: Validated;
  /** Counts a crew's creation against the address's hourly allowance; false once it is used up. */
  readonly mayCreate: () => Promise<boolean>;
  /** Counts a pairing code tried from the address; false once it has tried too many. */
  readonly mayTryPairing: () => Promise<boolean>;
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

export function crewHandlers(socket: ClinicSocket, { crews, validated, mayCreate, mayTryPairing }: CrewHandlerDeps) {
  return {
    'crew:create': validated(
      createCrewSchema,
      async (payload) => {
        if (!(await mayCreate())) return refuse('TOO_MANY_CREWS');
        return crews.create(payload);
      },
      { versioned: true },
    ),

    'crew:join': validated(
      joinCrewSchema,
      async (payload) => {
        if (payload.pairingCode !== undefined && !(await mayTryPairing())) return refuse('TOO_MANY_PAIRING_ATTEMPTS');
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

    'crew:command': validated(crewCommandPayloadSchema, async ({ command }) => {
      const { crewId, crewMemberId } = socket.data;
      if (!crewId || !crewMemberId) return refuse('NOT_IN_CREW');
      return crews.command(crewId, crewMemberId, command);
    }),

    'crew:pairingCode': validated(pairingCodeRequestSchema, async ({ memberId }) => {
      const { crewId, crewMemberId } = socket.data;
      if (!crewId || !crewMemberId) return refuse('NOT_IN_CREW');
      return crews.pairingCode(crewId, crewMemberId, memberId ?? crewMemberId);
    }),
  };
}
