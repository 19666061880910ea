/**
 * A format a facilitator builds: phases they name, each with who holds the floor and how long, and
 * everything else (ids, purpose, guidance for each audience) filled in from the floor, so that a
 * few choices make a complete, valid format. Pure; the create page builds with it, the server
 * validates the result like any format.
 */
import type { ClinicFormat, Floor, PhaseDefinition } from './formatSchema.ts';
import { MAX_PHASE_MINUTES, MIN_PHASE_MINUTES } from './protocol.ts';

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

/**
 * The words a built format is filled in with, in the language of whoever builds it: the format
 * keeps that one language (the builder's screen passes its catalog's words).
 */
export interface CustomFormatWords {
  /** What each audience is told in a phase of this floor, when nobody wrote words of their own. */
  readonly floors: Readonly<Record<CustomFloor, PhaseDefinition['guidance'] & { readonly purpose: string }>>;
  /** "A format of 4 phases, built by its facilitator." */
  readonly description: (phases: number) => string;
  readonly credit: string;
}

export const CUSTOM_FORMAT_PREFIX = 'custom-';

/** What keeps a draft from being a format yet (phases counted from 1). */
export type DraftProblem =
  | { readonly kind: 'noName' }
  | { readonly kind: 'noPhases' }
  | { readonly kind: 'unnamedPhase'; readonly phase: number }
  | { readonly kind: 'minutesOutOfRange'; readonly phase: number };

/** The first thing a draft still lacks, in the order the builder shows its fields; null once it is complete. */
export function draftProblem(draft: CustomFormatDraft): DraftProblem | null {
  if (draft.name.trim() === '') return { kind: 'noName' };
  if (draft.phases.length === 0) return { kind: 'noPhases' };
  for (const [index, phase] of draft.phases.entries()) {
    if (phase.title.trim() === '') return { kind: 'unnamedPhase', phase: index + 1 };
    if (!Number.isInteger(phase.minutes) || phase.minutes < MIN_PHASE_MINUTES || phase.minutes > MAX_PHASE_MINUTES) return { kind: 'minutesOutOfRange', phase: index + 1 };
  }
  return null;
}

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
export function customFormatOf(draft: CustomFormatDraft, words: CustomFormatWords, id = `${CUSTOM_FORMAT_PREFIX}${Date.now().toString(36)}`): ClinicFormat {
  const ids = phaseIds(draft.phases);
  return {
    id,
    name: draft.name.trim(),
    description: words.description(draft.phases.length),
    credit: words.credit,
    participants: { min: 2, max: 16 },
    rounds: draft.rounds,
    roles: [],
    phases: draft.phases.map((phase, index) => {
      const { purpose, ...guidance } = words.floors[phase.floor];
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

/** A draft to start from: the format's phases (in the words it is shown in), where the floors allow it, under a new name. */
export function draftFrom(format: ClinicFormat, name: string): CustomFormatDraft {
  return {
    name: name.slice(0, 60),
    rounds: format.rounds,
    phases: format.phases.map((phase) => ({
      title: phase.title,
      floor: phase.caseGiverTurnsAway ? 'othersWhileAway' : phase.floor.kind === 'role' ? 'everyone' : phase.floor.kind,
      minutes: phase.defaultMinutes,
    })),
  };
}
