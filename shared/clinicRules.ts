/**
 * What the clinic allows, and why not: the one place its rules live. Each rule returns a reason
 * code, or null when the command may go ahead. The machine's guards are these functions, the
 * server refuses with them before the machine is asked, and the client asks them which controls
 * to enable and why one is disabled. Pure, and free of any library.
 */
import type { ClinicProgress, ClinicStage } from './clinicStateSchema.ts';
import { areFloorRolesHeld, isInTurnsPhase, isLineupEditable, isLineupReady, nextReturnPosition } from './clinicSteps.ts';
import { isCoachOrderValid, isRoundOrderValid, seatHolderOf } from './lineup.ts';
import type { ClinicCommand } from './protocolSchemas.ts';
import type { Reason } from './reasons.ts';

type Rule = Reason | null;

const LIVE: readonly ClinicStage[] = ['running', 'overtime', 'paused'];
const OPEN: readonly ClinicStage[] = ['lobby', ...LIVE];

/** The stages in which the machine takes each command at all. */
const TAKEN_IN: Readonly<Record<ClinicCommand['type'], readonly ClinicStage[]>> = {
  START: ['lobby'],
  SET_CASE_GIVER: ['lobby'],
  SET_ROUND_ORDER: ['lobby'],
  SET_ROLE: OPEN,
  SET_COACH_ORDER: OPEN,
  SET_AUTO_ADVANCE: OPEN,
  SET_CUE_TIMES: OPEN,
  NEXT_PHASE: LIVE,
  NEXT_SPEAKER: LIVE,
  RETURN_TO_SKIPPED: LIVE,
  SKIP_SPEAKER: LIVE,
  BACK: LIVE,
  END: LIVE,
  ADJUST_TIME: LIVE,
  PAUSE: ['running', 'overtime'],
  RESUME: ['paused'],
};

/** Why a command is not taken in this stage at all. */
function stageRule(stage: ClinicStage, type: ClinicCommand['type']): Rule {
  if (TAKEN_IN[type].includes(stage)) return null;
  if (stage === 'closed') return 'CLINIC_CLOSED';
  if (type === 'START') return 'ALREADY_STARTED';
  if (type === 'SET_CASE_GIVER' || type === 'SET_ROUND_ORDER') return 'CASE_GIVER_FIXED';
  if (stage === 'lobby') return 'NOT_STARTED';
  return type === 'PAUSE' ? 'ALREADY_PAUSED' : 'NOT_PAUSED';
}

export function startRule(progress: ClinicProgress): Rule {
  if (!isLineupReady(progress)) return seatHolderOf(progress) === 'host' ? 'HOSTED_LINEUP_NOT_READY' : 'LINEUP_NOT_READY';
  return areFloorRolesHeld(progress) ? null : 'ROLE_NOT_HELD';
}

export function coachOrderRule(progress: ClinicProgress, coachIds: readonly string[]): Rule {
  if (!isCoachOrderValid(coachIds)) return 'COACH_ORDER_INVALID';
  return isLineupEditable(progress) ? null : 'COACH_ORDER_FIXED';
}

/** Only a format of a round per case giver has a round order; each in it once, each taking part. */
export function roundOrderRule(progress: ClinicProgress, caseGiverIds: readonly string[]): Rule {
  if (progress.format.rounds === 'one') return 'ONE_ROUND_ONLY';
  return isRoundOrderValid(progress, caseGiverIds) ? null : 'ROUND_ORDER_INVALID';
}

export const roleRule = (progress: ClinicProgress, roleId: string): Rule =>
  progress.format.roles.some((role) => role.id === roleId) ? null : 'UNKNOWN_ROLE';

/** "Next speaker" and "skip" work only where coaches take turns. */
export const turnRule = (progress: ClinicProgress): Rule => (isInTurnsPhase(progress) ? null : 'NOT_IN_TURNS_PHASE');

export const backRule = (progress: ClinicProgress): Rule => (progress.finished.length > 0 ? null : 'NO_PREVIOUS_STEP');

/** A skipped coach gets their turn back once the order's last turn has come, before the phase moves on. */
export const returnRule = (progress: ClinicProgress): Rule => (nextReturnPosition(progress) !== null ? null : 'NO_SKIPPED_COACH');

/** Whether the current step's time is up: in overtime, running or paused. */
export function hasNoTimeLeft(stage: ClinicStage, progress: ClinicProgress): boolean {
  const timer = progress.step?.timer;
  return stage === 'overtime' || (timer?.status === 'paused' && timer.remainingMs <= 0);
}

/** Time comes off only a step with some left. */
export const adjustRule = (stage: ClinicStage, progress: ClinicProgress, deltaMs: number): Rule =>
  deltaMs < 0 && hasNoTimeLeft(stage, progress) ? 'NO_TIME_LEFT' : null;

export const autoAdvanceRule = (progress: ClinicProgress, phaseId: string): Rule =>
  progress.plan.some((phase) => phase.phaseId === phaseId) ? null : 'UNKNOWN_PHASE';

/** Why the clinic would refuse `command` now, or null when it takes it. Who asks is `rosterRules`' question. */
export function clinicCommandRule(stage: ClinicStage, progress: ClinicProgress, command: ClinicCommand): Rule {
  const byStage = stageRule(stage, command.type);
  if (byStage) return byStage;
  switch (command.type) {
    case 'START':
      return startRule(progress);
    case 'SET_COACH_ORDER':
      return coachOrderRule(progress, command.coachIds);
    case 'SET_ROUND_ORDER':
      return roundOrderRule(progress, command.caseGiverIds);
    case 'SET_ROLE':
      return roleRule(progress, command.roleId);
    case 'NEXT_SPEAKER':
    case 'SKIP_SPEAKER':
      return turnRule(progress);
    case 'BACK':
      return backRule(progress);
    case 'RETURN_TO_SKIPPED':
      return returnRule(progress);
    case 'SET_AUTO_ADVANCE':
      return autoAdvanceRule(progress, command.phaseId);
    case 'ADJUST_TIME':
      return adjustRule(stage, progress, command.deltaMs);
    default:
      return null;
  }
}
