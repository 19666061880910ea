/**
 * What a phone downloads before it shows anything: the built page's script stays small, and the
 * shared code it imports brings no validator and no state machine library (the client imports the
 * schemas' types only, and asks the shared rules, not the machine), nor the QR code encoder, nor
 * the crew pages with their time-zone library, nor any language but English, nor the format library
 * (the create page and the languages load it).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { CLIENT_BUILD_DIR } from '../support/servers.ts';

/** The budget the languages issue set for the initial script, the i18n library and English included. */
const MAX_INITIAL_SCRIPT_GZIPPED_BYTES = 130 * 1024;

describe('the built client', () => {
  it('loads one script of at most 130 KB gzipped, with neither zod nor xstate in it', () => {
    const page = readFileSync(join(CLIENT_BUILD_DIR, 'index.html'), 'utf8');
    const scripts = [...page.matchAll(/<script type="module"[^>]* src="\/([^"]+)"/g)].map((match) => match[1]!);
    expect(scripts).toHaveLength(1);
    const script = readFileSync(join(CLIENT_BUILD_DIR, scripts[0]!));
    expect(gzipSync(script).length).toBeLessThanOrEqual(MAX_INITIAL_SCRIPT_GZIPPED_BYTES);
    // Strings each library carries in any build: zod's schema class names, xstate's init event.
    expect(script.includes('$ZodType')).toBe(false);
    expect(script.includes('xstate.init')).toBe(false);
  });

  it('leaves each language but English, and the format library, to chunks the page loads on demand', () => {
    const page = readFileSync(join(CLIENT_BUILD_DIR, 'index.html'), 'utf8');
    const initial = readFileSync(join(CLIENT_BUILD_DIR, page.match(/src="\/(assets\/[^"]+\.js)"/)![1]!), 'utf8');
    const chunks = readdirSync(join(CLIENT_BUILD_DIR, 'assets')).filter((file) => file.endsWith('.js'));
    // A message of each catalog, and a phase the library has and no clinic is made of in the page.
    for (const words of ['Du bist dran', 'Es tu turno', 'Spontanerzählung', 'Generative dialogue']) {
      expect(initial.includes(words), words).toBe(false);
      expect(chunks.filter((file) => readFileSync(join(CLIENT_BUILD_DIR, 'assets', file), 'utf8').includes(words)), words).toHaveLength(1);
    }
    expect(initial.includes("You're next")).toBe(true);
  });

  it('leaves the QR code encoder to a chunk of its own, loaded only by the pages that show a code', () => {
    const chunks = readdirSync(join(CLIENT_BUILD_DIR, 'assets')).filter((file) => file.endsWith('.js'));
    // The encoder's own option checks, present in any build of it.
    const withEncoder = chunks.filter((file) => readFileSync(join(CLIENT_BUILD_DIR, 'assets', file), 'utf8').includes('invalid border='));
    expect(withEncoder).toHaveLength(1);
    const page = readFileSync(join(CLIENT_BUILD_DIR, 'index.html'), 'utf8');
    expect(page).not.toContain(withEncoder[0]);
  });

  it('leaves the crew pages, with their time-zone library, to a chunk of their own that a clinic page does not load', () => {
    const assets = join(CLIENT_BUILD_DIR, 'assets');
    const chunks = readdirSync(assets).filter((file) => file.endsWith('.js'));
    // The crew page's join event, and the Temporal polyfill's type name for a wall time.
    const withCrewPages = chunks.filter((file) => readFileSync(join(assets, file), 'utf8').includes('crew:join'));
    const withTemporal = chunks.filter((file) => readFileSync(join(assets, file), 'utf8').includes('PlainDateTime'));
    expect(withCrewPages).toHaveLength(1);
    expect(withTemporal).toEqual(withCrewPages);
    expect(readFileSync(join(CLIENT_BUILD_DIR, 'index.html'), 'utf8')).not.toContain(withCrewPages[0]);
  });
});
