/**
 * A crew change whose save may have landed is answered as not known, not as failed: asked again,
 * a join by name would then add the member twice. And what the change made outside the crew (a
 * session's clinic) is kept, since the saved crew may point at it.
 */
import { describe, expect, it } from 'vitest';
import { CrewDesk } from '../../server/crewDesk.ts';
import { OutcomeUnknownError } from '../../server/store/clinicStore.ts';
import type { CrewStore } from '../../server/store/crewStore.ts';
import { PROTOCOL_VERSION } from '../../shared/protocol.ts';
import type { StoredCrew } from '../../shared/crewSchema.ts';
import { BERLIN_TUESDAYS } from '../support/crewFixture.ts';

const LOST_AFTER_COMMIT = () => new OutcomeUnknownError(new Error('the writer thread stopped'));
const SURELY_FAILED = () => new Error('disk full');

/** A crew desk over one crew in memory (Orla's, Ben in it too); `failNextSave` makes the next save fail. */
async function orlasCrew() {
  let kept: StoredCrew | null = null;
  let nextSaveFails: Error | null = null;
  const store = {
    loadCrew: async () => kept,
    saveCrew: async (record: StoredCrew) => {
      const failure = nextSaveFails;
      nextSaveFails = null;
      if (failure) throw failure;
      kept = record;
    },
    linkClinic: async () => true,
  };
  const discarded: string[] = [];
  const nothing = async () => undefined;
  const desk = new CrewDesk({
    store: store as unknown as CrewStore,
    now: () => Date.parse('2027-02-01T12:00:00Z'),
    log: () => undefined,
    mayPair: async () => true,
    retentionDays: 30,
    sendState: () => undefined,
    dismiss: () => undefined,
    sessionStarted: () => undefined,
    paired: () => undefined,
    startClinic: async () => 'week-1-clinic',
    memberLeft: nothing,
    clinicsDeleted: nothing,
    discardClinic: async (clinicId) => void discarded.push(clinicId),
    closedClinicOf: async () => null,
  });
  const created = await desk.create({ protocolVersion: PROTOCOL_VERSION, name: 'Tuesday crew', organiserName: 'Orla', cadence: BERLIN_TUESDAYS });
  if (!created.ok) throw new Error(created.error.message);
  const { crewId, memberId: orla } = created.data;
  const joinAs = (name: string) => desk.join({ protocolVersion: PROTOCOL_VERSION, crewId, name });
  const ben = await joinAs('Ben');
  if (!ben.ok) throw new Error(ben.error.message);
  const failNextSave = (failure: Error) => void (nextSaveFails = failure);
  return { desk, crewId, orla, joinAs, failNextSave, discarded };
}

describe("a crew change whose save's outcome is not known", () => {
  it('is answered OUTCOME_UNKNOWN, and one that surely failed SAVE_FAILED', async () => {
    const crew = await orlasCrew();
    crew.failNextSave(LOST_AFTER_COMMIT());
    expect(await crew.joinAs('Cleo')).toMatchObject({ ok: false, error: { reason: 'OUTCOME_UNKNOWN' } });
    crew.failNextSave(SURELY_FAILED());
    expect(await crew.joinAs('Dev')).toMatchObject({ ok: false, error: { reason: 'SAVE_FAILED' } });
  });

  it("keeps the session's clinic it started, which the saved crew may point at; one surely unsaved is discarded", async () => {
    const crew = await orlasCrew();
    const startWeekOne = () => crew.desk.command(crew.crewId, crew.orla, { type: 'START_SESSION', sessionIndex: 0 });
    crew.failNextSave(LOST_AFTER_COMMIT());
    expect(await startWeekOne()).toMatchObject({ ok: false, error: { reason: 'OUTCOME_UNKNOWN' } });
    expect(crew.discarded).toEqual([]);
    crew.failNextSave(SURELY_FAILED());
    expect(await startWeekOne()).toMatchObject({ ok: false, error: { reason: 'SAVE_FAILED' } });
    expect(crew.discarded).toEqual(['week-1-clinic']);
  });
});
