/**
 * A format a facilitator builds: phases they name, each with who holds the floor and how long, and
 * everything else (ids, purpose, guidance for each audience) filled in from the floor, so that a
 * few choices make a complete, valid format. Pure; the create page builds with it, the server
 * validates the result like any format.
 */
import type { ClinicFormat, Floor, PhaseDefinition } from './formatSchema.ts';

/**
 * The floors a custom phase can have (roles need a format that names them), and one more: the
 * others talk while the case giver turns their back, as in Troika and Wise Crowds.
 */
export type CustomFloor = Exclude<Floor['kind'], 'role'> | 'othersWhileAway';

export interface CustomPhase {
  readonly title: string;
  readonly floor: CustomFloor;
  readonly minutes: number;
}

export interface CustomFormatDraft {
  readonly name: string;
  readonly rounds: ClinicFormat['rounds'];
  readonly phases: readonly CustomPhase[];
}

/** What each audience is told in a phase of this floor, when nobody wrote words of their own. */
const GUIDANCE_BY_FLOOR: Readonly<Record<CustomFloor, PhaseDefinition['guidance'] & { purpose: string }>> = {
  caseGiver: { purpose: 'The case giver speaks.', caseGiver: 'The floor is yours.', listeners: 'Listen to the case giver.' },
  eachCoach: {
    purpose: 'Each coach in turn.',
    caseGiver: 'Listen to each coach in turn.',
    speaker: 'Your turn: speak to the case giver.',
    listeners: 'Listen to each turn.',
  },
  everyone: { purpose: 'An open conversation.', caseGiver: 'Talk it through together.', listeners: 'Talk it through together.' },
  othersWhileAway: {
    purpose: 'The others talk about the case while the case giver listens with their back turned.',
    caseGiver: 'Turn your back (camera off) and listen. Say nothing.',
    listeners: 'Talk with each other about the case, as if the case giver were not there.',
  },
  nobody: { purpose: 'Silence.', caseGiver: 'Silence.', listeners: 'Silence.' },
};

export const CUSTOM_FORMAT_PREFIX = 'custom-';

/** A phase id from its title: letters and digits, unique within the format. */
function phaseIds(phases: readonly CustomPhase[]): string[] {
  const seen = new Set<string>();
  return phases.map((phase, index) => {
    const base = `p${index + 1}-${phase.title.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 24)}`.replace(/-$/, '');
    const id = seen.has(base) ? `${base}-${index}` : base;
    seen.add(id);
    return id;
  });
}

/** The complete format a draft describes; the server refuses it if it is not valid. */
export function customFormatOf(draft: CustomFormatDraft, id = `${CUSTOM_FORMAT_PREFIX}${Date.now().toString(36)}`): ClinicFormat {
  const ids = phaseIds(draft.phases);
  return {
    id,
    name: draft.name.trim(),
    description: `A format of ${draft.phases.length} phases, built by its facilitator.`,
    credit: 'Built by the facilitator.',
    participants: { min: 2, max: 16 },
    rounds: draft.rounds,
    roles: [],
    phases: draft.phases.map((phase, index) => {
      const { purpose, ...guidance } = GUIDANCE_BY_FLOOR[phase.floor];
      return {
        id: ids[index]!,
        title: phase.title.trim(),
        purpose,
        floor: { kind: phase.floor === 'othersWhileAway' ? 'everyone' : phase.floor },
        caseGiverTurnsAway: phase.floor === 'othersWhileAway',
        defaultMinutes: phase.minutes,
        minimumMinutes: 1,
        guidance,
        autoAdvance: 'off',
      };
    }),
  };
}

/** A draft to start from: the format's phases, where the floors allow it, under a new name. */
export function draftFrom(format: ClinicFormat): CustomFormatDraft {
  return {
    name: `My ${format.name}`.slice(0, 60),
    rounds: format.rounds,
    phases: format.phases.map((phase) => ({
      title: phase.title,
      floor: phase.caseGiverTurnsAway ? 'othersWhileAway' : phase.floor.kind === 'role' ? 'everyone' : phase.floor.kind,
      minutes: phase.defaultMinutes,
    })),
  };
}
