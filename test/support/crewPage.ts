/** The crew page and a crew's sessions in the browser, as the crew end-to-end tests drive them. */
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { byTestId } from './browser.ts';

/** A date some weeks ahead, so every session is still to come and can be moved. */
export function inWeeks(weeks: number): string {
  const date = new Date(Date.now() + weeks * 7 * 86_400_000);
  return date.toISOString().slice(0, 10);
}

/** Week `week`'s card on the crew page (1 is the intro). */
export const sessionCard = (page: Page, week: number) => byTestId(page, `session-${week}`);

/**
 * Starts week `week` from its card. The tests' crews meet weeks ahead, so the first tap asks
 * again ("Planned for …: start now?") and starts nothing until the second.
 */
export async function startWeekEarly(page: Page, week: number): Promise<void> {
  await sessionCard(page, week).getByRole('button', { name: 'Start session' }).click();
  const confirm = sessionCard(page, week).getByRole('button', { name: /^Planned for .+: start now\?$/ });
  await confirm.waitFor();
  expect(page.url()).not.toContain('/c/');
  await confirm.click();
  await page.waitForURL('**/c/**');
}

/** A new member opens the crew link and joins with their name. */
export async function joinCrewByLink(page: Page, crewLink: string, name: string): Promise<void> {
  await page.goto(crewLink);
  await page.getByLabel('Your name').fill(name);
  await page.getByRole('button', { name: 'Join crew' }).click();
  await byTestId(page, 'crew-page').waitFor();
}

/** The page has been taken into a clinic's lobby, as the crew member, with no join form on the way. */
export async function expectInLobby(page: Page, clinicId: string): Promise<void> {
  await page.waitForURL(`**/c/${clinicId}`);
  await byTestId(page, 'lobby').waitFor();
  expect(await page.locator('#display-name').count()).toBe(0);
}
