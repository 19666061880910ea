/**
 * Whether a participant's command would be taken now: first who asks and whom it names
 * (`rosterRules`), then what the clinic allows (`clinicRules`). The server refuses with this
 * answer; the views enable their controls by it. Only staleness is the server's own check.
 */
import type { ClinicState } from './clinicStateSchema.ts';
import { clinicCommandRule } from './clinicRules.ts';
import type { FacilitatorCommand, RosterCommand } from './protocolSchemas.ts';
import type { Reason } from './reasons.ts';
import { rosterRule } from './rosterRules.ts';

/** Checked against the schema's roster commands at compile time: none missing, none extra. */
const ROSTER_COMMAND_TYPES = {
  HAND_OVER: true,
  ADD_FACILITATOR: true,
  REMOVE_FACILITATOR: true,
  REMOVE_PARTICIPANT: true,
  ROTATE_FACILITATOR_KEY: true,
  DELETE_CLINIC: true,
} as const satisfies Record<RosterCommand['type'], true>;

export const isRosterCommand = (command: FacilitatorCommand): command is RosterCommand => Object.hasOwn(ROSTER_COMMAND_TYPES, command.type);

export function refusalOf(state: ClinicState, senderId: string, command: FacilitatorCommand): Reason | null {
  return rosterRule(state, senderId, command) ?? (isRosterCommand(command) ? null : clinicCommandRule(state.stage, state.progress, command));
}
