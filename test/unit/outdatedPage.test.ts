/** A page that speaks another protocol version than the server says so and offers a reload. */
import { createElement } from 'react';
import { renderToString } from 'react-dom/server';
import { describe, expect, it, vi } from 'vitest';
import type { ClinicStoreState } from '../../client/clinicStore.ts';
import { ClinicPage } from '../../client/views/ClinicPage.tsx';

// Rendered on the server, a Zustand hook reads its initial state; this one holds the page's.
vi.mock('../../client/clinicStore.ts', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../client/clinicStore.ts')>();
  const outdated: ClinicStoreState = { ...original.initialClinicStoreState, membership: { kind: 'outdated' } };
  return { ...original, useClinicStore: (select: (state: ClinicStoreState) => unknown) => select(outdated) };
});

describe('an outdated page', () => {
  it('explains that the app was updated and offers to reload, instead of a join form', () => {
    const html = renderToString(createElement(ClinicPage, { clinicId: 'c1', layout: 'personal' }));
    expect(html).toContain('Case Clinic has been updated');
    expect(html).toMatch(/<button[^>]*>Reload the page<\/button>/);
    expect(html).not.toContain('display-name');
  });
});
