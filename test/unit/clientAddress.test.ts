import { describe, expect, it } from 'vitest';
import { clientAddress } from '../../server/clientAddress.ts';
import { readConfig } from '../../server/config.ts';

describe('client address for per-address limits', () => {
  it('is the peer itself unless proxies are trusted, whatever the client claims', () => {
    expect(clientAddress('198.51.100.7', '203.0.113.1', 0)).toBe('198.51.100.7');
    expect(clientAddress('10.0.0.2', undefined, 1)).toBe('10.0.0.2');
  });

  it('is read as many hops back as there are trusted proxies, never further', () => {
    // A client that forged its own header gets the forgery ignored: only the proxy's entry counts.
    expect(clientAddress('10.0.0.2', '6.6.6.6, 203.0.113.1', 1)).toBe('203.0.113.1');
    expect(clientAddress('10.0.0.3', ['6.6.6.6, 203.0.113.1', '10.0.0.2'], 2)).toBe('203.0.113.1');
    expect(clientAddress('10.0.0.2', '203.0.113.1', 3)).toBe('203.0.113.1');
  });

  it('counts an IPv6 client by its /64 and ignores ports and brackets a proxy adds', () => {
    expect(clientAddress('2001:db8:1:2:aaaa::1', undefined, 0)).toBe('2001:db8:1:2::/64');
    expect(clientAddress('2001:0db8:0001:0002:ffff:1:2:3', undefined, 0)).toBe('2001:db8:1:2::/64');
    expect(clientAddress('2001:db8::7', undefined, 0)).toBe('2001:db8:0:0::/64');
    expect(clientAddress('::ffff:198.51.100.7', undefined, 0)).toBe('198.51.100.7');
    expect(clientAddress('10.0.0.2', '203.0.113.1:51234', 1)).toBe('203.0.113.1');
    expect(clientAddress('10.0.0.2', '[2001:db8:1:2::9]:443', 1)).toBe('2001:db8:1:2::/64');
  });

  it('is configured with TRUST_PROXY, off by default', () => {
    expect(readConfig({}).trustedProxies).toBe(0);
    expect(readConfig({ TRUST_PROXY: '1' }).trustedProxies).toBe(1);
    expect(() => readConfig({ TRUST_PROXY: 'yes' })).toThrow('TRUST_PROXY must be a whole number of proxies');
  });
});
