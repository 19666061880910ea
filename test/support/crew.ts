/**
 * Driving a clinic as its facilitator and waiting for every device to catch up, for tests and
 * benchmarks alike (so it throws rather than using a test framework's assertions).
 */
import { isDeepStrictEqual } from 'node:util';
import type { TestParticipant } from './participant.ts';
import type { ClinicState } from '../../shared/clinicStateSchema.ts';
import type { FacilitatorCommand } from '../../shared/protocolSchemas.ts';

/**
 * Sends `command` as `facilitator`, then waits until every device in `crew` holds the state it
 * produced; throws if the command is refused or if two devices hold different states.
 */
export async function commandAndSettle(facilitator: TestParticipant, crew: readonly TestParticipant[], command: FacilitatorCommand): Promise<ClinicState> {
  const reply = await facilitator.command(command);
  if (!reply.ok) throw new Error(`${command.type} was refused: ${reply.error.code} ${reply.error.message}`);
  const states = await Promise.all(crew.map((member) => member.waitForRevision(reply.data.revision)));
  const first = states[0]!;
  const differing = states.findIndex((state) => !isDeepStrictEqual(state, first));
  if (differing !== -1) {
    throw new Error(`after ${command.type}, device ${differing} holds revision ${states[differing]!.revision}, device 0 holds ${first.revision}`);
  }
  return first;
}
