/**
 * The steps that bring a stored clinic of any earlier version up to the current one (run by
 * `recordMigrations.ts`). Clinics are kept for days, so a deploy meets records written by the code
 * before it. Append-only. Version 1 had no `schemaVersion`.
 */
import { migrateRecord, type RawRecord, type RecordMigration } from './recordMigrations.ts';
import { STORED_CLINIC_VERSION, storedClinicSchema, type StoredClinic } from './storedClinicSchema.ts';

/** XState's persisted state values of the version-1 machine, by the stage they stand for. */
function stageOfMachineValue(value: unknown): string {
  if (value === 'lobby' || value === 'closed') return value;
  const live = (value as { live?: unknown } | null)?.live;
  if (live === 'paused') return 'paused';
  const running = (live as { running?: unknown } | null)?.running;
  if (running === 'overtime') return 'overtime';
  if (running === 'onTime' || running === 'checkingDeadline') return 'running';
  throw new Error(`A stored clinic has a machine state no version knew: ${JSON.stringify(value)}`);
}

/**
 * The one format version 2 knew, as it stood then: records of that version name its phases by id
 * and looked their words up in code, so the words are kept here exactly as they were.
 */
const VERSION_2_CLASSIC_PHASES: Readonly<Record<string, { title: string; purpose: string; caseGiver: string; others: string; minimumMinutes: number }>> = {
  case: {
    title: 'Case',
    purpose: 'The case giver tells the case; coaches only ask clarifying questions.',
    caseGiver: 'Tell your case in your own words. Coaches only ask clarifying questions.',
    others: 'Listen closely. Clarifying questions only: no advice, no opinions yet.',
    minimumMinutes: 1,
  },
  reflections: {
    title: 'Reflections',
    purpose: 'Each coach in turn reflects what they heard and felt, without advice.',
    caseGiver: 'Just listen: coaches reflect what they heard and felt. No advice yet.',
    others: 'Reflect back what you heard and how it made you feel. No advice yet.',
    minimumMinutes: 1,
  },
  response: {
    title: 'Response',
    purpose: 'The case giver says what it was like to share and to hear the reflections.',
    caseGiver: 'Say what it was like to share your case and to hear the reflections.',
    others: 'Listen to how the reflections landed. Hold your advice a little longer.',
    minimumMinutes: 1,
  },
  dialogue: {
    title: 'Dialogue',
    purpose: 'An open conversation in which advice is welcome.',
    caseGiver: 'Open dialogue: explore together. Advice is welcome now.',
    others: 'Open dialogue: explore together with the case giver. Advice is welcome now.',
    minimumMinutes: 1,
  },
};

type RawStep = Record<string, unknown>;
const inRoundOne = (steps: unknown) => (steps as RawStep[]).map((step) => ({ roundIndex: 0, ...step }));

export const MIGRATIONS: readonly RecordMigration[] = [
  {
    to: 2,
    does: "keeps the clinic's domain state (stage and progress) instead of XState's persisted snapshot",
    up: ({ machine, ...record }) => {
      const { value, context } = machine as { value: unknown; context: RawRecord };
      // Records saved before `undone` existed have none.
      return { ...record, schemaVersion: 2, stage: stageOfMachineValue(value), progress: { undone: [], ...context } };
    },
  },
  {
    to: 3,
    does: 'keeps the format in the clinic (phase words, floors, rounds, roles), one lineup with a case giver per round, and the round of every step',
    up: ({ progress, ...record }) => {
      const { formatId, plan, caseGiverId, coachIds, step, finished, undone, ...rest } = progress as RawRecord & {
        plan: Array<{ phaseId: string; speaker: string; durationMs: number; autoAdvance: string }>;
        caseGiverId: string | null;
        coachIds: string[];
      };
      if (formatId !== 'classic') throw new Error(`version 2 knew only the classic format, not ${String(formatId)}`);
      return {
        ...record,
        schemaVersion: 3,
        progress: {
          ...rest,
          format: { id: 'classic', name: 'Microsolidarity case clinic', rounds: 'one', roles: [] },
          plan: plan.map(({ phaseId, speaker, durationMs, autoAdvance }) => {
            const words = VERSION_2_CLASSIC_PHASES[phaseId];
            if (!words) throw new Error(`the classic format had no phase ${phaseId}`);
            return {
              phaseId,
              title: words.title,
              purpose: words.purpose,
              floor: { kind: speaker },
              caseGiverTurnsAway: false,
              guidance: speaker === 'eachCoach' ? { caseGiver: words.caseGiver, speaker: words.others, listeners: words.others } : { caseGiver: words.caseGiver, listeners: words.others },
              durationMs,
              minimumMs: words.minimumMinutes * 60_000,
              autoAdvance,
            };
          }),
          lineup: caseGiverId === null ? coachIds : [caseGiverId, ...coachIds],
          caseGiverIds: caseGiverId === null ? [] : [caseGiverId],
          roleHolders: {},
          step: step === null ? null : { roundIndex: 0, ...(step as RawStep) },
          finished: inRoundOne(finished),
          undone: inRoundOne(undone),
        },
      };
    },
  },
  {
    to: 4,
    does: 'keeps the asides (signals, ready, passes, raised hands) and marks which phases take clarifying questions; none did before',
    up: ({ progress, ...record }) => {
      const { plan, ...rest } = progress as RawRecord & { plan: RawRecord[] };
      return {
        ...record,
        schemaVersion: 4,
        progress: { ...rest, plan: plan.map((phase) => ({ ...phase, clarifyingQuestions: false })) },
        asides: { signals: [], readyIds: [], passRequests: [], hands: [], questionsAnswered: {} },
      };
    },
  },
  {
    to: 5,
    does: "lets a format name the case giver's seat: a crew's intro and landing, the two formats whose seat was their host's, say so",
    up: ({ progress, ...record }) => {
      const { format, ...rest } = progress as RawRecord & { format: RawRecord };
      const hosted = format.id === 'crewIntro' || format.id === 'crewLanding';
      return { ...record, schemaVersion: 5, progress: { ...rest, format: hosted ? { ...format, caseGiverSeat: 'host' } : format } };
    },
  },
  {
    to: 6,
    does: 'marks the revision at which the lineup last changed, so an order made against an older lineup is refused; none was before',
    // Unknown for older records: no order in flight then is refused, as before.
    up: (record) => ({ ...record, schemaVersion: 6, lastLineupRevision: 0 }),
  },
  {
    to: 7,
    does: "keeps a crew session's week apart from its crew's name, so each device words the title in its own language",
    // Older crew sessions keep the English title they were given ("Tuesday crew: week 2"), whole.
    up: (record) => ({ ...record, schemaVersion: 7, crewWeek: null }),
  },
];

/** Parses a stored clinic of any known version into the current one; throws what is wrong otherwise. */
export const migrateStoredClinic = (raw: unknown): StoredClinic =>
  migrateRecord(raw, { name: 'clinic', version: STORED_CLINIC_VERSION, migrations: MIGRATIONS, schema: storedClinicSchema, unversionedIs: 1 });
