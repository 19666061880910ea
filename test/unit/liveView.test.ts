import { createElement } from 'react';
import { renderToString } from 'react-dom/server';
import { describe, expect, it, vi } from 'vitest';
import { createActor } from 'xstate';
import { LiveView } from '../../client/views/LiveView.tsx';
import { useScreenWakeLock } from '../../client/wakeLock.ts';
import { clinicMachine } from '../../shared/clinicMachine.ts';
import { CLASSIC as CLASSIC_FORMAT } from '../../shared/formats/classic.ts';
import { KOLLEGIALE_BERATUNG } from '../../shared/formats/kollegialeBeratung.ts';
import { clinicStateOf } from '../support/clinicStates.ts';
import type { ClinicView } from '../../client/views/useClinic.ts';

vi.mock('../../client/wakeLock.ts', () => ({ useScreenWakeLock: vi.fn(() => 'on') }));
// Rendered on the server there is no local storage to read the sound choice from.
vi.mock('../../client/soundPreference.ts', () => ({ useSoundOn: () => false, setSoundOn: () => undefined }));

/** A running clinic as `ana` sees it: Gia gives the case, Ana coaches. */
function runningClinicView(): ClinicView {
  const actor = createActor(clinicMachine, { input: { format: CLASSIC_FORMAT } }).start();
  for (const participantId of ['gia', 'ana']) actor.send({ type: 'PARTICIPANT_JOINED', participantId, at: Date.now() });
  actor.send({ type: 'SET_CASE_GIVER', participantId: 'gia', at: Date.now() });
  actor.send({ type: 'START', at: Date.now() });
  const clinic = clinicStateOf(actor.getSnapshot(), { facilitatorIds: ['ana'] });
  actor.stop();
  return { clinic, progress: clinic.progress, stage: clinic.stage, myId: 'ana', isFacilitator: true, nameOf: (id) => (id === 'gia' ? 'Gia' : 'Ana') };
}

describe('live view', () => {
  it.each([
    ['the shared presenter screen', true],
    ["a participant's own screen", false],
  ])('keeps %s awake, asking once', (_screen, shared) => {
    vi.mocked(useScreenWakeLock).mockClear();
    renderToString(createElement(LiveView, { view: runningClinicView(), shared }));
    expect(vi.mocked(useScreenWakeLock).mock.calls).toEqual([[true]]);
  });

  it('tells someone out of the order they are listening, unless they have a part of their own there', () => {
    const actor = createActor(clinicMachine, { input: { format: KOLLEGIALE_BERATUNG } }).start();
    for (const participantId of ['gia', 'ana', 'ben', 'cy', 'lu']) actor.send({ type: 'PARTICIPANT_JOINED', participantId, at: 0 });
    actor.send({ type: 'SET_CASE_GIVER', participantId: 'gia', at: 0 });
    actor.send({ type: 'SET_COACH_ORDER', coachIds: ['ana', 'ben'], at: 0 });
    actor.send({ type: 'SET_ROLE', roleId: 'moderator', participantId: 'cy', at: 0 });
    actor.send({ type: 'START', at: 0 });
    const clinic = clinicStateOf(actor.getSnapshot(), { facilitatorIds: ['fran'] });
    actor.stop();
    const screenOf = (myId: string) =>
      renderToString(createElement(LiveView, { view: { clinic, progress: clinic.progress, stage: clinic.stage, myId, isFacilitator: false, nameOf: (id) => id ?? '' } })).replace(/&#x27;/g, "'");
    expect(screenOf('lu')).toContain("You're listening, not coaching.");
    expect(screenOf('cy')).toContain('Your role: Moderator');
    expect(screenOf('cy')).not.toContain('listening, not coaching');
  });
});
