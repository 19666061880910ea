/**
 * A crew change whose save may have landed is answered as not known, not as failed: asked again,
 * a join by name would then add the member twice.
 */
import { describe, expect, it } from 'vitest';
import { CrewDesk } from '../../server/crewDesk.ts';
import { OutcomeUnknownError } from '../../server/store/clinicStore.ts';
import type { CrewStore } from '../../server/store/crewStore.ts';
import { PROTOCOL_VERSION } from '../../shared/protocol.ts';
import type { StoredCrew } from '../../shared/crewSchema.ts';
import { BERLIN_TUESDAYS } from '../support/crewFixture.ts';

/** One crew kept in memory; the next save fails with `nextSaveFails` when it is set. */
function oneCrewStore() {
  let kept: StoredCrew | null = null;
  const store = {
    nextSaveFails: null as Error | null,
    loadCrew: async () => kept,
    saveCrew: async (record: StoredCrew) => {
      const failure = store.nextSaveFails;
      store.nextSaveFails = null;
      if (failure) throw failure;
      kept = record;
    },
  };
  return store;
}

async function crewWithAFailingSave(failure: Error) {
  const store = oneCrewStore();
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
    startClinic: async () => 'unused',
    memberLeft: nothing,
    clinicsDeleted: nothing,
    discardClinic: nothing,
    closedProgressOf: async () => null,
  });
  const created = await desk.create({ protocolVersion: PROTOCOL_VERSION, name: 'Tuesday crew', organiserName: 'Orla', cadence: BERLIN_TUESDAYS });
  if (!created.ok) throw new Error(created.error.message);
  store.nextSaveFails = failure;
  return desk.join({ protocolVersion: PROTOCOL_VERSION, crewId: created.data.crewId, name: 'Ben' });
}

describe("a crew change whose save's outcome is not known", () => {
  it('is answered OUTCOME_UNKNOWN', async () => {
    expect(await crewWithAFailingSave(new OutcomeUnknownError(new Error('the writer thread stopped')))).toMatchObject({ ok: false, error: { reason: 'OUTCOME_UNKNOWN' } });
  });

  it('while one that surely failed is answered SAVE_FAILED', async () => {
    expect(await crewWithAFailingSave(new Error('disk full'))).toMatchObject({ ok: false, error: { reason: 'SAVE_FAILED' } });
  });
});
