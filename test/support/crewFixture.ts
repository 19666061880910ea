/** Crews for the crew tests: stored records the schema accepts, and sessions held as the server will hold them. */
import { createActor } from 'xstate';
import { clinicMachine } from '../../shared/clinicMachine.ts';
import { isInTurnsPhase } from '../../shared/clinicSteps.ts';
import { sessionSummaryOf } from '../../shared/crewHistory.ts';
import { formatOf, sessionLineup, type Crew } from '../../shared/crewRota.ts';
import { plannedSessions } from '../../shared/crewSchedule.ts';
import type { Cadence } from '../../shared/wallTimes.ts';
import { CREW_SCHEMA_VERSION, storedCrewSchema, type CrewSession, type StoredCrew } from '../../shared/crewSchema.ts';

export const NAMES = ['Orla', 'Ben', 'Cleo', 'Dev', 'Ema', 'Finn', 'Gia', 'Hal', 'Ines', 'Jo', 'Kit', 'Lu'];
/** A Saturday in February 2027, before the crew's first Tuesday. */
export const CREATED_AT = Date.UTC(2027, 1, 20, 12);
export const BERLIN_TUESDAYS: Cadence = { weekday: 2, time: '19:00', timeZone: 'Europe/Berlin', startsOn: '2027-03-01' };

const hashOf = (seed: number) => `${String(seed).padStart(3, '0')}${'h'.repeat(40)}`;

export function crewOf(size: number, { weeks = 6, formatId = 'classic', cadence = BERLIN_TUESDAYS }: { weeks?: number; formatId?: string; cadence?: Cadence } = {}): StoredCrew {
  const members = NAMES.slice(0, size).map((name, index) => ({ id: name.toLowerCase(), name, tokenHashes: [hashOf(index)], joinedAt: CREATED_AT + index }));
  return storedCrewSchema.parse({
    schemaVersion: CREW_SCHEMA_VERSION,
    id: 'crew-tuesday',
    name: 'Tuesday crew',
    theme: 'wellbeing',
    createdAt: CREATED_AT,
    updatedAt: CREATED_AT,
    revision: 0,
    cadence,
    weeks,
    defaultFormat: { kind: 'library', formatId },
    organiserKeyHash: hashOf(999),
    organiserId: members[0]!.id,
    members,
    departedTokenHashes: [],
    openToNewMembers: true,
    sessions: plannedSessions(cadence, weeks, formatId),
    skippedDates: [],
    landing: null,
  });
}

/**
 * Session `index` runs as a clinic from the lineup the rota gives, every step in turn, each a
 * minute long, and closes: the session as the crew keeps it, with the clinic's id and summary.
 */
export function runSession(crew: Crew, index: number): CrewSession {
  const session = crew.sessions[index]!;
  const format = formatOf(crew, session)!;
  const { lineup, caseGiverIds } = sessionLineup(crew, index);
  let at = Date.UTC(2027, 2, 2, 18) + index * 7 * 86_400_000;
  const actor = createActor(clinicMachine, { input: { format } }).start();
  for (const participantId of lineup) actor.send({ type: 'PARTICIPANT_JOINED', participantId, at });
  actor.send({ type: 'SET_CASE_GIVER', participantId: caseGiverIds[0]!, at });
  if (format.rounds === 'eachCaseGiver') actor.send({ type: 'SET_ROUND_ORDER', caseGiverIds: [...caseGiverIds], at });
  actor.send({ type: 'START', at });
  for (let steps = 0; actor.getSnapshot().status === 'active'; steps += 1) {
    if (steps > 200) throw new Error('The session does not close');
    at += 60_000;
    actor.send({ type: isInTurnsPhase(actor.getSnapshot().context) ? 'NEXT_SPEAKER' : 'NEXT_PHASE', at });
  }
  return { ...session, clinicId: `clinic-${index}`, summary: sessionSummaryOf(actor.getSnapshot().context) };
}

/** The crew after session `index` was held. */
export const afterSession = <T extends Crew>(crew: T, index: number): T => ({
  ...crew,
  sessions: crew.sessions.map((session) => (session.index === index ? runSession(crew, index) : session)),
});
