/**
 * The words a format someone builds is filled in with, from the catalog of the language shown:
 * the format keeps them in that one language wherever it runs.
 */
import type { CustomFloor, CustomFormatWords } from '../../shared/customFormat.ts';
import { t, type MessageId } from '../language.ts';

const FLOORS: readonly CustomFloor[] = ['caseGiver', 'eachCoach', 'everyone', 'othersWhileAway', 'nobody'];

export function builtFormatWords(): CustomFormatWords {
  const line = (floor: CustomFloor, part: 'purpose' | 'caseGiver' | 'speaker' | 'listeners') => t(`builder.words.${floor}.${part}` as MessageId);
  return {
    floors: Object.fromEntries(
      FLOORS.map((floor) => [
        floor,
        { purpose: line(floor, 'purpose'), caseGiver: line(floor, 'caseGiver'), listeners: line(floor, 'listeners'), ...(floor === 'eachCoach' && { speaker: line(floor, 'speaker') }) },
      ]),
    ) as CustomFormatWords['floors'],
    description: (phases) => t('builder.words.description', { phases }),
    credit: t('builder.words.credit'),
  };
}
