import type { ClinicFormat } from '../../shared/formatSchema.ts';
import { translatedFormat } from '../../shared/formatTranslation.ts';
import { useLanguage } from '../language.ts';

/** The options of a format picker: one per format, by its name in the language shown. */
export function FormatOptions({ formats }: { readonly formats: readonly ClinicFormat[] }) {
  const language = useLanguage();
  return (
    <>
      {formats.map((format) => (
        <option key={format.id} value={format.id}>
          {translatedFormat(format, language).name}
        </option>
      ))}
    </>
  );
}
