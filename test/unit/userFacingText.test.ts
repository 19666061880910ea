/**
 * No view writes words into itself: what a person reads or hears comes from the catalogs, so it
 * is there in every shipped language. The check parses each client file (it is not a pattern
 * over lines) and lists every literal in JSX text and in text attributes, by file and line.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { userFacingLiterals } from '../support/userFacingLiterals.ts';

const CLIENT_DIR = join(import.meta.dirname, '../../client');
const viewFiles = (readdirSync(CLIENT_DIR, { recursive: true }) as string[]).filter((file) => file.endsWith('.tsx'));

describe('words in the views', () => {
  it('finds literal words in JSX text, text attributes and their choices, and nothing in looked-up or wordless ones', () => {
    const found = userFacingLiterals(
      'Example.tsx',
      `export const Example = ({ on, name }) => (
        <section aria-label="Quiet controls" aria-live="polite" className="quiet">
          <h2>Hands up</h2>
          <img alt={on ? 'A raised hand' : t('hand.down')} src="/hand.svg" />
          <input placeholder={\`Note for \${name}\`} aria-describedby="hint-id" />
          <ConfirmButton label={t('console.end')} confirmLabel="Confirm end" />
          {on && 'shown to everyone'}
          {' · '}{name}{t('live.you')}
        </section>
      );`,
    );
    expect(found.map(({ line, where, text }) => `${line} ${where} ${text}`)).toEqual([
      '2 aria-label= "Quiet controls"',
      '3 JSX text Hands up',
      "4 alt= 'A raised hand'",
      '5 placeholder= `Note for ${name}`',
      '6 confirmLabel= "Confirm end"',
      "7 JSX child 'shown to everyone'",
    ]);
  });

  it('has none in any client view: every word a person reads or hears is looked up in the catalogs', () => {
    expect(viewFiles.length).toBeGreaterThan(40);
    const literals = viewFiles.flatMap((file) =>
      userFacingLiterals(file, readFileSync(join(CLIENT_DIR, file), 'utf8')).map(({ line, where, text }) => `${file}:${line} ${where} ${text}`),
    );
    expect(literals).toEqual([]);
  });
});
