/**
 * The format library and planning with it: every format is valid data, and a clinic's length for
 * a number of people is computed, and fitted to the time a crew has, as a facilitator would.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FORMAT_LIBRARY, findFormat } from '../../shared/formatLibrary.ts';
import { defaultMinutesOf, fitToMinutes, peopleWithin, totalMinutes } from '../../shared/formatPlanning.ts';
import { clinicFormatSchema, type ClinicFormat } from '../../shared/formatSchema.ts';
import { CLASSIC } from '../../shared/formats/classic.ts';
import { KOLLEGIALE_BERATUNG } from '../../shared/formats/kollegialeBeratung.ts';
import { TROIKA } from '../../shared/formats/troika.ts';

describe('the format library', () => {
  it('holds the formats crews use, each valid against the format schema', () => {
    expect(FORMAT_LIBRARY.map((format) => format.id)).toEqual(['classic', 'presencing', 'lighter', 'troika', 'wiseCrowds', 'actionLearning', 'kollegialeBeratung', 'crewIntro', 'crewLanding']);
    for (const format of FORMAT_LIBRARY) {
      const checked = clinicFormatSchema.safeParse(format);
      expect(checked.success, `${format.id}: ${checked.error?.message}`).toBe(true);
    }
  });

  it('has the floors the formats need: stillness, turning away, a moderator', () => {
    const floors = FORMAT_LIBRARY.flatMap((format) => format.phases.map((phase) => phase.floor.kind));
    expect(new Set(floors)).toEqual(new Set(['caseGiver', 'eachCoach', 'everyone', 'nobody', 'role']));
    expect(TROIKA.phases.some((phase) => phase.caseGiverTurnsAway)).toBe(true);
    expect(KOLLEGIALE_BERATUNG.phases.filter((phase) => phase.floor.kind === 'role')).toHaveLength(2);
  });

  it('holds every file under shared/formats, each named by its format id, as the README says', () => {
    const files = readdirSync(join(import.meta.dirname, '../../shared/formats')).map((file) => file.replace(/\.ts$/, ''));
    expect(FORMAT_LIBRARY.map((format) => format.id).sort()).toEqual(files.sort());
  });

  it('finds formats by id and nothing for names every object answers to', () => {
    expect(findFormat('troika')).toBe(TROIKA);
    for (const name of ['constructor', '__proto__', 'toString']) expect(findFormat(name)).toBeUndefined();
  });

  it('refuses a format whose floor goes to a role it does not name, or whose phases repeat an id', () => {
    const { translations: _translations, ...english } = CLASSIC;
    const broken: ClinicFormat = { ...english, phases: [...CLASSIC.phases, { ...CLASSIC.phases[0]!, floor: { kind: 'role', roleId: 'juggler' } }] };
    const issues = clinicFormatSchema.safeParse(broken).error!.issues.map((issue) => issue.message);
    expect(issues).toEqual(['Two phases are called "case".', 'The floor goes to a role the format does not name.']);
  });

  it('refuses a translation that misses a phase, or adds a line for the speaker the format does not have', () => {
    const { case: _case, ...otherPhases } = CLASSIC.translations!.de!.phases;
    const missing: ClinicFormat = { ...CLASSIC, translations: { ...CLASSIC.translations, de: { ...CLASSIC.translations!.de!, phases: otherPhases } } };
    expect(clinicFormatSchema.safeParse(missing).error!.issues.map((issue) => [issue.path.join('.'), issue.message])).toEqual([
      ['translations.de.phases', 'A translation names each phase once, by its id.'],
    ]);
    const dialogue = CLASSIC.translations!.es!.phases.dialogue!;
    const extraLine = { ...CLASSIC.translations!.es!, phases: { ...CLASSIC.translations!.es!.phases, dialogue: { ...dialogue, guidance: { ...dialogue.guidance, speaker: 'Habla.' } } } };
    expect(clinicFormatSchema.safeParse({ ...CLASSIC, translations: { es: extraLine } }).error!.issues.map((issue) => [issue.path.join('.'), issue.message])).toEqual([
      ['translations.es.phases.dialogue.guidance', 'A translation has a line for the speaker exactly where the format has one.'],
    ]);
  });
});

describe('planning a clinic', () => {
  it('plans for the nearest number of people the format is made for', () => {
    expect([2, 3, 4, 6].map((people) => peopleWithin(TROIKA, people))).toEqual([3, 3, 4, 4]);
  });

  it('counts coach turns per coach and rounds per case giver', () => {
    // Classic, four people: Case 20 + three turns of 5 + Response 10 + Dialogue 35.
    expect(totalMinutes(CLASSIC, defaultMinutesOf(CLASSIC), 4)).toBe(80);
    // Troika, three people: three rounds of 2 + 2 + 5 + 1.
    expect(totalMinutes(TROIKA, defaultMinutesOf(TROIKA), 3)).toBe(30);
  });

  it('fits a clinic into the time there is, in whole minutes, never below a minimum or over the time', () => {
    const fitted = fitToMinutes(KOLLEGIALE_BERATUNG, 5, 40);
    expect(fitted).toMatchObject({ fits: true, total: 40 });
    if (!fitted.fits) return;
    for (const phase of KOLLEGIALE_BERATUNG.phases) {
      expect(Number.isInteger(fitted.minutes[phase.id])).toBe(true);
      expect(fitted.minutes[phase.id]).toBeGreaterThanOrEqual(phase.minimumMinutes);
    }
    expect(totalMinutes(KOLLEGIALE_BERATUNG, fitted.minutes, 5)).toBe(40);
  });

  it('comes as close as whole coach turns allow without going over', () => {
    // Four people: every turn minute counts three times, so not every total can be met.
    const fitted = fitToMinutes(CLASSIC, 4, 61);
    expect(fitted.fits && fitted.total).toBeLessThanOrEqual(61);
    expect(fitted.fits && fitted.total).toBeGreaterThanOrEqual(59);
  });

  it('says plainly when the time is too short even at every minimum', () => {
    const shortest = KOLLEGIALE_BERATUNG.phases.reduce((sum, phase) => sum + phase.minimumMinutes, 0);
    expect(fitToMinutes(KOLLEGIALE_BERATUNG, 5, shortest - 1)).toEqual({ fits: false, shortest });
    expect(fitToMinutes(KOLLEGIALE_BERATUNG, 5, shortest)).toMatchObject({ fits: true, total: shortest });
  });
});
