/**
 * The last-time card names each takeaway this device cannot show: one sealed for another of the
 * member's devices is left for that device, one sealed here that would not open can be deleted.
 */
import { createElement } from 'react';
import { renderToString } from 'react-dom/server';
import { describe, expect, it, vi } from 'vitest';
import type { RecalledTakeaway } from '../../client/lastTime.ts';
import { LastTimeCard } from '../../client/views/LastTimeCard.tsx';
import type { ClinicView } from '../../client/views/useClinic.ts';

const shown = vi.hoisted(() => ({ takeaways: [] as RecalledTakeaway[] }));
// Rendered on the server, a Zustand hook reads its initial state; this one holds the card's.
vi.mock('../../client/lastTime.ts', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../../client/lastTime.ts')>()),
  useLastTimeStore: (select: (state: { takeaways: readonly RecalledTakeaway[] }) => unknown) => select(shown),
}));

const takeaway = (noteId: string, sessionIndex: number, text: string | null, sealedHere: boolean): RecalledTakeaway => ({ noteId, sessionIndex, sentAt: 0, sealedHere, text });
const card = () => renderToString(createElement(LastTimeCard, { view: { myId: 'gia' } as ClinicView }));
const buttons = (html: string) => [...html.matchAll(/<button[^>]*>([^<]*)<\/button>/g)].map((match) => match[1]);

describe('the last-time card', () => {
  it('leaves a takeaway sealed for another device to it, and offers to delete one that arrived damaged', () => {
    shown.takeaways = [takeaway('read', 0, 'Ask Sam for an hour a week.', true), takeaway('laptop', 1, null, false), takeaway('broken', 2, null, true)];
    const html = card();
    expect(html).toContain('One takeaway from week 2 can only be read on a device you used in that session.');
    expect(html).toContain('One takeaway from week 3 was sealed for this device but would not open: it may have been damaged on its way.');
    expect(buttons(html)).toEqual(['Done: delete it', 'Delete it from the server']);
  });

  it('says nothing of damage when every takeaway it cannot show is on another device', () => {
    shown.takeaways = [takeaway('laptop', 1, null, false), takeaway('tablet', 1, null, false)];
    const html = card();
    expect(html).toContain('2 takeaways from week 2 can only be read');
    expect(html).not.toContain('would not open');
    expect(buttons(html)).toEqual(['Hide']);
  });
});
