import { LANGUAGES, type Language } from '../../shared/languages.ts';
import { chooseLanguage, LANGUAGE_NAMES, t, useLanguage, type LanguageScope } from '../language.ts';

/**
 * The language this screen shows, switchable at any time and remembered for its scope: this
 * device, or this clinic's shared screen. Each language is named in itself, so someone who cannot
 * read the one shown still finds theirs.
 */
export function LanguagePicker({ scope }: { readonly scope: LanguageScope }) {
  const language = useLanguage();
  return (
    <label className="language-picker">
      <span>{scope.kind === 'screen' ? t('language.screenLabel') : t('language.label')}</span>
      <select data-testid="language" value={language} onChange={(event) => void chooseLanguage(scope, event.target.value as Language)}>
        {LANGUAGES.map((code) => (
          <option key={code} value={code} lang={code}>
            {LANGUAGE_NAMES[code]}
          </option>
        ))}
      </select>
    </label>
  );
}
