/**
 * The one projection from the server's truth to what devices receive: the machine's snapshot
 * becomes the record's domain state, and the record with who is online becomes the room-wide
 * `ClinicState`. Secrets and the machine's internals never leave through here.
 */
import { stageOf, type ClinicSnapshot } from '../../shared/clinicMachine.ts';
import type { ClinicState } from '../../shared/clinicStateSchema.ts';
import { PROTOCOL_VERSION } from '../../shared/protocol.ts';
import type { StoredClinic } from '../../shared/storedClinicSchema.ts';

/** The record with the machine's current stage and progress. */
export const withMachineState = (record: StoredClinic, snapshot: ClinicSnapshot): StoredClinic => ({
  ...record,
  stage: stageOf(snapshot),
  progress: snapshot.context,
  closedAt: snapshot.context.closedAt,
});

export function clinicStateOf(record: StoredClinic, isOnline: (participantId: string) => boolean): ClinicState {
  return {
    protocolVersion: PROTOCOL_VERSION,
    clinicId: record.id,
    title: record.title,
    crewWeek: record.crewWeek,
    revision: record.revision,
    facilitatorIds: record.facilitatorIds,
    participants: record.participants.map(({ id, name, screen }) => ({ id, name, screen, online: isOnline(id) })),
    stage: record.stage,
    progress: record.progress,
  };
}
