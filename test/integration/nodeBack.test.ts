/**
 * A node back after the others took it for stopped, or hearing Redis again, counts each of its
 * devices again (socketHandlers.ts): a device still in its clinic is let back into its rooms, sent
 * the state, and stays connected, also when a second round of counting starts while the first is
 * letting it back in, as when Redis comes back empty and the node is told twice. One node here,
 * told it is back by the test: what a round does on the node is the same with or without others.
 */
import { describe, expect, it } from 'vitest';
import { standaloneNetwork } from '../../server/nodeNetwork.ts';
import type { ClinicSocket } from '../../server/socketHandlers.ts';
import { createClinicAt, type TestParticipant } from '../support/participant.ts';
import { useInProcessServer } from '../support/serverFixture.ts';

let nodeIsBack: () => void = () => {
  throw new Error('The server has not asked to hear that its node is back');
};

const fixture = useInProcessServer({
  network: () => ({
    ...standaloneNetwork(),
    onBack: (listener) => {
      nodeIsBack = listener;
    },
  }),
});

async function franAndGia() {
  const { clinicId, facilitatorKey } = await createClinicAt(fixture.server.url);
  const fran = await fixture.joinAs(clinicId, 'Fran', facilitatorKey);
  const gia = await fixture.joinAs(clinicId, 'Gia');
  await gia.waitFor((state) => state.participants.length === 2, 'both listed');
  let disconnects = 0;
  gia.socket.on('disconnect', () => {
    disconnects += 1;
  });
  return { fran, gia, disconnectsOfGia: () => disconnects };
}

/** The server's end of a participant's connection. */
function serverSocketOf(participant: TestParticipant): ClinicSocket {
  const socket = [...fixture.server.app.io.of('/').sockets.values()].find((candidate) => candidate.data.participantId === participant.id);
  if (!socket) throw new Error(`No socket on the server is ${participant.id}'s`);
  return socket;
}

/** Resolves once `participant` has been sent its asides `count` more times: each letting-in ends with them. */
function letInAgain(participant: TestParticipant, count: number) {
  const target = participant.asidesReceived.length + count;
  return participant.waitForAsides(() => participant.asidesReceived.length >= target, `let in ${count} more times`);
}

/** Fran's next move reaches Gia: she is in the clinic's room, on the connection she had. */
async function nextMoveReaches(fran: TestParticipant, gia: TestParticipant) {
  const moved = await fran.command({ type: 'SET_CASE_GIVER', participantId: gia.id });
  if (!moved.ok) throw new Error(moved.error.reason);
  await gia.waitFor((state) => state.revision === moved.data.revision && state.progress.caseGiverIds.includes(gia.id), 'the move');
}

describe('a node back counts its devices again', () => {
  it('lets a device still in its clinic back in, sends it the state, and keeps its connection', async () => {
    const { fran, gia, disconnectsOfGia } = await franAndGia();
    const revisionBefore = gia.state!.revision;
    const sentAgain = letInAgain(gia, 1);
    nodeIsBack();
    await sentAgain;
    expect(gia.state!.revision).toBe(revisionBefore);
    await nextMoveReaches(fran, gia);
    expect(disconnectsOfGia()).toBe(0);
  });

  it('keeps a device a second round takes out while the first is letting it back in: the second decides', async () => {
    const { fran, gia, disconnectsOfGia } = await franAndGia();
    const serverSide = serverSocketOf(gia);
    let secondRoundStarted = false;
    // The first round lets Gia back in (the state goes to her socket as it joins the rooms); at
    // that moment the node is told it is back again, and the second round takes her out at once.
    serverSide.onAnyOutgoing((event) => {
      if (event !== 'clinic:state' || secondRoundStarted) return;
      secondRoundStarted = true;
      nodeIsBack();
    });
    const bothRounds = letInAgain(gia, 2);
    nodeIsBack();
    await bothRounds;
    expect(secondRoundStarted).toBe(true);
    await nextMoveReaches(fran, gia);
    expect(disconnectsOfGia()).toBe(0);
  });
});
