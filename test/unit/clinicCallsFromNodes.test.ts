/**
 * What one node makes of another's calls and answers (clinicCalls.ts, nodeSchemas.ts): a call it
 * cannot read is refused unread, before any clinic is looked up, so it surely did not run; an
 * answer it cannot read never reaches a device: a change is answered OUTCOME_UNKNOWN (it may have
 * run), a look is tried again until the handover deadline.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ClinicCalls } from '../../server/clinicCalls.ts';
import type { ClinicRegistry } from '../../server/clinicRegistry.ts';
import { standaloneNetwork, UnreadableCallError, type NodeNetwork } from '../../server/nodeNetwork.ts';
import { NewerRecordError } from '../../shared/recordMigrations.ts';

const CLINIC_ID = 'c'.repeat(22);
const PARTICIPANT_ID = 'p'.repeat(22);
const HANDOVER_WITHIN_MS = 1_000;

/**
 * Calls on a node that owns no clinic: each is another node's, which answers with `answerOf` (or
 * throws what it throws). `placed` is what looking a clinic up here comes to; the sockets this
 * node lets into a clinic, and the clinics it schedules for unloading, are kept.
 */
function callsOwnedElsewhere(answerOf: (call: unknown) => unknown, placed: () => unknown = () => ({ owner: 'there' })) {
  const looked: string[] = [];
  const admitted: string[] = [];
  const unloads: string[] = [];
  let answerCall: ((call: unknown) => Promise<unknown>) | null = null;
  const network: NodeNetwork = {
    ...standaloneNetwork('here'),
    ask: async (_nodeId, call) => answerOf(call),
    answer: (handler) => void (answerCall = handler),
  };
  const registry = {
    place: async (clinicId: string) => {
      looked.push(clinicId);
      return placed();
    },
    scheduleUnload: (clinicId: string) => void unloads.push(clinicId),
  } as unknown as ClinicRegistry;
  const admit = (socketId: string) => void admitted.push(socketId);
  const calls = new ClinicCalls({ registry, network, admit, seatFor: async () => 'CREW_NOT_FOUND', newcomerRule: async () => null, log: () => undefined, handoverWithinMs: HANDOVER_WITHIN_MS });
  return { calls, looked, admitted, unloads, fromAnotherNode: (call: unknown) => answerCall!(call) };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('calls from another node', () => {
  it('are refused unread when they are not a call this node knows, before any clinic is looked up', async () => {
    const { fromAnotherNode, looked } = callsOwnedElsewhere(() => null);
    const unreadable = [
      { kind: 'command', clinicId: CLINIC_ID, participantId: PARTICIPANT_ID, command: { type: 'DANCE' }, basedOnRevision: 0 },
      { kind: 'command', clinicId: CLINIC_ID, participantId: PARTICIPANT_ID, command: { type: 'NEXT_PHASE' }, basedOnRevision: -1 },
      { kind: 'teleport', clinicId: CLINIC_ID },
      { kind: 'leave', clinicId: CLINIC_ID },
      'not even an object',
    ];
    for (const call of unreadable) await expect(fromAnotherNode(call), JSON.stringify(call)).rejects.toBeInstanceOf(UnreadableCallError);
    expect(looked).toEqual([]);
    // A readable call is taken up: this node does not own the clinic either, and says so.
    await expect(fromAnotherNode({ kind: 'shownState', clinicId: CLINIC_ID, addedByALaterRelease: true })).resolves.toEqual({ notOwner: true });
    expect(looked).toEqual([CLINIC_ID]);
  });
});

describe('a call for a clinic a newer release saved', () => {
  it('is answered SERVER_OUTDATED, as the asking node would answer had it loaded the record itself', async () => {
    const newer = () => {
      throw new NewerRecordError('A stored clinic was written by a newer version (schema 9; this one reads up to 8)');
    };
    const { fromAnotherNode } = callsOwnedElsewhere(() => null, newer);
    const command = { kind: 'command', clinicId: CLINIC_ID, participantId: PARTICIPANT_ID, command: { type: 'NEXT_PHASE' }, basedOnRevision: 3 };
    await expect(fromAnotherNode(command)).resolves.toMatchObject({ ok: false, error: { code: 'INTERNAL', reason: 'SERVER_OUTDATED' } });
    // A call that answers nothing to a device still answers nothing.
    await expect(fromAnotherNode({ kind: 'shownState', clinicId: CLINIC_ID })).resolves.toBeNull();
  });

  it('fails as before for any other error', async () => {
    const { fromAnotherNode } = callsOwnedElsewhere(() => null, () => {
      throw new Error('disk on fire');
    });
    await expect(fromAnotherNode({ kind: 'shownState', clinicId: CLINIC_ID })).rejects.toThrow('disk on fire');
  });
});

describe("the owner's answers", () => {
  const command = { kind: 'command', clinicId: CLINIC_ID, participantId: PARTICIPANT_ID, command: { type: 'NEXT_PHASE' }, basedOnRevision: 3 } as const;

  it('reach the device when they are answers', async () => {
    const acknowledged = { ok: true, data: { revision: 4 } };
    const { calls } = callsOwnedElsewhere(() => acknowledged);
    expect(await calls.run(command)).toEqual(acknowledged);
  });

  it('that cannot be read are a change of unknown outcome, never handed to the device', async () => {
    for (const garbage of [{ weird: 1 }, { ok: true }, { ok: false, error: 'no' }, 'yes', undefined]) {
      const { calls } = callsOwnedElsewhere(() => garbage);
      expect(await calls.run(command), JSON.stringify(garbage)).toMatchObject({ ok: false, error: { reason: 'OUTCOME_UNKNOWN' } });
    }
  });

  it('that cannot be read are asked again when the call changes nothing, until the handover deadline', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'performance'] });
    let asked = 0;
    const { calls } = callsOwnedElsewhere(() => {
      asked += 1;
      return { clinicId: 'not a state' };
    });
    const shown = calls.run({ kind: 'shownState', clinicId: CLINIC_ID });
    await vi.advanceTimersByTimeAsync(HANDOVER_WITHIN_MS * 2);
    expect(await shown).toBeNull();
    expect(asked).toBeGreaterThan(1);
  });

  it('refusing the call unread are a refusal at once, not asked again', async () => {
    let asked = 0;
    const { calls } = callsOwnedElsewhere(() => {
      asked += 1;
      throw new UnreadableCallError('Node there could not read the call');
    });
    expect(await calls.run(command)).toMatchObject({ ok: false, error: { reason: 'SERVER_RESTARTING' } });
    expect(await calls.run({ kind: 'shownState', clinicId: CLINIC_ID })).toBeNull();
    expect(asked).toBe(2);
  });
});

describe('a device of another node counted again', () => {
  it('that is no longer in the clinic leaves the room to be unloaded, if nobody else is online', async () => {
    const room = { stillHere: () => false, hasOnlineParticipants: false };
    const { fromAnotherNode, admitted, unloads } = callsOwnedElsewhere(() => null, () => ({ room }));

    await expect(fromAnotherNode({ kind: 'stillHere', clinicId: CLINIC_ID, participantId: PARTICIPANT_ID, connection: 'there/gia-phone' })).resolves.toBeNull();
    expect(admitted).toEqual([]);
    expect(unloads).toEqual([CLINIC_ID]);
  });
});
