/**
 * Which address a request comes from, for per-address limits. Behind a reverse proxy every
 * connection arrives from the proxy, so the client is read from `X-Forwarded-For`, but only as
 * many hops back as there are proxies we trust: anything further left is whatever the client said.
 */
import { isIPv6 } from 'node:net';

export function clientAddress(peerAddress: string, forwardedFor: string | string[] | undefined, trustedProxies: number): string {
  return limitKey(forwardedAddress(peerAddress, forwardedFor, trustedProxies));
}

function forwardedAddress(peerAddress: string, forwardedFor: string | string[] | undefined, trustedProxies: number): string {
  if (trustedProxies === 0 || forwardedFor === undefined) return peerAddress;
  const hops = [forwardedFor]
    .flat()
    .flatMap((header) => header.split(','))
    .map((hop) => hop.trim())
    .filter(Boolean);
  // The peer is the nearest proxy; each trusted proxy appended the address it saw.
  return hops.at(-trustedProxies) ?? hops[0] ?? peerAddress;
}

/**
 * The key limits count by: the bare address (a proxy may add a port or brackets), and for IPv6
 * its /64, since one household or phone is usually given a whole /64 to pick addresses from.
 */
function limitKey(raw: string): string {
  const address = (/^\[([^\]]+)\](?::\d+)?$/.exec(raw)?.[1] ?? /^(\d+\.\d+\.\d+\.\d+):\d+$/.exec(raw)?.[1] ?? raw).replace(/%.*$/, '');
  const mappedIPv4 = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mappedIPv4) return mappedIPv4[1]!;
  if (!isIPv6(address)) return address;
  const [head = '', tail] = address.split('::');
  const headGroups = head ? head.split(':') : [];
  const tailGroups = tail ? tail.split(':') : [];
  const zeros = tail === undefined ? [] : Array<string>(Math.max(0, 8 - headGroups.length - tailGroups.length)).fill('0');
  const network = [...headGroups, ...zeros, ...tailGroups].slice(0, 4).map((group) => Number.parseInt(group, 16).toString(16));
  return `${network.join(':')}::/64`;
}
