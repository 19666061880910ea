/**
 * A clinic across the local cluster's three nodes (test/support/localCluster.ts: the built server
 * on Postgres and Redis, HAProxy in front) while its owner is killed, restarted, or paused past its
 * lease. Devices join through the proxy, as browsers do, plus one device on a node other than the
 * owner, so that some device is always connected where the clinic does not run. Each scenario
 * makes the turn run out while the owner is gone: the timer must fire once, on the next owner,
 * and every acknowledged command must be in the state every device ends with.
 */
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ClinicState } from '../../shared/clinicStateSchema.ts';
import type { FacilitatorCommand } from '../../shared/protocolSchemas.ts';
import { startLocalCluster, type ClusterNode, type LocalCluster } from '../support/localCluster.ts';
import { createClinicAt, TestParticipant } from '../support/participant.ts';
import { withClient } from '../support/testStores.ts';

/** The bound: a stopped node's clinics continue elsewhere within this. */
const HANDOVER_LIMIT_MS = 5_000;
const TURN_MS = 60_000;

let cluster: LocalCluster;
let redis: Redis;
beforeAll(async () => {
  cluster = await startLocalCluster();
  redis = new Redis(cluster.redisUrl);
});
afterAll(async () => {
  redis?.disconnect();
  await cluster?.stop();
});

const devices: TestParticipant[] = [];
/** Nodes a test killed or paused: each comes back, afresh, for the next test. */
const disturbed = new Set<ClusterNode>();
afterEach(async () => {
  for (const device of devices.splice(0)) device.close();
  for (const node of disturbed) {
    node.kill('SIGCONT');
    await node.restart();
  }
  disturbed.clear();
});

function disturb(node: ClusterNode, signal: NodeJS.Signals): void {
  disturbed.add(node);
  node.kill(signal);
}

/** The node holding the clinic's lease now, or null while none does. */
async function ownerOf(clinicId: string): Promise<ClusterNode | null> {
  const lease = await redis.get(`case-clinic:lease:${clinicId}`);
  const nodeId = lease?.slice(0, lease.indexOf('.'));
  return cluster.nodes.find((node) => node.id === nodeId) ?? null;
}

async function waitForNewOwner(clinicId: string, gone: ClusterNode, since: number): Promise<{ owner: ClusterNode; afterMs: number }> {
  for (;;) {
    const owner = await ownerOf(clinicId);
    const afterMs = performance.now() - since;
    if (owner && owner !== gone) return { owner, afterMs };
    if (afterMs > 3 * HANDOVER_LIMIT_MS) throw new Error(`No node took clinic ${clinicId} over from ${gone.id} in ${Math.round(afterMs)} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function join(url: string, clinicId: string, name: string, facilitatorKey?: string): Promise<TestParticipant> {
  const device = await TestParticipant.join(url, clinicId, name, facilitatorKey);
  devices.push(device);
  return device;
}

interface RunningClinic {
  readonly clinicId: string;
  readonly owner: ClusterNode;
  readonly fran: TestParticipant;
  readonly facilitatorKey: string;
  readonly everyone: readonly TestParticipant[];
  /** Sends a command as the facilitator; true once acknowledged. */
  readonly command: (command: FacilitatorCommand) => Promise<boolean>;
  /** Ana's turn's time, as set: what it has once every later acknowledged change is added. */
  readonly budgetMs: number;
}

/**
 * A clinic in its first coach turn (a minute, moving on by itself at time-up), with `leftMs` of it
 * left: four devices through the proxy and one on a node that does not own the clinic.
 */
async function clinicInFirstTurn(leftMs: number): Promise<RunningClinic> {
  const { clinicId, facilitatorKey } = await createClinicAt(cluster.url, { minutes: { reflections: TURN_MS / 60_000 }, autoAdvance: { reflections: 'hard' } });
  const fran = await join(cluster.url, clinicId, 'Fran', facilitatorKey);
  const [gia, ana, ben] = [await join(cluster.url, clinicId, 'Gia'), await join(cluster.url, clinicId, 'Ana'), await join(cluster.url, clinicId, 'Ben')];
  const owner = (await ownerOf(clinicId))!;
  const elsewhere = cluster.nodes.find((node) => node !== owner)!;
  const screen = await join(elsewhere.url, clinicId, 'Sol');
  const command = async (sent: FacilitatorCommand) => (await fran.command(sent).catch(() => ({ ok: false }))).ok;
  expect(await command({ type: 'SET_CASE_GIVER', participantId: gia.id })).toBe(true);
  expect(await command({ type: 'SET_COACH_ORDER', coachIds: [ana.id, ben.id] })).toBe(true);
  expect(await command({ type: 'START' })).toBe(true);
  expect(await command({ type: 'NEXT_PHASE' })).toBe(true);
  const turn = await fran.waitFor((state) => state.progress.step?.speakerId === ana.id, "Ana's turn");
  const timer = turn.progress.step!.timer;
  const remaining = timer.status === 'running' ? timer.deadlineAt - Date.now() : TURN_MS;
  expect(await command({ type: 'ADJUST_TIME', deltaMs: Math.round(leftMs - remaining) })).toBe(true);
  const adjusted = await fran.waitFor((state) => state.progress.step!.budgetMs !== TURN_MS, "Ana's turn shortened");
  return { clinicId, owner, fran, facilitatorKey, everyone: [fran, gia, ana, ben, screen], command, budgetMs: adjusted.progress.step!.budgetMs };
}

/** Every device shows the same state: the one at the highest revision any was sent, with the turn moved on once. */
async function everyoneAgreesTheTurnMovedOnOnce({ everyone }: RunningClinic, benId: string): Promise<ClinicState> {
  const moved = (state: ClinicState) => state.progress.step?.speakerId === benId;
  for (const device of everyone) await device.waitFor(moved, "Ben's turn");
  const newest = Math.max(...everyone.map((device) => device.state!.revision));
  const states = await Promise.all(everyone.map((device) => device.waitForRevision(newest)));
  for (const state of states) expect(state).toEqual(states[0]);
  const state = states[0]!;
  // Ana's turn finished once; nothing finished twice.
  expect(state.progress.finished.filter((step) => step.phaseIndex === state.progress.step!.phaseIndex)).toHaveLength(1);
  expect(state.participants.every((person) => person.online)).toBe(true);
  return state;
}

const benOf = (clinic: RunningClinic) => clinic.everyone[3]!.id;

describe('a clinic on the local cluster', () => {
  it('carries on on another node within 5 s when its owner is killed mid-turn, and its time-up fires once', async () => {
    const clinic = await clinicInFirstTurn(8_000);
    expect(await clinic.command({ type: 'ADJUST_TIME', deltaMs: 2_000 })).toBe(true);
    const killedAt = performance.now();
    disturb(clinic.owner, 'SIGKILL');
    const { owner, afterMs } = await waitForNewOwner(clinic.clinicId, clinic.owner, killedAt);
    expect(afterMs).toBeLessThan(HANDOVER_LIMIT_MS);
    expect(owner).not.toBe(clinic.owner);

    const state = await everyoneAgreesTheTurnMovedOnOnce(clinic, benOf(clinic));
    // Both acknowledged changes of Ana's time are in what she had.
    expect(state.progress.finished.at(-1)!.budgetMs).toBe(clinic.budgetMs + 2_000);
    // The clinic takes commands on its new owner.
    expect(await clinic.command({ type: 'PAUSE' })).toBe(true);
    for (const device of clinic.everyone) await device.waitFor((seen) => seen.stage === 'paused', 'paused');
  });

  it('goes through a rolling restart of all three nodes with every acknowledged command kept and its time-up fired once', async () => {
    // Longer than the restarts take (1 to 7 s here, with the machine idle or busy), so every second
    // sent comes off a turn that has it: one sent in its last second would take off only what is
    // left, or be stale once it ended.
    const clinic = await clinicInFirstTurn(12_000);
    // A second more, a second less, and so on: each acknowledged change must count once, and the turn still ends soon.
    let acknowledgedMs = 0;
    let acknowledged = 0;
    let lastAcknowledgedRevision = 0;
    let sending = true;
    const commands = (async () => {
      for (let sent = 0; sending; sent += 1) {
        const deltaMs = sent % 2 === 0 ? 1_000 : -1_000;
        const reply = await clinic.fran.command({ type: 'ADJUST_TIME', deltaMs }).catch(() => null);
        if (reply?.ok) {
          acknowledged += 1;
          acknowledgedMs += deltaMs;
          lastAcknowledgedRevision = reply.data.revision;
        }
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    })();
    const owners = new Set<ClusterNode | null>([clinic.owner]);
    for (const node of cluster.nodes) {
      await node.restart();
      owners.add(await ownerOf(clinic.clinicId));
    }
    sending = false;
    await commands;
    // The clinic moved as its owners restarted, and commands were taken throughout.
    expect(owners.size).toBeGreaterThan(1);
    expect(acknowledged).toBeGreaterThan(cluster.nodes.length);
    // However quick the restarts were, the turn now runs out within two seconds or so: taken down
    // from the deadline as of the last acknowledged change, with a margin for the command's way.
    const { speakerId, timer } = (await clinic.fran.waitForRevision(lastAcknowledgedRevision)).progress.step!;
    const toLastSecondsMs = speakerId !== benOf(clinic) && timer.status === 'running' ? Math.floor(timer.deadlineAt - Date.now()) - 2_000 : 0;
    if (toLastSecondsMs > 0 && (await clinic.command({ type: 'ADJUST_TIME', deltaMs: -toLastSecondsMs }))) acknowledgedMs -= toLastSecondsMs;

    const state = await everyoneAgreesTheTurnMovedOnOnce(clinic, benOf(clinic));
    expect(state.progress.finished.at(-1)!.budgetMs).toBe(clinic.budgetMs + acknowledgedMs);
  });

  it('refuses every write of an owner paused past its lease, once it wakes, and says a command sent to it may not have gone through', async () => {
    const clinic = await clinicInFirstTurn(2_000);
    const elsewhere = cluster.nodes.find((node) => node !== clinic.owner)!;
    const cleo = await join(elsewhere.url, clinic.clinicId, 'Cleo', clinic.facilitatorKey);
    const pausedAt = performance.now();
    disturb(clinic.owner, 'SIGSTOP');
    // Sent on to the paused owner, which does not answer: it may run it when it wakes, so it is not sent again.
    const unconfirmed = await cleo.command({ type: 'ADJUST_TIME', deltaMs: 60_000 });
    expect(unconfirmed).toMatchObject({ ok: false, error: { reason: 'OUTCOME_UNKNOWN' } });
    const { owner } = await waitForNewOwner(clinic.clinicId, clinic.owner, pausedAt);
    // The turn ran out while its owner was paused: the next owner moved it on, with its own token.
    const moved = await everyoneAgreesTheTurnMovedOnOnceExceptThePaused(clinic);
    const stored = await storedClaim(clinic.clinicId);

    // The paused owner wakes with the deadline long past in its timers, and its lease gone.
    clinic.owner.kill('SIGCONT');
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    expect(await storedClaim(clinic.clinicId)).toEqual(stored);
    expect(await ownerOf(clinic.clinicId)).toBe(owner);
    const state = await everyoneAgreesTheTurnMovedOnOnce(clinic, benOf(clinic));
    expect(state.revision).toBe(moved.revision);
    // Woken, it found the clinic was no longer its own and did not run the command.
    expect(state.progress.finished.at(-1)!.budgetMs).toBe(clinic.budgetMs);
  });
});

/** What Postgres holds of the clinic's claim and revision: a node that lost its lease must change neither. */
async function storedClaim(clinicId: string): Promise<{ fence: number; revision: number }> {
  return withClient(cluster.postgresUrl, async (client) => (await client.query<{ fence: number; revision: number }>('SELECT fence, revision FROM clinics WHERE id = $1', [clinicId])).rows[0]!);
}

/** The devices not connected to the paused owner see the turn move on; those that are, cannot yet. */
async function everyoneAgreesTheTurnMovedOnOnceExceptThePaused(clinic: RunningClinic): Promise<ClinicState> {
  const screen = clinic.everyone[4]!;
  return screen.waitFor((state) => state.progress.step?.speakerId === benOf(clinic), "Ben's turn on a node that was not paused");
}
