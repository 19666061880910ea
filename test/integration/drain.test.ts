/**
 * Draining. In process, with a save held open: /readyz turns 503, new connections and requests are
 * turned away, what was taken is answered, and clients are sent away to reconnect. Then SIGTERM
 * under load, on the built server started with plain node: it exits 0, and restarted on the same
 * data, nothing acknowledged is lost.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Ack, CommandResult } from '../../shared/protocol.ts';
import type { ClinicStore } from '../../server/store/clinicStore.ts';
import { createClinicAt, openSocket, TestParticipant } from '../support/participant.ts';
import { freePort, makeDataDir, startInProcessServer, startServerProcess } from '../support/servers.ts';

const CLINICS = 12;
/** Below the per-connection burst, so pacing refuses none of them. */
const COMMANDS_PER_CLINIC = 15;
const MINUTE_MS = 60_000;

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

interface RunningClinic {
  readonly fran: TestParticipant;
  readonly gia: TestParticipant;
  readonly budgetMs: number;
  readonly revision: number;
}

async function runningClinic(url: string, index: number): Promise<RunningClinic> {
  const { clinicId, facilitatorKey } = await createClinicAt(url);
  const fran = await TestParticipant.join(url, clinicId, `Fran ${index}`, facilitatorKey);
  const gia = await TestParticipant.join(url, clinicId, `Gia ${index}`);
  cleanups.push(() => [fran, gia].forEach((member) => member.close()));
  expect((await fran.command({ type: 'SET_CASE_GIVER', participantId: gia.id })).ok).toBe(true);
  const started = await fran.command({ type: 'START' });
  if (!started.ok) throw new Error(started.error.message);
  const state = await fran.waitForRevision(started.data.revision);
  return { fran, gia, budgetMs: state.progress.step!.budgetMs, revision: started.data.revision };
}

/** Holds every save from `hold()` on until `release()`. */
function saveGate() {
  let held: Promise<void> | null = null;
  let release = () => undefined as void;
  let arrived = () => undefined as void;
  let saveArrived = Promise.resolve();
  return {
    hold() {
      held = new Promise((resolve) => (release = resolve));
      saveArrived = new Promise((resolve) => (arrived = resolve));
    },
    release: () => release(),
    arrived: () => saveArrived,
    wrap: (store: ClinicStore): ClinicStore => ({
      ...store,
      save: async (record, expectedRevision) => {
        if (held) {
          arrived();
          await held;
        }
        return store.save(record, expectedRevision);
      },
    }),
  };
}

describe('a draining app', () => {
  it('is not ready, turns new connections and requests away, answers what it had taken, and sends clients away to reconnect', async () => {
    const gate = saveGate();
    const server = await startInProcessServer({ wrapStore: gate.wrap });
    cleanups.push(() => server.close());
    cleanups.push(() => gate.release());
    const { clinicId, facilitatorKey } = await createClinicAt(server.url);
    const fran = await TestParticipant.join(server.url, clinicId, 'Fran', facilitatorKey);
    cleanups.push(() => fran.close());

    gate.hold();
    const taken = fran.command({ type: 'SET_CUE_TIMES', cueTimes: { phaseWrapUpMs: 0, turnWrapUpMs: 0 } });
    await gate.arrived();
    const disconnected = new Promise<string>((resolve) => fran.socket.once('disconnect', resolve));
    const closed = server.app.close();

    const readiness = await fetch(`${server.url}/readyz`);
    expect(readiness.status).toBe(503);
    expect(await readiness.json()).toEqual({ ready: false });
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    const latecomer = openSocket(server.url);
    cleanups.push(() => {
      latecomer.close();
    });
    await new Promise((resolve) => latecomer.once('connect_error', resolve));
    expect(latecomer.active, 'a refused client keeps trying').toBe(true);
    // Answered in turn, after the one still saving. Pings are answered at once, and packets are
    // read in order: once this ping is answered, the server has the command.
    const late = fran.command({ type: 'SET_CUE_TIMES', cueTimes: { phaseWrapUpMs: 1_000, turnWrapUpMs: 0 } });
    await fran.socket.emitWithAck('clock:ping');

    gate.release();
    expect((await taken).ok).toBe(true);
    expect(await late).toMatchObject({ ok: false, error: { code: 'INTERNAL', reason: 'SERVER_RESTARTING', message: expect.stringMatching(/restarting/) } });
    await closed;
    // A dropped connection, not a Socket.IO disconnect: the client reconnects by itself.
    expect(await disconnected).toBe('transport close');
    expect(fran.socket.active).toBe(true);
  });
});

describe('SIGTERM while commands are in flight', () => {
  it('answers and saves what it had taken, sends clients away to reconnect, exits 0, and loses nothing acknowledged', async () => {
    const { dataDir, remove } = makeDataDir();
    cleanups.push(remove);
    const port = await freePort();
    const first = await startServerProcess({ dataDir, port, built: true });
    cleanups.push(() => first.stop('SIGKILL'));
    const clinics = await Promise.all(Array.from({ length: CLINICS }, (_, index) => runningClinic(first.url, index)));
    const disconnections = clinics.map(({ fran }) => new Promise<string>((resolve) => fran.socket.once('disconnect', resolve)));

    // Every command is on the wire before the signal; each adds a minute, made against the revision the one before it makes.
    let signalled = false;
    let answeredAfterSignal = 0;
    let firstAnswer: () => void = () => undefined;
    const answeredOnce = new Promise<void>((resolve) => (firstAnswer = resolve));
    const answers: Array<Promise<Ack<CommandResult> | 'unanswered'>> = clinics.flatMap(({ fran, revision }) =>
      Array.from({ length: COMMANDS_PER_CLINIC }, (_, index) =>
        fran.command({ type: 'ADJUST_TIME', deltaMs: MINUTE_MS }, revision + index).then(
          (ack) => {
            firstAnswer();
            if (signalled && ack.ok) answeredAfterSignal += 1;
            return ack;
          },
          () => 'unanswered' as const,
        ),
      ),
    );
    await answeredOnce;
    signalled = true;
    first.child.kill('SIGTERM');
    const exit = await first.exited;
    const acks = await Promise.all(answers);

    expect(exit, `the drained server's exit; its output:\n${first.output()}`).toEqual({ code: 0, signal: null });
    expect(first.output()).toMatch(/"msg":"drained"/);
    expect(acks.filter((ack) => ack === 'unanswered'), 'commands never answered').toEqual([]);
    const refusals = acks.flatMap((ack) => (ack !== 'unanswered' && !ack.ok ? [ack.error.reason] : []));
    expect(refusals.filter((reason) => reason !== 'SERVER_RESTARTING'), 'refusals other than a draining server’s').toEqual([]);
    expect(answeredAfterSignal, 'commands answered ok after SIGTERM, while draining').toBeGreaterThan(0);
    console.log(`drain: ${acks.length} commands sent, ${acks.length - refusals.length} acknowledged (${answeredAfterSignal} of them after SIGTERM), ${refusals.length} refused while draining`);
    // A dropped connection, not a Socket.IO disconnect: clients reconnect by themselves.
    expect(new Set(await Promise.all(disconnections))).toEqual(new Set(['transport close']));

    await startServerProcess({ dataDir, port, built: true }).then((second) => cleanups.push(() => second.stop('SIGKILL')));
    for (const [index, { fran, budgetMs }] of clinics.entries()) {
      const acknowledged = acks.slice(index * COMMANDS_PER_CLINIC, (index + 1) * COMMANDS_PER_CLINIC).filter((ack) => ack !== 'unanswered' && ack.ok).length;
      const restored = await fran.waitFor((state) => fran.socket.connected && state.progress.step?.budgetMs === budgetMs + acknowledged * MINUTE_MS, `its ${acknowledged} acknowledged minutes`);
      expect(restored.stage).toBe('running');
    }
  });
});
