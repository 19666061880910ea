/**
 * What nodes send each other about clinics, defined once: the calls a node makes of a clinic's
 * owner, their answers, and the messages every node hears. The types are inferred from here, and
 * a node checks what another sent before acting on it or passing it to a device. A call's command
 * or aside is read as closely as a device's request (one the owner does not know is not run);
 * everything else drops keys it does not know, an answer is read only for its shape, and a crew
 * member's dismissal for an unknown reason still dismisses them, so the release before still acts
 * on what a later one sends (the cluster protocol spans two).
 */
import { z } from 'zod';
import { asideSchema } from '../shared/asidesSchema.ts';
import { crewGoneSchema } from '../shared/crewProtocolSchemas.ts';
import { harvestChangeSchema } from '../shared/harvestSchemas.ts';
import { facilitatorCommandSchema, joinClinicSchema, token } from '../shared/protocolSchemas.ts';

/** A device's connection as presence names it (`node/socket`), and a socket's id on its node. */
const connection = z.string().min(1).max(200);
const socketId = z.string().min(1).max(100);
const clinicId = token;
const participantId = token;

const onePerson = { clinicId, participantId, connection };
/** What a crew member enters their crew's session with. */
const crewMemberCredentials = joinClinicSchema.shape.crewMember.unwrap().strip();
export type CrewMemberCredentials = z.infer<typeof crewMemberCredentials>;

export const clinicCallSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('preview'), clinicId }),
  z.object({
    kind: z.literal('join'),
    clinicId,
    request: joinClinicSchema.pick({ name: true, participantToken: true, facilitatorKey: true, asScreen: true }).strip(),
    /** A crew member entering their crew's session: their seat comes from the crew, not the request. */
    crewMember: crewMemberCredentials.optional(),
    socketId,
    connection,
  }),
  z.object({ kind: z.literal('leave'), ...onePerson }),
  z.object({ kind: z.literal('stillHere'), ...onePerson }),
  z.object({ kind: z.literal('command'), clinicId, participantId, command: facilitatorCommandSchema, basedOnRevision: z.number().int().nonnegative() }),
  z.object({ kind: z.literal('aside'), clinicId, participantId, aside: asideSchema }),
  z.object({ kind: z.literal('shownState'), clinicId }),
  z.object({ kind: z.literal('forgetCrewMember'), clinicId, memberId: token }),
]);
export type ClinicCall = z.infer<typeof clinicCallSchema>;

/** An acknowledgement a device can be handed: data, or a refusal with its reason. */
const ack = z.discriminatedUnion('ok', [
  z.looseObject({ ok: z.literal(true), data: z.looseObject({}) }),
  z.looseObject({ ok: z.literal(false), error: z.looseObject({ code: z.string().min(1), reason: z.string().min(1), message: z.string() }) }),
]);

/** A join the owner let in: who the device is in the clinic. */
export const admittedSchema = z.looseObject({ ok: z.literal(true), data: z.looseObject({ participantId }) });

/** What the owner answers each kind of call with. */
export const clinicAnswerSchemas = {
  preview: ack,
  join: ack,
  leave: z.null(),
  stillHere: z.null(),
  command: ack,
  aside: ack,
  shownState: z.looseObject({ clinicId, revision: z.number().int().nonnegative() }).nullable(),
  forgetCrewMember: z.null(),
} as const satisfies Record<ClinicCall['kind'], z.ZodType>;

/** Devices told they are out of a crew are out, whatever a later release gives as the reason. */
const crewNotice = crewGoneSchema.extend({ reason: crewGoneSchema.shape.reason.catch('removed') }).strip();

/** A message every node acts on: devices told they are out, clinics gone. */
export const nodeMessageSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('dismissFromClinic'), clinicId, participantId: participantId.nullable() }),
  z.object({ kind: z.literal('dismissFromCrew'), crewId: token, memberId: token.nullable(), notice: crewNotice }),
  z.object({ kind: z.literal('harvestChanged'), clinicId, participantId: participantId.nullable(), change: harvestChangeSchema.strip() }),
  z.object({ kind: z.literal('clinicsDeleted'), clinicIds: z.array(clinicId).readonly() }),
]);
export type NodeMessage = z.infer<typeof nodeMessageSchema>;
