/**
 * The edges of the protocol: a client of another version is told so before anything else, every
 * refusal names its reason, and one connection's replies come in the order of its requests,
 * refusals included, from a queue that does not grow without bound.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { ClinicStore } from '../../server/store/clinicStore.ts';
import { PROTOCOL_VERSION } from '../../shared/protocol.ts';
import { createClinicAt, openSocket, type TestSocket } from '../support/participant.ts';
import { useInProcessServer } from '../support/serverFixture.ts';

/** Holds saves open until the test lets them go, so requests pile up behind one. */
class SaveGate {
  private closed = false;
  private waiting: Array<() => void> = [];

  close(): void {
    this.closed = true;
  }

  open(): void {
    this.closed = false;
    for (const release of this.waiting.splice(0)) release();
  }

  wrap = (store: ClinicStore): ClinicStore => ({
    ...store,
    save: async (record, expectedRevision) => {
      if (this.closed) await new Promise<void>((release) => this.waiting.push(release));
      return store.save(record, expectedRevision);
    },
  });
}

const PENDING_REQUESTS = 4;
const gate = new SaveGate();
const fixture = useInProcessServer({ wrapStore: gate.wrap, limits: { pendingRequests: PENDING_REQUESTS } });
afterEach(() => gate.open());

function connected(): Promise<TestSocket> {
  const socket = fixture.track(openSocket(fixture.server.url));
  return new Promise((resolve) => socket.once('connect', () => resolve(socket)));
}

/** Sends `event` untyped, as any client may, and records its reply in `log` under `label` when it comes. */
function send(socket: TestSocket, log: string[], label: string, event: string, ...args: unknown[]): Promise<unknown> {
  const raw = socket as unknown as { emitWithAck(event: string, ...args: unknown[]): Promise<unknown> };
  return raw.emitWithAck(event, ...args).then((reply) => {
    log.push(label);
    return reply;
  });
}

describe('protocol versions', () => {
  it.each([
    ['states none', {}],
    ['speaks version 1', { protocolVersion: 1 }],
    ['speaks a later version', { protocolVersion: PROTOCOL_VERSION + 1 }],
  ])('tells a client that %s to reload, before reading the rest of its request', async (_case, version) => {
    const { clinicId } = await createClinicAt(fixture.server.url);
    const socket = await connected();
    const mismatch = { ok: false, error: { code: 'PROTOCOL_MISMATCH', reason: 'PROTOCOL_MISMATCH', message: expect.stringContaining('Reload') } };
    expect(await socket.emitWithAck('clinic:join', { ...version, clinicId, name: 'Ana' } as never)).toEqual(mismatch);
    expect(await socket.emitWithAck('clinic:create', { ...version, title: 42 } as never)).toEqual(mismatch);
  });
});

describe('replies on one connection', () => {
  it('come in the order of the requests, refusals included, while a clock ping is answered at once', async () => {
    const { clinicId } = await createClinicAt(fixture.server.url);
    const socket = await connected();
    const log: string[] = [];
    gate.close();
    const join = send(socket, log, 'join', 'clinic:join', { protocolVersion: PROTOCOL_VERSION, clinicId, name: 'Ana' });
    const invalid = send(socket, log, 'invalid command', 'clinic:command', { command: { type: 'LAUNCH' }, basedOnRevision: 0 });
    const unknown = send(socket, log, 'unknown event', 'clinic:hack', {});
    const command = send(socket, log, 'command', 'clinic:command', { command: { type: 'START' }, basedOnRevision: 0 });
    expect(await send(socket, log, 'ping', 'clock:ping')).toMatchObject({ ok: true });
    expect(log).toEqual(['ping']);
    gate.open();
    const replies = await Promise.all([join, invalid, unknown, command]);
    expect(log).toEqual(['ping', 'join', 'invalid command', 'unknown event', 'command']);
    expect(replies).toMatchObject([
      { ok: true },
      { ok: false, error: { code: 'INVALID_PAYLOAD', reason: 'INVALID_PAYLOAD' } },
      { ok: false, error: { code: 'UNKNOWN_EVENT', reason: 'UNKNOWN_EVENT' } },
      { ok: false, error: { code: 'NOT_FACILITATOR', reason: 'NOT_FACILITATOR' } },
    ]);
  });

  it('wait in a bounded queue: past it a request is refused at once and nothing else is lost', async () => {
    const { clinicId } = await createClinicAt(fixture.server.url);
    const socket = await connected();
    const log: string[] = [];
    gate.close();
    const queued = [send(socket, log, 'join', 'clinic:join', { protocolVersion: PROTOCOL_VERSION, clinicId, name: 'Ana' })];
    for (let i = 1; i < PENDING_REQUESTS; i += 1) queued.push(send(socket, log, `command ${i}`, 'clinic:command', { command: { type: 'PAUSE' }, basedOnRevision: 0 }));
    const overflow = await send(socket, log, 'one too many', 'clinic:command', { command: { type: 'PAUSE' }, basedOnRevision: 0 });
    expect(overflow).toEqual({ ok: false, error: { code: 'RATE_LIMITED', reason: 'TOO_MANY_WAITING', message: expect.any(String) } });
    gate.open();
    const replies = await Promise.all(queued);
    expect(log).toEqual(['one too many', 'join', 'command 1', 'command 2', 'command 3']);
    expect(replies[0]).toMatchObject({ ok: true });
  });
});
