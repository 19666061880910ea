import { describe, expect, it } from 'vitest';
import { builtFormatWords } from '../../client/views/formatBuilderWords.ts';
import { customFormatOf } from '../../shared/customFormat.ts';
import { CLASSIC } from '../../shared/formats/classic.ts';
import { PROTOCOL_VERSION } from '../../shared/protocol.ts';
import { cleanText, clinicCommandSchema, createClinicSchema, describeIssue, joinClinicSchema } from '../../shared/protocolSchemas.ts';

describe('names and titles', () => {
  it('trims, folds white space and drops control and invisible characters', () => {
    expect(cleanText('  Ana\u0000\u0007  Lopez\n')).toBe('Ana Lopez');
    expect(cleanText('\u202eevil\u2028name')).toBe('evil name');
    expect(cleanText('A\u200bna \u2066Lopez\u2069\ufeff')).toBe('Ana Lopez');
    // Emoji built with joiners and tags survive.
    expect(cleanText('Ana \u{1f469}\u200d\u{1f4bb}')).toBe('Ana \u{1f469}\u200d\u{1f4bb}');
    expect(cleanText('\u{1f3f4}\u{e0067}\u{e0062}\u{e0065}\u{e006e}\u{e0067}\u{e007f} Ben')).toBe('\u{1f3f4}\u{e0067}\u{e0062}\u{e0065}\u{e006e}\u{e0067}\u{e007f} Ben');
  });

  it('refuses empty and over-long names with a readable message', () => {
    const empty = joinClinicSchema.safeParse({ protocolVersion: PROTOCOL_VERSION, clinicId: 'abcdefghijkl', name: ' \t ' });
    expect(empty.success).toBe(false);
    expect(describeIssue(empty.error!)).toBe('name: Your name cannot be empty.');
    for (const invisible of ['\u3164\u3164', '\u200d\u{e0067}', '\u200b \u2066']) {
      const blank = joinClinicSchema.safeParse({ protocolVersion: PROTOCOL_VERSION, clinicId: 'abcdefghijkl', name: invisible });
      expect(describeIssue(blank.error!), JSON.stringify(invisible)).toBe('name: Your name cannot be empty.');
    }
    const long = joinClinicSchema.safeParse({ protocolVersion: PROTOCOL_VERSION, clinicId: 'abcdefghijkl', name: 'x'.repeat(61) });
    expect(describeIssue(long.error!)).toBe('name: Your name can be at most 60 characters.');
    expect(joinClinicSchema.parse({ protocolVersion: PROTOCOL_VERSION, clinicId: 'abcdefghijkl', name: 'x'.repeat(60) }).name).toHaveLength(60);
  });
});

describe('clinic creation settings', () => {
  it('defaults to the classic format and accepts minutes for its phases', () => {
    expect(createClinicSchema.parse({ protocolVersion: PROTOCOL_VERSION, minutes: { case: 15, reflections: 4 } })).toEqual({
      protocolVersion: PROTOCOL_VERSION,
      format: CLASSIC,
      minutes: { case: 15, reflections: 4 },
    });
  });

  it('takes a format the facilitator built, validated like any, but not together with a library id', () => {
    const built = customFormatOf({
      name: 'Quick check-in',
      rounds: 'eachCaseGiver',
      phases: [
        { title: 'Share', floor: 'caseGiver', minutes: 3 },
        { title: 'Quiet', floor: 'nobody', minutes: 1 },
        { title: 'Echo', floor: 'eachCoach', minutes: 1 },
      ],
    }, builtFormatWords());
    expect(createClinicSchema.parse({ protocolVersion: PROTOCOL_VERSION, format: built, minutes: { [built.phases[0]!.id]: 4 } }).format).toEqual(built);
    expect(describeIssue(createClinicSchema.safeParse({ protocolVersion: PROTOCOL_VERSION, format: built, formatId: 'classic' }).error!)).toBe(
      'format: Name a format of the library or send one, not both.',
    );
    const broken = { ...built, phases: [...built.phases, built.phases[0]!] };
    expect(describeIssue(createClinicSchema.safeParse({ protocolVersion: PROTOCOL_VERSION, format: broken }).error!)).toMatch(/^format\.phases\.3\.id: Two phases are called/);
  });

  it('refuses unknown formats, unknown phases and out-of-range minutes', () => {
    expect(describeIssue(createClinicSchema.safeParse({ protocolVersion: PROTOCOL_VERSION, formatId: 'speed-dating' }).error!)).toBe(
      'formatId: There is no clinic format called "speed-dating".',
    );
    expect(describeIssue(createClinicSchema.safeParse({ protocolVersion: PROTOCOL_VERSION, minutes: { lunch: 5 } }).error!)).toBe('minutes.lunch: The format has no phase called "lunch".');
    expect(createClinicSchema.safeParse({ protocolVersion: PROTOCOL_VERSION, minutes: { case: 0 } }).success).toBe(false);
    expect(createClinicSchema.safeParse({ protocolVersion: PROTOCOL_VERSION, minutes: { case: 2.5 } }).success).toBe(false);
    expect(createClinicSchema.safeParse({ protocolVersion: PROTOCOL_VERSION, minutes: { case: 121 } }).success).toBe(false);
  });
});

describe('commands', () => {
  it('accepts each known command and nothing extra', () => {
    expect(clinicCommandSchema.parse({ type: 'ADJUST_TIME', deltaMs: -60_000 })).toEqual({ type: 'ADJUST_TIME', deltaMs: -60_000 });
    expect(clinicCommandSchema.safeParse({ type: 'START', at: 0 }).success).toBe(false);
    expect(clinicCommandSchema.safeParse({ type: 'LAUNCH' }).success).toBe(false);
    expect(clinicCommandSchema.safeParse({ type: 'ADJUST_TIME', deltaMs: 0 }).success).toBe(false);
    expect(clinicCommandSchema.safeParse({ type: 'ADJUST_TIME', deltaMs: 11 * 60_000 }).success).toBe(false);
    expect(clinicCommandSchema.safeParse({ type: 'SET_COACH_ORDER', coachIds: ['ok-id-123', '../../etc'] }).success).toBe(false);
  });
});
