/**
 * The crew page's side of the socket: creates a crew, joins it (and after any reconnect rejoins)
 * with this device's token, the organiser link's key, a pairing code or a name, feeds crew states
 * into the crew store, sends members' and the organiser's commands, and takes the device into a
 * session's clinic when it starts.
 */
import { CLOCK_SAMPLES_AFRESH, ClockOffsetEstimator, sampleClock } from '../shared/clockSync.ts';
import type { CreateCrewPayload, CreatedCrew, CrewCommand, CrewCommandResult, CrewGone, CrewPaired, CrewPreview, JoinedCrew, PairingCode, SessionStarted } from '../shared/crewProtocolSchemas.ts';
import { ACK_TIMEOUT_MS, PROTOCOL_VERSION, type Ack, type ProtocolError } from '../shared/protocol.ts';
import { isNewcomerRefusal } from '../shared/crewRota.ts';
import { isMomentaryRefusal, refuse } from '../shared/reasons.ts';
import { askServer, clinicSocket } from './connection.ts';
import { adoptCrewFragment, forgetCrew, forgetCrewIdentityPart, readCrewIdentity, rememberCrewIdentity } from './crewIdentity.ts';
import { initialCrewStoreState, receiveCrewState, useCrewStore } from './crewStore.ts';
import { rememberIdentity } from './identity.ts';
import { retryWithBackoff } from './retryWithBackoff.ts';
import { connectAfreshLater, JoinAfterUpdate, noticeOnceLetIn } from './serverUpdate.ts';

/**
 * Creates a crew with this device as its organiser; the device keeps its member token. Sent even
 * before the page's first connection is up: it waits for it, and needs no join.
 */
export async function createCrew(settings: Omit<CreateCrewPayload, 'protocolVersion'>): Promise<Ack<CreatedCrew>> {
  const reply = await clinicSocket()
    .timeout(ACK_TIMEOUT_MS)
    .emitWithAck('crew:create', { protocolVersion: PROTOCOL_VERSION, ...settings })
    .catch(() => refuse<CreatedCrew>('NO_ANSWER'));
  if (reply.ok) rememberCrewIdentity(reply.data.crewId, { memberToken: reply.data.memberToken });
  return reply;
}

/** Counts (re)connects and page closes, so an answer meant for an earlier round is dropped. */
let joinRound = 0;

/**
 * A join by name or pairing code that a node not yet updated turned away, sent again once connected
 * afresh; a code from a QR link would otherwise be lost with the link's fragment.
 */
const joinAfterUpdate = new JoinAfterUpdate<{ name?: string; pairingCode?: string }>();

/**
 * Joins the open crew: with a name or a code typed on the join form, or else with what this device
 * holds. A device that holds nothing is asked to join.
 */
export async function joinCrew(how: { name?: string; pairingCode?: string } = {}): Promise<void> {
  const { crewId } = useCrewStore.getState();
  if (!crewId) return;
  const round = joinRound;
  const { memberToken, organiserKey } = readCrewIdentity(crewId);
  if (!how.name && !how.pairingCode && !memberToken && !organiserKey) return askToJoin(crewId, round);
  const afresh = Boolean(how.name || how.pairingCode);
  if (afresh && joinAfterUpdate.isHeldFor(crewId)) {
    // Sent now it would wait for the connection and go out beside the one already due.
    joinAfterUpdate.hold(crewId, how);
    return;
  }
  // A code or a name joins a device afresh; a token it already holds would win over either.
  const held = afresh ? {} : { memberToken, organiserKey };
  const send = () => askServer<JoinedCrew>((socket) => socket.emitWithAck('crew:join', { protocolVersion: PROTOCOL_VERSION, crewId, ...how, ...held }));
  // The member token or the organiser key admits the same member however often it is sent: it goes
  // again, unanswered or refused for a moment, while the page says it is reconnecting. A name or a
  // code would add a member or use the code up each time it lands: the person's to resend.
  const reply = !afresh
    ? await retryWithBackoff(send, () => clinicSocket().connected && round === joinRound, { askAgain: notAnsweredYet, whileWaiting: () => useCrewStore.setState({ rejoining: true }) })
    : await send();
  if (!reply || round !== joinRound) return;
  useCrewStore.setState({ rejoining: false });
  if (reply.ok) {
    rememberCrewIdentity(crewId, { memberToken: reply.data.memberToken });
    // Once joined, the token carries the organiser's rights; the key would undo a hand-over if sent again.
    forgetCrewIdentityPart(crewId, 'organiserKey');
    useCrewStore.setState(({ notice }) => ({ membership: { kind: 'joined', me: reply.data }, notice: noticeOnceLetIn(notice) }));
    void measureClock();
    return;
  }
  switch (reply.error.reason) {
    case 'PROTOCOL_MISMATCH':
      useCrewStore.setState({ membership: { kind: 'outdated' } });
      return;
    case 'SERVER_OUTDATED':
      if (afresh) joinAfterUpdate.hold(crewId, how);
      useCrewStore.setState({ notice: reply.error });
      connectAfreshLater(clinicSocket());
      return;
    case 'CREW_NOT_FOUND':
      forgetCrew(crewId);
      useCrewStore.setState({ membership: { kind: 'notFound' } });
      return;
    case 'LEFT_CREW':
      forgetCrew(crewId);
      useCrewStore.setState({ membership: { kind: 'gone', reason: 'departed' } });
      return;
    case 'UNKNOWN_CREW_DEVICE':
      forgetCrewIdentityPart(crewId, 'memberToken');
      break;
    case 'INVALID_ORGANISER_KEY':
      forgetCrewIdentityPart(crewId, 'organiserKey');
      break;
  }
  return askToJoin(crewId, round, reply.error);
}

/** Counts the questions `askToJoin` sends, so only the latest answer is shown. */
let previewAsks = 0;

/**
 * Asks whether the crew takes new members, then shows the join form: a closed or full crew says so
 * before anyone types a name, and a deleted one that it is gone. On a page's first visit it stays
 * on "Connecting…" until the answer, so the form does not change under someone typing; a form
 * already up shows a refusal at once. With no answer while connected (a node without the
 * question) the form shows as ever, and a join says the rest; disconnected, the rejoin asks again.
 */
async function askToJoin(crewId: string, round: number, error?: ProtocolError): Promise<void> {
  const ask = (previewAsks += 1);
  const before = useCrewStore.getState().membership;
  // A refusal for being new is itself the answer the question would get.
  const refusedNewcomers = error && isNewcomerRefusal(error.reason) ? error.reason : undefined;
  const known = refusedNewcomers ?? (before.kind === 'needsJoin' ? before.newcomersRefused : undefined);
  if (before.kind === 'needsJoin') {
    useCrewStore.setState({ membership: { kind: 'needsJoin', error, newcomersRefused: known } });
    if (known !== undefined) return;
  }
  const shown = useCrewStore.getState().membership;
  const reply = await askServer<CrewPreview>((socket) => socket.emitWithAck('crew:preview', { protocolVersion: PROTOCOL_VERSION, crewId }));
  // A later question, a join, a reconnect or a closed page has moved on: this answer is out of date.
  if (ask !== previewAsks || round !== joinRound || useCrewStore.getState().membership !== shown) return;
  if (!reply.ok && !clinicSocket().connected) return;
  if (!reply.ok && reply.error.reason === 'CREW_NOT_FOUND') {
    forgetCrew(crewId);
    useCrewStore.setState({ membership: { kind: 'notFound' } });
    return;
  }
  useCrewStore.setState({ membership: { kind: 'needsJoin', error, newcomersRefused: reply.ok ? reply.data.newcomersRefused : known } });
}

/** Unanswered, unsent (offline) or refused for a moment: a rejoin with what the device holds goes again, while still wanted. */
const notAnsweredYet = (answer: Ack<JoinedCrew>): boolean => isMomentaryRefusal(answer) || (!answer.ok && (answer.error.reason === 'NO_ANSWER' || answer.error.reason === 'OFFLINE'));

const estimator = new ClockOffsetEstimator();

/** The crew page compares times with the server's (a pairing code's expiry, sessions to come). */
async function measureClock(): Promise<void> {
  const active = clinicSocket();
  const ping = async () => {
    const reply = await active.timeout(ACK_TIMEOUT_MS).emitWithAck('clock:ping');
    if (!reply.ok) throw new Error(reply.error.message);
    return reply.data.serverNow;
  };
  estimator.reset();
  // A lost ping leaves the estimate as it is: the page still works on this device's clock.
  await sampleClock(estimator, ping, Date.now, CLOCK_SAMPLES_AFRESH, (clockOffsetMs) => useCrewStore.setState({ clockOffsetMs })).catch(() => undefined);
}

/** Goes into a session's clinic as this member: the clinic page joins with the crew token, no name typed. */
export function enterSession(clinicId: string): void {
  const { crewId } = useCrewStore.getState();
  const memberToken = crewId && readCrewIdentity(crewId).memberToken;
  if (crewId && memberToken) rememberIdentity(clinicId, { crewMember: { crewId, memberToken } });
  window.location.assign(`/c/${clinicId}`);
}

/** Opens the live connection for a crew page; returns the function that closes it. */
export function openCrew(crewId: string): () => void {
  const active = clinicSocket();
  const { pairingCode } = adoptCrewFragment(crewId);
  useCrewStore.setState({ ...initialCrewStoreState, crewId, connected: active.connected });
  // A pairing link (a QR code a phone's camera read) joins with its code once, on the first connect.
  let pendingCode = pairingCode && !readCrewIdentity(crewId).memberToken ? pairingCode : undefined;

  const onConnect = () => {
    useCrewStore.setState({ connected: true });
    joinRound += 1;
    const code = pendingCode;
    pendingCode = undefined;
    const again = joinAfterUpdate.take(crewId);
    void joinCrew(again ?? (code ? { pairingCode: code } : {}));
  };
  const onDisconnect = () => useCrewStore.setState({ connected: false });
  const onGone = (notice: CrewGone) => {
    if (notice.crewId !== crewId) return;
    forgetCrew(crewId);
    // The deletion's own answer may have come first (through another node, it does), and said more.
    if (useCrewStore.getState().membership.kind === 'gone') return;
    useCrewStore.setState({ membership: { kind: 'gone', reason: notice.reason }, crew: null });
  };
  // Everyone who can make it is taken in; whoever said they can't stays, and sees it is on.
  const onSessionStarted = ({ crewId: startedCrewId, sessionIndex, clinicId }: SessionStarted) => {
    const { crew, membership } = useCrewStore.getState();
    if (startedCrewId !== crewId || membership.kind !== 'joined') return;
    if (crew?.sessions[sessionIndex]?.cannotAttendIds.includes(membership.me.memberId)) return;
    enterSession(clinicId);
  };

  const onPaired = (notice: CrewPaired) => {
    if (notice.crewId === crewId) useCrewStore.setState((current) => ({ usedPairingCodes: [...current.usedPairingCodes, notice.code] }));
  };

  active.on('connect', onConnect);
  active.on('disconnect', onDisconnect);
  active.on('crew:state', receiveCrewState);
  active.on('crew:gone', onGone);
  active.on('crew:sessionStarted', onSessionStarted);
  active.on('crew:paired', onPaired);
  if (active.connected) onConnect();

  return () => {
    joinRound += 1;
    joinAfterUpdate.drop();
    active.off('connect', onConnect);
    active.off('disconnect', onDisconnect);
    active.off('crew:state', receiveCrewState);
    active.off('crew:gone', onGone);
    active.off('crew:sessionStarted', onSessionStarted);
    active.off('crew:paired', onPaired);
  };
}

/** Sends a member's or the organiser's command; a refusal is shown as a notice. */
export async function sendCrewCommand(command: CrewCommand): Promise<Ack<CrewCommandResult>> {
  const reply = await askServer<CrewCommandResult>((socket) => socket.emitWithAck('crew:command', { command }));
  useCrewStore.setState({ notice: reply.ok ? null : reply.error });
  return reply;
}

/**
 * The organiser deletes the crew. Its answer, not the notice every device gets, tells this page it
 * was its own deletion: the notice may come before the answer or after it, or not at all.
 */
export async function deleteCrew(): Promise<void> {
  const { crewId } = useCrewStore.getState();
  const reply = await sendCrewCommand({ type: 'DELETE_CREW' });
  if (!reply.ok || !crewId || useCrewStore.getState().crewId !== crewId) return;
  forgetCrew(crewId);
  useCrewStore.setState({ membership: { kind: 'gone', reason: 'deleted', byYou: true }, crew: null });
}

/** A code to pair another device: this member's own, or (the organiser) for `memberId`. */
export async function requestPairingCode(memberId?: string): Promise<Ack<PairingCode>> {
  const reply = await askServer<PairingCode>((socket) => socket.emitWithAck('crew:pairingCode', memberId === undefined ? {} : { memberId }));
  useCrewStore.setState({ notice: reply.ok ? null : reply.error });
  return reply;
}

export function dismissCrewNotice(): void {
  useCrewStore.setState({ notice: null });
}
