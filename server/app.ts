/**
 * The application factory: Express for the built client, health, readiness and metrics, Socket.IO
 * for the clinic protocol. Tests start it on a random port with a store of their choosing.
 */
import { existsSync } from 'node:fs';
import { createServer, type Server as HttpServer } from 'node:http';
import { join } from 'node:path';
import express from 'express';
import helmet from 'helmet';
import { Server } from 'socket.io';
import { appPageOf } from '../shared/appPaths.ts';
import type { HarvestChange } from '../shared/harvestSchemas.ts';
import { isLanguage } from '../shared/languages.ts';
import { TOKEN_PATTERN, TURNED_AWAY_RETRY_MS } from '../shared/protocol.ts';
import { NewerRecordError } from '../shared/recordMigrations.ts';
import { ClinicCalls } from './clinicCalls.ts';
import { ClinicRegistry, type Retention } from './clinicRegistry.ts';
import { ConnectionDrain } from './connectionDrain.ts';
import { CrewDesk } from './crewDesk.ts';
import { crewMemberRoomOf, crewRoomOf } from './crewHandlers.ts';
import { FollowThroughDesk } from './followThroughDesk.ts';
import { HarvestDesk } from './harvestDesk.ts';
import { DEFAULT_LIMITS, type Limits } from './limits.ts';
import { createLogger, errorLogOf, type Logger } from './logger.ts';
import { ServerMetrics } from './metrics.ts';
import { watchCluster } from './clusterWatch.ts';
import { nodeMessageHandler } from './nodeMessages.ts';
import { outdatedWarning } from './outdatedWarning.ts';
import { standaloneNetwork, type NodeNetwork } from './nodeNetwork.ts';
import type { Reach } from './room/broadcastReach.ts';
import { participantRoomOf, socketRoomOf, registerSocketHandlers, type ClinicServer } from './socketHandlers.ts';
import type { ClinicStore } from './store/clinicStore.ts';
import type { CrewStore } from './store/crewStore.ts';
import { CALENDAR_FAILURES } from './sessionCalendar.ts';
import type { SealedNoteStore } from './store/sealedNoteStore.ts';
import { timedStore } from './timedStore.ts';

/** Every inbound Socket.IO message is small; anything bigger is refused before it is parsed. */
export const MAX_MESSAGE_BYTES = 16 * 1024;

export interface AppDeps {
  readonly store: ClinicStore;
  /** Sealed notes and device keys; the SQLite store is both, in one file. */
  readonly notes: SealedNoteStore;
  /** Crews, and which clinics are their sessions; the SQLite store is this too. */
  readonly crews: CrewStore;
  /** Stores this node's fencing token with a clinic it has just won: the Postgres store's `claim`, in a cluster. */
  readonly claim?: (clinicId: string) => Promise<void>;
  /** The other nodes of a cluster (Redis); one node alone by default. */
  readonly network?: NodeNetwork;
  /** Days a crew (with its sessions' clinics) is kept after its last session. */
  readonly crewRetentionDays?: number;
  /** Browser origins besides the server's own that may open a socket (e.g. a separate front end). */
  readonly allowedOrigins?: readonly string[];
  readonly retention?: Retention;
  /** Reverse proxies in front that append to `X-Forwarded-For`; 0 reads the peer address. */
  readonly trustedProxies?: number;
  readonly limits?: Limits;
  /** How long a request keeps looking for its clinic's owner in a cluster (clinicCalls.ts); 5 s by default. */
  readonly handoverWithinMs?: number;
  /** The Vite build of the client. */
  readonly clientDir: string;
  readonly now?: () => number;
  readonly logger?: Logger;
}

export interface ClinicApp {
  readonly httpServer: HttpServer;
  readonly io: ClinicServer;
  readonly registry: ClinicRegistry;
  readonly crews: CrewDesk;
  /** Starts listening; resolves with the port actually bound (useful with port 0). */
  listen(port: number, host?: string): Promise<number>;
  /**
   * Drains, then stops: /readyz turns 503 and new connections are refused; every request already
   * taken is answered and saved; clients are sent away to reconnect; the store closes last.
   * Calling it again waits for the same drain.
   */
  close(): Promise<void>;
}

/** What the built client needs and nothing more: its own scripts, styles and socket. */
const UNHASHED_CLIENT_FILE = /(^|[\\/])(sw\.js|manifest\.webmanifest)$/;

/** The calendar download's form holds a token and a language: anything longer is not from the page. */
const CALENDAR_FORM_BYTES = 1_024;
const CALENDAR_FAILURE_STATUS = { failed: 500, outdated: 503, notFound: 404, notAMember: 403 } as const;

const CONTENT_SECURITY_POLICY = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'"],
  imgSrc: ["'self'", 'data:'],
  connectSrc: ["'self'"],
  // The service worker that keeps the app's shell, from this origin only.
  workerSrc: ["'self'"],
  fontSrc: ["'self'"],
  objectSrc: ["'none'"],
  baseUri: ["'none'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
};

/**
 * Browsers always send Origin on a WebSocket or cross-site request; a page on another site must
 * not drive a clinic through a visitor's browser. Clients that are not browsers send none.
 */
function isAllowedOrigin(origin: string | undefined, host: string | undefined, allowedOrigins: readonly string[]): boolean {
  if (origin === undefined) return true;
  if (allowedOrigins.includes(origin)) return true;
  try {
    return new URL(origin).host === host;
  } catch {
    return false;
  }
}

export const DEFAULT_RETENTION: Retention = { afterCloseMs: 24 * 3_600_000, afterInactivityMs: 7 * 24 * 3_600_000 };
export const DEFAULT_CREW_RETENTION_DAYS = 30;
const RETENTION_SWEEP_INTERVAL_MS = 10 * 60_000;
/** The metrics library loads this long after the server listens (or at the first scrape), so that loading it holds up neither readiness nor the first requests. */
const METRICS_LOAD_DELAY_MS = 1_000;

export function createApp({
  store,
  notes,
  crews: crewStore,
  claim,
  network = standaloneNetwork(),
  crewRetentionDays = DEFAULT_CREW_RETENTION_DAYS,
  clientDir,
  allowedOrigins = [],
  retention = DEFAULT_RETENTION,
  trustedProxies = 0,
  limits = DEFAULT_LIMITS,
  handoverWithinMs,
  now = Date.now,
  logger = createLogger(),
}: AppDeps): ClinicApp {
  const log = errorLogOf(logger);
  const warnOutdated = outdatedWarning(logger, now);
  // Read at each scrape, by which time both exist.
  const metrics = new ServerMetrics({ connectionsOpen: () => io.engine.clientsCount, clinicsLive: () => registry.liveCount });

  const drain = new ConnectionDrain();
  let listening = false;

  const web = express();
  web.disable('x-powered-by');
  web.use(
    helmet({
      contentSecurityPolicy: { useDefaults: false, directives: CONTENT_SECURITY_POLICY },
      referrerPolicy: { policy: 'no-referrer' },
    }),
  );
  web.get('/healthz', (_request, response) => {
    response.json({ ok: true });
  });
  // Whether a balancer should send new clients here: not before listening, nor once draining.
  web.get('/readyz', (_request, response) => {
    const ready = listening && !drain.draining;
    response.status(ready ? 200 : 503).json({ ready });
  });
  web.get('/metrics', async (_request, response) => {
    const { contentType, text } = await metrics.exposition();
    response.type(contentType).send(text);
  });

  // A crew session for a member's calendar: week 1 is the intro. The member's page posts a form
  // with its device's token, so the crew link alone, which a removed member keeps, does not say
  // when the crew meets, and the token stays out of addresses and logs. `lang` is the language the
  // page shows, English for anything else.
  const calendarPath = '/crews/:crewId/weeks/:week.ics';
  web.post(calendarPath, express.urlencoded({ extended: false, limit: CALENDAR_FORM_BYTES, parameterLimit: 4 }), async (request, response) => {
    const { crewId, week } = request.params;
    const form = (request.body ?? {}) as Record<string, unknown>;
    const index = Number(week) - 1;
    const language = isLanguage(form.lang) ? form.lang : 'en';
    const memberToken = typeof form.memberToken === 'string' && TOKEN_PATTERN.test(form.memberToken) ? form.memberToken : null;
    const calendar =
      memberToken === null
        ? 'NOT_A_MEMBER'
        : TOKEN_PATTERN.test(crewId) && Number.isInteger(index)
          ? await crews.calendar(crewId, index, language, memberToken).catch((error: unknown) => {
              // Mid-way through a rolling update: a newer node saved the crew; asked again, perhaps one of those answers.
              if (!(error instanceof NewerRecordError)) return log('could not make a calendar file', error);
              warnOutdated(error);
              return 'OUTDATED' as const;
            })
          : null;
    const failure =
      calendar === undefined ? 'failed' : calendar === 'OUTDATED' ? 'outdated' : calendar === null ? 'notFound' : calendar === 'NOT_A_MEMBER' ? 'notAMember' : null;
    if (failure) {
      if (failure === 'outdated') response.set('Retry-After', String(TURNED_AWAY_RETRY_MS / 1_000));
      response.status(CALENDAR_FAILURE_STATUS[failure]).type('text').send(CALENDAR_FAILURES[language][failure]);
      return;
    }
    response.set('Cache-Control', 'no-store').attachment(`crew-week-${week}.ics`).type('text/calendar; charset=utf-8').send(calendar);
  });
  // A form the page would never send (too large, or not a form's encoding): refused in words, not with a stack.
  web.use(calendarPath, (error: { status?: number }, _request: express.Request, response: express.Response, _next: express.NextFunction) => {
    response.status(error.status ?? 400).type('text').send(CALENDAR_FAILURES.en.failed);
  });

  const indexFile = join(clientDir, 'index.html');
  web.use(
    express.static(clientDir, {
      index: false,
      maxAge: '1h',
      // Unhashed names that must not be kept: a cached worker or manifest would hold an update back.
      setHeaders: (response, path) => {
        if (UNHASHED_CLIENT_FILE.test(path)) response.setHeader('Cache-Control', 'no-cache');
      },
    }),
  );
  // Every other page is the app: it shows the page a path names, or its own not-found page, which
  // is sent with 404 so that a link leading nowhere is not a page as far as anything else can tell.
  web.get(/.*/, (request, response) => {
    if (!existsSync(indexFile)) {
      response.status(503).type('text').send('The client has not been built yet: run `npm run build`.');
      return;
    }
    response.status(appPageOf(request.path) ? 200 : 404).sendFile(indexFile, { maxAge: 0 });
  });

  const httpServer = createServer(web);
  const io: ClinicServer = new Server(httpServer, {
    serveClient: false,
    // Broadcasts reach every node's sockets; connection-state recovery stays off, so every reconnect goes through the app's join.
    ...(network.adapter ? { adapter: network.adapter } : {}),
    maxHttpBufferSize: MAX_MESSAGE_BYTES,
    // A draining server takes no new connection; the client's retries find another node, or this one restarted.
    allowRequest: (request, callback) => callback(null, !drain.draining && isAllowedOrigin(request.headers.origin, request.headers.host, allowedOrigins)),
  });
  /** Broadcasts through the adapter reach every node; `io.local` only this node's sockets, and nothing goes through Redis. */
  const reaching = (reach: Reach) => (reach === 'thisNode' ? io.local : io);
  const registry = new ClinicRegistry({
    store: timedStore(store, (seconds) => metrics.saved(seconds)),
    claim,
    network,
    announceDeleted: (clinicIds) => network.tellEveryone({ kind: 'clinicsDeleted', clinicIds }),
    letGoOfNewClinics: network.adapter !== undefined,
    now,
    log,
    retention,
    broadcast: (state, reach) => {
      reaching(reach).to(socketRoomOf(state.clinicId)).emit('clinic:state', state);
      if (state.stage === 'closed') crews.clinicClosed(state.clinicId, { progress: state.progress, participantIds: state.participants.map((person) => person.id) }).catch((error: unknown) => log("could not keep a crew session's summary", error));
    },
    sendAsides: (clinicId, participantId, view, reach) => reaching(reach).to(participantRoomOf(clinicId, participantId)).emit('clinic:asides', view),
    anySocketElsewhere: async (clinicId) => {
      const sockets = await io.in(socketRoomOf(clinicId)).fetchSockets();
      return sockets.some((socket) => !io.of('/').sockets.has(socket.id));
    },
    // Told and taken out of the clinic's room through the adapter, in order with its broadcasts, so
    // nothing sent after reaches them; then each node forgets which clinic its sockets were in.
    dismiss: (clinicId, participantId, notice) => {
      const dismissed = participantId === null ? socketRoomOf(clinicId) : participantRoomOf(clinicId, participantId);
      io.to(dismissed).emit('clinic:gone', notice);
      // The adapter takes a socket out only when its request comes back through Redis, this node's
      // own sockets too: these leave at once, so no broadcast in between reaches them.
      io.local.in(dismissed).socketsLeave(socketRoomOf(clinicId));
      io.in(dismissed).socketsLeave(socketRoomOf(clinicId));
      network.tellEveryone({ kind: 'dismissFromClinic', clinicId, participantId });
    },
  });
  const calls = new ClinicCalls({
    registry,
    network,
    log,
    handoverWithinMs,
    seatFor: ({ crewId, memberToken }, clinicId) => crews.seatFor(crewId, memberToken, clinicId),
    newcomerRule: (clinicId) => crews.sessionNewcomerRule(clinicId),
    admit: (socketId, clinicId, participantId, state, asides) => {
      const rooms = [socketRoomOf(clinicId), participantRoomOf(clinicId, participantId)];
      // A joining or returning device is put in its rooms and gets the full state straight away,
      // as last saved, and its asides. The adapter would do both for this node's own sockets too,
      // but by a round through Redis: a join only once it came back, so a broadcast in between
      // would miss it, and each message published to every node. So this node's own go directly.
      const here = io.of('/').sockets.get(socketId);
      if (here) void here.join(rooms);
      else io.in(socketId).socketsJoin(rooms);
      const device = here ?? io.to(socketId);
      device.emit('clinic:state', state);
      device.emit('clinic:asides', asides);
    },
  });
  const notifyHarvest = (clinicId: string, participantId: string | null, change: HarvestChange) =>
    network.tellEveryone({ kind: 'harvestChanged', clinicId, participantId, change });
  const harvest = new HarvestDesk({ store: notes, now, notesPerSender: limits.sealedNotesPerSender, notify: notifyHarvest });
  const followThrough = new FollowThroughDesk({ notes, crews: crewStore, notify: notifyHarvest });
  const pairingCodes = network.limits({ name: 'pairing-codes', limit: limits.pairingCodesPerMemberPerHour, windowMs: 3_600_000 });
  const crews = new CrewDesk({
    store: crewStore,
    now,
    log,
    retentionDays: crewRetentionDays,
    mayPair: (memberKey) => pairingCodes.allow(memberKey),
    sendState: (view) => io.to(crewRoomOf(view.id)).emit('crew:state', view),
    dismiss: (crewId, memberId, notice) => network.tellEveryone({ kind: 'dismissFromCrew', crewId, memberId, notice }),
    sessionStarted: (notice) => io.to(crewRoomOf(notice.crewId)).emit('crew:sessionStarted', notice),
    paired: (shownBy, notice) => io.to(crewMemberRoomOf(notice.crewId, shownBy)).emit('crew:paired', notice),
    startClinic: async (settings, seating) => (await registry.create(settings, seating)).clinicId,
    memberLeft: async (clinicIds, memberId) => {
      for (const clinicId of clinicIds) await calls.run({ kind: 'forgetCrewMember', clinicId, memberId });
      // Their devices cannot come back, so nothing sealed for them will ever be opened: it goes.
      await notes.dropSealedFor(clinicIds, memberId);
    },
    clinicsDeleted: async (clinicIds) => network.tellEveryone({ kind: 'clinicsDeleted', clinicIds }),
    discardClinic: async (clinicId) => {
      await store.delete(clinicId);
      network.tellEveryone({ kind: 'clinicsDeleted', clinicIds: [clinicId] });
    },
    closedClinicOf: async (clinicId) => {
      const record = await store.load(clinicId);
      return record?.stage === 'closed' ? { progress: record.progress, participantIds: record.participants.map((person) => person.id) } : null;
    },
  });
  network.hear(nodeMessageHandler(io, registry, log));
  registerSocketHandlers(io, { registry, calls, nodeId: network.nodeId, onNodeBack: (listener) => network.onBack(listener), sharedLimits: network.limits, harvest, followThrough, crews, drain, now, logger, metrics, warnOutdated, trustedProxies, limits });
  // Once per cluster, whichever node's turn it is.
  const sweep = setInterval(async () => {
    if (!(await network.takeTurn('retention-sweep', RETENTION_SWEEP_INTERVAL_MS).catch(() => false))) return;
    registry.deleteExpired(now()).catch((error: unknown) => log('could not delete expired clinics', error));
    crews.deleteExpired(now()).catch((error: unknown) => log('could not delete expired crews', error));
  }, RETENTION_SWEEP_INTERVAL_MS);
  sweep.unref();
  const watch = network.adapter ? watchCluster({ io, network, registry, isDraining: () => drain.draining, log }) : undefined;

  let closed: Promise<void> | undefined;
  async function drainAndClose(): Promise<void> {
    clearInterval(sweep);
    watch?.stop();
    await drain.drain();
    // Rooms stop (no timer saves any more) once the saves they had queued have landed; the store closes after.
    await registry.close();
    await new Promise<void>((resolve) => io.close(() => resolve()));
    // Its leases go before the store closes, so other nodes take its clinics on at once.
    await network.close();
    await store.close();
  }

  return {
    httpServer,
    io,
    listen: (port, host = '127.0.0.1') =>
      new Promise((resolve, reject) => {
        httpServer.once('error', reject);
        httpServer.listen(port, host, () => {
          listening = true;
          setTimeout(() => metrics.load().catch((error: unknown) => log('could not load the metrics library', error)), METRICS_LOAD_DELAY_MS).unref();
          const address = httpServer.address();
          resolve(typeof address === 'object' && address ? address.port : port);
        });
      }),
    registry,
    crews,
    close: () => (closed ??= drainAndClose()),
  };
}
