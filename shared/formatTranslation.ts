/**
 * A library format, and a clinic run from one, in the language a screen shows. The clinic keeps
 * the format's English words (the source); a screen swaps in the format's own translation of each
 * word the clinic still uses unchanged, so a format someone built or edited keeps the words they
 * wrote, in their language.
 */
import type { ClinicProgress, PlannedPhase } from './clinicStateSchema.ts';
import type { ClinicFormat, FormatTranslation, RoleDefinition } from './formatSchema.ts';
import type { Language } from './languages.ts';

const translationOf = (format: ClinicFormat, language: Language): FormatTranslation | undefined =>
  language === 'en' ? undefined : format.translations?.[language];

/** The format's own words in `language`, or the format unchanged where it has none. */
export function translatedFormat(format: ClinicFormat, language: Language): ClinicFormat {
  const translation = translationOf(format, language);
  if (!translation) return format;
  return {
    ...format,
    name: translation.name,
    description: translation.description,
    credit: translation.credit,
    roles: format.roles.map((role) => ({ ...role, ...translation.roles?.[role.id] })),
    phases: format.phases.map((phase) => ({ ...phase, ...translation.phases[phase.id] })),
  };
}

/** `translated` where the clinic still has the library's English word for word, else what the clinic has. */
const sameOr = <T>(clinicWord: T, libraryWord: T, translated: T): T => (clinicWord === libraryWord ? translated : clinicWord);

function translatedPhase(planned: PlannedPhase, english: ClinicFormat, shown: ClinicFormat): PlannedPhase {
  const index = english.phases.findIndex((phase) => phase.id === planned.phaseId);
  const source = english.phases[index];
  const target = shown.phases[index];
  if (!source || !target) return planned;
  const guidance = planned.guidance;
  return {
    ...planned,
    title: sameOr(planned.title, source.title, target.title),
    purpose: sameOr(planned.purpose, source.purpose, target.purpose),
    guidance: {
      caseGiver: sameOr(guidance.caseGiver, source.guidance.caseGiver, target.guidance.caseGiver),
      listeners: sameOr(guidance.listeners, source.guidance.listeners, target.guidance.listeners),
      ...(guidance.speaker !== undefined && { speaker: sameOr(guidance.speaker, source.guidance.speaker, target.guidance.speaker ?? guidance.speaker) }),
    },
  };
}

function translatedRole(role: RoleDefinition, english: ClinicFormat, shown: ClinicFormat): RoleDefinition {
  const index = english.roles.findIndex((candidate) => candidate.id === role.id);
  const source = english.roles[index];
  const target = shown.roles[index];
  if (!source || !target) return role;
  return { ...role, name: sameOr(role.name, source.name, target.name), duty: sameOr(role.duty, source.duty, target.duty) };
}

/** A clinic's progress with its library format's words in `language`; `library` holds the formats with their translations. */
export function translatedProgress(progress: ClinicProgress, library: readonly ClinicFormat[], language: Language): ClinicProgress {
  const english = library.find((format) => format.id === progress.format.id);
  if (!english || !translationOf(english, language)) return progress;
  const shown = translatedFormat(english, language);
  return {
    ...progress,
    format: { ...progress.format, name: sameOr(progress.format.name, english.name, shown.name), roles: progress.format.roles.map((role) => translatedRole(role, english, shown)) },
    plan: progress.plan.map((planned) => translatedPhase(planned, english, shown)),
  };
}
