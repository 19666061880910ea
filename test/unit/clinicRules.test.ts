/**
 * The shared rules: each refusal has its reason, the roster's rules say who may take which part,
 * and the machine the server runs takes exactly the commands the rules allow, in every state a
 * random walk through many clinics reaches.
 */
import { describe, expect, it } from 'vitest';
import { createActor, SimulatedClock } from 'xstate';
import { clinicMachine, stageOf, type ClinicSnapshot } from '../../shared/clinicMachine.ts';
import { clinicCommandRule } from '../../shared/clinicRules.ts';
import { refusalOf } from '../../shared/commandRules.ts';
import { FORMAT_LIBRARY } from '../../shared/formatLibrary.ts';
import { coachesOf } from '../../shared/lineup.ts';
import { CLASSIC as CLASSIC_FORMAT } from '../../shared/formats/classic.ts';
import type { ClinicFormat } from '../../shared/formatSchema.ts';
import type { ClinicCommand, FacilitatorCommand } from '../../shared/protocolSchemas.ts';
import { clinicStateOf, FACILITATOR_ID } from '../support/clinicStates.ts';
import { SeededRandom } from '../support/hostileInput.ts';

const MIN = 60_000;

function clinic(autoAdvance: Record<string, 'off' | 'soft' | 'hard'> = {}, format: ClinicFormat = CLASSIC_FORMAT) {
  const clock = new SimulatedClock();
  clock.set(1_000_000);
  const minutes = Object.fromEntries(format.phases.map((phase) => [phase.id, phase.minimumMinutes]));
  const actor = createActor(clinicMachine, { input: { format, minutes, autoAdvance }, clock }).start();
  const send = (command: ClinicCommand) => actor.send({ ...command, at: clock.now() });
  for (const participantId of ['gia', 'ana', 'ben', 'cleo']) actor.send({ type: 'PARTICIPANT_JOINED', participantId, at: clock.now() });
  send({ type: 'SET_CASE_GIVER', participantId: 'gia' });
  return { actor, clock, send };
}

describe('refusal reasons', () => {
  it('names the reason for each refused command, and none for allowed ones', () => {
    const { actor, send } = clinic();
    const participants = ['fran', 'gia', 'ana', 'ben', 'cleo'].map((id) => ({ id, name: id, online: true, screen: false }));
    const why = (command: ClinicCommand) => refusalOf(clinicStateOf(actor.getSnapshot(), { participants }), FACILITATOR_ID, command);
    expect(why({ type: 'START' })).toBeNull();
    expect(why({ type: 'PAUSE' })).toBe('NOT_STARTED');
    send({ type: 'SET_COACH_ORDER', coachIds: [] });
    expect(why({ type: 'START' })).toBe('LINEUP_NOT_READY');
    expect(why({ type: 'SET_COACH_ORDER', coachIds: ['ana', 'ana'] })).toBe('COACH_ORDER_INVALID');
    expect(why({ type: 'SET_AUTO_ADVANCE', phaseId: 'lunch', mode: 'hard' })).toBe('UNKNOWN_PHASE');
    send({ type: 'SET_COACH_ORDER', coachIds: ['ana'] });
    send({ type: 'START' });
    expect(why({ type: 'START' })).toBe('ALREADY_STARTED');
    expect(why({ type: 'NEXT_SPEAKER' })).toBe('NOT_IN_TURNS_PHASE');
    expect(why({ type: 'BACK' })).toBe('NO_PREVIOUS_STEP');
    expect(why({ type: 'RESUME' })).toBe('NOT_PAUSED');
    expect(why({ type: 'SET_CASE_GIVER', participantId: 'ana' })).toBe('CASE_GIVER_FIXED');
    send({ type: 'PAUSE' });
    expect(why({ type: 'PAUSE' })).toBe('ALREADY_PAUSED');
    send({ type: 'RESUME' });
    send({ type: 'NEXT_PHASE' });
    expect(why({ type: 'SET_COACH_ORDER', coachIds: ['ana', 'ben'] })).toBe('COACH_ORDER_FIXED');
    send({ type: 'END' });
    for (const command of [{ type: 'NEXT_PHASE' }, { type: 'SET_CUE_TIMES', cueTimes: { phaseWrapUpMs: 0, turnWrapUpMs: 0 } }] as const) {
      expect(why(command)).toBe('CLINIC_CLOSED');
    }
  });
});

describe('who may take which part', () => {
  const lobby = () => {
    const { actor } = clinic();
    return clinicStateOf(actor.getSnapshot(), {
      facilitatorIds: [FACILITATOR_ID],
      participants: ['fran', 'gia', 'ana', 'ben', 'cleo'].map((id) => ({ id, name: id, online: true, screen: false })).concat({ id: 'wall', name: 'Wall', online: true, screen: true }),
    });
  };

  it('lets only facilitators send commands, about people who are here', () => {
    const state = lobby();
    expect(refusalOf(state, 'ana', { type: 'START' })).toBe('NOT_FACILITATOR');
    expect(refusalOf(state, FACILITATOR_ID, { type: 'SET_CASE_GIVER', participantId: 'nobody' })).toBe('UNKNOWN_PARTICIPANT');
    expect(refusalOf(state, FACILITATOR_ID, { type: 'SET_COACH_ORDER', coachIds: ['ana', 'nobody'] })).toBe('UNKNOWN_PARTICIPANT');
  });

  it('gives a shared screen no turn and no role, though it can be removed', () => {
    const state = lobby();
    for (const command of [
      { type: 'SET_CASE_GIVER', participantId: 'wall' },
      { type: 'SET_COACH_ORDER', coachIds: ['ana', 'wall'] },
      { type: 'HAND_OVER', participantId: 'wall' },
      { type: 'ADD_FACILITATOR', participantId: 'wall' },
    ] satisfies FacilitatorCommand[]) {
      expect(refusalOf(state, FACILITATOR_ID, command), command.type).toBe('SCREEN_HAS_NO_ROLE');
    }
    expect(refusalOf(state, FACILITATOR_ID, { type: 'REMOVE_PARTICIPANT', participantId: 'wall' })).toBeNull();
  });

  it('always keeps a facilitator and keeps the case giver once started', () => {
    const state = lobby();
    expect(refusalOf(state, FACILITATOR_ID, { type: 'HAND_OVER', participantId: FACILITATOR_ID })).toBe('ALREADY_FACILITATING');
    expect(refusalOf(state, FACILITATOR_ID, { type: 'REMOVE_FACILITATOR', participantId: 'ana' })).toBe('NOT_A_FACILITATOR');
    expect(refusalOf(state, FACILITATOR_ID, { type: 'REMOVE_FACILITATOR', participantId: FACILITATOR_ID })).toBe('LAST_FACILITATOR');
    const withCo = { ...state, facilitatorIds: [FACILITATOR_ID, 'ana'] };
    expect(refusalOf(withCo, FACILITATOR_ID, { type: 'REMOVE_FACILITATOR', participantId: 'ana' })).toBeNull();
    expect(refusalOf(withCo, FACILITATOR_ID, { type: 'REMOVE_PARTICIPANT', participantId: 'ana' })).toBe('FACILITATOR_NOT_REMOVABLE');
    expect(refusalOf(state, FACILITATOR_ID, { type: 'REMOVE_PARTICIPANT', participantId: 'gia' })).toBeNull();
    const started = { ...state, stage: 'running' as const, progress: { ...state.progress, startedAt: 1 } };
    expect(refusalOf(started, FACILITATOR_ID, { type: 'REMOVE_PARTICIPANT', participantId: 'gia' })).toBe('CASE_GIVER_NOT_REMOVABLE');
  });
});

/** Every command, with arguments that are sometimes fine and sometimes not. */
function candidateCommands(snapshot: ClinicSnapshot): ClinicCommand[] {
  const { lineup } = snapshot.context;
  const coachIds = coachesOf(snapshot.context);
  return [
    { type: 'START' },
    { type: 'NEXT_PHASE' },
    { type: 'NEXT_SPEAKER' },
    { type: 'SKIP_SPEAKER' },
    { type: 'BACK' },
    { type: 'PAUSE' },
    { type: 'RESUME' },
    { type: 'ADJUST_TIME', deltaMs: MIN },
    { type: 'ADJUST_TIME', deltaMs: -3 * MIN },
    { type: 'END' },
    { type: 'SET_CASE_GIVER', participantId: 'ben' },
    { type: 'SET_COACH_ORDER', coachIds: [...coachIds].reverse() },
    { type: 'SET_COACH_ORDER', coachIds: ['gia', ...coachIds] },
    { type: 'SET_COACH_ORDER', coachIds: [] },
    { type: 'SET_AUTO_ADVANCE', phaseId: 'reflections', mode: 'hard' },
    { type: 'SET_AUTO_ADVANCE', phaseId: 'lunch', mode: 'soft' },
    { type: 'SET_CUE_TIMES', cueTimes: { phaseWrapUpMs: 0, turnWrapUpMs: 10_000 } },
    { type: 'SET_ROUND_ORDER', caseGiverIds: [...lineup].reverse() },
    { type: 'SET_ROUND_ORDER', caseGiverIds: ['nobody-here'] },
    { type: 'SET_ROLE', roleId: 'moderator', participantId: lineup[0] ?? 'ana' },
    { type: 'SET_ROLE', roleId: 'moderator', participantId: null },
    { type: 'SET_ROLE', roleId: 'juggler', participantId: 'ana' },
  ];
}

describe('the machine and the rules', () => {
  // A few thousand states: generous time for a loaded machine.
  it('agree on every command in every state random walks through every format reach', { timeout: 60_000 }, () => {
    const random = new SeededRandom(20261129);
    let compared = 0;
    for (let walk = 0; walk < 70; walk += 1) {
      const format = FORMAT_LIBRARY[walk % FORMAT_LIBRARY.length]!;
      const hard = Object.fromEntries(format.phases.map((phase) => [phase.id, 'hard' as const]));
      const { actor, clock, send } = clinic(random.chance(0.5) ? hard : {}, format);
      for (let step = 0; step < 40; step += 1) {
        // Time passes too, so hard auto-advances move clinics on by themselves.
        if (random.chance(0.3)) clock.increment(random.int(10, 200) * 1_000);
        const snapshot = actor.getSnapshot();
        const state = clinicStateOf(snapshot);
        for (const command of candidateCommands(snapshot)) {
          const allowed = clinicCommandRule(state.stage, state.progress, command) === null;
          // A finished machine takes no more events, though `can` still answers from its root.
          const machineTakes = snapshot.status === 'active' && snapshot.can({ ...command, at: clock.now() });
          expect(allowed, `${command.type} ${JSON.stringify(command)} in ${stageOf(snapshot)}`).toBe(machineTakes);
          compared += 1;
        }
        if (snapshot.status !== 'active') break;
        const allowedNow = candidateCommands(snapshot).filter((command) => clinicCommandRule(state.stage, state.progress, command) === null);
        // END rarely, so walks reach the later phases.
        const choices = allowedNow.filter((command) => command.type !== 'END' || random.chance(0.05));
        if (choices.length > 0) send(random.pick(choices));
      }
      actor.stop();
    }
    expect(compared).toBeGreaterThan(10_000);
  });
});
