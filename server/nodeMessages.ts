/**
 * What a node does with its own sockets when any node (itself included) says so: devices taken out
 * of a clinic or a crew, told of a change to what was sealed for them, and clinics that were
 * deleted closed where they run.
 */
import type { ClinicRegistry } from './clinicRegistry.ts';
import { crewMemberRoomOf, crewRoomOf, leaveCrew } from './crewHandlers.ts';
import type { NodeMessage } from './nodeSchemas.ts';
import { outOfClinic, type ClinicServer } from './socketHandlers.ts';

export function nodeMessageHandler(io: ClinicServer, registry: ClinicRegistry, log: (message: string, error?: unknown) => void): (message: NodeMessage) => void {
  /** This node's sockets joined to a clinic, as one participant (or, with null, as anyone). */
  function socketsOf(clinicId: string, participantId: string | null) {
    return [...io.of('/').sockets.values()].filter(
      (socket) => socket.data.clinicId === clinicId && (participantId === null || socket.data.participantId === participantId),
    );
  }

  return (message) => {
    switch (message.kind) {
      // The clinic's owner has told them and taken them out of its room already (in order with its broadcasts).
      case 'dismissFromClinic':
        for (const socket of socketsOf(message.clinicId, message.participantId)) outOfClinic(socket);
        return;
      case 'dismissFromCrew': {
        const room = message.memberId === null ? crewRoomOf(message.crewId) : crewMemberRoomOf(message.crewId, message.memberId);
        for (const socket of [...io.of('/').sockets.values()].filter((candidate) => candidate.rooms.has(room))) {
          socket.emit('crew:gone', message.notice);
          void leaveCrew(socket);
        }
        return;
      }
      case 'harvestChanged':
        for (const socket of socketsOf(message.clinicId, message.participantId)) socket.emit('harvest:changed', message.change);
        return;
      case 'clinicsDeleted':
        registry.deleted(message.clinicIds).catch((error: unknown) => log('could not close deleted clinics', error));
        return;
    }
  };
}
