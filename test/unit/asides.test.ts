import { describe, expect, it } from 'vitest';
import { applyAside, asideRule, asidesAfterMove, asidesViewFor, coachesAskedIfReady, handQueue, readyCountOf } from '../../shared/asides.ts';
import { NO_ASIDES } from '../../shared/asideKinds.ts';
import type { Aside, StoredAsides } from '../../shared/asidesSchema.ts';
import type { ClinicProgress } from '../../shared/clinicStateSchema.ts';
import { advance, closeClinic, initialContext, startClinic } from '../../shared/clinicSteps.ts';
import { getFormat } from '../../shared/formatLibrary.ts';

const AT = 1_800_000_000_000;
let ids = 0;
const newId = () => `signal-${(ids += 1)}`;

/** Gia brings the case; Ana and Bo coach; Fran facilitates and listens. */
function classicLobby(): ClinicProgress {
  return { ...initialContext({ format: getFormat('classic') }), lineup: ['gia', 'ana', 'bo'], caseGiverIds: ['gia'] };
}
const facts = (progress: ClinicProgress) => ({ facilitatorIds: ['fran'], stage: progress.closedAt !== null ? ('closed' as const) : progress.step ? ('running' as const) : ('lobby' as const), progress });
const next = (progress: ClinicProgress, byTurn = false) => advance(progress, AT, byTurn, false);

function sendAll(progress: ClinicProgress, asides: StoredAsides, sends: ReadonlyArray<readonly [string, Aside]>): StoredAsides {
  return sends.reduce((current, [senderId, aside]) => {
    const refusal = asideRule(facts(progress), current, senderId, aside);
    if (refusal) throw new Error(`${senderId} ${aside.type}: ${refusal}`);
    return applyAside(current, senderId, aside, AT, newId);
  }, asides);
}

describe('the hand queue', () => {
  it('takes whoever has had fewest questions answered first, then whoever raised first', () => {
    const asides: StoredAsides = {
      ...NO_ASIDES,
      hands: [
        { coachId: 'ana', raisedAt: AT + 1 },
        { coachId: 'bo', raisedAt: AT + 3 },
        { coachId: 'cy', raisedAt: AT + 2 },
      ],
      questionsAnswered: { ana: 2, cy: 1 },
    };
    expect(handQueue(asides).map((hand) => [hand.coachId, hand.place])).toEqual([
      ['bo', 1],
      ['cy', 2],
      ['ana', 3],
    ]);
  });
});

describe('what a move of the clinic clears', () => {
  it('hands when the phase ends; nothing when a timer or a join saves the same step', () => {
    const casePhase = startClinic(classicLobby(), AT);
    const raised = sendAll(casePhase, NO_ASIDES, [
      ['ana', { type: 'RAISE_HAND' }],
      ['bo', { type: 'RAISE_HAND' }],
    ]);
    expect(asidesAfterMove(raised, casePhase, casePhase)).toBe(raised);
    expect(asidesAfterMove(raised, casePhase, next(casePhase)).hands).toEqual([]);
  });

  it('a pass once that coach\'s turn has gone by, even when it was not skipped', () => {
    const reflections = next(startClinic(classicLobby(), AT));
    const asked = sendAll(reflections, NO_ASIDES, [['bo', { type: 'REQUEST_PASS' }]]);
    const bosTurn = next(reflections, true);
    expect(asidesAfterMove(asked, reflections, bosTurn).passRequests).toHaveLength(1);
    expect(asidesAfterMove(asked, bosTurn, next(bosTurn, true)).passRequests).toEqual([]);
  });

  it('"Ready" once the turns begin, and everything at the close', () => {
    const casePhase = startClinic(classicLobby(), AT);
    const ready = sendAll(casePhase, NO_ASIDES, [
      ['ana', { type: 'SET_READY', ready: true }],
      ['gia', { type: 'SIGNAL', kind: 'moment' }],
    ]);
    const reflections = next(casePhase);
    expect(asidesAfterMove(ready, casePhase, reflections).readyIds).toEqual([]);
    expect(asidesAfterMove(ready, casePhase, reflections).signals).toHaveLength(1);
    expect(asidesAfterMove(ready, casePhase, closeClinic(casePhase, AT))).toBe(NO_ASIDES);
  });

  it('in a format of a round per case giver: the signals of the case giver whose round is over, and who has asked', () => {
    const troika = { ...initialContext({ format: getFormat('troika') }), lineup: ['gia', 'ana', 'bo'], caseGiverIds: ['gia', 'ana'] };
    let progress = startClinic(troika, AT);
    let asides = sendAll(progress, NO_ASIDES, [['gia', { type: 'SIGNAL', kind: 'slowDown' }]]);
    progress = next(progress);
    asides = sendAll(progress, asides, [
      ['ana', { type: 'RAISE_HAND' }],
      ['fran', { type: 'QUESTION_ANSWERED', coachId: 'ana' }],
    ]);
    expect(asides.questionsAnswered).toEqual({ ana: 1 });
    while (progress.step!.roundIndex === 0) {
      const before = progress;
      progress = next(progress);
      asides = asidesAfterMove(asides, before, progress);
    }
    expect(asides.signals).toEqual([]);
    expect(asides.questionsAnswered).toEqual({});
    // Ana brings the second case: now she signals, and Gia coaches.
    expect(asideRule(facts(progress), asides, 'ana', { type: 'SIGNAL', kind: 'moment' })).toBeNull();
    expect(asideRule(facts(progress), asides, 'gia', { type: 'SIGNAL', kind: 'moment' })).toBe('NOT_THE_CASE_GIVER');
  });
});

describe('signals', () => {
  it('an answered signal ends with its phase; one still waiting stays, no longer shown to all', () => {
    const casePhase = startClinic(classicLobby(), AT);
    let asides = sendAll(casePhase, NO_ASIDES, [
      ['gia', { type: 'SIGNAL', kind: 'moment' }],
      ['gia', { type: 'SIGNAL', kind: 'slowDown' }],
    ]);
    const [moment, slowDown] = asides.signals;
    asides = sendAll(casePhase, asides, [
      ['fran', { type: 'ANSWER_SIGNAL', signalId: moment!.id, answer: 'paused' }],
      ['fran', { type: 'SHOW_SIGNAL', signalId: slowDown!.id, shownToAll: true }],
    ]);
    expect(asidesAfterMove(asides, casePhase, casePhase)).toBe(asides);
    expect(asidesAfterMove(asides, casePhase, next(casePhase)).signals).toEqual([{ ...slowDown!, shownToAll: false }]);
  });

  it('reach somebody: a case giver who alone facilitates has nobody to signal to', () => {
    const casePhase = startClinic(classicLobby(), AT);
    const kind = { type: 'SIGNAL', kind: 'moment' } as const;
    expect(asideRule({ ...facts(casePhase), facilitatorIds: ['gia'] }, NO_ASIDES, 'gia', kind)).toBe('NOBODY_TO_SIGNAL');
    expect(asideRule({ ...facts(casePhase), facilitatorIds: ['gia', 'fran'] }, NO_ASIDES, 'gia', kind)).toBeNull();
  });
});

describe('ready for the turns', () => {
  it('is asked of the coaches who do not facilitate: a facilitator in the order moves the clinic on, and is not counted', () => {
    const lobby = { ...classicLobby(), lineup: ['gia', 'ana', 'bo', 'fran'] };
    expect(coachesAskedIfReady(facts(lobby))).toEqual(['ana', 'bo']);
    const ready = { type: 'SET_READY', ready: true } as const;
    expect(asideRule(facts(lobby), NO_ASIDES, 'fran', ready)).toBe('FACILITATOR_NOT_ASKED_READY');
    expect(asideRule(facts(lobby), NO_ASIDES, 'ana', ready)).toBeNull();
    // Made a facilitator, a coach is no longer asked either.
    expect(coachesAskedIfReady({ ...facts(lobby), facilitatorIds: ['fran', 'bo'] })).toEqual(['ana']);
  });

  it('counts only those asked, though one made facilitator after saying ready is still listed, and may take it back', () => {
    const lobby = { ...classicLobby(), lineup: ['gia', 'ana', 'bo', 'fran'] };
    const asides = sendAll(lobby, NO_ASIDES, [
      ['ana', { type: 'SET_READY', ready: true }],
      ['bo', { type: 'SET_READY', ready: true }],
    ]);
    expect(readyCountOf(facts(lobby), asides)).toEqual({ ready: 2, asked: 2 });
    const boFacilitates = { ...facts(lobby), facilitatorIds: ['fran', 'bo'] };
    expect(readyCountOf(boFacilitates, asides)).toEqual({ ready: 1, asked: 1 });
    expect(asideRule(boFacilitates, asides, 'bo', { type: 'SET_READY', ready: false })).toBeNull();
  });
});

describe('who sees what', () => {
  it('the facilitator everything; the case giver their signals and the queue; a coach their own; everyone what was shown', () => {
    const progress = startClinic(classicLobby(), AT);
    let asides = sendAll(progress, NO_ASIDES, [
      ['gia', { type: 'SIGNAL', kind: 'moment' }],
      ['gia', { type: 'SIGNAL', kind: 'slowDown' }],
      ['ana', { type: 'RAISE_HAND' }],
      ['bo', { type: 'RAISE_HAND' }],
      ['ana', { type: 'SET_READY', ready: true }],
    ]);
    const shown = asides.signals.find((signal) => signal.kind === 'slowDown')!;
    asides = sendAll(progress, asides, [['fran', { type: 'SHOW_SIGNAL', signalId: shown.id, shownToAll: true }]]);
    const view = (viewerId: string) => asidesViewFor(asides, facts(progress), viewerId, 7);

    expect(view('fran')).toMatchObject({ revision: 7, readyIds: ['ana'] });
    expect(view('fran').signals).toHaveLength(2);
    expect(view('gia').signals).toHaveLength(2);
    expect(view('gia').hands.map((hand) => hand.coachId)).toEqual(['ana', 'bo']);
    expect(view('bo')).toMatchObject({ signals: [{ kind: 'slowDown' }], readyIds: [], hands: [{ coachId: 'bo', place: 2 }] });
    expect(view('ana')).toMatchObject({ readyIds: ['ana'], hands: [{ coachId: 'ana', place: 1 }] });
    expect(view('screen').signals.map((signal) => signal.kind)).toEqual(['slowDown']);
    expect(view('screen').hands).toEqual([]);
  });
});
