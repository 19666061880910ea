/** A page not yet in its clinic (the join form) has nothing on it that could be out of date: its badge only says what the connection is doing. */
import { createElement } from 'react';
import { renderToString } from 'react-dom/server';
import { describe, expect, it, vi } from 'vitest';
import type { ClinicStoreState } from '../../client/clinicStore.ts';
import { ClinicPage } from '../../client/views/ClinicPage.tsx';

const shown = vi.hoisted(() => ({ changes: {} as Partial<ClinicStoreState> }));
// Rendered on the server, a Zustand hook reads its initial state; this one holds the page's.
vi.mock('../../client/clinicStore.ts', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../client/clinicStore.ts')>();
  return {
    ...original,
    useClinicStore: (select: (state: ClinicStoreState) => unknown) =>
      select({ ...original.initialClinicStoreState, membership: { kind: 'needsName', preview: { title: 'Tuesday', crewWeek: null }, asFacilitator: false }, ...shown.changes }),
  };
});

const badgeOf = (changes: Partial<ClinicStoreState>) => {
  shown.changes = changes;
  return /data-testid="reconnecting"[^>]*>([^<]*)</.exec(renderToString(createElement(ClinicPage, { clinicId: 'c1', layout: 'personal' })))?.[1] ?? null;
};

describe("the join form's connection badge", () => {
  it('says only that it is reconnecting, or waiting for the server, never that the form may be out of date', () => {
    expect(badgeOf({ connection: 'reconnecting' })).toBe('Reconnecting…');
    expect(badgeOf({ connection: 'connected', stale: true })).toBe('Waiting for the server…');
    expect(badgeOf({ connection: 'connected', stale: false })).toBeNull();
  });
});
