/**
 * What a balancer may route a device's connection by: the `route` query parameter of every
 * Socket.IO request. A clinic's page sends its clinic's key, the same on every device, so a
 * balancer that hashes it (as the local cluster's HAProxy does) sends a clinic's devices to one
 * node, and that node runs the clinic: nothing is forwarded between nodes. The key names no
 * clinic: it is a 32-bit hash of the id, which a balancer's logs may keep without keeping a link.
 */
export const ROUTE_PARAMETER = 'route';

const FNV_OFFSET_BASIS = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

/** The clinic's route key: 32-bit FNV-1a over the id's UTF-16 code units, as 8 hex digits. */
export function routeKeyOf(clinicId: string): string {
  let hash = FNV_OFFSET_BASIS;
  for (let index = 0; index < clinicId.length; index += 1) {
    hash ^= clinicId.charCodeAt(index);
    hash = Math.imul(hash, FNV_PRIME);
  }
  return (hash >>> 0).toString(16).padStart(8, '0');
}
