/**
 * The server's metrics load prom-client after the server starts: what happened before is not lost,
 * it is in the first exposition, beside what happens after.
 */
import { describe, expect, it } from 'vitest';
import { ServerMetrics } from '../../server/metrics.ts';

const line = (exposition: string, series: string) => exposition.split('\n').find((candidate) => candidate.startsWith(`${series} `));

describe('ServerMetrics', () => {
  it('records what was measured before prom-client loaded, once it has, and what comes after', async () => {
    const metrics = new ServerMetrics({ connectionsOpen: () => 3, clinicsLive: () => 1 });
    metrics.answered('clinic:join', { ok: true, data: null }, 0.002);
    metrics.answered('clinic:command', { ok: false, error: { code: 'NOT_FACILITATOR', reason: 'NOT_FACILITATOR', message: 'Only a facilitator can do that.' } }, 0.001);
    metrics.saved(0.004);

    await metrics.load();
    metrics.answered('clinic:join', { ok: true, data: null }, 0.003);
    const { text } = await metrics.exposition();

    expect(line(text, 'case_clinic_request_duration_seconds_count{event="clinic:join"}')).toMatch(/ 2$/);
    expect(line(text, 'case_clinic_request_duration_seconds_count{event="clinic:command"}')).toMatch(/ 1$/);
    expect(line(text, 'case_clinic_refusals_total{code="NOT_FACILITATOR",reason="NOT_FACILITATOR"}')).toMatch(/ 1$/);
    expect(line(text, 'case_clinic_save_duration_seconds_count')).toMatch(/ 1$/);
    expect(line(text, 'case_clinic_save_duration_seconds_bucket{le="0.005"}')).toMatch(/ 1$/);
    expect(line(text, 'case_clinic_connections_open')).toMatch(/ 3$/);
  });
});
