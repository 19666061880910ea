/**
 * Which address a request comes from, for per-address limits. Behind a reverse proxy every
 * connection arrives from the proxy, so the client is read from `X-Forwarded-For`, but only as
 * many hops back as there are proxies we trust: anything further left is whatever the client said.
 */
export function clientAddress(peerAddress: string, forwardedFor: string | string[] | undefined, trustedProxies: number): string {
  if (trustedProxies === 0 || forwardedFor === undefined) return peerAddress;
  const hops = [forwardedFor]
    .flat()
    .flatMap((header) => header.split(','))
    .map((hop) => hop.trim())
    .filter(Boolean);
  // The peer is the nearest proxy; each trusted proxy appended the address it saw.
  return hops.at(-trustedProxies) ?? hops[0] ?? peerAddress;
}
