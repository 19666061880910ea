/**
 * Which language this device shows, and the catalogs behind it. English, the source, is built in;
 * every other language loads on demand, with the library formats' translations. A device follows
 * its browser until someone picks a language on it; the shared presenter screen keeps a language
 * of its own for each clinic, so the room reads the clinic in the language it is held in while
 * the facilitator's own screens stay in theirs.
 */
import { i18n, type Messages } from '@lingui/core';
import { useSyncExternalStore } from 'react';
import { appPageOf } from '../shared/appPaths.ts';
import type { ClinicState } from '../shared/clinicStateSchema.ts';
import type { ClinicFormat } from '../shared/formatSchema.ts';
import { translatedProgress } from '../shared/formatTranslation.ts';
import { isLanguage, type Language, type TranslatedLanguage } from '../shared/languages.ts';
import { REASONS, type Reason } from '../shared/reasons.ts';
import english from 'virtual:messages/en';
import type englishSource from './locales/en.json';

export type MessageId = keyof typeof englishSource;

/** Each language by its own name, as a person looking for theirs reads it. */
export const LANGUAGE_NAMES: Readonly<Record<Language, string>> = { en: 'English', de: 'Deutsch', es: 'Español' };

/** The English sentence of each reason code lives with the code in shared/; it holds no ICU syntax, so it is its own compiled form. */
const englishReasons = Object.fromEntries(Object.entries(REASONS).map(([reason, { message }]) => [`reason.${reason}`, [message]]));

const CATALOGS: Readonly<Record<TranslatedLanguage, () => Promise<{ default: Messages }>>> = {
  de: () => import('virtual:messages/de'),
  es: () => import('virtual:messages/es'),
};

/** Where a language choice is kept: one for the device, one per clinic for a shared screen. */
export type LanguageScope = { readonly kind: 'device' } | { readonly kind: 'screen'; readonly clinicId: string };
const DEVICE_KEY = 'case-clinic:language';
const storageKey = (scope: LanguageScope) => (scope.kind === 'device' ? DEVICE_KEY : `case-clinic:screen-language:${scope.clinicId}`);

/** The first of the browser's languages this app speaks ("de-AT" finds German), else English. */
export function browserLanguage(preferred: readonly string[]): Language {
  return preferred.map((tag) => tag.toLowerCase().split('-')[0]).find(isLanguage) ?? 'en';
}

/** Where the language of the page at `pathname` is kept: a clinic's shared screen has its own. */
export function languageScopeOf(pathname: string): LanguageScope {
  const page = appPageOf(pathname);
  return page?.page === 'clinic' && page.layout === 'present' ? { kind: 'screen', clinicId: page.clinicId } : { kind: 'device' };
}

/** What a scope shows: its own choice, else (for a shared screen) the device's, else the browser's. */
export function chosenLanguage(scope: LanguageScope): Language {
  const stored = [localStorage.getItem(storageKey(scope)), localStorage.getItem(DEVICE_KEY)].find(isLanguage);
  return stored ?? browserLanguage(navigator.languages);
}

let formatLibrary: readonly ClinicFormat[] = [];
const loaded = new Set<Language>();

/** Loads a language's catalog (and the formats' translations, once) and shows it. */
export async function showLanguage(language: Language): Promise<void> {
  if (language !== 'en' && !loaded.has(language)) {
    const [catalog, library] = await Promise.all([CATALOGS[language](), import('../shared/formatLibrary.ts')]);
    formatLibrary = library.FORMAT_LIBRARY;
    i18n.load(language, catalog.default);
    loaded.add(language);
  }
  i18n.activate(language);
}

/** Keeps the choice for this scope and switches to it. */
export function chooseLanguage(scope: LanguageScope, language: Language): Promise<void> {
  localStorage.setItem(storageKey(scope), language);
  return showLanguage(language);
}

/** A clinic that is gone needs no language for its shared screen. */
export const forgetScreenLanguage = (clinicId: string): void => localStorage.removeItem(storageKey({ kind: 'screen', clinicId }));

i18n.load('en', { ...english, ...englishReasons });
i18n.activate('en');

export const currentLanguage = (): Language => i18n.locale as Language;

/** How Intl should write for the language shown: this app's English is British (organiser, 19:00, "Ben, Cleo and Dev"). */
const INTL_LOCALES: Readonly<Record<Language, string>> = { en: 'en-GB', de: 'de-DE', es: 'es-ES' };
export const intlLocale = (): string => INTL_LOCALES[currentLanguage()];

/** "Ana", "Ana and Bo", "Ana, Bo and Cy", joined as the language shown joins a list. */
export const listText = (items: readonly string[]): string => new Intl.ListFormat(intlLocale(), { type: 'conjunction' }).format(items);

/** A message in the language shown now. */
export function t(id: MessageId, values?: Record<string, unknown>): string {
  return i18n._(id, values);
}

/** A reason code's sentence in the language shown. */
export function translateReason(reason: Reason, values?: Record<string, unknown>): string {
  return i18n._(`reason.${reason}`, values);
}

/** The clinic with its library format's words in the language shown (the state keeps them in English). */
export function shownClinic(clinic: ClinicState): ClinicState {
  const progress = translatedProgress(clinic.progress, formatLibrary, currentLanguage());
  return progress === clinic.progress ? clinic : { ...clinic, progress };
}

/** Calls `changed` whenever the language shown changes; returns how to stop. */
export const subscribeToLanguage = (changed: () => void): (() => void) => i18n.on('change', changed);

/**
 * The language shown now. The app's root calls it, so every view renders again in the new
 * language when someone switches.
 */
export function useLanguage(): Language {
  return useSyncExternalStore(subscribeToLanguage, currentLanguage, currentLanguage);
}
