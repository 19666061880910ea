/**
 * Deleting the case giver's notes from the server, on one of their devices: only what was sealed
 * for this device goes, so a note sealed only for another of their devices is still there to be read on it.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { deleteFromServer, type OpenedItem } from '../../client/harvest.ts';

const server = vi.hoisted(() => ({ deleted: [] as unknown[] }));
vi.mock('socket.io-client', async () =>
  (await import('../support/answeringSocket.ts')).answeringSocketModule((event, payload) => {
    if (event === 'harvest:delete') server.deleted.push(payload);
    return { ok: true, data: { deleted: [] } };
  }),
);

/** A note as this device shows it: opened, sealed only for another device (`elsewhere`), or sealed here but would not open (`broken`). */
const note = (noteId: string, text: string | 'elsewhere' | 'broken'): OpenedItem => ({
  noteId,
  kind: 'note',
  from: 'ana',
  sentAt: 0,
  sealedHere: text !== 'elsewhere',
  text: text === 'elsewhere' || text === 'broken' ? null : text,
});

beforeEach(() => {
  server.deleted.length = 0;
  vi.stubGlobal('window', globalThis);
  vi.stubGlobal('location', { hash: '', pathname: '/c/c1', search: '' });
});

afterEach(() => void vi.unstubAllGlobals());

describe("deleting the case giver's notes from the server", () => {
  it('deletes the notes sealed for this device, opened or not, and keeps those sealed only for another of theirs', async () => {
    const notes = [note('n1', 'Your shoulders dropped.'), note('n2', 'elsewhere'), note('n3', 'A first step?'), note('n4', 'broken')];
    expect(await deleteFromServer('c1', 'gia', notes)).toBeNull();
    expect(server.deleted).toEqual([{ noteIds: ['n1', 'n3', 'n4'] }]);
  });

  it('asks nothing when every note is sealed only for another device', async () => {
    expect(await deleteFromServer('c1', 'gia', [note('n2', 'elsewhere')])).toBeNull();
    expect(server.deleted).toEqual([]);
  });
});
