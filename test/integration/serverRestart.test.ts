import { afterEach, describe, expect, it } from 'vitest';
import { freePort, makeDataDir, startServerProcess, type ServerProcess } from '../support/servers.ts';
import { createClinicAt, TestParticipant } from '../support/participant.ts';
import { rawQuery, SUITE_STORE } from '../support/testStores.ts';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function serverOn(dataDir: string, port: number): Promise<ServerProcess> {
  const server = await startServerProcess({ dataDir, port });
  cleanups.push(() => server.stop('SIGKILL'));
  return server;
}

/** A server child process on a fresh data dir, and a clinic on it with Fran facilitating and Gia. */
async function clinicOnServerProcess(extraNames: string[] = []) {
  const { dataDir, remove } = makeDataDir();
  cleanups.push(remove);
  const port = await freePort();
  const first = await serverOn(dataDir, port);
  const { clinicId, facilitatorKey } = await createClinicAt(first.url);
  const fran = await TestParticipant.join(first.url, clinicId, 'Fran', facilitatorKey);
  const others = [];
  for (const name of ['Gia', ...extraNames]) others.push(await TestParticipant.join(first.url, clinicId, name));
  const crew = [fran, ...others];
  cleanups.push(() => crew.forEach((member) => member.close()));
  return { dataDir, port, first, clinicId, fran, gia: others[0]!, others, crew };
}

describe('a server restart mid-clinic', () => {
  it('resumes the clinic after SIGKILL: clients reconnect by themselves to the same phase, speaker and deadline', async () => {
    const { dataDir, port, first, fran, gia, crew } = await clinicOnServerProcess(['Ana']);

    for (const command of [
      { type: 'SET_CASE_GIVER', participantId: gia.id },
      { type: 'START' },
      { type: 'NEXT_PHASE' },
      { type: 'NEXT_SPEAKER' },
      { type: 'ADJUST_TIME', deltaMs: 60_000 },
    ] as const) {
      const reply = await fran.command(command);
      expect(reply.ok).toBe(true);
    }
    const before = await gia.waitFor((state) => state.progress.step?.budgetMs === 6 * 60_000, 'the added minute');
    const beforeStep = before.progress.step!;

    // The acknowledged commands were written before their acks, so a hard kill loses none of them.
    const disconnected = crew.map((member) => new Promise((resolve) => member.socket.once('disconnect', resolve)));
    await first.stop('SIGKILL');
    await Promise.all(disconnected);
    await serverOn(dataDir, port);

    const after = await Promise.all(
      crew.map((member) => member.waitFor((state) => state.revision > before.revision && member.socket.connected, 'the resumed clinic')),
    );
    for (const state of after) {
      expect(state.progress.step).toEqual(beforeStep);
      expect(state.stage).toBe('running');
    }
    expect(fran.me!.isFacilitator).toBe(true);
    const next = await fran.command({ type: 'NEXT_SPEAKER' });
    expect(next.ok).toBe(true);
  });
});

describe('a deadline that passed while the server was down', () => {
  it('is in overtime as soon as the clinic is back, as if the server had stayed up', async () => {
    const { dataDir, port, first, clinicId, fran, gia } = await clinicOnServerProcess();
    await fran.command({ type: 'SET_CASE_GIVER', participantId: gia.id });
    await fran.command({ type: 'START' });
    await first.stop('SIGKILL');

    // Stand-in for a long outage: move the stored deadline five minutes into the past.
    const deadlineAt = Date.now() - 5 * 60_000;
    const [row] = await rawQuery(SUITE_STORE, dataDir, 'SELECT record FROM clinics WHERE id = $1', [clinicId]);
    const stored = JSON.parse(row!.record as string);
    stored.progress.step.timer = { status: 'running', deadlineAt };
    await rawQuery(SUITE_STORE, dataDir, 'UPDATE clinics SET record = $1 WHERE id = $2', [JSON.stringify(stored), clinicId]);

    await serverOn(dataDir, port);
    const state = await gia.waitFor((s) => s.progress.step?.timer.status === 'running' && s.progress.step.timer.deadlineAt === deadlineAt);
    expect(state.stage).toBe('overtime');
  });
});
