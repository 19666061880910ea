/**
 * The case giver's seat is named for who sits in it: in a crew's intro and landing nobody brings
 * a case and the session's host opens from that seat, so the lobby, the people list and the order
 * panel say "host" there (and the others' turns come after the host), and "case giver" in a clinic.
 */
import { createElement, type ReactNode } from 'react';
import { renderToString } from 'react-dom/server';
import { describe, expect, it, vi } from 'vitest';
import { createActor } from 'xstate';
import { FacilitatorConsole } from '../../client/views/FacilitatorConsole.tsx';
import { Lobby } from '../../client/views/Lobby.tsx';
import { MiniTimer } from '../../client/views/MiniTimer.tsx';
import { Summary } from '../../client/views/Summary.tsx';
import type { ClinicView } from '../../client/views/useClinic.ts';
import { clinicMachine } from '../../shared/clinicMachine.ts';
import type { ClinicState } from '../../shared/clinicStateSchema.ts';
import type { ClinicFormat } from '../../shared/formatSchema.ts';
import { CLASSIC } from '../../shared/formats/classic.ts';
import { CREW_INTRO } from '../../shared/formats/crewIntro.ts';
import { CREW_LANDING } from '../../shared/formats/crewLanding.ts';
import { caseGiverRefusal, noteRecipientsOf, sendRefusal } from '../../shared/harvestRules.ts';
import { seatHolderOf } from '../../shared/lineup.ts';
import type { ClinicCommand } from '../../shared/protocolSchemas.ts';
import { clinicStateOf } from '../support/clinicStates.ts';

vi.mock('../../client/wakeLock.ts', () => ({ useScreenWakeLock: () => 'on' }));
vi.mock('../../client/soundPreference.ts', () => ({ useSoundOn: () => false, setSoundOn: () => undefined }));
// The lobby shows the join link, made from the page's own address.
vi.stubGlobal('window', { location: { origin: 'http://clinic.test' } });

const nameOf = (id: string | null) => (id === null ? '' : id.charAt(0).toUpperCase() + id.slice(1));

/** What a page says, tags taken out and entities read, one space between its pieces. */
const textOf = (html: string) =>
  html
    .replace(/<[^>]+>/g, ' ')
    .replace(/&#x27;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ');

/** A session in `format` with Fran, its facilitator, in the case giver's seat (unless `seated` is false), after `then`. */
function sessionOf(format: ClinicFormat, { seated = true, then = [] as ClinicCommand[] } = {}): ClinicState {
  const actor = createActor(clinicMachine, { input: { format } }).start();
  const at = Date.now();
  for (const id of ['fran', 'gia', 'ana']) actor.send({ type: 'PARTICIPANT_JOINED', participantId: id, at });
  if (seated) actor.send({ type: 'SET_CASE_GIVER', participantId: 'fran', at });
  for (const command of then) actor.send({ ...command, at });
  return clinicStateOf(actor.getSnapshot());
}

/** What `component` shows of `state` to `myId`. */
function screenOf(component: (props: { view: ClinicView }) => ReactNode, state: ClinicState, myId: string): string {
  const view: ClinicView = { clinic: state, progress: state.progress, stage: state.stage, myId, isFacilitator: myId === 'fran', nameOf };
  return textOf(renderToString(createElement(component, { view })));
}

/** The lobby, as `myId` sees it. */
const lobbyOf = (format: ClinicFormat, myId: string, { seated = true } = {}) => screenOf(Lobby, sessionOf(format, { seated }), myId);

/** Round the lineup to the first phase where the others take turns. */
const toTurns = (format: ClinicFormat): ClinicCommand[] => [
  { type: 'START' },
  ...format.phases.slice(0, format.phases.findIndex((phase) => phase.floor.kind === 'eachCoach')).map(() => ({ type: 'NEXT_PHASE' }) as const),
];

describe("the case giver's seat", () => {
  it('is the host in a crew intro and landing', () => {
    for (const format of [CREW_INTRO, CREW_LANDING]) {
      const asHost = lobbyOf(format, 'fran');
      expect(asHost, format.id).toContain("You're the host");
      expect(asHost, format.id).toContain('Choose the host');
      // The order panel heads her seat, and the people list tags her.
      expect(asHost, format.id).toContain('Host Fran');
      expect(asHost, format.id).toContain('Fran you · facilitator · host');
      expect(asHost, format.id).toContain('0 of 2 ready');
      expect(asHost, format.id).toContain('Start session');
      expect(asHost, format.id).not.toMatch(/coach/i);
      expect(asHost, format.id).not.toMatch(/case giver/i);
      const asMember = lobbyOf(format, 'gia');
      expect(asMember, format.id).toContain("You'll speak 1st of 2, after the host.");
      expect(asMember, format.id).toContain('Host Fran In speaking order Gia Ana');
      expect(asMember, format.id).not.toMatch(/case giver/i);
      // Before anyone sits there, the facilitator is shown the button that seats the host.
      const unseated = lobbyOf(format, 'fran', { seated: false });
      expect(unseated, format.id).toContain('Pick one with “Make host” under Who\'s here.');
      expect(unseated, format.id).toContain('Make host: Gia');
      expect(unseated, format.id).not.toMatch(/case giver/i);
      // The host alone in the lobby, before anyone else arrives.
      const alone = createActor(clinicMachine, { input: { format } }).start();
      alone.send({ type: 'PARTICIPANT_JOINED', participantId: 'fran', at: Date.now() });
      alone.send({ type: 'SET_CASE_GIVER', participantId: 'fran', at: Date.now() });
      const waiting = screenOf(Lobby, clinicStateOf(alone.getSnapshot()), 'fran');
      expect(waiting, format.id).toContain('In speaking order Nobody else yet.');
      expect(waiting, format.id).not.toMatch(/coach/i);
    }
  });

  it('is the case giver in a clinic, also in a record saved before the seat had a name', () => {
    const asCaseGiver = lobbyOf(CLASSIC, 'fran');
    expect(asCaseGiver).toContain("You're the case giver");
    expect(asCaseGiver).toContain('Case giver Fran');
    expect(asCaseGiver).toContain('Fran you · facilitator · case giver');
    expect(asCaseGiver).toContain('Start clinic');
    expect(asCaseGiver).not.toMatch(/\bhost\b/i);
    expect(lobbyOf(CLASSIC, 'gia')).toContain("You'll take the 1st of 2 coach turns.");
    expect(lobbyOf(CLASSIC, 'fran', { seated: false })).toContain('Pick one with “Make case giver” under Who\'s here.');
    expect(seatHolderOf({ format: { id: 'classic', name: 'Microsolidarity case clinic', rounds: 'one', roles: [] } })).toBe('caseGiver');
  });

  it('turns the others in a hosted session without calling them coaches, and closes it as a session', () => {
    for (const format of [CREW_INTRO, CREW_LANDING]) {
      const console = screenOf(FacilitatorConsole, sessionOf(format, { then: toTurns(format) }), 'fran');
      expect(console, format.id).toContain('Next speaker where people take turns, otherwise next phase');
      expect(console, format.id).not.toMatch(/coach|case giver/i);
      const closed = sessionOf(format, { then: [{ type: 'START' }, { type: 'END' }] });
      for (const myId of ['fran', 'gia']) {
        expect(screenOf(Summary, closed, myId), `${format.id} as ${myId}`).toContain('Session closed');
        expect(screenOf(MiniTimer, closed, myId).trim(), `${format.id} as ${myId}`).toBe('Session closed');
      }
    }
    expect(screenOf(Summary, sessionOf(CLASSIC, { then: [{ type: 'START' }, { type: 'END' }] }), 'gia')).toContain('Clinic closed');
  });
});

describe('the harvest of a hosted session', () => {
  it('has none: nobody brought a case, so there is no notepad, no note to the host, no inbox, no takeaway', () => {
    for (const format of [CREW_INTRO, CREW_LANDING]) {
      const closed = sessionOf(format, { then: [{ type: 'START' }, { type: 'END' }] });
      expect(noteRecipientsOf(closed, 'gia'), format.id).toEqual([]);
      expect(caseGiverRefusal(closed, 'fran'), format.id).toBe('NOTES_FOR_CASE_GIVERS');
      expect(sendRefusal(closed, 'gia', 'note', 'fran'), format.id).toBe('NOT_A_CASE_GIVER');
      expect(sendRefusal(closed, 'fran', 'takeaway', 'fran'), format.id).toBe('NOTES_FOR_CASE_GIVERS');
      // Her summary offers neither an inbox nor notes to send, nor theirs.
      for (const myId of ['fran', 'gia']) expect(screenOf((props) => createElement(Summary, { ...props, personal: true }), closed, myId), `${format.id} as ${myId}`).not.toMatch(/notes?\b/i);
    }
    // In a clinic, the case giver's coaches send her notes and she keeps takeaways.
    const clinic = sessionOf(CLASSIC, { then: [{ type: 'START' }, { type: 'END' }] });
    expect(noteRecipientsOf(clinic, 'gia')).toEqual(['fran']);
    expect(caseGiverRefusal(clinic, 'fran')).toBeNull();
    expect(sendRefusal(clinic, 'gia', 'note', 'fran')).toBeNull();
    expect(screenOf((props) => createElement(Summary, { ...props, personal: true }), clinic, 'fran')).toMatch(/notes from your coaches/i);
  });
});
