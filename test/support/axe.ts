/**
 * Accessibility checks for end-to-end tests: axe-core run inside a page, reporting the serious and
 * critical violations a person using a screen reader or a keyboard would run into.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { AxeResults, RunOptions } from 'axe-core';
import type { Page } from 'playwright-core';

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** The rules whose outcome a change of colours alone can change. */
export const COLOUR_RULES: readonly string[] = ['color-contrast', 'link-in-text-block'];

/**
 * Each serious or critical violation on the page as it stands, as "rule: what it asks (where)";
 * an empty list when there are none; `onlyRules` runs just those rules. Evaluated through the
 * debugging protocol, so the page's own Content Security Policy, which allows no inline script,
 * needs no loosening.
 */
export async function seriousAxeViolations(page: Page, onlyRules?: readonly string[]): Promise<string[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(axeSource);
  // Only violations are reported, which spares axe collecting every node that passed.
  const options: RunOptions = { resultTypes: ['violations'], ...(onlyRules ? { runOnly: { type: 'rule', values: [...onlyRules] } } : {}) };
  const results = (await page.evaluate(
    (runOptions) => (window as unknown as { axe: { run(context: Document, options: RunOptions): Promise<unknown> } }).axe.run(document, runOptions),
    options,
  )) as AxeResults;
  return results.violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map((violation) => `${violation.id}: ${violation.help} (${violation.nodes.map((node) => node.target.join(' ')).join(', ')})`);
}
