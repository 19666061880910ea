import type { ClinicFormat } from '../../shared/formatSchema.ts';

/** The options of a format picker: one per format, by its name. */
export function FormatOptions({ formats }: { readonly formats: readonly ClinicFormat[] }) {
  return (
    <>
      {formats.map((format) => (
        <option key={format.id} value={format.id}>
          {format.name}
        </option>
      ))}
    </>
  );
}
