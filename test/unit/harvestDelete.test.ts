/**
 * Deleting the case giver's notes from the server, on one of their devices: only what this device
 * opened goes, so a note sealed for another of their devices is still there to be read on it.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { deleteFromServer, type OpenedItem } from '../../client/harvest.ts';

const server = vi.hoisted(() => ({ deleted: [] as unknown[] }));
vi.mock('socket.io-client', () => ({
  io: () => ({
    connected: true,
    on: () => undefined,
    off: () => undefined,
    timeout: () => ({
      emitWithAck: async (event: string, payload: unknown) => {
        if (event === 'harvest:delete') server.deleted.push(payload);
        return { ok: true, data: { deleted: [] } };
      },
    }),
  }),
}));

const note = (noteId: string, text: string | null): OpenedItem => ({ noteId, kind: 'note', from: 'ana', sentAt: 0, text });

beforeEach(() => {
  server.deleted.length = 0;
  vi.stubGlobal('window', globalThis);
  vi.stubGlobal('location', { hash: '', pathname: '/c/c1', search: '' });
});

afterEach(() => void vi.unstubAllGlobals());

describe("deleting the case giver's notes from the server", () => {
  it('deletes the notes opened on this device and keeps those sealed for another of theirs', async () => {
    expect(await deleteFromServer('c1', 'gia', [note('n1', 'Your shoulders dropped.'), note('n2', null), note('n3', 'A first step?')])).toBeNull();
    expect(server.deleted).toEqual([{ noteIds: ['n1', 'n3'] }]);
  });

  it('asks nothing when this device opened none of them', async () => {
    expect(await deleteFromServer('c1', 'gia', [note('n2', null)])).toBeNull();
    expect(server.deleted).toEqual([]);
  });
});
