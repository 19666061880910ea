/**
 * The organiser who deletes a crew is told it was their deletion, whichever comes first: the
 * command's answer or the notice every device of the crew gets. Through Redis the answer comes
 * first; on one node the notice does. Other devices, and a refused deletion, are told nothing of
 * the kind.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { deleteCrew, openCrew } from '../../client/crewConnection.ts';
import { useCrewStore } from '../../client/crewStore.ts';
import type { Ack } from '../../shared/protocol.ts';
import { memoryStorage } from '../support/memoryStorage.ts';

/** A connected socket: joins are answered at once, the crew command when the test says. */
const fake = vi.hoisted(() => {
  const handlers = new Map<string, (payload: unknown) => void>();
  const state = {
    handlers,
    answerCommand: null as ((reply: unknown) => void) | null,
    socket: {
      connected: true,
      active: true,
      connect: () => undefined,
      on: (event: string, handler: (payload: unknown) => void) => void handlers.set(event, handler),
      off: (event: string) => void handlers.delete(event),
      timeout: () => ({
        emitWithAck: (event: string) => {
          if (event === 'crew:join') return Promise.resolve({ ok: true, data: { crewId: 'crew-1', memberId: 'orla', memberToken: 'token', isOrganiser: true } });
          if (event === 'crew:command') return new Promise((resolve) => (state.answerCommand = resolve));
          return new Promise(() => undefined);
        },
      }),
    },
  };
  return state;
});
vi.mock('socket.io-client', () => ({ io: () => fake.socket }));

const CREW = 'crew-1';
const noticeOfDeletion = () => fake.handlers.get('crew:gone')!({ crewId: CREW, reason: 'deleted' });
const answer = (reply: Ack<unknown>) => fake.answerCommand!(reply);
const membership = () => useCrewStore.getState().membership;

let close: () => void;

beforeEach(async () => {
  vi.stubGlobal('localStorage', memoryStorage());
  vi.stubGlobal('window', globalThis);
  vi.stubGlobal('location', { hash: '', pathname: `/crews/${CREW}`, search: '' });
  localStorage.setItem(`case-clinic-crew:${CREW}`, JSON.stringify({ memberToken: 'token' }));
  close = openCrew(CREW);
  await vi.waitFor(() => expect(membership().kind).toBe('joined'));
});

afterEach(() => {
  close();
  vi.unstubAllGlobals();
});

describe('deleting a crew', () => {
  it('tells the organiser it was theirs when the answer comes before the notice', async () => {
    const deleting = deleteCrew();
    answer({ ok: true, data: { revision: 1 } });
    await deleting;
    noticeOfDeletion();
    expect(membership()).toEqual({ kind: 'gone', reason: 'deleted', byYou: true });
    expect(localStorage.getItem(`case-clinic-crew:${CREW}`)).toBeNull();
  });

  it('does so when the notice comes first, too', async () => {
    const deleting = deleteCrew();
    noticeOfDeletion();
    expect(membership()).toEqual({ kind: 'gone', reason: 'deleted' });
    answer({ ok: true, data: { revision: 1 } });
    await deleting;
    expect(membership()).toEqual({ kind: 'gone', reason: 'deleted', byYou: true });
  });

  it('says nothing of the kind on a device that did not ask, or when the deletion was refused', async () => {
    noticeOfDeletion();
    expect(membership()).toEqual({ kind: 'gone', reason: 'deleted' });
    useCrewStore.setState({ membership: { kind: 'joined', me: { crewId: CREW, memberId: 'orla', memberToken: 'token', isOrganiser: true } } as never });
    const refused = deleteCrew();
    answer({ ok: false, error: { code: 'NOT_ALLOWED_NOW', reason: 'NOT_ORGANISER', message: 'Only the organiser can do that.' } } as never);
    await refused;
    expect(membership().kind).toBe('joined');
  });
});
