/**
 * Which page a path shows. The server answers a path this does not know with 404 and the client
 * shows its not-found page for it, so the two agree on what a link that leads nowhere is.
 */
import { TOKEN_PATTERN } from './protocol.ts';

/** Whose screen a clinic page is: a participant's own, the shared presenter screen, or the pop-up mini timer. */
export type ClinicLayout = 'personal' | 'present' | 'mini';

export type AppPage =
  | { readonly page: 'create' }
  | { readonly page: 'clinic'; readonly clinicId: string; readonly layout: ClinicLayout }
  | { readonly page: 'newCrew' }
  | { readonly page: 'crew'; readonly crewId: string };

const CLINIC_PATH = /^\/c\/([^/]*)(?:\/(present|mini))?\/?$/;
const CREW_PATH = /^\/crews\/([^/]*)\/?$/;

/**
 * `/` creates a clinic; `/c/:clinicId` is a clinic, `/present` its shared screen, `/mini` its
 * pop-up timer; `/crews/new` creates a crew and `/crews/:crewId` is a crew; anything else is null.
 */
export function appPageOf(pathname: string): AppPage | null {
  if (pathname === '/') return { page: 'create' };
  const crew = CREW_PATH.exec(pathname);
  if (crew) {
    if (crew[1] === 'new') return { page: 'newCrew' };
    return TOKEN_PATTERN.test(crew[1]!) ? { page: 'crew', crewId: crew[1]! } : null;
  }
  const match = CLINIC_PATH.exec(pathname);
  if (!match || !TOKEN_PATTERN.test(match[1]!)) return null;
  return { page: 'clinic', clinicId: match[1]!, layout: (match[2] as ClinicLayout | undefined) ?? 'personal' };
}

/** A path shaped like a clinic link whose id is broken, as a link cut short or mangled when copied is. */
export const isBrokenClinicLink = (pathname: string): boolean => pathname.startsWith('/c/') && appPageOf(pathname) === null;
