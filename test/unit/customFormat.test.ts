import { describe, expect, it } from 'vitest';
import { draftProblem, type CustomFormatDraft } from '../../shared/customFormat.ts';

const DRAFT: CustomFormatDraft = {
  name: 'Quick check-in',
  rounds: 'one',
  phases: [
    { title: 'Case', floor: 'caseGiver', minutes: 10 },
    { title: 'Dialogue', floor: 'everyone', minutes: 20 },
  ],
};

describe("what keeps a built format from use, so the builder can say it", () => {
  it('is nothing for a named draft whose phases are named and each 1 to 120 minutes', () => {
    expect(draftProblem(DRAFT)).toBeNull();
  });

  it('is the first thing missing, in the order the fields show', () => {
    expect(draftProblem({ ...DRAFT, name: '  ' })).toEqual({ kind: 'noName' });
    expect(draftProblem({ ...DRAFT, phases: [] })).toEqual({ kind: 'noPhases' });
    const [first, second] = DRAFT.phases;
    expect(draftProblem({ ...DRAFT, phases: [first!, { ...second!, title: ' ' }] })).toEqual({ kind: 'unnamedPhase', phase: 2 });
    expect(draftProblem({ ...DRAFT, phases: [{ ...first!, minutes: 0 }, { ...second!, title: '' }] })).toEqual({ kind: 'minutesOutOfRange', phase: 1 });
  });

  it('takes no minutes outside 1 to 120, nor a part of a minute', () => {
    for (const minutes of [0, 121, 999, 2.5, Number.NaN]) {
      expect(draftProblem({ ...DRAFT, phases: [{ ...DRAFT.phases[0]!, minutes }] }), String(minutes)).toEqual({ kind: 'minutesOutOfRange', phase: 1 });
    }
    expect(draftProblem({ ...DRAFT, phases: [{ ...DRAFT.phases[0]!, minutes: 120 }] })).toBeNull();
  });
});
