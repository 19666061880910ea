/**
 * Clinics stored by the release before the versioned record (commit 5192e0a, fixtures captured
 * from its own server and SQLite store): a server of today opens that file, migrates each record on
 * load, lets everyone back in with the tokens their devices kept, and runs the clinic to its end.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { SQLITE_FILE_NAME } from '../../server/store/sqliteClinicStore.ts';
import type { ClinicState } from '../../shared/clinicStateSchema.ts';
import { isInTurnsPhase } from '../../shared/clinicSteps.ts';
import { PROTOCOL_VERSION } from '../../shared/protocol.ts';
import { STORED_CLINIC_VERSION } from '../../shared/storedClinicSchema.ts';
import { TestParticipant } from '../support/participant.ts';
import { makeDataDir, startInProcessServer, type InProcessServer } from '../support/servers.ts';
import { caseGiverOf } from '../../shared/lineup.ts';

const FIXTURES = join(import.meta.dirname, '../fixtures/v1');
const SECRETS = JSON.parse(readFileSync(join(FIXTURES, 'secrets.json'), 'utf8')) as Record<string, { facilitatorKey: string; tokens: Record<string, string> }>;

interface V1Progress {
  formatId: string;
  plan: Array<{ phaseId: string; speaker: string; durationMs: number; autoAdvance: string }>;
  caseGiverId: string;
  coachIds: string[];
  step: { timer: { status: string; deadlineAt?: number } } | null;
  finished: Array<Record<string, unknown>>;
  undone?: Array<Record<string, unknown>>;
}

interface V1Record {
  id: string;
  updatedAt: number;
  closedAt: number | null;
  machine: { value: unknown; context: V1Progress };
}

const readFixture = (name: string) => JSON.parse(readFileSync(join(FIXTURES, `${name}.json`), 'utf8')) as V1Record;

/** The table exactly as the version-1 store created it, holding one row as it wrote it. */
function writeV1Database(dataDir: string, record: V1Record): void {
  const db = new Database(join(dataDir, SQLITE_FILE_NAME));
  db.exec('CREATE TABLE clinics (id TEXT PRIMARY KEY, record TEXT NOT NULL, updated_at INTEGER NOT NULL, closed_at INTEGER) STRICT');
  db.prepare('INSERT INTO clinics (id, record, updated_at, closed_at) VALUES (?, ?, ?, ?)').run(record.id, JSON.stringify(record), record.updatedAt, record.closedAt);
  db.close();
}

function storedRow(dataDir: string, clinicId: string): { schemaVersion: number; revision: number } {
  const db = new Database(join(dataDir, SQLITE_FILE_NAME), { readonly: true });
  try {
    const row = db.prepare<[string], { record: string; revision: number }>('SELECT record, revision FROM clinics WHERE id = ?').get(clinicId)!;
    return { schemaVersion: (JSON.parse(row.record) as { schemaVersion: number }).schemaVersion, revision: row.revision };
  } finally {
    db.close();
  }
}

/** Where a restored clinic stands: a running step whose deadline has passed is in overtime. */
function expectedStage(record: V1Record): ClinicState['stage'] {
  const { value, context } = record.machine;
  if (value === 'lobby' || value === 'closed') return value;
  const timer = context.step!.timer;
  if (timer.status === 'paused') return 'paused';
  return Date.now() < timer.deadlineAt! ? 'running' : 'overtime';
}

/** The facilitator's next move towards the end: start, resume, the next coach, or the next phase. */
function nextMove(state: ClinicState) {
  if (state.stage === 'lobby') return { type: 'START' } as const;
  if (state.stage === 'paused') return { type: 'RESUME' } as const;
  return isInTurnsPhase(state.progress) ? ({ type: 'NEXT_SPEAKER' } as const) : ({ type: 'NEXT_PHASE' } as const);
}

let server: InProcessServer | undefined;
const opened: TestParticipant[] = [];
let cleanUp = () => undefined as void;

afterEach(async () => {
  for (const participant of opened.splice(0)) participant.close();
  await server?.close();
  server = undefined;
  cleanUp();
});

describe('a clinic stored by the release before versioned records', () => {
  it.each(['lobby', 'running', 'paused', 'overtimeAfterBack', 'closed'])('%s: loads, lets everyone back in, and runs to the end', async (name) => {
    const record = readFixture(name);
    const secrets = SECRETS[name]!;
    const { dataDir, remove } = makeDataDir();
    cleanUp = remove;
    writeV1Database(dataDir, record);
    server = await startInProcessServer({ dataDir });
    const back = async (who: string) => {
      const participant = await TestParticipant.rejoin(server!.url, record.id, who, secrets.tokens[who]!);
      opened.push(participant);
      return participant;
    };

    const fran = await back('Fran');
    const gia = await back('Gia');
    expect(fran.me!.isFacilitator).toBe(true);
    const restored = await gia.waitFor((state) => state.participants.some((participant) => participant.id === fran.id && participant.online));
    expect(restored.protocolVersion).toBe(PROTOCOL_VERSION);
    expect(restored.stage).toBe(expectedStage(record));
    // Everything the old record knew about the clinic's progress is there, in today's shape.
    const { formatId, plan, caseGiverId, coachIds, step, finished, undone = [], ...unchanged } = record.machine.context as V1Progress;
    expect(formatId).toBe('classic');
    expect(restored.progress).toEqual({
      ...unchanged,
      format: { id: 'classic', name: 'Microsolidarity case clinic', rounds: 'one', roles: [] },
      plan: plan.map(({ phaseId, speaker, durationMs, autoAdvance }) => expect.objectContaining({ phaseId, floor: { kind: speaker }, durationMs, autoAdvance })),
      lineup: [caseGiverId, ...coachIds],
      caseGiverIds: [caseGiverId],
      roleHolders: {},
      step: step && { roundIndex: 0, ...step },
      finished: finished.map((done) => ({ roundIndex: 0, ...done })),
      undone: undone.map((done) => ({ roundIndex: 0, ...done })),
    });
    expect(caseGiverOf(restored.progress)).toBe(gia.id);
    expect(restored.progress.plan.map((phase) => phase.title)).toEqual(['Case', 'Reflections', 'Response', 'Dialogue']);

    // The facilitator link still opens the clinic as Fran, with control.
    const franAgain = new TestParticipant(server.url, record.id, 'Fran', secrets.facilitatorKey);
    opened.push(franAgain);
    expect(await franAgain.join()).toMatchObject({ ok: true, data: { participantId: fran.id, isFacilitator: true } });
    if (secrets.tokens.Dee) {
      const dee = new TestParticipant(server.url, record.id, 'Dee');
      opened.push(dee);
      const reply = await dee.socket.emitWithAck('clinic:join', { protocolVersion: PROTOCOL_VERSION, clinicId: record.id, participantToken: secrets.tokens.Dee });
      expect(reply).toMatchObject({ ok: false, error: { code: 'REMOVED' } });
    }

    let state = fran.state!;
    for (let moves = 0; state.stage !== 'closed'; moves += 1) {
      if (moves > 12) throw new Error(`still not closed after ${moves} moves: ${state.stage}`);
      const reply = await fran.command(nextMove(state), state.revision);
      if (!reply.ok) throw new Error(`${nextMove(state).type} refused: ${reply.error.message}`);
      state = await gia.waitForRevision(reply.data.revision);
    }
    // Case, three coaches' turns, Response and Dialogue: every step of the clinic is in its summary.
    expect(state.progress.finished.map((step) => [step.phaseIndex, step.turnIndex])).toEqual([
      [0, 0],
      [1, 0],
      [1, 1],
      [1, 2],
      [2, 0],
      [3, 0],
    ]);
    // Saved back in today's shape, the compare-and-set column in step with the record.
    expect(storedRow(dataDir, record.id)).toEqual({ schemaVersion: STORED_CLINIC_VERSION, revision: state.revision });
  });
});
