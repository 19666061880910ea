/**
 * The shipped languages: every message, every reason code's sentence and every library format in
 * each of them, with the same placeholders; plurals, ordinals and lists from the library and
 * Intl; the language a browser asks for; and a clinic's words shown in the language of the screen.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { compileMessage } from '@lingui/message-utils/compileMessage';
import { afterEach, describe, expect, it } from 'vitest';
import { createActor } from 'xstate';
import { clinicTitleText } from '../../client/clinicTitle.ts';
import { browserLanguage, listText, shownClinic, showLanguage, t, translateReason } from '../../client/language.ts';
import { REASON_VALUES, refusalText } from '../../client/refusalText.ts';
import { SHORTCUTS, shownKeysText } from '../../client/shortcuts.ts';
import { handPlaceText, readyCountText } from '../../client/views/asideWording.ts';
import { standingText } from '../../client/views/liveWording.ts';
import { builtFormatWords } from '../../client/views/formatBuilderWords.ts';
import { durationText } from '../../client/views/timeWording.ts';
import { CALENDAR_FAILURES } from '../../server/sessionCalendar.ts';
import { customFormatOf } from '../../shared/customFormat.ts';
import { clinicMachine } from '../../shared/clinicMachine.ts';
import { FORMAT_LIBRARY } from '../../shared/formatLibrary.ts';
import { translatedFormat, translatedProgress } from '../../shared/formatTranslation.ts';
import { customFormatSchema } from '../../shared/formatSchema.ts';
import { KOLLEGIALE_BERATUNG } from '../../shared/formats/kollegialeBeratung.ts';
import { LANGUAGES, TRANSLATED_LANGUAGES } from '../../shared/languages.ts';
import type { ClinicPreview } from '../../shared/protocol.ts';
import { REASONS, type Reason } from '../../shared/reasons.ts';
import { clinicStateOf } from '../support/clinicStates.ts';

const catalogOf = (language: string): Record<string, string> =>
  JSON.parse(readFileSync(join(import.meta.dirname, '../../client/locales', `${language}.json`), 'utf8')) as Record<string, string>;
const english = catalogOf('en');

/**
 * The names a message fills in ({name}, {count, plural, ...}), from its compiled form: a list of
 * text and placeholders, each placeholder `[name]` or `[name, kind, { case: list }]`.
 */
function placeholdersOf(message: string): string[] {
  const names = new Set<string>();
  const walk = (parts: unknown): void => {
    if (!Array.isArray(parts)) return;
    for (const part of parts) {
      if (!Array.isArray(part)) continue;
      names.add(part[0] as string);
      if (part[2] && typeof part[2] === 'object') Object.values(part[2]).forEach(walk);
    }
  };
  walk(compileMessage(message));
  return [...names].sort();
}

afterEach(() => showLanguage('en'));

/** The values a call passes, by name: `{ name: nameOf(id), count }` gives name and count. */
const valueNames = (values: string): string[] =>
  values
    .split(',')
    .map((entry) => /^\s*(\w+)\s*(?::|$)/.exec(entry)?.[1])
    .filter((name): name is string => name !== undefined);

/** Each `t('message.id', { ... })` in a source text, with the names of the values it passes. */
function messageCalls(source: string): Array<{ id: string; names: string[] }> {
  return [...source.matchAll(/\bt\(\s*'([\w.]+)'\s*,\s*\{([^{}]*)\}\s*\)/g)].map(([, id, values]) => ({ id: id!, names: valueNames(values!) }));
}

/** The placeholders of its message that a call leaves out. */
const missingValues = ({ id, names }: { id: string; names: string[] }): string[] => placeholdersOf(english[id] ?? '').filter((name) => !names.includes(name));

const CLIENT_DIR = join(import.meta.dirname, '../../client');
const clientSources = (readdirSync(CLIENT_DIR, { recursive: true }) as string[])
  .filter((path) => /\.tsx?$/.test(path))
  .map((path) => ({ path, source: readFileSync(join(CLIENT_DIR, path), 'utf8') }));

describe('the catalogs', () => {
  it('parses every placeholder it is asked to (the checker below can fail)', () => {
    expect(placeholdersOf('Hello {name}, {count, plural, one {# note} other {# notes from {who}}}')).toEqual(['count', 'name', 'who']);
    expect(placeholdersOf('No placeholders here.')).toEqual([]);
  });

  it('is given a value for each placeholder by every call that names its message in quotes with values', () => {
    // The checker can fail: a value passed by another name leaves the placeholder empty.
    expect(messageCalls("t('session.move', { place: zoneName(zone, locale) })").map(missingValues)).toEqual([['zone']]);
    expect(messageCalls("t('session.move', { zone: zoneName(zone, locale) })").map(missingValues)).toEqual([[]]);
    const calls = clientSources.flatMap(({ path, source }) => messageCalls(source).map((call) => ({ ...call, path })));
    expect(calls.length).toBeGreaterThan(100);
    expect(calls.filter((call) => missingValues(call).length > 0).map((call) => `${call.path}: ${call.id} lacks ${missingValues(call).join(', ')}`)).toEqual([]);
  });

  for (const language of TRANSLATED_LANGUAGES) {
    it(`has every English message in ${language}, and no other, each with the same placeholders`, () => {
      const catalog = catalogOf(language);
      const messages = Object.keys(catalog).filter((key) => !key.startsWith('reason.'));
      expect(messages.sort()).toEqual(Object.keys(english).sort());
      for (const key of messages) {
        expect(catalog[key]!.trim(), key).not.toBe('');
        expect(placeholdersOf(catalog[key]!), `${language} ${key}`).toEqual(placeholdersOf(english[key]!));
      }
    });

    it(`says every reason code's sentence in ${language}, naming the limit where the English one does`, () => {
      const catalog = catalogOf(language);
      const reasons = Object.keys(catalog).filter((key) => key.startsWith('reason.'));
      expect(reasons.sort()).toEqual(Object.keys(REASONS).map((reason) => `reason.${reason}`).sort());
      for (const reason of Object.keys(REASONS) as Reason[]) {
        expect(placeholdersOf(catalog[`reason.${reason}`]!), reason).toEqual(Object.keys(REASON_VALUES[reason] ?? {}));
      }
    });

    it(`has every library format in ${language}, each phase and role of it`, () => {
      for (const format of FORMAT_LIBRARY) {
        const translation = format.translations?.[language];
        expect(translation, format.id).toBeDefined();
        expect(Object.keys(translation!.phases)).toEqual(format.phases.map((phase) => phase.id));
        expect(Object.keys(translation!.roles ?? {})).toEqual(format.roles.map((role) => role.id));
      }
    });
  }

  it('keeps the English reason sentences free of ICU syntax, so each is its own compiled message', () => {
    for (const { message } of Object.values(REASONS)) expect(compileMessage(message)).toEqual([message]);
  });
});

describe("a crew's calendar download refused by a node not yet updated", () => {
  it("says what the pages say for SERVER_OUTDATED, in each language", () => {
    for (const language of TRANSLATED_LANGUAGES) expect(CALENDAR_FAILURES[language].outdated, language).toBe(catalogOf(language)['reason.SERVER_OUTDATED']);
    expect(CALENDAR_FAILURES.en.outdated).toBe(REASONS.SERVER_OUTDATED.message);
  });
});

describe('plurals, ordinals and lists', () => {
  it('counts and orders in English as English does', () => {
    expect(readyCountText(1, 1, 'Reflections')).toBe('1 of 1 coach ready for Reflections');
    expect(readyCountText(2, 3, 'Reflections')).toBe('2 of 3 coaches ready for Reflections');
    expect(t('lobby.role.coachTurn', { place: 1, turns: 1 })).toBe("You'll take the one coach turn.");
    expect(t('lobby.role.coachTurn', { place: 2, turns: 3 })).toBe("You'll take the 2nd of 3 coach turns.");
    expect(t('lobby.role.turnAfterHost', { place: 1, turns: 1 })).toBe("You'll speak after the host.");
    expect(t('lobby.role.turnAfterHost', { place: 3, turns: 4 })).toBe("You'll speak 3rd of 4, after the host.");
    expect(handPlaceText(22)).toBe('Your hand is up: 22nd in the queue.');
    // First in the turns is "first" in every phase before them, as in the one just before.
    expect(standingText({ kind: 'waiting', place: 1, of: 3, turnsIn: 2 }, () => 'Bravo turns')).toBe("You're first in Bravo turns");
    expect(standingText({ kind: 'next', turnsIn: 2 }, () => 'Bravo turns')).toBe("You're first in Bravo turns");
    expect(standingText({ kind: 'waiting', place: 2, of: 3, turnsIn: 2 }, () => 'Bravo turns')).toBe("You're 2nd in Bravo turns");
    // One out of the order is told so: the phase's words to coaches are not theirs to act on.
    expect(standingText({ kind: 'listening' }, () => 'Bravo turns')).toBe("You're listening, not coaching.");
    expect(listText(['Ana', 'Bo', 'Cy'])).toBe('Ana, Bo and Cy');
    expect(durationText(4 * 60_000 + 30_000)).toBe('4 min 30 s');
    expect(t('create.fit.tooShort', { wanted: 1, people: 4, shortest: 30 })).toBe('1 minute is too short for 4 people: even at its shortest this format takes 30 minutes.');
  });

  it('counts and orders in German as German does', async () => {
    await showLanguage('de');
    expect(readyCountText(1, 1, 'Reflexionen')).toBe('Reflexionen: 1 von 1 Berater·in bereit');
    expect(readyCountText(2, 3, 'Reflexionen')).toBe('Reflexionen: 2 von 3 Berater·innen bereit');
    expect(t('lobby.role.coachTurn', { place: 1, turns: 1 })).toBe('Du sprichst als einzige·r Berater·in.');
    expect(t('lobby.role.coachTurn', { place: 2, turns: 3 })).toBe('Du sprichst als 2. von 3 Berater·innen.');
    expect(standingText({ kind: 'waiting', place: 3, of: 4, turnsIn: null }, () => 'Reflexionen')).toBe('Du bist an 3. Stelle');
    expect(standingText({ kind: 'waiting', place: 3, of: 4, turnsIn: 1 }, () => 'Reflexionen')).toBe('Reflexionen: Du bist als 3. dran');
    expect(listText(['Ana', 'Bo', 'Cy'])).toBe('Ana, Bo und Cy');
    expect(durationText(20 * 60_000)).toBe('20 Min.');
    expect(SHORTCUTS.map(shownKeysText).slice(0, 3)).toEqual(['Leertaste', '→ oder N', '← oder B']);
    expect(t('create.fit.tooShort', { wanted: 1, people: 4, shortest: 30 })).toMatch(/^1 Minute ist zu kurz/);
    expect(t('create.fit.tooShort', { wanted: 20, people: 4, shortest: 30 })).toMatch(/^20 Minuten sind zu kurz/);
    expect([1, 2].map((count) => t('session.cannotAttend', { count }))).toEqual(['Kann nicht kommen', 'Können nicht kommen']);
  });

  it('counts and orders in Spanish as Spanish does', async () => {
    await showLanguage('es');
    expect(handPlaceText(2)).toBe('Has levantado la mano: vas en 2.º lugar.');
    expect(readyCountText(1, 4, 'Reflexiones')).toBe('Reflexiones: 1 de 4 coaches a punto');
    expect(listText(['Ana', 'Bo'])).toBe('Ana y Bo');
    expect(t('send.send', { count: 1, name: 'Gia' })).toBe('Enviar esta nota a Gia');
    expect(t('send.send', { count: 3, name: 'Gia' })).toBe('Enviar 3 notas a Gia');
    expect(t('create.fit.tooShort', { wanted: 1, people: 4, shortest: 30 })).toMatch(/^1 minuto no basta/);
    expect([1, 2].map((count) => t('session.offering', { count }))).toEqual(['Ofrece un caso', 'Ofrecen un caso']);
  });

  it('names the limit in a translated refusal', async () => {
    await showLanguage('de');
    expect(translateReason('CLINIC_FULL', REASON_VALUES.CLINIC_FULL)).toMatch(/Platz für \d+ Personen/);
  });
});

describe('which language a screen shows', () => {
  it("takes the first of the browser's languages the app ships, by its primary tag, else English", () => {
    expect(browserLanguage(['de-AT', 'en-GB'])).toBe('de');
    expect(browserLanguage(['fr-FR', 'es-MX', 'de'])).toBe('es');
    expect(browserLanguage(['fr', 'it'])).toBe('en');
    expect(browserLanguage([])).toBe('en');
    expect(LANGUAGES).toEqual(['en', 'de', 'es']);
  });
});

describe("a clinic's words in the language shown", () => {
  const clinic = () => clinicStateOf(createActor(clinicMachine, { input: { format: KOLLEGIALE_BERATUNG } }).start().getSnapshot());

  it("shows a library format's phases, roles and name in the format's own translation", async () => {
    await showLanguage('de');
    const shown = shownClinic(clinic());
    expect(shown.progress.format.name).toBe('Kollegiale Beratung');
    expect(shown.progress.plan.map((phase) => phase.title)).toEqual(['Casting', 'Spontanerzählung', 'Schlüsselfrage', 'Methodenwahl', 'Beratung', 'Abschluss']);
    expect(shown.progress.format.roles.map((role) => role.name)).toEqual(['Moderator·in', 'Prozessbeobachter·in']);
    expect(shown.progress.plan[1]!.guidance.caseGiver).toBe('Schildere die Situation, wie du sie siehst.');
  });

  it('keeps words the clinic no longer shares with the library, and everything in English', async () => {
    const stored = clinic();
    const edited = { ...stored.progress, plan: stored.progress.plan.map((phase, index) => (index === 0 ? { ...phase, title: 'Our own start' } : phase)) };
    const shown = translatedProgress(edited, FORMAT_LIBRARY, 'es');
    expect(shown.plan[0]!.title).toBe('Our own start');
    expect(shown.plan[0]!.purpose).toBe(KOLLEGIALE_BERATUNG.translations!.es!.phases.casting!.purpose);
    expect(shown.plan[1]!.title).toBe('Relato del caso');
    expect(translatedProgress(edited, FORMAT_LIBRARY, 'en')).toBe(edited);
    expect(translatedFormat(KOLLEGIALE_BERATUNG, 'en')).toBe(KOLLEGIALE_BERATUNG);
  });

  it('fills a format someone builds with words in the language they build it in, and it keeps them', async () => {
    await showLanguage('de');
    const built = customFormatOf({ name: 'Unser Format', rounds: 'one', phases: [{ title: 'Erzählen', floor: 'caseGiver', minutes: 5 }] }, builtFormatWords());
    expect(built.description).toBe('Ein Format mit einer Phase, gebaut von seiner Moderation.');
    expect(built.phases[0]!.guidance).toEqual({ caseGiver: 'Du hast das Wort.', listeners: 'Hör der Fallgeber·in zu.' });
    expect(translatedFormat(built, 'es')).toBe(built);
  });

  it("names a crew session's week in the language shown, and shows any other title as it was given", async () => {
    const session = { title: 'Dienstagscrew', crewWeek: 2 };
    expect(clinicTitleText(session)).toBe('Dienstagscrew: week 2');
    await showLanguage('de');
    expect(clinicTitleText(session)).toBe('Dienstagscrew: Woche 2');
    await showLanguage('es');
    expect(clinicTitleText(session)).toBe('Dienstagscrew: semana 2');
    expect(clinicTitleText({ title: 'Tuesday crew: week 2', crewWeek: null })).toBe('Tuesday crew: week 2');
    expect(clinicTitleText({ title: null, crewWeek: null })).toBeNull();
    // A clinic run by a node of the release before: no week is sent, and its title names it already.
    expect(clinicTitleText({ title: 'Tuesday crew: week 2' } as ClinicPreview)).toBe('Tuesday crew: week 2');
  });

  it('refuses translations in a format someone built: it keeps the one language it was written in', () => {
    const { translations, ...builtInEnglish } = KOLLEGIALE_BERATUNG;
    expect(customFormatSchema.safeParse(builtInEnglish).success).toBe(true);
    expect(customFormatSchema.safeParse({ ...builtInEnglish, translations }).success).toBe(false);
  });
});

describe('a refusal', () => {
  it("shows the server's detail of a bad request in English, and the reason's own sentence in another language", async () => {
    const refusal = { reason: 'INVALID_PAYLOAD' as const, message: 'Your name must be at most 40 characters.' };
    expect(refusalText(refusal)).toBe(refusal.message);
    await showLanguage('de');
    expect(refusalText(refusal)).toBe(catalogOf('de')['reason.INVALID_PAYLOAD']);
    expect(refusalText({ reason: 'CLINIC_NOT_FOUND', message: 'This clinic does not exist.' })).toBe(catalogOf('de')['reason.CLINIC_NOT_FOUND']);
  });
});
