/**
 * Clinic states for unit tests that drive the shared machine directly: the machine's snapshot
 * projected as the server projects it (with a small roster around it), and saved and restored as
 * the server saves and restores it.
 */
import type { SimulatedClock } from 'xstate';
import { restoreClinicActor, stageOf, type ClinicSnapshot } from '../../shared/clinicMachine.ts';
import type { ClinicProgress, ClinicStage, ClinicState, ParticipantView } from '../../shared/clinicStateSchema.ts';
import { PROTOCOL_VERSION } from '../../shared/protocol.ts';

/** The facilitator of every state made here, unless a test says otherwise. */
export const FACILITATOR_ID = 'fran';

const person = (id: string): ParticipantView => ({ id, name: id.charAt(0).toUpperCase() + id.slice(1), online: true, screen: false });

/** `snapshot` as every device would receive it; the roster is the facilitator and everyone in the lineup. */
export function clinicStateOf(snapshot: ClinicSnapshot, roster: Partial<Pick<ClinicState, 'participants' | 'facilitatorIds'>> = {}): ClinicState {
  const { context } = snapshot;
  const ids = [...new Set([FACILITATOR_ID, ...context.lineup])];
  return {
    protocolVersion: PROTOCOL_VERSION,
    clinicId: 'clinic-under-test',
    title: null,
    crewWeek: null,
    revision: 1,
    facilitatorIds: roster.facilitatorIds ?? [FACILITATOR_ID],
    participants: roster.participants ?? ids.map(person),
    stage: stageOf(snapshot),
    progress: context,
  };
}

/** What the server saves of a clinic's machine, through JSON as on disk. */
export interface SavedMachineState {
  readonly stage: ClinicStage;
  readonly progress: ClinicProgress;
}

export const savedStateOf = (snapshot: ClinicSnapshot): SavedMachineState =>
  JSON.parse(JSON.stringify({ stage: stageOf(snapshot), progress: snapshot.context })) as SavedMachineState;

/** The actor the server would restore from `saved`, on `clock` (XState's real timers without one). */
export const restoreSaved = (saved: SavedMachineState, clock?: SimulatedClock) => restoreClinicActor(saved.stage, saved.progress, clock ? { clock } : {});
