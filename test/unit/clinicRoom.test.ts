/**
 * The server's room for one clinic, driven directly with fake timers and an in-memory store: how
 * commands race the moves the clinic makes by itself.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ClinicRoom } from '../../server/clinicRoom.ts';
import type { ClinicRecord, ClinicStore } from '../../server/store/clinicStore.ts';
import type { ClinicState } from '../../shared/protocol.ts';

const MIN = 60_000;

function memoryStore(): ClinicStore {
  const records = new Map<string, ClinicRecord>();
  return {
    load: async (id) => records.get(id) ?? null,
    save: async (record) => void records.set(record.id, record),
    delete: async (id) => void records.delete(id),
    deleteExpired: async () => [],
    close: async () => undefined,
  };
}

async function reflectionsWithHardTurns() {
  let latest: ClinicState | null = null;
  const { room, facilitatorKey } = await ClinicRoom.create(
    { formatId: 'classic', minutes: { reflections: 1 }, autoAdvance: { reflections: 'hard' } },
    'clinic-under-test',
    {
      store: memoryStore(),
      now: () => Date.now(),
      broadcast: (state) => void (latest = state),
      dismiss: () => undefined,
      onDeleted: () => undefined,
      log: () => undefined,
    },
  );
  const idOf = async (join: Parameters<ClinicRoom['join']>[0]) => {
    const joined = await room.join(join);
    if (!joined.ok) throw new Error(joined.error.message);
    return joined.data.participantId;
  };
  const fran = await idOf({ name: 'Fran', facilitatorKey });
  const [gia, ana, ben, cy] = [await idOf({ name: 'Gia' }), await idOf({ name: 'Ana' }), await idOf({ name: 'Ben' }), await idOf({ name: 'Cy' })];
  const seen = () => latest!.revision;
  const command = async (type: 'START' | 'NEXT_PHASE' | 'NEXT_SPEAKER', basedOnRevision = seen()) => room.command(fran, { type }, basedOnRevision);
  await room.command(fran, { type: 'SET_CASE_GIVER', participantId: gia }, seen());
  await room.command(fran, { type: 'SET_COACH_ORDER', coachIds: [ana!, ben!, cy!] }, seen());
  await command('START');
  await command('NEXT_PHASE');
  const speaker = () => latest!.machine.context.step?.speakerId;
  const phase = () => {
    const { step, plan } = latest!.machine.context;
    return step && plan[step.phaseIndex]!.phaseId;
  };
  return { room, command, seen, speaker, phase, ids: { ana, ben, cy } };
}

describe('a clinic room', () => {
  beforeEach(() => void vi.useFakeTimers({ now: 1_700_000_000_000 }));
  afterEach(() => void vi.useRealTimers());

  it('refuses a "next speaker" made before a hard auto-advance the facilitator had not seen', async () => {
    const { room, command, seen, speaker, ids } = await reflectionsWithHardTurns();
    expect(speaker()).toBe(ids.ana);
    const seenDuringAnasTurn = seen();

    await vi.advanceTimersByTimeAsync(MIN);
    expect(speaker()).toBe(ids.ben);

    const late = await command('NEXT_SPEAKER', seenDuringAnasTurn);
    expect(late).toMatchObject({ ok: false, error: { code: 'STALE_COMMAND' } });
    expect(speaker()).toBe(ids.ben);

    expect((await command('NEXT_SPEAKER')).ok).toBe(true);
    expect(speaker()).toBe(ids.cy);
    room.stop();
  });

  it('still takes a command made before the timer merely ran into overtime', async () => {
    const { room, command, seen, phase } = await reflectionsWithHardTurns();
    expect((await command('NEXT_PHASE')).ok).toBe(true);
    const seenOnTime = seen();
    // The Response phase moves on only when the facilitator says so: at time-up it runs into overtime.
    await vi.advanceTimersByTimeAsync(11 * MIN);
    expect(seen()).toBeGreaterThan(seenOnTime);
    expect(phase()).toBe('response');
    expect((await command('NEXT_PHASE', seenOnTime)).ok).toBe(true);
    expect(phase()).toBe('dialogue');
    room.stop();
  });
});
