import { describe, expect, it } from 'vitest';
import type { UpNext } from '../../shared/clinicView.ts';
import { planOf } from '../../shared/clinicSteps.ts';
import { CLASSIC as CLASSIC_FORMAT } from '../../shared/formats/classic.ts';
import { announcementText, standingText, upNextText, type Viewer } from '../../client/views/liveWording.ts';

const phase = (id: string) => planOf({ format: CLASSIC_FORMAT }).find((candidate) => candidate.phaseId === id)!;
const viewerFor = (myId: string): Viewer => ({ myId, nameOf: (id) => ({ gia: 'Gia', ana: 'Ana', ben: 'Ben' })[id] ?? '?' });

describe('what the live screen says', () => {
  it('names who comes next, and speaks to the person it is', () => {
    const response: UpNext = { phase: phase('response'), speakerId: 'gia', sameTurnsPhase: false, newRoundCaseGiverId: null };
    expect(upNextText(response, viewerFor('ana'))).toBe('Up next: Response with Gia');
    expect(upNextText(response, viewerFor('gia'))).toBe('Up next: Response, your turn');
    const nextCoach = { phase: phase('reflections'), speakerId: 'ben', sameTurnsPhase: true, newRoundCaseGiverId: null };
    expect(upNextText(nextCoach, viewerFor('ana'))).toBe('Up next: Ben');
    expect(upNextText(nextCoach, viewerFor('ben'))).toBe('Up next: you');
    expect(upNextText({ phase: phase('dialogue'), speakerId: null, sameTurnsPhase: false, newRoundCaseGiverId: null }, viewerFor('ana'))).toBe('Up next: Dialogue');
    expect(upNextText(null, viewerFor('ana'))).toBe('Last phase');
  });

  it('tells a coach their place in plain words, naming the phase of the turns while it is still ahead', () => {
    const titleAt = (phaseIndex: number) => ['Case', 'Reflections', 'Response', 'Dialogue'][phaseIndex]!;
    expect(standingText({ kind: 'speaking' }, titleAt)).toBe('Your turn');
    expect(standingText({ kind: 'next', turnsIn: null }, titleAt)).toBe("You're next");
    expect(standingText({ kind: 'waiting', place: 2, of: 3, turnsIn: null }, titleAt)).toBe("You're 2nd in line");
    expect(standingText({ kind: 'next', turnsIn: 1 }, titleAt)).toBe("You're first in Reflections");
    expect(standingText({ kind: 'waiting', place: 2, of: 3, turnsIn: 1 }, titleAt)).toBe("You're 2nd in Reflections");
    expect(standingText({ kind: 'spoken' }, titleAt)).toBe("You've had your turn");
    expect(standingText({ kind: 'caseGiver' }, titleAt)).toBeNull();
    expect([1, 2, 3, 4, 11, 12, 13, 21, 22, 23, 101].map((place) => standingText({ kind: 'waiting', place, of: 101, turnsIn: null }, titleAt))).toEqual(
      ['1st', '2nd', '3rd', '4th', '11th', '12th', '13th', '21st', '22nd', '23rd', '101st'].map((place) => `You're ${place} in line`),
    );
  });

  it('announces the phase and who holds the floor, in words for the person it is, never the time', () => {
    const reflections = phase('reflections');
    expect(announcementText(reflections.title, 'ana', reflections.floor, viewerFor('gia'))).toBe('Reflections. Speaking: Ana.');
    expect(announcementText(reflections.title, 'ana', reflections.floor, viewerFor('ana'))).toBe('Reflections. Your turn.');
    expect(announcementText('Dialogue', null, { kind: 'everyone' }, viewerFor('ana'))).toBe('Dialogue. Speaking: everyone.');
    expect(announcementText('Stillness', null, { kind: 'nobody' }, viewerFor('ana'))).toBe('Stillness. Silence.');
  });
});
