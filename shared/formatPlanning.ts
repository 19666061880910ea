/**
 * Planning a clinic before it exists: how long a format takes for a number of people, and the
 * phase lengths that fit it into a given time. Pure; the create page shows what these say.
 */
import type { ClinicFormat } from './formatSchema.ts';
import { MAX_PHASE_MINUTES } from './protocol.ts';

export type PhaseMinutes = Readonly<Record<string, number>>;

export function defaultMinutesOf(format: ClinicFormat): Record<string, number> {
  return Object.fromEntries(format.phases.map((phase) => [phase.id, phase.defaultMinutes]));
}

/** The nearest number of people the format is made for: a format for 3 to 4 planned for 6 is planned for 4. */
export const peopleWithin = (format: ClinicFormat, people: number): number =>
  Math.min(format.participants.max, Math.max(format.participants.min, people));

/** How often each phase's minutes count for `people` taking part: per coach turn, per round. */
function timesEachPhaseRuns(format: ClinicFormat, people: number): number[] {
  const rounds = format.rounds === 'one' ? 1 : people;
  const coaches = Math.max(1, people - 1);
  return format.phases.map((phase) => rounds * (phase.floor.kind === 'eachCoach' ? coaches : 1));
}

/** The whole clinic's length in minutes for `people` taking part (the case giver and the coaches). */
export function totalMinutes(format: ClinicFormat, minutes: PhaseMinutes, people: number): number {
  const times = timesEachPhaseRuns(format, people);
  return format.phases.reduce((sum, phase, index) => sum + (minutes[phase.id] ?? phase.defaultMinutes) * times[index]!, 0);
}

export type Fit =
  /** `total` is as close to the target as whole minutes (and the longest phase) allow, never over it. */
  | { readonly fits: true; readonly minutes: Record<string, number>; readonly total: number }
  /** Even every phase at its minimum takes `shortest` minutes. */
  | { readonly fits: false; readonly shortest: number };

/**
 * Phase lengths that fit `people` into `targetMinutes`: the format's defaults scaled to the target
 * in whole minutes, never below a phase's minimum, then nudged a minute at a time (the longest
 * phases give or take first) to come as close to the target as possible without going over it.
 */
export function fitToMinutes(format: ClinicFormat, people: number, targetMinutes: number): Fit {
  const times = timesEachPhaseRuns(format, people);
  const minimums = format.phases.map((phase) => phase.minimumMinutes);
  const shortest = minimums.reduce((sum, minimum, index) => sum + minimum * times[index]!, 0);
  if (targetMinutes < shortest) return { fits: false, shortest };
  const defaults = format.phases.map((phase) => phase.defaultMinutes);
  const scale = targetMinutes / defaults.reduce((sum, value, index) => sum + value * times[index]!, 0);
  const chosen = defaults.map((value, index) => Math.min(MAX_PHASE_MINUTES, Math.max(minimums[index]!, Math.round(value * scale))));
  const total = () => chosen.reduce((sum, value, index) => sum + value * times[index]!, 0);
  const byLength = () => chosen.map((_, index) => index).sort((a, b) => chosen[b]! - chosen[a]!);
  while (total() > targetMinutes) {
    const index = byLength().find((candidate) => chosen[candidate]! > minimums[candidate]!)!;
    chosen[index] = chosen[index]! - 1;
  }
  for (let grown = true; grown; ) {
    grown = false;
    for (const index of byLength()) {
      if (chosen[index]! < MAX_PHASE_MINUTES && total() + times[index]! <= targetMinutes) {
        chosen[index] = chosen[index]! + 1;
        grown = true;
        break;
      }
    }
  }
  return { fits: true, minutes: Object.fromEntries(format.phases.map((phase, index) => [phase.id, chosen[index]!])), total: total() };
}
