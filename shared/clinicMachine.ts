/**
 * The one clinic machine. The server runs it as the authority for each clinic; its snapshot stays
 * on the server, which projects it to the domain state (`stageOf` and the context) to save and
 * send, and restores it from that state. Its guards are the rules in `clinicRules.ts`, which the
 * client asks too.
 *
 * Every event carries `at`, the server time it happened, stamped by the server and never taken from
 * a client, so guards and actions stay pure. Time-up is a delayed TIME_UP, armed while the step is on
 * time, its delay derived from the deadline in context; XState does not persist pending delays
 * (statelyai/xstate#5331), so after a restore the host sends CLOCK_RESTORED, which re-enters the
 * running state and re-arms it.
 */
import { and, assign, cancel, createActor, raise, setup, type ActorOptions, type SnapshotFrom } from 'xstate';
import { adjustRule, autoAdvanceRule, backRule, coachOrderRule, returnRule, roleRule, roundOrderRule, startRule, turnRule } from './clinicRules.ts';
import type { ClinicProgress, ClinicStage } from './clinicStateSchema.ts';
import {
  adjustTime,
  advance,
  autoAdvanceOfCurrentStep,
  closeClinic,
  deadlineOf,
  goBack,
  initialContext,
  isLineupEditable,
  isPastDeadline,
  nextPosition,
  setAutoAdvance,
  startClinic,
  updateTimer,
  type ClinicInput,
} from './clinicSteps.ts';
import { withArrival, withCaseGiver, withCoachOrder, withoutParticipant } from './lineup.ts';
import type { ClinicCommand } from './protocolSchemas.ts';
import { pauseTimer, remainingMs, resumeTimer } from './time.ts';

/** What only the host sends: roster news and the re-arm after a restore. */
export type HostEvent =
  | { type: 'PARTICIPANT_JOINED'; participantId: string }
  | { type: 'PARTICIPANT_REMOVED'; participantId: string }
  | { type: 'CLOCK_RESTORED' };

/** Raised by the machine itself when a deadline passes, stamped with that deadline. */
type TimeUpEvent = { type: 'TIME_UP' };

export type ClinicEvent = (ClinicCommand | HostEvent | TimeUpEvent) & { at: number };

/** The one pending time-up of a clinic, so a new deadline can replace it. */
const TIME_UP_ID = 'timeUp';

type EventOf<T extends ClinicEvent['type']> = Extract<ClinicEvent, { type: T }>;

export const clinicMachine = setup({
  types: {
    context: {} as ClinicProgress,
    events: {} as ClinicEvent,
    input: {} as ClinicInput,
  },
  guards: {
    // The commands' guards are the shared rules; the stage each command is taken in is this
    // machine's shape, which `clinicRules.ts` states too (a test keeps the two in agreement).
    lineupReady: ({ context }) => startRule(context) === null,
    coachOrderAllowed: ({ context, event }) => coachOrderRule(context, (event as EventOf<'SET_COACH_ORDER'>).coachIds) === null,
    roundOrderAllowed: ({ context, event }) => roundOrderRule(context, (event as EventOf<'SET_ROUND_ORDER'>).caseGiverIds) === null,
    roleAllowed: ({ context, event }) => roleRule(context, (event as EventOf<'SET_ROLE'>).roleId) === null,
    inTurnsPhase: ({ context }) => turnRule(context) === null,
    hasPreviousStep: ({ context }) => backRule(context) === null,
    skippedCoachWaits: ({ context }) => returnRule(context) === null,
    knownPhase: ({ context, event }) => autoAdvanceRule(context, (event as EventOf<'SET_AUTO_ADVANCE'>).phaseId) === null,
    // Asked in the state the stage names: a guard sees the context, not where the machine is.
    timeAdjustable: ({ context, event }, params: { stage: ClinicStage }) => adjustRule(params.stage, context, (event as EventOf<'ADJUST_TIME'>).deltaMs) === null,
    // What the host and the clock bring about.
    lineupEditable: ({ context }) => isLineupEditable(context),
    hasNextStep: ({ context }, params: { byTurn: boolean }) => nextPosition(context, params.byTurn) !== null,
    pastDeadline: ({ context, event }) => isPastDeadline(context, event.at),
    onTimeOnceAdjusted: ({ context, event }) => !isPastDeadline(adjustTime(context, (event as EventOf<'ADJUST_TIME'>).deltaMs, event.at), event.at),
    hardAdvance: ({ context }) => autoAdvanceOfCurrentStep(context) === 'hard',
  },
  actions: {
    start: assign(({ context, event }) => startClinic(context, event.at)),
    advance: assign(({ context, event }, params: { byTurn: boolean; skipped: boolean }) =>
      advance(context, event.at, params.byTurn, params.skipped),
    ),
    goBack: assign(({ context, event }) => goBack(context, event.at)),
    returnToSkipped: assign(({ context, event }) => advance(context, event.at, true, false, true)),
    close: assign(({ context, event }) => closeClinic(context, event.at)),
    // A hard auto-advance ends the step exactly at its deadline, even when caught up after an outage.
    advanceAtDeadline: assign(({ context }) => advance(context, deadlineOf(context), true, false)),
    closeAtDeadline: assign(({ context }) => closeClinic(context, deadlineOf(context))),
    // Stamped with the deadline it waits for, the server time at which it is due.
    armTimeUp: raise(({ context }) => ({ type: 'TIME_UP' as const, at: deadlineOf(context) }), { id: TIME_UP_ID, delay: 'untilDeadline' }),
    disarmTimeUp: cancel(TIME_UP_ID),
    setAutoAdvance: assign(({ context, event }) => {
      const { phaseId, mode } = event as EventOf<'SET_AUTO_ADVANCE'>;
      return setAutoAdvance(context, phaseId, mode, event.at);
    }),
    setCueTimes: assign({ cueTimes: ({ event }) => (event as EventOf<'SET_CUE_TIMES'>).cueTimes }),
    pause: assign(({ context, event }) => updateTimer(context, (timer) => pauseTimer(timer, event.at))),
    resume: assign(({ context, event }) => updateTimer(context, (timer) => resumeTimer(timer, event.at))),
    adjust: assign(({ context, event }) => adjustTime(context, (event as EventOf<'ADJUST_TIME'>).deltaMs, event.at)),
    setCaseGiver: assign(({ context, event }) => withCaseGiver(context, (event as EventOf<'SET_CASE_GIVER'>).participantId)),
    setCoachOrder: assign(({ context, event }) => withCoachOrder(context, (event as EventOf<'SET_COACH_ORDER'>).coachIds)),
    setRoundOrder: assign({ caseGiverIds: ({ event }) => [...(event as EventOf<'SET_ROUND_ORDER'>).caseGiverIds] }),
    setRole: assign({
      roleHolders: ({ context, event }) => {
        const { roleId, participantId } = event as EventOf<'SET_ROLE'>;
        const { [roleId]: _former, ...others } = context.roleHolders;
        return participantId === null ? others : { ...others, [roleId]: participantId };
      },
    }),
    dropFromLineup: assign(({ context, event }) => withoutParticipant(context, (event as EventOf<'PARTICIPANT_REMOVED'>).participantId)),
    dropRoles: assign({
      roleHolders: ({ context, event }) => {
        const { participantId } = event as EventOf<'PARTICIPANT_REMOVED'>;
        return Object.fromEntries(Object.entries(context.roleHolders).filter(([, holder]) => holder !== participantId));
      },
    }),
    addArrival: assign(({ context, event }) => withArrival(context, (event as EventOf<'PARTICIPANT_JOINED'>).participantId)),
  },
  delays: {
    untilDeadline: ({ context, event }) => (context.step ? Math.max(0, remainingMs(context.step.timer, event.at)) : 0),
  },
}).createMachine({
  id: 'clinic',
  context: ({ input }) => initialContext(input),
  initial: 'lobby',
  on: {
    SET_COACH_ORDER: { guard: 'coachOrderAllowed', actions: 'setCoachOrder' },
    PARTICIPANT_JOINED: { guard: 'lineupEditable', actions: 'addArrival' },
    // Roles are let go at any time; the lineup only while it may change.
    PARTICIPANT_REMOVED: [
      { guard: 'lineupEditable', actions: ['dropFromLineup', 'dropRoles'] },
      { actions: 'dropRoles' },
    ],
    SET_ROLE: { guard: 'roleAllowed', actions: 'setRole' },
    // Takes effect at the next time-up; a step already in overtime stays until moved on (see setAutoAdvance).
    SET_AUTO_ADVANCE: { guard: 'knownPhase', actions: 'setAutoAdvance' },
    SET_CUE_TIMES: { actions: 'setCueTimes' },
  },
  states: {
    lobby: {
      on: {
        SET_CASE_GIVER: { actions: 'setCaseGiver' },
        SET_ROUND_ORDER: { guard: 'roundOrderAllowed', actions: 'setRoundOrder' },
        START: { guard: 'lineupReady', target: 'live', actions: 'start' },
      },
    },
    live: {
      initial: 'running',
      on: {
        NEXT_PHASE: [
          { guard: { type: 'hasNextStep', params: { byTurn: false } }, target: '#clinic.live.running', reenter: true, actions: { type: 'advance', params: { byTurn: false, skipped: false } } },
          { target: 'closed', actions: 'close' },
        ],
        NEXT_SPEAKER: { guard: 'inTurnsPhase', target: '.advancingTurn' },
        SKIP_SPEAKER: { guard: 'inTurnsPhase', target: '.advancingTurn' },
        RETURN_TO_SKIPPED: { guard: 'skippedCoachWaits', target: '#clinic.live.running', reenter: true, actions: 'returnToSkipped' },
        BACK: { guard: 'hasPreviousStep', target: '#clinic.live.running', reenter: true, actions: 'goBack' },
        END: { target: 'closed', actions: 'close' },
      },
      states: {
        // Transient: "next speaker" and "skip" share one decision, another turn or the next phase.
        advancingTurn: {
          always: [
            {
              guard: { type: 'hasNextStep', params: { byTurn: true } },
              target: 'running',
              actions: { type: 'advance', params: ({ event }) => ({ byTurn: true, skipped: event.type === 'SKIP_SPEAKER' }) },
            },
            { target: '#clinic.closed', actions: 'close' },
          ],
        },
        running: {
          initial: 'checkingDeadline',
          on: {
            PAUSE: { target: 'paused', actions: 'pause' },
            CLOCK_RESTORED: { target: '#clinic.live.running', reenter: true },
            TIME_UP: { target: '#clinic.live.running', reenter: true },
          },
          states: {
            // Decides from the deadline alone, so a restore after an outage lands where a server
            // that stayed up would be, walking through every step a hard auto-advance passed.
            checkingDeadline: {
              always: [
                {
                  guard: and(['pastDeadline', 'hardAdvance', { type: 'hasNextStep', params: { byTurn: true } }]),
                  target: 'checkingDeadline',
                  reenter: true,
                  actions: 'advanceAtDeadline',
                },
                { guard: and(['pastDeadline', 'hardAdvance']), target: '#clinic.closed', actions: 'closeAtDeadline' },
                { guard: 'pastDeadline', target: 'overtime' },
                { target: 'onTime' },
              ],
            },
            onTime: {
              entry: 'armTimeUp',
              exit: 'disarmTimeUp',
              on: {
                // Still on time once adjusted, as it mostly is: the time-up moves and the state stays,
                // without leaving and entering it again. Every +1/-1 min takes this way, and on a node
                // running many clinics each state left and entered is garbage and time.
                ADJUST_TIME: [
                  { guard: 'onTimeOnceAdjusted', actions: ['adjust', 'disarmTimeUp', 'armTimeUp'] },
                  // Taken off down to nothing: time is up now, as if the deadline had come.
                  { target: '#clinic.live.running', reenter: true, actions: 'adjust' },
                ],
              },
            },
            overtime: {
              on: {
                // Only added: the deadline decides afresh whether the step is back on time.
                ADJUST_TIME: { guard: { type: 'timeAdjustable', params: { stage: 'overtime' } }, target: '#clinic.live.running', reenter: true, actions: 'adjust' },
              },
            },
          },
        },
        paused: {
          on: {
            RESUME: { target: 'running', actions: 'resume' },
            ADJUST_TIME: { guard: { type: 'timeAdjustable', params: { stage: 'paused' } }, actions: 'adjust' },
          },
        },
      },
    },
    closed: { type: 'final' },
  },
});

export type ClinicSnapshot = SnapshotFrom<typeof clinicMachine>;

/**
 * The machine's state as the domain names it, read from its typed state value: every save asks,
 * and `matches` builds objects on each call.
 */
export function stageOf({ value }: ClinicSnapshot): ClinicStage {
  if (typeof value === 'string') return value;
  if (value.live === 'paused') return 'paused';
  return typeof value.live === 'object' && value.live.running === 'overtime' ? 'overtime' : 'running';
}

const MACHINE_STATE_OF_STAGE = {
  lobby: 'lobby',
  running: { live: { running: 'onTime' } },
  overtime: { live: { running: 'overtime' } },
  paused: { live: 'paused' },
  closed: 'closed',
} as const satisfies Record<ClinicStage, unknown>;

type ClinicActorOptions = Pick<ActorOptions<typeof clinicMachine>, 'clock'>;

/** A new clinic's actor, started. */
export function createClinicActor(input: ClinicInput, options: ClinicActorOptions = {}) {
  return createActor(clinicMachine, { input, ...options }).start();
}

/**
 * Brings a clinic's actor back from its domain state, started. Input is only read when a clinic
 * is new, which XState's option types cannot express, hence the cast. Send CLOCK_RESTORED once
 * live, to re-arm its timer. Without a `clock`, XState's own (real timers) is used: an explicit
 * `clock: undefined` would replace it and make the first re-armed delay throw.
 */
export function restoreClinicActor(stage: ClinicStage, progress: ClinicProgress, options: ClinicActorOptions = {}) {
  const snapshot = clinicMachine.resolveState({ value: MACHINE_STATE_OF_STAGE[stage], context: progress });
  return createActor(clinicMachine, { snapshot, ...options } as unknown as { input: ClinicInput }).start();
}

export type ClinicActor = ReturnType<typeof createClinicActor>;
