/**
 * What a balancer may route a device's connection by: the `route` query parameter of every
 * Socket.IO request. A clinic's pages send its clinic's key, the same on every device, so a
 * balancer that hashes it (as the local cluster's HAProxy does) sends a clinic's devices to one
 * node, and that node normally runs the clinic, forwarding nothing. The key is a 32-bit hash of
 * the id: it is no link to the clinic, though anyone with the link can compute it.
 */
import { appPageOf } from './appPaths.ts';

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

/** The route key of the page at `pathname`: its clinic's on any of a clinic's pages, null on any other page. */
export function routeKeyOfPage(pathname: string): string | null {
  const page = appPageOf(pathname);
  return page?.page === 'clinic' ? routeKeyOf(page.clinicId) : null;
}
