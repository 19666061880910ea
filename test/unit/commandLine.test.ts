/**
 * The console's commands clicked faster than the server answers: they go out in click order, a
 * lineup change made from the state the command before it left, so none undoes another, while a
 * move still names the state it was clicked on, so a double click stays a double click. None goes
 * out long after it was clicked, offline, or into another clinic's page.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { initialClinicStoreState, useClinicStore } from '../../client/clinicStore.ts';
import { sendCommand } from '../../client/commandLine.ts';
import { addToOrder, changeLineup, makeCaseGiver, moveInOrder, removeFromOrder } from '../../client/lineupChanges.ts';
import type { ClinicProgress, ClinicState } from '../../shared/clinicStateSchema.ts';
import { initialContext } from '../../shared/clinicSteps.ts';
import { CLASSIC } from '../../shared/formats/classic.ts';
import { coachesOf, withCaseGiver, withCoachOrder } from '../../shared/lineup.ts';
import { ACK_TIMEOUT_MS, PROTOCOL_VERSION } from '../../shared/protocol.ts';
import type { CommandPayload, FacilitatorCommand } from '../../shared/protocolSchemas.ts';

const BROADCAST_AFTER_ACK_MS = 300;

function lineupAfter(progress: ClinicProgress, command: FacilitatorCommand): Partial<ClinicProgress> {
  if (command.type === 'SET_COACH_ORDER') return withCoachOrder(progress, command.coachIds);
  if (command.type === 'SET_CASE_GIVER') return withCaseGiver(progress, command.participantId);
  return {};
}

/**
 * A server that takes every command and acknowledges it at once, the state it makes arriving a
 * moment later (`broadcasts` false: never), as it can through another node. It moves nothing but
 * the lineup. `refuseNext` answers the next command with that reason instead; `answers` false
 * leaves every command unanswered until the answer's wait is over; `connected` false is offline.
 */
const server = vi.hoisted(() => ({ sent: [] as CommandPayload[], broadcasts: true, answers: true, connected: true, refuseNext: null as string | null }));
vi.mock('socket.io-client', () => ({
  io: () => ({
    get connected() {
      return server.connected;
    },
    timeout: (ms: number) => ({
      emitWithAck: async (_event: 'clinic:command', payload: CommandPayload) => {
        server.sent.push(payload);
        if (!server.answers) return new Promise((_resolve, reject) => setTimeout(() => reject(new Error('operation has timed out')), ms));
        if (server.refuseNext) {
          const reason = server.refuseNext;
          server.refuseNext = null;
          return { ok: false, error: { code: 'STALE_COMMAND', reason, message: reason } };
        }
        const clinic = useClinicStore.getState().clinic!;
        const revision = clinic.revision + 1;
        const progress = { ...clinic.progress, ...lineupAfter(clinic.progress, payload.command) };
        if (server.broadcasts) setTimeout(() => useClinicStore.setState({ clinic: { ...clinic, revision, progress } }), BROADCAST_AFTER_ACK_MS);
        return { ok: true, data: { revision } };
      },
    }),
  }),
}));

const REVISION_SHOWN = 7;

function showLobby(coachIds: string[]): void {
  const progress = { ...initialContext({ format: CLASSIC }), lineup: ['gia', ...coachIds], caseGiverIds: ['gia'] };
  const clinic: ClinicState = { protocolVersion: PROTOCOL_VERSION, clinicId: 'clinic-under-test', title: null, crewWeek: null, revision: REVISION_SHOWN, facilitatorIds: ['fran'], participants: [], stage: 'lobby', progress };
  useClinicStore.setState({ clinicId: 'clinic-under-test', clinic });
}

const shownCoaches = () => coachesOf(useClinicStore.getState().clinic!.progress);
const sentCommands = () => server.sent.map(({ command }) => command);

describe('commands clicked in quick succession', () => {
  beforeEach(() => {
    // The clinic's page, which the socket takes its route key from.
    vi.stubGlobal('window', { location: { pathname: '/c/clinic-under-test' } });
    vi.useFakeTimers();
    Object.assign(server, { sent: [], broadcasts: true, answers: true, connected: true, refuseNext: null });
  });
  afterEach(async () => {
    // Lets the last test's commands finish, so the next starts with none in line.
    await vi.runAllTimersAsync();
    vi.useRealTimers();
    vi.unstubAllGlobals();
    useClinicStore.setState(initialClinicStoreState);
  });

  it('land one after another, each order made from the state the one before left', async () => {
    showLobby(['fran', 'ana', 'ben', 'cy']);
    const clicks = [changeLineup(removeFromOrder('coaches', 'fran')), changeLineup(removeFromOrder('coaches', 'cy')), changeLineup(moveInOrder('coaches', 'ben', -1))];
    await vi.advanceTimersByTimeAsync(3 * BROADCAST_AFTER_ACK_MS);
    await Promise.all(clicks);

    expect(server.sent).toEqual([
      { command: { type: 'SET_COACH_ORDER', coachIds: ['ana', 'ben', 'cy'] }, basedOnRevision: REVISION_SHOWN },
      { command: { type: 'SET_COACH_ORDER', coachIds: ['ana', 'ben'] }, basedOnRevision: REVISION_SHOWN + 1 },
      { command: { type: 'SET_COACH_ORDER', coachIds: ['ben', 'ana'] }, basedOnRevision: REVISION_SHOWN + 2 },
    ]);
    expect(shownCoaches()).toEqual(['ben', 'ana']);
  });

  it("takes Fran out of the order as it stands once Ben brings the case, rather than leaving out Gia, who brought it before", async () => {
    showLobby(['fran', 'ana', 'ben']);
    void changeLineup(makeCaseGiver('ben'));
    const last = changeLineup(removeFromOrder('coaches', 'fran'));
    await vi.advanceTimersByTimeAsync(2 * BROADCAST_AFTER_ACK_MS);
    await last;

    expect(sentCommands()).toEqual([
      { type: 'SET_CASE_GIVER', participantId: 'ben' },
      { type: 'SET_COACH_ORDER', coachIds: ['ana', 'gia'] },
    ]);
    expect(shownCoaches()).toEqual(['ana', 'gia']);
  });

  it('sends nothing for a change the one before already made (a double click)', async () => {
    showLobby(['fran', 'ana']);
    const clicks = [changeLineup(addToOrder('coaches', 'ben')), changeLineup(addToOrder('coaches', 'ben'))];
    await vi.advanceTimersByTimeAsync(2 * BROADCAST_AFTER_ACK_MS);

    expect(await Promise.all(clicks)).toEqual([{ ok: true, data: { revision: REVISION_SHOWN + 1 } }, null]);
    expect(sentCommands()).toHaveLength(1);
    expect(shownCoaches()).toEqual(['fran', 'ana', 'ben']);
  });

  it('sends Start clicked right after a lineup change after it, and a double-clicked move against the state it was clicked on', async () => {
    showLobby(['fran', 'ana']);
    void changeLineup(removeFromOrder('coaches', 'fran'));
    void sendCommand({ type: 'START' });
    void sendCommand({ type: 'START' });
    await vi.advanceTimersByTimeAsync(3 * BROADCAST_AFTER_ACK_MS);

    expect(server.sent).toEqual([
      { command: { type: 'SET_COACH_ORDER', coachIds: ['ana'] }, basedOnRevision: REVISION_SHOWN },
      // Both Starts name what was on the screen when clicked: the server refuses the second as stale.
      { command: { type: 'START' }, basedOnRevision: REVISION_SHOWN },
      { command: { type: 'START' }, basedOnRevision: REVISION_SHOWN },
    ]);
  });

  it('goes on when the state an answer names never arrives, rather than waiting for ever', async () => {
    server.broadcasts = false;
    showLobby(['fran', 'ana', 'ben']);
    void changeLineup(removeFromOrder('coaches', 'fran'));
    await vi.advanceTimersByTimeAsync(ACK_TIMEOUT_MS / 2);
    const next = changeLineup(removeFromOrder('coaches', 'ana'));
    await vi.advanceTimersByTimeAsync(ACK_TIMEOUT_MS / 2 - 1);
    expect(server.sent).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    // Made from the only state there is: the server refuses it if that is out of date.
    expect(sentCommands().at(-1)).toEqual({ type: 'SET_COACH_ORDER', coachIds: ['fran', 'ben'] });
    await vi.advanceTimersByTimeAsync(ACK_TIMEOUT_MS);
    await next;
  });

  it('makes an order refused because someone arrived on its way again, once, from the lineup with them in it', async () => {
    showLobby(['fran', 'ana']);
    server.refuseNext = 'LINEUP_CHANGED';
    const click = changeLineup(removeFromOrder('coaches', 'fran'));
    // Dee's arrival, which the server had taken in first, reaches the page after the refusal.
    await vi.advanceTimersByTimeAsync(0);
    const { clinic } = useClinicStore.getState();
    useClinicStore.setState({ clinic: { ...clinic!, revision: REVISION_SHOWN + 1, progress: { ...clinic!.progress, lineup: [...clinic!.progress.lineup, 'dee'] } } });
    await vi.advanceTimersByTimeAsync(BROADCAST_AFTER_ACK_MS);

    expect(await click).toMatchObject({ ok: true });
    expect(server.sent).toEqual([
      { command: { type: 'SET_COACH_ORDER', coachIds: ['ana'] }, basedOnRevision: REVISION_SHOWN },
      { command: { type: 'SET_COACH_ORDER', coachIds: ['ana', 'dee'] }, basedOnRevision: REVISION_SHOWN + 1 },
    ]);
    expect(useClinicStore.getState().notice).toBeNull();
  });

  it('sends nothing while offline, and says so at once rather than when it comes back', async () => {
    showLobby(['fran', 'ana']);
    server.connected = false;
    const reply = sendCommand({ type: 'START' });
    await vi.advanceTimersByTimeAsync(0);
    expect(await reply).toMatchObject({ ok: false, error: { reason: 'OFFLINE' } });
    expect(server.sent).toEqual([]);
    expect(useClinicStore.getState().notice).toMatchObject({ reason: 'OFFLINE' });
  });

  it("drops a command whose turn came only after an answer's wait, behind one never answered", async () => {
    showLobby(['fran', 'ana']);
    server.answers = false;
    const first = sendCommand({ type: 'START' });
    const second = changeLineup(removeFromOrder('coaches', 'fran'));
    await vi.advanceTimersByTimeAsync(ACK_TIMEOUT_MS);
    expect(await first).toMatchObject({ ok: false, error: { reason: 'NO_ANSWER' } });
    expect(await second).toMatchObject({ ok: false, error: { reason: 'NO_ANSWER' } });
    expect(sentCommands()).toEqual([{ type: 'START' }]);
  });

  it('sends nothing into another clinic the page went on to while a command waited its turn', async () => {
    showLobby(['fran', 'ana']);
    server.broadcasts = false;
    void sendCommand({ type: 'START' });
    const next = sendCommand({ type: 'PAUSE' });
    await vi.advanceTimersByTimeAsync(0);
    useClinicStore.setState({ clinicId: 'another-clinic' });
    await vi.advanceTimersByTimeAsync(ACK_TIMEOUT_MS);
    expect(await next).toMatchObject({ ok: false, error: { reason: 'NOT_LOADED' } });
    expect(sentCommands()).toEqual([{ type: 'START' }]);
  });
});
