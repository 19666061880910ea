/** A server behind one trusted reverse proxy, which names each client in `X-Forwarded-For`. */
import { describe, expect, it } from 'vitest';
import { PROTOCOL_VERSION } from '../../shared/protocol.ts';
import { createClinicsFrom, openSocket } from '../support/participant.ts';
import { useInProcessServer } from '../support/serverFixture.ts';

const CLINICS_PER_ADDRESS_PER_HOUR = 2;
const fixture = useInProcessServer({ trustedProxies: 1, limits: { clinicsPerAddressPerHour: CLINICS_PER_ADDRESS_PER_HOUR } });

describe('behind a trusted proxy', () => {
  it('caps clinics per client address rather than for everyone behind the proxy', async () => {
    const fromOne = await createClinicsFrom(fixture.server.url, CLINICS_PER_ADDRESS_PER_HOUR + 1, { 'x-forwarded-for': '203.0.113.1' });
    expect(fromOne.slice(0, CLINICS_PER_ADDRESS_PER_HOUR).every((reply) => reply.ok)).toBe(true);
    expect(fromOne.at(-1)).toMatchObject({ ok: false, error: { code: 'RATE_LIMITED' } });

    const [fromAnother] = await createClinicsFrom(fixture.server.url, 1, { 'x-forwarded-for': '203.0.113.2' });
    expect(fromAnother).toMatchObject({ ok: true });
    // Prepending a made-up hop does not escape the cap: only the proxy's own entry counts.
    const [forged] = await createClinicsFrom(fixture.server.url, 1, { 'x-forwarded-for': '6.6.6.6, 203.0.113.1' });
    expect(forged).toMatchObject({ ok: false, error: { code: 'RATE_LIMITED' } });
  });

  it("keeps no connection's opening request once its address is read: kept, it would cost every open connection about 4 KB", async () => {
    const socket = openSocket(fixture.server.url, { 'x-forwarded-for': '203.0.113.3' });
    try {
      expect(await socket.timeout(5_000).emitWithAck('clinic:create', { protocolVersion: PROTOCOL_VERSION })).toMatchObject({ ok: true });
      // Every open connection's: the earlier test's may not have closed on the server yet.
      expect(new Set([...fixture.server.app.io.of('/').sockets.values()].map((open) => open.conn.request))).toEqual(new Set([null]));
    } finally {
      socket.disconnect();
    }
  });
});
