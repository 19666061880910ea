/** Screenshots for a person to look at, in test-results/screenshots. */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { PROJECT_ROOT } from './servers.ts';

export const SCREENSHOT_DIR = join(PROJECT_ROOT, 'test-results/screenshots');

/** The whole page as it stands, as `name`.png; or only the window (`fullPage: false`) where the fold is what matters. */
export async function saveScreenshot(page: Page, name: string, { fullPage = true } = {}): Promise<void> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOT_DIR, `${name}.png`), fullPage });
}
