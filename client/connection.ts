/**
 * The socket to the server: joins (and after any reconnect rejoins) the clinic, feeds state
 * broadcasts into the store, keeps the clock offset fresh, and sends asides (the facilitator's
 * commands go through commandLine.ts).
 */
import { io, type Socket } from 'socket.io-client';
import { CLOCK_REFRESH_INTERVAL_MS, CLOCK_SAMPLES_AFRESH, ClockOffsetEstimator, sampleClock } from '../shared/clockSync.ts';
import {
  ACK_TIMEOUT_MS,
  TURNED_AWAY_RETRY_MS,
  PROTOCOL_VERSION,
  type Ack,
  type AsideResult,
  type ClientToServerEvents,
  type CommandResult,
  type CreatedClinic,
  type GoneNotice,
  type JoinedClinic,
  type ProtocolError,
  type ServerToClientEvents,
} from '../shared/protocol.ts';
import type { Aside } from '../shared/asidesSchema.ts';
import type { CreateClinicPayload, FacilitatorCommand } from '../shared/protocolSchemas.ts';
import { isMomentaryRefusal, protocolError, refuse } from '../shared/reasons.ts';
import { ROUTE_PARAMETER, routeKeyOfPage } from '../shared/routeKey.ts';
import { askWhileConnected } from './askWhileConnected.ts';
import { receiveAsides, receiveClinicState, useClinicStore } from './clinicStore.ts';
import { knownCrewMembers } from './crewIdentity.ts';
import { randomHex } from './randomHex.ts';
import { forgetIdentityPart, readIdentity, rememberIdentity, type DeviceIdentity } from './identity.ts';
import { retryWithBackoff } from './retryWithBackoff.ts';
import { connectAfreshLater, JoinAfterUpdate, noticeOnceLetIn } from './serverUpdate.ts';
import { StaleWatch } from './staleWatch.ts';

type ClinicSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

let socket: ClinicSocket | null = null;

/**
 * The route key a balancer may route this page's connection by (shared/routeKey.ts): on a clinic's
 * page its clinic's, the same on every device there; elsewhere a key of the page's own, which still
 * keeps its long-polling requests on one node. Every page is a page load of its own, so its socket
 * keeps the key it opened with.
 */
function routeOfThisPage(): string {
  return routeKeyOfPage(window.location.pathname) ?? randomHex(4);
}

function connect(): ClinicSocket {
  socket ??= io({ transports: ['websocket', 'polling'], query: { [ROUTE_PARAMETER]: routeOfThisPage() } });
  return socket;
}

/** The one socket, for the parts of the app that speak events of their own (the harvest). */
export const clinicSocket = connect;

type TimedSocket = ReturnType<ClinicSocket['timeout']>;

/** A request to the server with an answer's wait, sent only while connected (askWhileConnected.ts). */
export const askServer = <T>(send: (socket: TimedSocket) => Promise<Ack<T>>): Promise<Ack<T>> => askWhileConnected(connect(), () => send(connect().timeout(ACK_TIMEOUT_MS)));

export async function createClinic(settings: Omit<CreateClinicPayload, 'protocolVersion'>): Promise<Ack<CreatedClinic>> {
  try {
    return await connect().timeout(ACK_TIMEOUT_MS).emitWithAck('clinic:create', { protocolVersion: PROTOCOL_VERSION, ...settings });
  } catch {
    return refuse('NO_ANSWER');
  }
}

// ---------------------------------------------------------------------------------------------
// Clock

const estimator = new ClockOffsetEstimator();

/** The clock pings double as a check that the server still answers at all. */
const staleWatch = new StaleWatch((stale) => useClinicStore.setState({ stale }));

async function pingServer(active: ClinicSocket): Promise<number> {
  staleWatch.pingSent();
  const reply = await active.timeout(ACK_TIMEOUT_MS).emitWithAck('clock:ping');
  staleWatch.answered();
  if (!reply.ok) throw new Error(reply.error.message);
  return reply.data.serverNow;
}

const publishClockOffset = (clockOffsetMs: number) => useClinicStore.setState({ clockOffsetMs });

/**
 * Adds `count` samples to the estimate, publishing it after each one. `afresh` drops the old ones
 * first: after a reconnect the route may differ, and a device that slept may have had its clock
 * corrected meanwhile, while old quick samples would keep winning until they rolled out of the
 * window. The shown offset stays until the first new sample replaces it.
 */
async function refreshClockOffset(count: number, { afresh = false } = {}): Promise<void> {
  const active = socket;
  if (!active) return;
  if (afresh) estimator.reset();
  // A lost ping only shortens this round; the next round tries again.
  await sampleClock(estimator, () => pingServer(active), Date.now, count, publishClockOffset).catch(() => undefined);
}

// ---------------------------------------------------------------------------------------------
// Joining

/**
 * Counts (re)connects and page closes. A join retries only within its own round: after a
 * reconnect, which rejoins by itself, or once the page has left the clinic, its retries stop.
 */
let joinRound = 0;

/** A join by name that a node not yet updated turned away, sent again once connected afresh. */
const nameJoinAfterUpdate = new JoinAfterUpdate<{ name: string; asScreen?: boolean }>();

async function join(clinicId: string, name?: string, asScreen?: boolean): Promise<void> {
  const active = connect();
  const round = joinRound;
  const { participantToken, facilitatorKey, crewMember } = readIdentity(clinicId);
  if (!name && !participantToken && !facilitatorKey) return joinAsCrewMember(active, clinicId, round, crewMember);
  // A token or key admits the same person however often it is sent: unanswered, or refused for a
  // moment, it goes again. A name alone would add them twice if a join whose answer was lost did
  // land, so that one is left to the person to resend.
  const resendable = participantToken !== undefined || facilitatorKey !== undefined;
  const reply = await retryWithBackoff(
    () => active.timeout(ACK_TIMEOUT_MS).emitWithAck('clinic:join', { protocolVersion: PROTOCOL_VERSION, clinicId, name, participantToken, facilitatorKey, asScreen }),
    () => resendable && active.connected && round === joinRound,
    { askAgain: (answer) => resendable && isMomentaryRefusal(answer), whileWaiting: showRejoining },
  );
  if (!reply) {
    if (!resendable) showFormError(clinicId, protocolError('NO_ANSWER'));
    return;
  }
  // Only for the page still open: a page closed meanwhile must not join by itself when opened again.
  if (name && round === joinRound && !reply.ok && reply.error.reason === 'SERVER_OUTDATED') nameJoinAfterUpdate.hold(clinicId, { name, asScreen });
  return settleJoin(active, clinicId, round, reply);
}

/**
 * While a join that needs no name waits to go again (unanswered, or refused for a moment), the
 * screen says it is reconnecting, rather than asking for a name; its final answer says where it stands.
 */
const showRejoining = () => useClinicStore.setState({ connection: 'reconnecting' });

/** Refusals that say this crew token does not admit to this clinic, which another crew's may. */
const NOT_THIS_CREW: ReadonlySet<string> = new Set(['NOT_A_CREW_SESSION', 'UNKNOWN_CREW_DEVICE', 'LEFT_CREW', 'CREW_NOT_FOUND']);

/**
 * A crew's session admits a member by their crew token, with no name to type: the crew this
 * device was taken in from, or else each crew this device is in (the session's link was opened
 * directly). The clinic's preview does not say which crew it belongs to, so that a clinic link
 * never leads to a crew link; a crew that is not the clinic's refuses, and the next one is tried.
 * Without any, the device is asked for a name.
 */
async function joinAsCrewMember(active: ClinicSocket, clinicId: string, round: number, remembered: DeviceIdentity['crewMember']): Promise<void> {
  for (const crewMember of remembered ? [remembered] : knownCrewMembers()) {
    const reply = await retryWithBackoff(
      () => active.timeout(ACK_TIMEOUT_MS).emitWithAck('clinic:join', { protocolVersion: PROTOCOL_VERSION, clinicId, crewMember }),
      () => active.connected && round === joinRound,
      { askAgain: isMomentaryRefusal, whileWaiting: showRejoining },
    );
    if (!reply || round !== joinRound) return;
    if (!reply.ok && NOT_THIS_CREW.has(reply.error.reason)) continue;
    if (reply.ok) rememberIdentity(clinicId, { crewMember });
    return settleJoin(active, clinicId, round, reply);
  }
  if (remembered) forgetIdentityPart(clinicId, 'crewMember');
  return askForName(active, clinicId, round);
}

function settleJoin(active: ClinicSocket, clinicId: string, round: number, reply: Ack<JoinedClinic>): Promise<void> | undefined {
  // Answered: the badge put up while the join waited to go again says only whether the socket is connected.
  useClinicStore.setState({ connection: active.connected ? 'connected' : 'reconnecting' });
  if (reply.ok) {
    rememberIdentity(clinicId, { participantToken: reply.data.participantToken });
    // Once joined, the token carries this device's rights. Sending the key again on every rejoin
    // would quietly undo a hand-over; reopening the facilitator link is a deliberate act instead.
    forgetIdentityPart(clinicId, 'facilitatorKey');
    useClinicStore.setState(({ notice }) => ({ membership: { kind: 'joined', me: reply.data }, notice: noticeOnceLetIn(notice) }));
    return;
  }
  if (reply.error.reason === 'SERVER_OUTDATED') {
    waitForUpdate(reply.error);
    return;
  }
  if (reply.error.reason === 'CLINIC_CLOSED') {
    useClinicStore.setState({ membership: { kind: 'ended' } });
    return;
  }
  switch (reply.error.code) {
    case 'PROTOCOL_MISMATCH':
      useClinicStore.setState({ membership: { kind: 'outdated' } });
      return;
    case 'CLINIC_NOT_FOUND':
      useClinicStore.setState({ membership: { kind: 'notFound' } });
      return;
    case 'REMOVED':
      useClinicStore.setState({ membership: { kind: 'gone', reason: 'removed' } });
      return;
    case 'NAME_REQUIRED':
      // The facilitator link's first visit: the key is good and needs a name to go with it.
      return askForName(active, clinicId, round);
    case 'UNKNOWN_PARTICIPANT':
      // This device's token belongs to nobody here any more: join afresh, as a crew member or by name.
      forgetIdentityPart(clinicId, 'participantToken');
      return reply.error.reason === 'UNKNOWN_DEVICE' ? joinAsCrewMember(active, clinicId, round, readIdentity(clinicId).crewMember) : askForName(active, clinicId, round);
    case 'INVALID_FACILITATOR_KEY':
      // A replaced link: joining by name must not send it again.
      forgetIdentityPart(clinicId, 'facilitatorKey');
      useClinicStore.setState({ membership: { kind: 'linkReplaced' } });
      return;
    default:
      showFormError(clinicId, reply.error);
  }
}

/**
 * Asks whether the link leads to a clinic before the form asks for a name, so a bad, expired or
 * deleted link says so at once; the form then shows the clinic's title and the part this device
 * will take. Without an answer the form shows all the same: the join itself will tell.
 */
async function askForName(active: ClinicSocket, clinicId: string, round: number): Promise<void> {
  const reply = await retryWithBackoff(
    () => active.timeout(ACK_TIMEOUT_MS).emitWithAck('clinic:preview', { protocolVersion: PROTOCOL_VERSION, clinicId }),
    () => active.connected && round === joinRound,
  );
  // A reconnect or a closed page has started over, or stopped; this answer no longer matters.
  if (!reply || round !== joinRound) return;
  if (!reply.ok && reply.error.code === 'PROTOCOL_MISMATCH') {
    useClinicStore.setState({ membership: { kind: 'outdated' } });
    return;
  }
  if (!reply.ok && reply.error.code === 'CLINIC_NOT_FOUND') {
    useClinicStore.setState({ membership: { kind: 'notFound' } });
    return;
  }
  if (!reply.ok && reply.error.reason === 'SERVER_OUTDATED') return waitForUpdate(reply.error);
  if (!reply.ok && reply.error.reason === 'CLINIC_CLOSED') {
    useClinicStore.setState({ membership: { kind: 'ended' } });
    return;
  }
  const asFacilitator = readIdentity(clinicId).facilitatorKey !== undefined;
  useClinicStore.setState(({ notice }) => ({ membership: { kind: 'needsName', preview: reply.ok ? reply.data : null, asFacilitator }, notice: reply.ok ? noticeOnceLetIn(notice) : notice }));
}

function waitForUpdate(notice: ProtocolError): void {
  useClinicStore.setState({ notice });
  connectAfreshLater(connect());
}

/** A join by name was refused: the form says why, and keeps what it showed. */
function showFormError(clinicId: string, error: ProtocolError): void {
  useClinicStore.setState(({ membership }) => ({
    membership:
      membership.kind === 'needsName'
        ? { ...membership, error }
        : { kind: 'needsName', preview: null, asFacilitator: readIdentity(clinicId).facilitatorKey !== undefined, error },
  }));
}

/** After a replaced facilitator link: join as anyone else does, by name. */
export function joinWithoutFacilitatorLink(): Promise<void> {
  const { clinicId } = useClinicStore.getState();
  return clinicId ? askForName(connect(), clinicId, joinRound) : Promise.resolve();
}

/** Joins as `name` from the join form: a person, or a shared screen that only shows the clinic. */
export function joinWithName(name: string, { asScreen = false } = {}): Promise<void> {
  const { clinicId } = useClinicStore.getState();
  if (!clinicId) return Promise.resolve();
  if (nameJoinAfterUpdate.isHeldFor(clinicId)) {
    // Sent now it would wait for the connection and go out beside the one already due: one join, with the name as last typed.
    nameJoinAfterUpdate.hold(clinicId, { name, asScreen: asScreen || undefined });
    return Promise.resolve();
  }
  // Kept by Socket.IO until the page reconnects, it would go out ahead of that round's own join.
  if (!connect().connected) {
    showFormError(clinicId, protocolError('OFFLINE'));
    return Promise.resolve();
  }
  return join(clinicId, name, asScreen || undefined);
}

/** Opens the live connection for a clinic page; returns the function that closes it. */
export function openClinic(clinicId: string): () => void {
  const active = connect();
  // Another clinic's asides must not linger, nor their revision hold this clinic's back.
  useClinicStore.setState({ clinicId, asides: null, connection: active.connected ? 'connected' : 'connecting' });

  /** The notice a turned-away connection put up, which a connection let in takes down. */
  let turnedAway: ProtocolError | null = null;
  const onConnect = () => {
    useClinicStore.setState(({ notice }) => ({ connection: 'connected', notice: notice === turnedAway ? null : notice }));
    staleWatch.connectionChanged(true);
    // Every (re)connect rejoins, which also brings a full, current state.
    joinRound += 1;
    const again = nameJoinAfterUpdate.take(clinicId);
    void join(clinicId, again?.name, again?.asScreen);
    void refreshClockOffset(CLOCK_SAMPLES_AFRESH, { afresh: true });
  };
  const onDisconnect = () => {
    useClinicStore.setState({ connection: 'reconnecting' });
    staleWatch.connectionChanged(false);
  };
  // Socket.IO retries a connection that failed, but not one the server turned away (too many
  // from this address): say why, and ask again a little later.
  let refusedRetry: number | undefined;
  const onConnectError = (error: Error) => {
    if (active.active) return;
    // The server's refusal comes with its reason, as every refusal does.
    turnedAway = (error as Error & { data?: ProtocolError }).data ?? protocolError('SERVER_ERROR', error.message);
    useClinicStore.setState({ connection: 'reconnecting', notice: turnedAway });
    window.clearTimeout(refusedRetry);
    refusedRetry = window.setTimeout(() => active.connect(), TURNED_AWAY_RETRY_MS);
  };
  const onGone = ({ reason }: GoneNotice) => useClinicStore.setState({ membership: { kind: 'gone', reason }, clinic: null, asides: null });
  const onVisible = () => {
    if (document.visibilityState === 'visible') void refreshClockOffset(CLOCK_SAMPLES_AFRESH, { afresh: true });
  };
  const refresh = window.setInterval(() => void refreshClockOffset(1), CLOCK_REFRESH_INTERVAL_MS);

  active.on('connect', onConnect);
  active.on('disconnect', onDisconnect);
  active.on('connect_error', onConnectError);
  active.on('clinic:state', receiveClinicState);
  active.on('clinic:asides', receiveAsides);
  active.on('clinic:gone', onGone);
  document.addEventListener('visibilitychange', onVisible);
  if (active.connected) onConnect();

  return () => {
    joinRound += 1;
    nameJoinAfterUpdate.drop();
    active.off('connect', onConnect);
    active.off('disconnect', onDisconnect);
    active.off('connect_error', onConnectError);
    window.clearTimeout(refusedRetry);
    active.off('clinic:state', receiveClinicState);
    active.off('clinic:asides', receiveAsides);
    active.off('clinic:gone', onGone);
    document.removeEventListener('visibilitychange', onVisible);
    window.clearInterval(refresh);
    staleWatch.stop();
  };
}

/** Sends a signal, "ready", a pass or a hand; a refusal is shown as a notice. */
export async function sendAside(aside: Aside): Promise<Ack<AsideResult>> {
  const reply = await askServer<AsideResult>((socket) => socket.emitWithAck('clinic:aside', { aside }));
  // A taken aside says nothing about an earlier command's refusal, so it leaves that notice be.
  if (!reply.ok) useClinicStore.setState({ notice: reply.error });
  return reply;
}

export function dismissNotice(): void {
  useClinicStore.setState({ notice: null });
}
