/**
 * Acknowledged means durable. A facilitator's commands stream in as fast as the server's pace
 * allows; the server process is killed with SIGKILL mid-stream and restarted on the same data dir
 * and port. Every command whose acknowledgement said ok must be in the clinic everyone sees after
 * the restart: the step's budget is the planned time plus every acknowledged adjustment, and the
 * timer is paused or running as the last acknowledged pause or resume left it.
 */
import { setTimeout as delay } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import type { StoredClinic } from '../../shared/storedClinicSchema.ts';
import type { Ack, CommandResult } from '../../shared/protocol.ts';
import { MS_PER_MINUTE } from '../../shared/time.ts';
import { invariantViolations } from '../support/clinicInvariants.ts';
import { commandAndSettle } from '../support/crew.ts';
import { createClinicAt, TestParticipant } from '../support/participant.ts';
import { freePort, makeDataDir, startServerProcess, type ServerProcess } from '../support/servers.ts';
import { rawQuery, SUITE_STORE } from '../support/testStores.ts';
import type { ClinicCommand } from '../../shared/protocolSchemas.ts';
import type { ActiveStep, ClinicState } from '../../shared/clinicStateSchema.ts';

/** Sent back to back at the start of each round: under the server's burst of 20, with room for the rejoin. */
const BURST_COMMANDS = 12;
/** Then one command per interval, 4 a second, under the server's refill of 5 a second. */
const COMMAND_INTERVAL_MS = 250;

/**
 * When a round's kill comes: as an acknowledgement arrives during the burst (the rest of the
 * burst is then in flight, some of it stored, some not), right after a paced command is sent (so
 * it is in flight), or at a moment unrelated to the stream.
 */
type KillMoment = { readonly afterOkAcks: number } | { readonly afterSent: number } | { readonly afterMs: number };
const KILL_MOMENTS: readonly KillMoment[] = [{ afterOkAcks: 1 }, { afterOkAcks: 6 }, { afterSent: BURST_COMMANDS + 2 }, { afterMs: 1_700 }];

const describeKill = (kill: KillMoment) =>
  'afterOkAcks' in kill ? `as ack ${kill.afterOkAcks} arrived` : 'afterSent' in kill ? `right after sending command ${kill.afterSent}` : `${kill.afterMs} ms in`;

/** Each round restarts a server process: on two busy cores the rounds together come near the suite's 30 s. */
const ROUNDS_LIMIT_MS = 90_000;
const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** The timer and budget a stream of commands should leave, command by command. */
interface TimerModel {
  readonly budgetMs: number;
  readonly paused: boolean;
}

interface SentCommand extends TimerModel {
  readonly command: ClinicCommand;
  /** The acknowledgement; null when none came before the server died; undefined while pending. */
  ack?: Ack<CommandResult> | null;
}

/**
 * The stream: adjustments (mostly +1 min, every third −1 min, so the sum is not a count) between
 * pause and resume, alternating, so every command is allowed whatever came before it.
 */
function nextCommand(model: TimerModel, index: number, adjustments: { count: number }): ClinicCommand {
  if (index % 2 === 1) return { type: model.paused ? 'RESUME' : 'PAUSE' };
  adjustments.count += 1;
  return { type: 'ADJUST_TIME', deltaMs: adjustments.count % 3 === 0 ? -MS_PER_MINUTE : MS_PER_MINUTE };
}

function afterCommand(model: TimerModel, command: ClinicCommand): TimerModel {
  switch (command.type) {
    case 'ADJUST_TIME':
      return { ...model, budgetMs: model.budgetMs + command.deltaMs };
    case 'PAUSE':
      return { ...model, paused: true };
    case 'RESUME':
      return { ...model, paused: false };
    default:
      throw new Error(`The stream does not send ${command.type}`);
  }
}

/**
 * Sends the stream from `start` (at `startRevision`) until the kill comes, then waits for the server
 * to be gone. The commands are pipelined on purpose, each made against the state the one before it
 * will leave, so none is stale.
 */
async function streamUntilKilled(
  fran: TestParticipant,
  server: ServerProcess,
  kill: KillMoment,
  { start, startRevision }: { start: TimerModel; startRevision: number },
  adjustments: { count: number },
) {
  const sent: SentCommand[] = [];
  const answers: Array<Promise<void>> = [];
  let killed: Promise<void> | null = null;
  const killNow = () => {
    killed ??= server.stop('SIGKILL');
  };
  const timer = 'afterMs' in kill ? setTimeout(killNow, kill.afterMs) : undefined;
  let okAcks = 0;
  let model = start;
  // Nothing is sent once the kill is under way: a command emitted after it would wait in the
  // client's buffer and reach the restarted server, muddling what the kill interrupted.
  for (let index = 0; killed === null; index += 1) {
    const command = nextCommand(model, index, adjustments);
    model = afterCommand(model, command);
    const entry: SentCommand = { command, ...model };
    sent.push(entry);
    if ('afterSent' in kill && sent.length === kill.afterSent) queueMicrotask(killNow); // once this command is on the wire
    answers.push(
      fran.command(command, startRevision + index).then(
        (ack) => {
          entry.ack = ack;
          if (ack.ok && 'afterOkAcks' in kill && ++okAcks === kill.afterOkAcks) killNow();
        },
        () => {
          entry.ack = null;
        },
      ),
    );
    if (index + 1 >= BURST_COMMANDS) await delay(COMMAND_INTERVAL_MS);
  }
  clearTimeout(timer);
  await killed;
  await Promise.all(answers);
  return sent;
}

/** What the server had made durable when it died, read straight from its store. */
async function storedClinic(dataDir: string, clinicId: string): Promise<{ revision: number; step: ActiveStep | null }> {
  const [row] = await rawQuery(SUITE_STORE, dataDir, 'SELECT record FROM clinics WHERE id = $1', [clinicId]);
  if (!row) throw new Error('The clinic is not in the store at all');
  const record = JSON.parse(row.record as string) as StoredClinic;
  return { revision: record.revision, step: record.progress.step };
}

const deltaOf = (entry: SentCommand) => (entry.command.type === 'ADJUST_TIME' ? entry.command.deltaMs : 0);
const sameTimer = (a: TimerModel, b: TimerModel) => a.budgetMs === b.budgetMs && a.paused === b.paused;

/**
 * What one round's kill did. `applied` is how many of the sent commands the store holds: one
 * revision per command, and nothing else changes the clinic during the stream. An acknowledged
 * command is lost if the store's revision does not reach it, or if the stored timer is not what
 * the commands up to it make it (then the store reflects only the longest prefix it matches).
 */
function accountFor(sent: readonly SentCommand[], baseRevision: number, start: TimerModel, stored: { revision: number; step: ActiveStep | null }) {
  const acknowledged = sent.filter((entry) => entry.ack?.ok).length;
  const refused = sent.flatMap((entry) => (entry.ack && !entry.ack.ok ? [entry.ack.error] : []));
  const unanswered = sent.filter((entry) => entry.ack === null).length;
  /** Of the first `acknowledged` sent: all acknowledged, in order, one revision each, if all is well. */
  const revisions = sent.slice(0, acknowledged).map((entry) => (entry.ack?.ok ? entry.ack.data.revision : NaN));
  const applied = stored.revision - baseRevision;
  const timerAfter = (count: number): TimerModel => (count === 0 ? start : sent[count - 1]!);
  const storedTimer: TimerModel = { budgetMs: stored.step?.budgetMs ?? NaN, paused: stored.step?.timer.status === 'paused' };
  let reflected = Math.min(applied, sent.length);
  while (reflected > 0 && !sameTimer(timerAfter(reflected), storedTimer)) reflected -= 1;
  const expectedTimer = timerAfter(Math.max(0, Math.min(applied, sent.length)));
  return {
    acknowledged,
    refused,
    unanswered,
    revisions,
    applied,
    lost: Math.max(0, acknowledged - reflected),
    storedTimer,
    expectedTimer: { budgetMs: expectedTimer.budgetMs, paused: expectedTimer.paused },
  };
}

/** Waits until every device is back and holds the same, latest state. */
async function settled(crew: readonly TestParticipant[], after: (state: ClinicState) => boolean): Promise<ClinicState> {
  await Promise.all(crew.map((member) => member.waitFor((state) => after(state) && member.socket.connected, 'the restarted clinic')));
  await Promise.all(crew.map((member) => member.rejoining));
  // Each rejoin reaches the others at the same revision (who is online is not saved): wait until
  // every device has seen everyone back.
  const latest = Math.max(...crew.map((member) => member.state!.revision));
  const everyoneBack = (state: ClinicState) => state.revision >= latest && state.participants.every((person) => person.online);
  const states = await Promise.all(crew.map((member) => member.waitFor(everyoneBack, 'everyone back')));
  for (const state of states) expect(state).toEqual(states[0]);
  return states[0]!;
}

describe('a server killed in the middle of a stream of commands', () => {
  it('keeps every acknowledged command, round after round', async () => {
    const { dataDir, remove } = makeDataDir();
    cleanups.push(remove);
    const port = await freePort();
    let server = await startServerProcess({ dataDir, port });
    cleanups.push(() => server.stop('SIGKILL'));

    const { clinicId, facilitatorKey } = await createClinicAt(server.url);
    const fran = await TestParticipant.join(server.url, clinicId, 'Fran', facilitatorKey);
    const gia = await TestParticipant.join(server.url, clinicId, 'Gia');
    const ana = await TestParticipant.join(server.url, clinicId, 'Ana');
    const crew = [fran, gia, ana];
    cleanups.push(() => crew.forEach((member) => member.close()));
    await commandAndSettle(fran, crew, { type: 'SET_CASE_GIVER', participantId: gia.id });
    let state = await commandAndSettle(fran, crew, { type: 'START' });
    const plannedMs = state.progress.step!.plannedMs;

    const adjustments = { count: 0 };
    let acknowledgedDeltaMs = 0;
    let storedUnacknowledgedDeltaMs = 0;
    const report: string[] = [];
    for (const [round, kill] of KILL_MOMENTS.entries()) {
      const base = state;
      const baseStep = base.progress.step!;
      const start: TimerModel = { budgetMs: baseStep.budgetMs, paused: baseStep.timer.status === 'paused' };
      const sent = await streamUntilKilled(fran, server, kill, { start, startRevision: base.revision }, adjustments);
      const stored = await storedClinic(dataDir, clinicId);

      const outcome = accountFor(sent, base.revision, start, stored);
      acknowledgedDeltaMs += sent.slice(0, outcome.acknowledged).reduce((sum, entry) => sum + deltaOf(entry), 0);
      storedUnacknowledgedDeltaMs += sent.slice(outcome.acknowledged, outcome.applied).reduce((sum, entry) => sum + deltaOf(entry), 0);
      report.push(
        `round ${round + 1} (killed ${describeKill(kill)}): sent ${sent.length}, acknowledged ok ${outcome.acknowledged}, refused ${outcome.refused.length}, ` +
          `unanswered ${outcome.unanswered}, stored ${outcome.applied} (${Math.max(0, outcome.applied - outcome.acknowledged)} of them unacknowledged), ` +
          `lost acknowledged ${outcome.lost}`,
      );
      console.log(report.at(-1));

      // Soft, so every round runs and reports even when one loses commands.
      expect.soft(outcome.lost, `acknowledged commands lost in round ${round + 1}`).toBe(0);
      expect.soft(outcome.storedTimer, `the stored timer after round ${round + 1}`).toEqual(outcome.expectedTimer);
      expect.soft(stored.step?.budgetMs, 'planned time plus every stored adjustment').toBe(plannedMs + acknowledgedDeltaMs + storedUnacknowledgedDeltaMs);
      expect.soft(outcome.acknowledged, 'acknowledged commands before the kill').toBeGreaterThan(0);
      expect.soft(outcome.refused, 'refused commands (the stream keeps to the pace and the rules)').toEqual([]);
      expect.soft(outcome.revisions, 'revisions of the first commands sent, each acknowledged in turn').toEqual(outcome.revisions.map((_, index) => base.revision + index + 1));

      // The restarted server serves exactly what was stored, to every device, which reconnect by themselves.
      server = await startServerProcess({ dataDir, port });
      // A paused clinic comes back at the stored revision: devices rejoining save nothing.
      state = await settled(crew, (candidate) => candidate.revision >= stored.revision);
      expect.soft(state.progress.step, 'the step every device sees after the restart').toEqual(stored.step);
      expect.soft(invariantViolations(state), 'the restored clinic').toEqual([]);
    }
    console.log(
      `durability: ${report.length} kills; budget = ${plannedMs / MS_PER_MINUTE} min planned, ${acknowledgedDeltaMs / MS_PER_MINUTE} min of acknowledged ` +
        `adjustments, ${storedUnacknowledgedDeltaMs / MS_PER_MINUTE} min of adjustments stored before their acknowledgement could arrive`,
    );

    // And the facilitator still drives it.
    const next = await commandAndSettle(fran, crew, { type: 'NEXT_PHASE' });
    expect(next.progress.step!.phaseIndex).toBe(1);
  }, ROUNDS_LIMIT_MS);
});
