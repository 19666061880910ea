/**
 * A crew's intro and landing as formats: 90 minutes for four at the intro, fitting 90 minutes for
 * any crew size, and run as clinics from the rota's lineup: the host opens in the case giver's
 * seat and every other member gets a turn in each round.
 */
import { describe, expect, it } from 'vitest';
import { defaultMinutesOf, fitToMinutes, totalMinutes } from '../../shared/formatPlanning.ts';
import { CREW_SIZE, CREW_SESSION_MINUTES } from '../../shared/crewLimits.ts';
import { sessionLineup, withRotaSuggested } from '../../shared/crewRota.ts';
import { CREW_INTRO } from '../../shared/formats/crewIntro.ts';
import { CREW_LANDING } from '../../shared/formats/crewLanding.ts';
import { crewOf, runSession } from '../support/crewFixture.ts';

const MIN = 60_000;
const sizes = Array.from({ length: CREW_SIZE.max - CREW_SIZE.min + 1 }, (_, index) => CREW_SIZE.min + index);

describe('the intro and landing formats', () => {
  it('plan the intro at 90 minutes for a crew of four, and the landing at an hour', () => {
    expect(totalMinutes(CREW_INTRO, defaultMinutesOf(CREW_INTRO), 4)).toBe(90);
    expect(totalMinutes(CREW_LANDING, defaultMinutesOf(CREW_LANDING), 4)).toBe(60);
  });

  it('fit a crew session of 90 minutes for every crew size', () => {
    for (const format of [CREW_INTRO, CREW_LANDING]) {
      for (const size of sizes) expect(fitToMinutes(format, size, CREW_SESSION_MINUTES).fits, `${format.id} for ${size}`).toBe(true);
    }
  });

  it('are scheduled by the crew: intro first, landing last', () => {
    const { sessions } = crewOf(4);
    expect(sessions.map((session) => session.formatId)).toEqual(['crewIntro', 'classic', 'classic', 'classic', 'classic', 'crewLanding']);
  });
});

describe('an intro run from the rota', () => {
  const crew = withRotaSuggested(crewOf(4));

  it('has the organiser host it, in the case giver seat, with everyone taking part', () => {
    expect(sessionLineup(crew, 0)).toEqual({ lineup: ['orla', 'ben', 'cleo', 'dev'], caseGiverIds: ['orla'], facilitatorId: 'orla' });
  });

  it('starts, gives the host the welcome and every other member a check-in and hopes turn, and keeps only the times', () => {
    const held = runSession(crew, 0);
    const [round] = held.summary!.rounds;
    expect(held.summary!.rounds).toHaveLength(1);
    expect(round!.caseGiverId).toBe('orla');
    expect(round!.phases.map((phase) => [phase.title, phase.plannedMs / MIN, phase.actualMs / MIN])).toEqual([
      ['Welcome', 10, 1],
      ['Check-in round', 18, 3],
      ['Hopes', 15, 3],
      ['Agreements', 25, 1],
      ['Picking the rota', 15, 1],
      ['Check-out', 7, 1],
    ]);
  });

  it('runs with a crew of two: the host and one other', () => {
    const pair = withRotaSuggested(crewOf(2));
    const [round] = runSession(pair, 5).summary!.rounds;
    expect(round!.caseGiverId).toBe(sessionLineup(pair, 5).facilitatorId);
    expect(round!.phases.find((phase) => phase.phaseId === 'appreciation')!.actualMs).toBe(MIN);
  });

  it('hosts the landing by its facilitator, not necessarily the organiser', () => {
    const { facilitatorId, caseGiverIds } = sessionLineup(crew, 5);
    expect(facilitatorId).not.toBe('orla');
    expect(caseGiverIds).toEqual([facilitatorId]);
    expect(runSession(crew, 5).summary!.rounds[0]!.caseGiverId).toBe(facilitatorId);
  });
});
