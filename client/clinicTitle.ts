/** A clinic's title as shown: for a crew's session, the crew's name and its week, in the language shown. */
import type { ClinicPreview } from '../shared/protocol.ts';
import { t } from './language.ts';

/** "Tuesday crew: week 2" for a crew session, the title as given otherwise, null if there is none. */
export function clinicTitleText({ title, crewWeek }: ClinicPreview): string | null {
  // A node of the release before sends no week: its crew sessions' titles already name theirs.
  if (title === null || crewWeek == null) return title;
  return t('clinicTitle.crewWeek', { crew: title, week: crewWeek });
}
