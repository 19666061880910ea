/**
 * No screen may depend on a known format: formats generated at random (phase ids and titles of
 * nonsense, any floors, roles, one round or several) are run step by step through the machine, and
 * at every step the live screen of each kind of person, the console, the mini timer, the lobby and
 * the summary render with that format's own words and nothing of another format's.
 */
import { createElement } from 'react';
import { renderToString } from 'react-dom/server';
import { describe, expect, it, vi } from 'vitest';
import { createActor } from 'xstate';
import { FacilitatorConsole } from '../../client/views/FacilitatorConsole.tsx';
import { LiveView } from '../../client/views/LiveView.tsx';
import { Lobby } from '../../client/views/Lobby.tsx';
import { MiniTimer } from '../../client/views/MiniTimer.tsx';
import { Summary } from '../../client/views/Summary.tsx';
import type { ClinicView } from '../../client/views/useClinic.ts';
import { clinicMachine } from '../../shared/clinicMachine.ts';
import type { ClinicState } from '../../shared/clinicStateSchema.ts';
import { isInTurnsPhase } from '../../shared/clinicSteps.ts';
import { FORMAT_LIBRARY } from '../../shared/formatLibrary.ts';
import { clinicFormatSchema, type ClinicFormat, type Floor } from '../../shared/formatSchema.ts';
import { roundLineup } from '../../shared/lineup.ts';
import { clinicStateOf } from '../support/clinicStates.ts';
import { SeededRandom } from '../support/hostileInput.ts';

vi.mock('../../client/wakeLock.ts', () => ({ useScreenWakeLock: () => 'on' }));
vi.mock('../../client/soundPreference.ts', () => ({ useSoundOn: () => false, setSoundOn: () => undefined }));
// The lobby shows the join link, made from the page's own address.
vi.stubGlobal('window', { location: { origin: 'http://clinic.test' } });

const PEOPLE = ['fran', 'gia', 'ana', 'ben', 'cy'];
const nameOf = (id: string | null) => (id === null ? '' : id.charAt(0).toUpperCase() + id.slice(1));

/** Words no generated format uses: every phase title of the library. */
const LIBRARY_TITLES = [...new Set(FORMAT_LIBRARY.flatMap((format) => format.phases.map((phase) => phase.title)))];

function word(random: SeededRandom, length: number): string {
  return Array.from({ length }, () => 'bcdfghjklmnpqrstvwxz'.charAt(random.int(0, 19))).join('');
}

function randomFormat(random: SeededRandom): ClinicFormat {
  const roles = random.chance(0.5) ? [{ id: `r${word(random, 4)}`, name: `Role ${word(random, 5)}`, duty: `Does ${word(random, 6)}.` }] : [];
  const floors: Floor[] = [{ kind: 'caseGiver' }, { kind: 'eachCoach' }, { kind: 'everyone' }, { kind: 'nobody' }, ...roles.map((role) => ({ kind: 'role' as const, roleId: role.id }))];
  const phases = Array.from({ length: random.int(1, 7) }, (_, index) => ({
    id: `q${index}${word(random, 5)}`,
    title: `Zq ${word(random, 6)}`,
    purpose: `Purpose ${word(random, 8)}.`,
    floor: random.pick(floors),
    caseGiverTurnsAway: random.chance(0.2),
    defaultMinutes: random.int(1, 9),
    minimumMinutes: 1,
    guidance: { caseGiver: `Cg ${word(random, 7)}`, speaker: `Sp ${word(random, 7)}`, listeners: `Li ${word(random, 7)}` },
    autoAdvance: random.pick(['off', 'soft', 'hard'] as const),
  }));
  return clinicFormatSchema.parse({
    id: `gen-${word(random, 6)}`,
    name: `Generated ${word(random, 5)}`,
    description: 'A generated format.',
    credit: 'The test.',
    participants: { min: 2, max: 16 },
    rounds: random.chance(0.5) ? 'one' : 'eachCaseGiver',
    roles,
    phases,
  });
}

function viewAs(state: ClinicState, myId: string): ClinicView {
  return { clinic: state, progress: state.progress, stage: state.stage, myId, isFacilitator: state.facilitatorIds.includes(myId), nameOf };
}

const render = (component: (props: { view: ClinicView }) => unknown, view: ClinicView) =>
  renderToString(createElement(component as (props: { view: ClinicView }) => never, { view }));

describe('every screen, for any format', () => {
  // Hundreds of server renders: generous time for a loaded machine.
  it('renders each step of generated formats in their own words, for every kind of person', { timeout: 60_000 }, () => {
    const random = new SeededRandom(424242);
    let screens = 0;
    for (let sample = 0; sample < 25; sample += 1) {
      const format = randomFormat(random);
      const actor = createActor(clinicMachine, { input: { format } }).start();
      const at = Date.now();
      for (const id of PEOPLE.slice(1)) actor.send({ type: 'PARTICIPANT_JOINED', participantId: id, at });
      actor.send({ type: 'SET_CASE_GIVER', participantId: 'gia', at });
      if (format.rounds === 'eachCaseGiver') actor.send({ type: 'SET_ROUND_ORDER', caseGiverIds: ['gia', 'ben'], at });
      for (const role of format.roles) actor.send({ type: 'SET_ROLE', roleId: role.id, participantId: 'cy', at });
      const roster = { participants: PEOPLE.map((id) => ({ id, name: nameOf(id), online: true, screen: false })) };

      const lobby = render(Lobby, viewAs(clinicStateOf(actor.getSnapshot(), roster), 'fran'));
      expect(lobby).toContain(format.name);
      actor.send({ type: 'START', at });
      expect(actor.getSnapshot().matches('live'), `${format.id} starts`).toBe(true);

      for (let steps = 0; actor.getSnapshot().status === 'active'; steps += 1) {
        const state = clinicStateOf(actor.getSnapshot(), roster);
        const step = state.progress.step!;
        const phase = state.progress.plan[step.phaseIndex]!;
        const { caseGiverId } = roundLineup(state.progress, step.roundIndex);
        const speaking = step.speakerId;
        for (const myId of PEOPLE) {
          const live = render(LiveView, viewAs(state, myId));
          expect(live).toContain(phase.title);
          const expected = myId === caseGiverId ? phase.guidance.caseGiver : myId === speaking ? phase.guidance.speaker! : phase.guidance.listeners;
          expect(live, `${format.id} ${phase.phaseId} as ${myId}`).toContain(expected);
          for (const title of LIBRARY_TITLES) expect(live).not.toContain(`>${title}<`);
          screens += 1;
        }
        expect(render(FacilitatorConsole, viewAs(state, 'fran'))).toContain(phase.title);
        expect(render(MiniTimer, viewAs(state, 'ana'))).toContain(phase.title);
        actor.send({ type: isInTurnsPhase(state.progress) ? 'NEXT_SPEAKER' : 'NEXT_PHASE', at });
        if (steps > 200) throw new Error(`${format.id} does not close`);
      }
      const summary = render(Summary, viewAs(clinicStateOf(actor.getSnapshot(), roster), 'ana'));
      for (const phase of format.phases) expect(summary).toContain(phase.title);
      actor.stop();
    }
    expect(screens).toBeGreaterThan(300);
  });
});
