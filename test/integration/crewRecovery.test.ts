/**
 * A crew's record and its sessions' clinics are saved apart. When one of the two saves is lost
 * (the process stops between them, another process saves the crew first), the crew still ends up
 * whole: a closed session's summary is recovered from its clinic, and a session start that could
 * not be saved leaves no clinic behind. A change that was saved is answered as done, whatever
 * fails after it.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import type { StoredCrew } from '../../shared/crewSchema.ts';
import type { StoredClinic } from '../../shared/storedClinicSchema.ts';
import { instantOf } from '../../shared/crewSchedule.ts';
import { StaleWriteError, type ClinicStore } from '../../server/store/clinicStore.ts';
import type { CrewStore } from '../../server/store/crewStore.ts';
import { TestCrewMember } from '../support/crewMember.ts';
import { useInProcessServer } from '../support/serverFixture.ts';

let clock = Date.UTC(2027, 1, 20, 12);
/** What the next crew save does instead of saving, if anything. */
let nextSaveFails: ((record: StoredCrew) => Error | null) | null = null;
/** Whether the next clean-up after a member leaves fails, as on a full disk; how many were asked for. */
let nextForgetFails = false;
let cleanUps = 0;
/** Whether the next save of a clinic fails, as on a full disk. */
let nextClinicSaveFails = false;

const flakyClinicStore = (store: ClinicStore): ClinicStore => ({
  ...store,
  save: (record: StoredClinic, expectedRevision: number | null) => {
    if (!nextClinicSaveFails) return store.save(record, expectedRevision);
    nextClinicSaveFails = false;
    return Promise.reject(new Error('the disk is full'));
  },
});
const attemptedSaves: StoredCrew[] = [];

function flakyCrewStore(store: CrewStore): CrewStore {
  return Object.assign(Object.create(store) as CrewStore, {
    saveCrew(record: StoredCrew, expectedRevision: number | null, lastSessionAt: number) {
      attemptedSaves.push(record);
      const failure = nextSaveFails?.(record) ?? null;
      if (failure) {
        nextSaveFails = null;
        return Promise.reject(failure);
      }
      return store.saveCrew(record, expectedRevision, lastSessionAt);
    },
    forgetOverwritten() {
      cleanUps += 1;
      if (!nextForgetFails) return store.forgetOverwritten();
      nextForgetFails = false;
  nextClinicSaveFails = false;
  cleanUps = 0;
      return Promise.reject(new Error('the disk is full'));
    },
  });
}

beforeEach(() => {
  nextSaveFails = null;
  nextForgetFails = false;
  nextClinicSaveFails = false;
  cleanUps = 0;
  attemptedSaves.length = 0;
});

const fixture = useInProcessServer({ now: () => clock, wrapCrewStore: flakyCrewStore, wrapStore: flakyClinicStore });

async function crewOfThree() {
  const { url } = fixture.server;
  const { organiser, created } = await TestCrewMember.organise(url, 'Orla');
  fixture.track(organiser);
  const others = await Promise.all(['Ben', 'Cleo'].map(async (name) => fixture.track(await TestCrewMember.joinCrew(url, created.crewId, name))));
  await organiser.waitFor((crew) => crew.members.length === 3, 'three members');
  clock = instantOf(organiser.crew!.sessions[0]!.scheduled);
  return { organiser, everyone: [organiser, ...others], crewId: created.crewId };
}

describe("a crew session's summary", () => {
  it('lost when the crew could not be saved after its clinic closed, is recovered when a member next opens the crew', async () => {
    const { organiser, everyone, crewId } = await crewOfThree();
    const started = await organiser.command({ type: 'START_SESSION', sessionIndex: 0 });
    const clinicId = started.ok ? started.data.clinicId! : '';
    const devices = await Promise.all(everyone.map((member) => member.enterSession(clinicId).then(fixture.track)));
    const host = devices[0]!;
    await host.command({ type: 'START' });
    nextSaveFails = (record) => (record.sessions[0]!.summary !== null ? new Error('the disk is full') : null);
    await host.command({ type: 'END' });
    await host.waitFor((state) => state.stage === 'closed');
    await expect.poll(() => nextSaveFails).toBeNull();
    expect(organiser.crew!.sessions[0]!.summary).toBeNull();

    const later = fixture.track(new TestCrewMember(fixture.server.url, 'Ben on his phone'));
    const rejoined = await later.join(crewId, { memberToken: everyone[1]!.joined!.memberToken });
    expect(rejoined.ok).toBe(true);
    const recovered = await later.waitFor((crew) => crew.sessions[0]!.summary !== null, 'the recovered summary');
    expect(recovered.sessions[0]!.summary!.rounds.map((round) => round.caseGiverId)).toEqual([organiser.id]);
    await organiser.waitFor((crew) => crew.sessions[0]!.summary !== null, 'the summary on the organiser’s page too');
  });
});

describe('starting a session', () => {
  it('when another process saved the crew first, runs as one clinic, and the one started for the lost save is gone', async () => {
    const { organiser, everyone } = await crewOfThree();
    nextSaveFails = (record) => (record.sessions[0]!.clinicId !== null ? new StaleWriteError(record.id, record.revision - 1, 'Crew') : null);
    const started = await organiser.command({ type: 'START_SESSION', sessionIndex: 0 });
    expect(started.ok).toBe(true);
    const startAttempts = attemptedSaves.map((record) => record.sessions[0]!.clinicId).filter((id) => id !== null);
    expect(startAttempts).toHaveLength(2);
    const [discarded, kept] = startAttempts as [string, string];
    expect(started.ok && started.data.clinicId).toBe(kept);
    expect(discarded).not.toBe(kept);

    await expect(everyone[1]!.enterSession(kept)).resolves.toBeDefined();
    await expect(everyone[2]!.enterSession(discarded)).rejects.toThrow(/CLINIC_NOT_FOUND/);
    expect(await fixture.server.app.registry.place(discarded)).toEqual({ missing: true });
    // Every member was sent the one clinic the session runs as.
    await Promise.all(everyone.map((member) => member.waitUntil(() => member.sessionsStarted.length === 1, 'the session start')));
    expect(everyone.flatMap((member) => member.sessionsStarted.map((notice) => notice.clinicId))).toEqual([kept, kept, kept]);
  });
});

describe('pairing a phone', () => {
  it('when another process saved the crew first, still pairs with the same code, once', async () => {
    const { everyone, crewId } = await crewOfThree();
    const ben = everyone[1]!;
    const shown = await ben.pairingCode();
    if (!shown.ok) throw new Error(shown.error.reason);
    const devicesOf = (record: StoredCrew) => record.members.find((member) => member.id === ben.id)!.tokenHashes.length;
    nextSaveFails = (record) => (devicesOf(record) === 2 ? new StaleWriteError(record.id, record.revision - 1, 'Crew') : null);
    const phone = fixture.track(new TestCrewMember(fixture.server.url, 'Ben’s phone'));
    const paired = await phone.join(crewId, { pairingCode: shown.data.code });
    expect(paired).toMatchObject({ ok: true, data: { memberId: ben.id } });
    const another = fixture.track(new TestCrewMember(fixture.server.url, 'someone else'));
    expect(await another.join(crewId, { pairingCode: shown.data.code })).toMatchObject({ ok: false, error: { reason: 'PAIRING_CODE_INVALID' } });
  });
});

describe('a member leaving', () => {
  it('is answered as done once the crew is saved, even when cleaning up after them fails', async () => {
    const { organiser, everyone } = await crewOfThree();
    const cleo = everyone[2]!;
    nextForgetFails = true;
    const left = await cleo.command({ type: 'LEAVE' });
    expect(left.ok).toBe(true);
    expect(nextForgetFails).toBe(false);
    const crew = await organiser.waitFor((candidate) => candidate.members.length === 2, 'Cleo gone');
    expect(crew.members.map((member) => member.id)).not.toContain(cleo.id);
  });

  it("still has the store cleaned after them when telling their session's clinic failed", async () => {
    const { organiser, everyone } = await crewOfThree();
    const started = await organiser.command({ type: 'START_SESSION', sessionIndex: 0 });
    expect(started.ok).toBe(true);
    const cleo = everyone[2]!;
    // The session's clinic cannot save Cleo's name gone: the step that tells it fails.
    nextClinicSaveFails = true;
    expect((await cleo.command({ type: 'LEAVE' })).ok).toBe(true);
    expect(nextClinicSaveFails).toBe(false);
    expect(cleanUps).toBe(1);
  });
});
