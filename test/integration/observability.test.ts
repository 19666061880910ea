/**
 * What an operator sees: Prometheus metrics at /metrics, readiness at /readyz, and JSON logs that
 * never hold a name, a title, an id, a token or a key.
 */
import { describe, expect, it } from 'vitest';
import { StaleWriteError, type ClinicStore } from '../../server/store/clinicStore.ts';
import { capturedLogs } from '../support/capturedLogs.ts';
import { createClinicAt, openSocket, TestParticipant } from '../support/participant.ts';
import { useInProcessServer } from '../support/serverFixture.ts';

/** One sample's value from a Prometheus exposition, by its name and labels as written there. */
function sample(exposition: string, series: string): number | undefined {
  const line = exposition.split('\n').find((candidate) => candidate.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

/** Fails the next save as a lost compare-and-set does, with the clinic's id in the error. */
const staleSave = { armed: false };
const failingOnce = (store: ClinicStore): ClinicStore => ({
  ...store,
  save: async (record, expectedRevision) => {
    if (!staleSave.armed) return store.save(record, expectedRevision);
    staleSave.armed = false;
    throw new StaleWriteError(record.id, expectedRevision);
  },
});

describe('/metrics', () => {
  const fixture = useInProcessServer();

  it('counts connections, live clinics, request and save latency and refusals by code, beside the process metrics', async () => {
    const { url } = fixture.server;
    const { clinicId, facilitatorKey } = await createClinicAt(url);
    const fran = await fixture.joinAs(clinicId, 'Fran', facilitatorKey);
    const gia = await fixture.joinAs(clinicId, 'Gia');
    expect(await gia.command({ type: 'START' })).toMatchObject({ ok: false, error: { code: 'NOT_FACILITATOR' } });
    expect(await fran.command({ type: 'START' })).toMatchObject({ ok: false, error: { code: 'NOT_ALLOWED_NOW', reason: 'LINEUP_NOT_READY' } });
    const raw = fran.socket as unknown as { emitWithAck(event: string, ...args: unknown[]): Promise<unknown> };
    expect(await raw.emitWithAck('clinic:secretly-named-event', {})).toMatchObject({ ok: false, error: { code: 'UNKNOWN_EVENT' } });

    const response = await fetch(`${url}/metrics`);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain/);
    const metrics = await response.text();
    await expect.poll(async () => sample(await (await fetch(`${url}/metrics`)).text(), 'case_clinic_connections_open')).toBe(2);
    expect(sample(metrics, 'case_clinic_clinics_live')).toBe(1);
    expect(sample(metrics, 'case_clinic_request_duration_seconds_count{event="clinic:command"}')).toBe(2);
    expect(sample(metrics, 'case_clinic_request_duration_seconds_count{event="clinic:join"}')).toBe(2);
    expect(sample(metrics, 'case_clinic_request_duration_seconds_count{event="clinic:create"}')).toBe(1);
    expect(sample(metrics, 'case_clinic_request_duration_seconds_count{event="unknown"}')).toBe(1);
    // The clinic's creation and the two joins, each saved once.
    expect(sample(metrics, 'case_clinic_save_duration_seconds_count')).toBe(3);
    expect(sample(metrics, 'case_clinic_refusals_total{code="NOT_FACILITATOR",reason="NOT_FACILITATOR"}')).toBe(1);
    expect(sample(metrics, 'case_clinic_refusals_total{code="NOT_ALLOWED_NOW",reason="LINEUP_NOT_READY"}')).toBe(1);
    expect(sample(metrics, 'case_clinic_refusals_total{code="UNKNOWN_EVENT",reason="UNKNOWN_EVENT"}')).toBe(1);
    // A label is never what a client wrote.
    expect(metrics).not.toContain('secretly-named');
    expect(metrics).not.toContain(clinicId);
    for (const processMetric of ['nodejs_eventloop_lag_seconds', 'nodejs_eventloop_lag_p99_seconds', 'process_cpu_user_seconds_total', 'process_resident_memory_bytes']) {
      expect(sample(metrics, processMetric), processMetric).toBeGreaterThanOrEqual(0);
    }
  });

  it('counts a connection refused for its address', async () => {
    const { url } = fixture.server;
    const sockets = Array.from({ length: 65 }, () => fixture.track(openSocket(url)));
    const settled = (socket: (typeof sockets)[number]) =>
      new Promise<void>((resolve) => {
        socket.once('connect', () => resolve());
        socket.once('connect_error', () => resolve());
      });
    await Promise.all(sockets.map(settled));
    const metrics = await (await fetch(`${url}/metrics`)).text();
    expect(sample(metrics, 'case_clinic_refusals_total{code="RATE_LIMITED",reason="TOO_MANY_CONNECTIONS"}')).toBeGreaterThanOrEqual(1);
  });
});

describe('/readyz', () => {
  const fixture = useInProcessServer();

  it('is ready once listening, and /healthz answers beside it', async () => {
    const ready = await fetch(`${fixture.server.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ ready: true });
    expect(await (await fetch(`${fixture.server.url}/healthz`)).json()).toEqual({ ok: true });
    // Not ready while draining: see drain.test.ts.
  });
});

describe('the logs', () => {
  const { lines, logger } = capturedLogs();
  const fixture = useInProcessServer({ logger, wrapStore: failingOnce });

  it('hold neither the name, the title, the ids, the token nor the key of a join, even at trace level and in errors', async () => {
    const title = 'Quarterly Reorg Nightingale';
    const { clinicId, facilitatorKey } = await createClinicAt(fixture.server.url, { title });
    const fran = await fixture.joinAs(clinicId, 'Zelda Quartermaine', facilitatorKey);
    const token = fran.me!.participantToken;
    fran.close();
    const again = fixture.track(await TestParticipant.rejoin(fixture.server.url, clinicId, 'Zelda Quartermaine', token));
    // A save that fails logs its error, whose message names the clinic.
    staleSave.armed = true;
    expect(await again.command({ type: 'SET_CUE_TIMES', cueTimes: { phaseWrapUpMs: 0, turnWrapUpMs: 0 } })).toMatchObject({ ok: false, error: { reason: 'SAVE_FAILED' } });
    // And fields that could carry them are censored wherever they turn up.
    logger.info({ request: { name: 'Zelda Quartermaine', participantToken: token, title } }, 'a careless call');

    const logged = lines.join('\n');
    expect(lines.map((line) => JSON.parse(line).msg)).toEqual(expect.arrayContaining(['answered', 'could not save a command', 'a careless call']));
    expect(logged).toContain('[redacted]');
    expect(logged).toContain('[id]');
    for (const secret of ['Zelda', 'Quartermaine', 'Nightingale', clinicId, facilitatorKey, token, fran.id]) {
      expect(logged, 'the logs').not.toContain(secret);
    }
  });
});
