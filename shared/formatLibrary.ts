/**
 * The library of clinic formats, one data file each under `formats/`. The machine walks whatever
 * phases a format gives it, so a new format is a new file listed here, not a change to any code.
 */
import type { ClinicFormat } from './formatSchema.ts';
import { ACTION_LEARNING } from './formats/actionLearning.ts';
import { CLASSIC } from './formats/classic.ts';
import { CREW_INTRO } from './formats/crewIntro.ts';
import { CREW_LANDING } from './formats/crewLanding.ts';
import { KOLLEGIALE_BERATUNG } from './formats/kollegialeBeratung.ts';
import { LIGHTER } from './formats/lighter.ts';
import { PRESENCING } from './formats/presencing.ts';
import { TROIKA } from './formats/troika.ts';
import { WISE_CROWDS } from './formats/wiseCrowds.ts';

/**
 * In the order the create page offers them; the first is the default. A crew's intro and landing
 * come last: crews schedule them, and anyone may run one on its own.
 */
export const FORMAT_LIBRARY: readonly ClinicFormat[] = [CLASSIC, PRESENCING, LIGHTER, TROIKA, WISE_CROWDS, ACTION_LEARNING, KOLLEGIALE_BERATUNG, CREW_INTRO, CREW_LANDING];

export const DEFAULT_FORMAT_ID = CLASSIC.id;

/** A Map, not an object: an id such as "constructor" or "__proto__" must find nothing. */
const BY_ID: ReadonlyMap<string, ClinicFormat> = new Map(FORMAT_LIBRARY.map((format) => [format.id, format]));

export function findFormat(formatId: string): ClinicFormat | undefined {
  return BY_ID.get(formatId);
}

export function getFormat(formatId: string): ClinicFormat {
  const format = findFormat(formatId);
  if (!format) throw new Error(`Unknown clinic format: ${formatId}`);
  return format;
}
