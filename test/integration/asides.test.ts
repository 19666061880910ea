import { afterEach, describe, expect, it } from 'vitest';
import type { AsidesView } from '../../shared/asidesSchema.ts';
import type { FacilitatorCommand } from '../../shared/protocolSchemas.ts';
import { createClinicAt, TestParticipant } from '../support/participant.ts';
import { useInProcessServer } from '../support/serverFixture.ts';
import { makeDataDir, startInProcessServer, type InProcessServer } from '../support/servers.ts';

/** Each test sends asides in a row: a pace no limit is about here, except where a test sets one. */
const fixture = useInProcessServer({ limits: { eventBurst: 1_000, asidesPerMinute: 1_000 } });

/** Fran facilitates (and listens); Gia brings the case; Ana and Bo coach, in that order. */
async function crewAt(url: string, join: (clinicId: string, name: string, key?: string) => Promise<TestParticipant>) {
  const { clinicId, facilitatorKey } = await createClinicAt(url);
  const fran = await join(clinicId, 'Fran', facilitatorKey);
  const gia = await join(clinicId, 'Gia');
  const ana = await join(clinicId, 'Ana');
  const bo = await join(clinicId, 'Bo');
  const ok = async (by: TestParticipant, command: FacilitatorCommand) => {
    const reply = await by.command(command);
    if (!reply.ok) throw new Error(`${command.type}: ${reply.error.message}`);
    await Promise.all([fran, gia, ana, bo].map((device) => device.waitForRevision(reply.data.revision)));
    return reply.data;
  };
  await ok(fran, { type: 'SET_CASE_GIVER', participantId: gia.id });
  await ok(fran, { type: 'SET_COACH_ORDER', coachIds: [ana.id, bo.id] });
  return { clinicId, fran, gia, ana, bo, ok };
}

const crew = () => crewAt(fixture.server.url, fixture.joinAs);

async function sent(by: TestParticipant, aside: Parameters<TestParticipant['aside']>[0]) {
  const reply = await by.aside(aside);
  if (!reply.ok) throw new Error(`${aside.type}: ${reply.error.message}`);
  return reply.data;
}

async function refused(by: TestParticipant, aside: Parameters<TestParticipant['aside']>[0]) {
  const reply = await by.aside(aside);
  return reply.ok ? 'accepted' : reply.error.reason;
}

const signalKinds = (view: AsidesView) => view.signals.map((signal) => signal.kind);

/**
 * Views reach a device in the order the server saved them, so once `device` shows what `marker`
 * did, it has been sent everything saved before it: what it lacks, it was never sent.
 */
async function settle(device: TestParticipant, marker: () => Promise<unknown>, shows: (view: AsidesView) => boolean) {
  await marker();
  await device.waitForAsides(shows, 'the marker aside');
}

describe('the case giver\'s quiet signals', () => {
  it('reach the facilitators only, show on the phone as seen and acted on, and can be withdrawn', async () => {
    const { fran, gia, ana, bo, ok } = await crew();
    await ok(fran, { type: 'START' });

    const { revision } = await sent(gia, { type: 'SIGNAL', kind: 'moment' });
    const atFacilitator = await fran.waitForAsides((view) => view.signals.length === 1);
    expect(atFacilitator.revision).toBe(revision);
    expect(atFacilitator.signals[0]).toMatchObject({ kind: 'moment', fromId: gia.id, answer: null, shownToAll: false });
    const signalId = atFacilitator.signals[0]!.id;

    // The phone shows its own signal, still unanswered.
    await gia.waitForAsides((view) => view.signals.some((signal) => signal.id === signalId && signal.answer === null));

    // The facilitator pauses for it and says so; the phone shows it was seen and acted on.
    await ok(fran, { type: 'PAUSE' });
    await sent(fran, { type: 'ANSWER_SIGNAL', signalId, answer: 'paused' });
    await gia.waitForAsides((view) => view.signals[0]?.answer?.kind === 'paused');

    // No coach was ever sent it.
    await settle(ana, () => sent(ana, { type: 'SET_READY', ready: true }), (view) => view.readyIds.includes(ana.id));
    await settle(bo, () => sent(bo, { type: 'SET_READY', ready: true }), (view) => view.readyIds.includes(bo.id));
    for (const coach of [ana, bo]) expect(coach.asidesReceived.flatMap((view) => view.signals)).toEqual([]);

    await sent(gia, { type: 'WITHDRAW_SIGNAL', signalId });
    await fran.waitForAsides((view) => view.signals.length === 0);
    await gia.waitForAsides((view) => view.signals.length === 0);
  });

  it('a facilitator may show one to everyone, and hide it again', async () => {
    const { fran, gia, ana, ok } = await crew();
    await ok(fran, { type: 'START' });
    await sent(gia, { type: 'SIGNAL', kind: 'slowDown' });
    const { signals } = await fran.waitForAsides((view) => view.signals.length === 1);
    await sent(fran, { type: 'SHOW_SIGNAL', signalId: signals[0]!.id, shownToAll: true });
    expect(signalKinds(await ana.waitForAsides((view) => view.signals.length === 1))).toEqual(['slowDown']);
    await sent(fran, { type: 'SHOW_SIGNAL', signalId: signals[0]!.id, shownToAll: false });
    await ana.waitForAsides((view) => view.signals.length === 0);
  });

  it('asking again replaces an answered signal with a fresh one; each kind once', async () => {
    const { fran, gia, ok } = await crew();
    await ok(fran, { type: 'START' });
    await sent(gia, { type: 'SIGNAL', kind: 'moreTime' });
    const first = (await fran.waitForAsides((view) => view.signals.length === 1)).signals[0]!;
    await sent(fran, { type: 'ANSWER_SIGNAL', signalId: first.id, answer: 'addedTime' });
    await sent(gia, { type: 'SIGNAL', kind: 'moreTime' });
    await sent(gia, { type: 'SIGNAL', kind: 'complete' });
    const view = await fran.waitForAsides((latest) => latest.signals.length === 2);
    expect(signalKinds(view).sort()).toEqual(['complete', 'moreTime']);
    expect(view.signals.find((signal) => signal.kind === 'moreTime')).toMatchObject({ answer: null });
    expect(view.signals.find((signal) => signal.kind === 'moreTime')!.id).not.toBe(first.id);
  });

  it('are refused to anyone but the case giver, and answered only by a facilitator', async () => {
    const { fran, gia, ana, ok } = await crew();
    await ok(fran, { type: 'START' });
    expect(await refused(ana, { type: 'SIGNAL', kind: 'moment' })).toBe('NOT_THE_CASE_GIVER');
    expect(await refused(fran, { type: 'SIGNAL', kind: 'moment' })).toBe('NOT_THE_CASE_GIVER');
    await sent(gia, { type: 'SIGNAL', kind: 'moment' });
    const signalId = (await fran.waitForAsides((view) => view.signals.length === 1)).signals[0]!.id;
    expect(await refused(ana, { type: 'ANSWER_SIGNAL', signalId, answer: 'seen' })).toBe('NOT_FACILITATOR');
    expect(await refused(gia, { type: 'SHOW_SIGNAL', signalId, shownToAll: true })).toBe('NOT_FACILITATOR');
    expect(await refused(ana, { type: 'WITHDRAW_SIGNAL', signalId })).toBe('UNKNOWN_SIGNAL');
    expect(await refused(fran, { type: 'ANSWER_SIGNAL', signalId: 'gone', answer: 'seen' })).toBe('UNKNOWN_SIGNAL');
  });

  it('never make a facilitator\'s command stale and send no room-wide state', async () => {
    const { fran, gia, ana, ok } = await crew();
    await ok(fran, { type: 'START' });
    const seenRevision = fran.state!.revision;
    await sent(gia, { type: 'SIGNAL', kind: 'moment' });
    await settle(ana, () => sent(ana, { type: 'SET_READY', ready: true }), (view) => view.readyIds.length === 1);
    await fran.waitForAsides((view) => view.signals.length === 1 && view.readyIds.length === 1);
    // Nobody was sent a room-wide state for them.
    expect(ana.state!.revision).toBe(seenRevision);
    expect(fran.state!.revision).toBe(seenRevision);
    // Made against the state before the asides: it still moves the clinic.
    const reply = await fran.command({ type: 'NEXT_PHASE' }, seenRevision);
    expect(reply.ok).toBe(true);
    await ana.waitFor((state) => state.progress.step?.phaseIndex === 1);
  });
});

describe('coaches: ready, passing and raised hands', () => {
  it('"Ready" counts for the facilitator before the turns, each coach sees only their own, and it clears once the turns start', async () => {
    const { fran, gia, ana, bo, ok } = await crew();
    await sent(ana, { type: 'SET_READY', ready: true });
    expect((await fran.waitForAsides((view) => view.readyIds.length === 1)).readyIds).toEqual([ana.id]);
    await settle(bo, () => sent(bo, { type: 'SET_READY', ready: false }), () => true);
    expect(bo.asides!.readyIds).toEqual([]);
    expect(await refused(gia, { type: 'SET_READY', ready: true })).toBe('NOT_A_COACH');

    await ok(fran, { type: 'START' });
    await sent(bo, { type: 'SET_READY', ready: true });
    await fran.waitForAsides((view) => view.readyIds.length === 2);
    await ok(fran, { type: 'NEXT_PHASE' });
    await fran.waitForAsides((view) => view.readyIds.length === 0);
    expect(await refused(ana, { type: 'SET_READY', ready: true })).toBe('TURNS_STARTED');
  });

  it('a hand queue during the case: fewest questions answered first, shown to the facilitator and the case giver, emptied when the phase ends', async () => {
    const { fran, gia, ana, bo, ok } = await crew();
    expect(await refused(ana, { type: 'RAISE_HAND' })).toBe('NO_QUESTIONS_NOW');
    await ok(fran, { type: 'START' });
    await sent(ana, { type: 'RAISE_HAND' });
    await sent(bo, { type: 'RAISE_HAND' });
    const queue = (view: AsidesView) => view.hands.map((hand) => [hand.coachId, hand.place]);
    expect(queue(await fran.waitForAsides((view) => view.hands.length === 2))).toEqual([[ana.id, 1], [bo.id, 2]]);
    expect(queue(await gia.waitForAsides((view) => view.hands.length === 2))).toEqual([[ana.id, 1], [bo.id, 2]]);
    expect(queue(await bo.waitForAsides((view) => view.hands.length === 1))).toEqual([[bo.id, 2]]);
    expect(queue(ana.asides!)).toEqual([[ana.id, 1]]);

    // Ana asked; when she raises her hand again, Bo (who has not been answered yet) goes first.
    await sent(fran, { type: 'QUESTION_ANSWERED', coachId: ana.id });
    await sent(ana, { type: 'RAISE_HAND' });
    expect(queue(await fran.waitForAsides((view) => view.hands.length === 2 && view.hands[0]!.coachId === bo.id))).toEqual([[bo.id, 1], [ana.id, 2]]);
    expect(await refused(ana, { type: 'QUESTION_ANSWERED', coachId: bo.id })).toBe('NOT_FACILITATOR');
    expect(await refused(gia, { type: 'RAISE_HAND' })).toBe('NOT_A_COACH');

    await sent(bo, { type: 'LOWER_HAND' });
    expect(queue(await fran.waitForAsides((view) => view.hands.length === 1))).toEqual([[ana.id, 1]]);
    await ok(fran, { type: 'NEXT_PHASE' });
    await fran.waitForAsides((view) => view.hands.length === 0);
    await ana.waitForAsides((view) => view.hands.length === 0);
    // Reflections take no clarifying questions.
    expect(await refused(ana, { type: 'RAISE_HAND' })).toBe('NO_QUESTIONS_NOW');
  });

  it('"I\'ll pass": the facilitator declines or accepts by skipping the turn, which clears the request', async () => {
    const { fran, gia, ana, bo, ok } = await crew();
    await ok(fran, { type: 'START' });
    expect(await refused(bo, { type: 'REQUEST_PASS' })).toBe('NO_TURN_TO_PASS');
    await ok(fran, { type: 'NEXT_PHASE' });
    // Ana speaks, Bo is next: both may ask; the case giver has no turn to pass.
    await sent(bo, { type: 'REQUEST_PASS' });
    expect(await refused(gia, { type: 'REQUEST_PASS' })).toBe('NOT_A_COACH');
    expect((await fran.waitForAsides((view) => view.passRequests.length === 1)).passRequests[0]).toMatchObject({ coachId: bo.id, declined: false });
    await sent(fran, { type: 'DECLINE_PASS', coachId: bo.id });
    await bo.waitForAsides((view) => view.passRequests[0]?.declined === true);
    expect(await refused(fran, { type: 'DECLINE_PASS', coachId: bo.id })).toBe('NO_PASS_REQUEST');

    // Asked again, and accepted when Bo's turn comes: the facilitator skips it.
    await sent(bo, { type: 'REQUEST_PASS' });
    await fran.waitForAsides((view) => view.passRequests[0]?.declined === false);
    await ok(fran, { type: 'NEXT_SPEAKER' });
    expect(fran.state!.progress.step!.speakerId).toBe(bo.id);
    await ok(fran, { type: 'SKIP_SPEAKER' });
    await fran.waitForAsides((view) => view.passRequests.length === 0);
    await bo.waitForAsides((view) => view.passRequests.length === 0);
    expect(await refused(bo, { type: 'REQUEST_PASS' })).toBe('NO_TURN_TO_PASS');
    expect(await refused(ana, { type: 'REQUEST_PASS' })).toBe('NO_TURN_TO_PASS');
  });

  it('everything is cleared at the close and nothing is taken afterwards', async () => {
    const { fran, gia, ana, ok } = await crew();
    await ok(fran, { type: 'START' });
    await sent(gia, { type: 'SIGNAL', kind: 'complete' });
    await sent(ana, { type: 'RAISE_HAND' });
    await fran.waitForAsides((view) => view.signals.length === 1 && view.hands.length === 1);
    await ok(fran, { type: 'END' });
    await fran.waitForAsides((view) => view.signals.length === 0 && view.hands.length === 0);
    expect(await refused(gia, { type: 'SIGNAL', kind: 'moment' })).toBe('CLINIC_CLOSED');
  });
});

describe('asides across a restart', () => {
  const servers: InProcessServer[] = [];
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((server) => server.close()));
  });

  it('a signal and a raised hand are kept, and a returning device is sent its view on joining', async () => {
    const { dataDir, remove } = makeDataDir();
    const opened: TestParticipant[] = [];
    try {
      const first = await startInProcessServer({ dataDir });
      const join = async (clinicId: string, name: string, key?: string) => {
        const device = await TestParticipant.join(first.url, clinicId, name, key);
        opened.push(device);
        return device;
      };
      const { clinicId, fran, gia, ana, ok } = await crewAt(first.url, join);
      await ok(fran, { type: 'START' });
      await sent(gia, { type: 'SIGNAL', kind: 'moment' });
      await sent(ana, { type: 'RAISE_HAND' });
      for (const device of opened.splice(0)) device.close();
      await first.close();

      const second = await startInProcessServer({ dataDir });
      servers.push(second);
      const franAgain = await TestParticipant.rejoin(second.url, clinicId, 'Fran', fran.me!.participantToken);
      opened.push(franAgain);
      const view = await franAgain.waitForAsides((latest) => latest.signals.length === 1);
      expect(signalKinds(view)).toEqual(['moment']);
      expect(view.hands.map((hand) => hand.coachId)).toEqual([ana.id]);
    } finally {
      for (const device of opened) device.close();
      remove();
    }
  });
});

describe('the pace of asides', () => {
  const servers: InProcessServer[] = [];
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((server) => server.close()));
  });

  it('past the per-minute allowance an aside is refused with TOO_MANY_ASIDES, and commands still go through', async () => {
    const server = await startInProcessServer({ limits: { eventBurst: 1_000, asidesPerMinute: 3 } });
    servers.push(server);
    const opened: TestParticipant[] = [];
    const join = async (clinicId: string, name: string, key?: string) => {
      const device = await TestParticipant.join(server.url, clinicId, name, key);
      opened.push(device);
      return device;
    };
    try {
      const { fran, ana, ok } = await crewAt(server.url, join);
      for (const ready of [true, false, true]) await sent(ana, { type: 'SET_READY', ready });
      expect(await refused(ana, { type: 'SET_READY', ready: false })).toBe('TOO_MANY_ASIDES');
      await ok(fran, { type: 'START' });
      expect((await fran.waitForAsides((view) => view.readyIds.length === 1)).readyIds).toEqual([ana.id]);
    } finally {
      for (const device of opened) device.close();
    }
  });
});
