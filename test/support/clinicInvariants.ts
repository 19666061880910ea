/**
 * What must hold in every clinic state the server sends, whatever commands led there: the step is
 * a real place in the plan, a coach turn names a coach in the order, the timer is a number that
 * can be shown, the state matches its schema and its stage agrees with its progress. Tests that throw arbitrary (or
 * hostile) sequences at the server check each state they receive against these rules.
 */
import { z } from 'zod';
import { AUTO_ADVANCE_MODES, clinicStateSchema, type ClinicState } from '../../shared/clinicStateSchema.ts';
import { skippedCoaches } from '../../shared/clinicSteps.ts';
import { roundCount, roundLineup } from '../../shared/lineup.ts';
import { MAX_CUE_LEAD_MS } from '../../shared/protocol.ts';

const isInteger = (value: unknown): value is number => typeof value === 'number' && Number.isSafeInteger(value);

const hasDuplicates = (ids: readonly string[]) => new Set(ids).size !== ids.length;

interface Position {
  readonly roundIndex: number;
  readonly phaseIndex: number;
  readonly turnIndex: number;
}

/** Plan order: by round, then by phase, then by coach turn inside a phase. */
const isAfter = (later: Position, earlier: Position | null) =>
  earlier === null ||
  later.roundIndex > earlier.roundIndex ||
  (later.roundIndex === earlier.roundIndex && (later.phaseIndex > earlier.phaseIndex || (later.phaseIndex === earlier.phaseIndex && later.turnIndex > earlier.turnIndex)));

/** Every rule `state` breaks, in words; empty when it is sound. */
export function invariantViolations(state: ClinicState): string[] {
  const problems: string[] = [];
  const check = (ok: boolean, problem: string) => {
    if (!ok) problems.push(problem);
  };
  const parsed = clinicStateSchema.safeParse(state);
  check(parsed.success, `the state does not match its schema: ${parsed.success ? '' : z.prettifyError(parsed.error)}`);
  const { stage, progress } = state;
  const { plan, lineup, caseGiverIds, step, finished, cueTimes } = progress;
  const participantIds = state.participants.map((participant) => participant.id);

  check(isInteger(state.revision) && state.revision >= 1, `revision ${state.revision} is not a positive integer`);
  check(!hasDuplicates(participantIds), 'a participant is listed twice');
  check(!hasDuplicates(state.facilitatorIds), 'a facilitator is listed twice');
  for (const id of state.facilitatorIds) check(participantIds.includes(id), `facilitator ${id} is not a participant`);

  check(plan.length > 0, 'the plan has no phases');
  for (const phase of plan) {
    check(isInteger(phase.durationMs) && phase.durationMs > 0, `phase ${phase.phaseId} has length ${phase.durationMs}`);
    check(AUTO_ADVANCE_MODES.includes(phase.autoAdvance), `phase ${phase.phaseId} has auto-advance ${String(phase.autoAdvance)}`);
  }
  for (const lead of [cueTimes.phaseWrapUpMs, cueTimes.turnWrapUpMs]) {
    check(isInteger(lead) && lead >= 0 && lead <= MAX_CUE_LEAD_MS, `cue lead ${lead} ms is out of range`);
  }
  check(!hasDuplicates(lineup), 'someone appears twice in the lineup');
  check(!hasDuplicates(caseGiverIds), 'someone brings two cases');
  check(caseGiverIds.every((id) => lineup.includes(id)), 'a case giver is not in the lineup');
  check(progress.format.rounds !== 'one' || caseGiverIds.length <= 1, 'a format of one round has more than one case giver');

  /** A place in the plan: the round and phase exist, and a turn index names a coach (or the lone slot of an empty order). */
  const checkPosition = (what: string, { roundIndex, phaseIndex, turnIndex }: Position, speakerId: string | null) => {
    const phase = plan[phaseIndex];
    check(isInteger(phaseIndex) && phase !== undefined, `${what}: phaseIndex ${phaseIndex} is outside a plan of ${plan.length}`);
    check(isInteger(roundIndex) && roundIndex < roundCount(progress), `${what}: roundIndex ${roundIndex} is outside ${roundCount(progress)} rounds`);
    if (!phase) return;
    const { caseGiverId, coachIds } = roundLineup(progress, roundIndex);
    if (phase.floor.kind === 'eachCoach') {
      // Past the order come the turns given back to skipped coaches.
      const turns = Math.max(1, coachIds.length + skippedCoaches(progress, { roundIndex, phaseIndex }).length);
      check(isInteger(turnIndex) && turnIndex >= 0 && turnIndex < turns, `${what}: turnIndex ${turnIndex} is outside ${turns} turns`);
    } else {
      check(turnIndex === 0, `${what}: turnIndex ${turnIndex} in a phase without turns`);
      // A role's holder may change after the step; the case giver and an open floor may not.
      if (phase.floor.kind !== 'role') {
        check(speakerId === (phase.floor.kind === 'caseGiver' ? caseGiverId : null), `${what}: speaker ${speakerId} in a ${phase.floor.kind} phase`);
      }
    }
  };

  let lastFinished: Position | null = null;
  for (const [index, done] of finished.entries()) {
    checkPosition(`finished[${index}]`, done, done.speakerId);
    check(isInteger(done.remainingMs) && isInteger(done.budgetMs), `finished[${index}] has a time that is not a whole number of ms`);
    // Steps are only ever left going forward (back pops the last one), so they are in plan order.
    check(isAfter(done, lastFinished), `finished[${index}] is not after the step before it`);
    lastFinished = done;
  }

  if (stage === 'lobby') {
    check(step === null && finished.length === 0 && progress.startedAt === null && progress.closedAt === null, 'the lobby has a step, history or start time');
  }
  if (stage === 'closed') {
    check(step === null && isInteger(progress.closedAt) && isInteger(progress.startedAt), 'a closed clinic has a step or lacks its start and close times');
  }
  const live = stage === 'running' || stage === 'overtime' || stage === 'paused';
  if (live) {
    check(step !== null && isInteger(progress.startedAt) && progress.closedAt === null, 'a live clinic has no step, or no start time, or a close time');
  }
  if (step !== null && live) {
    checkPosition('step', step, step.speakerId);
    check(isAfter(step, lastFinished), 'the current step is not after the finished ones');
    const { coachIds } = roundLineup(progress, step.roundIndex);
    if (plan[step.phaseIndex]?.floor.kind === 'eachCoach' && step.turnIndex < coachIds.length) {
      check(step.speakerId === coachIds[step.turnIndex], `turn ${step.turnIndex} is ${step.speakerId}, not coach ${coachIds[step.turnIndex]}`);
    }
    check(step.plannedMs === plan[step.phaseIndex]?.durationMs, `step planned ${step.plannedMs} ms, the plan says ${plan[step.phaseIndex]?.durationMs}`);
    check(isInteger(step.budgetMs), `step budget ${step.budgetMs} is not a whole number of ms`);
    const { timer } = step;
    check(
      timer.status === 'running' ? isInteger(timer.deadlineAt) && timer.deadlineAt > 0 : timer.status === 'paused' && isInteger(timer.remainingMs),
      `timer ${JSON.stringify(timer)} is malformed`,
    );
    check((timer.status === 'paused') === (stage === 'paused'), `a ${timer.status} timer in a ${stage} clinic`);
  }
  return problems;
}
