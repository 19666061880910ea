/**
 * Clinic formats are data: the machine walks whatever phase list a format gives it, so a new
 * format is a new entry here, not a change to the machine.
 */
import type { SpeakerRule } from './clinicStateSchema.ts';

export interface PhaseDefinition {
  readonly id: string;
  readonly title: string;
  readonly speaker: SpeakerRule;
  /** For `eachCoach` phases this is the length of one coach's turn. */
  readonly defaultMinutes: number;
  /** One sentence for the case giver, shown large on their phone. */
  readonly caseGiverGuidance: string;
  /** One sentence for coaches and the facilitator. */
  readonly coachGuidance: string;
}

export interface ClinicFormat {
  readonly id: string;
  readonly title: string;
  readonly phases: readonly PhaseDefinition[];
}

export const CLASSIC_FORMAT: ClinicFormat = {
  id: 'classic',
  title: 'Case clinic (four phases)',
  phases: [
    {
      id: 'case',
      title: 'Case',
      speaker: 'caseGiver',
      defaultMinutes: 20,
      caseGiverGuidance: 'Tell your case in your own words. Coaches only ask clarifying questions.',
      coachGuidance: 'Listen closely. Clarifying questions only: no advice, no opinions yet.',
    },
    {
      id: 'reflections',
      title: 'Reflections',
      speaker: 'eachCoach',
      defaultMinutes: 5,
      caseGiverGuidance: 'Just listen: coaches reflect what they heard and felt. No advice yet.',
      coachGuidance: 'Reflect back what you heard and how it made you feel. No advice yet.',
    },
    {
      id: 'response',
      title: 'Response',
      speaker: 'caseGiver',
      defaultMinutes: 10,
      caseGiverGuidance: 'Say what it was like to share your case and to hear the reflections.',
      coachGuidance: 'Listen to how the reflections landed. Hold your advice a little longer.',
    },
    {
      id: 'dialogue',
      title: 'Dialogue',
      speaker: 'everyone',
      defaultMinutes: 35,
      caseGiverGuidance: 'Open dialogue: explore together. Advice is welcome now.',
      coachGuidance: 'Open dialogue: explore together with the case giver. Advice is welcome now.',
    },
  ],
};

/** A Map, not an object: an id such as "constructor" or "__proto__" must find nothing. */
const FORMATS: ReadonlyMap<string, ClinicFormat> = new Map([[CLASSIC_FORMAT.id, CLASSIC_FORMAT]]);

export const DEFAULT_FORMAT_ID = CLASSIC_FORMAT.id;

/** Bounds on a phase (or turn) length a facilitator may choose, in whole minutes. */
export const MIN_PHASE_MINUTES = 1;
export const MAX_PHASE_MINUTES = 120;

export function findFormat(formatId: string): ClinicFormat | undefined {
  return FORMATS.get(formatId);
}

export function getFormat(formatId: string): ClinicFormat {
  const format = findFormat(formatId);
  if (!format) throw new Error(`Unknown clinic format: ${formatId}`);
  return format;
}

export function defaultMinutesOf(format: ClinicFormat): Record<string, number> {
  return Object.fromEntries(format.phases.map((phase) => [phase.id, phase.defaultMinutes]));
}
