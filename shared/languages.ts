/**
 * The languages the app ships. English is the source every other language translates; the
 * formats carry their own translations for the rest (`translations` in shared/formats/*).
 */
export const LANGUAGES = ['en', 'de', 'es'] as const;
export type Language = (typeof LANGUAGES)[number];

export const BASE_LANGUAGE = 'en' satisfies Language;
export const TRANSLATED_LANGUAGES = ['de', 'es'] as const satisfies readonly Exclude<Language, typeof BASE_LANGUAGE>[];
export type TranslatedLanguage = (typeof TRANSLATED_LANGUAGES)[number];

export const isLanguage = (code: unknown): code is Language => LANGUAGES.includes(code as Language);
