/**
 * A rolling update seen from a phone: a newer release has saved the clinic, and the node the phone
 * reaches next is still on the release before it. The page says the server is being updated, then
 * comes back into the clinic by itself once it reaches a node that reads the record.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { STORED_CLINIC_VERSION } from '../../shared/storedClinicSchema.ts';
import { seriousAxeViolations } from '../support/axe.ts';
import { byTestId, joinWithName, launchChromium, openBrowserParticipant, PHONE } from '../support/browser.ts';
import { createClinicAt } from '../support/participant.ts';
import { saveScreenshot } from '../support/screenshots.ts';
import { freePort, makeDataDir, startServerProcess } from '../support/servers.ts';
import { rawQuery, SUITE_STORE } from '../support/testStores.ts';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** Sets the stored clinic's schema version, as the release that wrote it would have. */
async function storeAsVersion(dataDir: string, clinicId: string, schemaVersion: number): Promise<void> {
  const [row] = await rawQuery(SUITE_STORE, dataDir, 'SELECT record FROM clinics WHERE id = $1', [clinicId]);
  const record = JSON.stringify({ ...(JSON.parse(String(row!.record)) as object), schemaVersion });
  await rawQuery(SUITE_STORE, dataDir, 'UPDATE clinics SET record = $1 WHERE id = $2', [record, clinicId]);
}

/** While a server is down the browser reports each failed reconnect; nothing else may go wrong. */
const apartFromReconnects = (problems: readonly string[]) => problems.filter((problem) => !/WebSocket connection|ERR_CONNECTION_REFUSED|Failed to load resource/.test(problem));

describe('a phone during a rolling update', () => {
  it('says the server is being updated, and comes back into its clinic by itself once a node can read it', async () => {
    const { dataDir, remove } = makeDataDir();
    cleanups.push(remove);
    const port = await freePort();
    const onNode = async () => {
      const server = await startServerProcess({ dataDir, port });
      cleanups.push(() => server.stop());
      return server;
    };
    const browser = await launchChromium();
    cleanups.push(() => browser.close());

    const first = await onNode();
    const { clinicId } = await createClinicAt(first.url, { title: 'Tuesday crew' });
    const gia = await openBrowserParticipant(browser, PHONE);
    await gia.page.goto(`${first.url}/c/${clinicId}`);
    await joinWithName(gia.page, 'Gia');
    await byTestId(gia.page, 'lobby').waitFor();

    // A newer release saves the clinic; the phone's next node is still on the release before it.
    await first.stop();
    await storeAsVersion(dataDir, clinicId, STORED_CLINIC_VERSION + 1);
    const older = await onNode();
    const notice = gia.page.getByRole('alert');
    await expect.poll(() => notice.textContent(), { timeout: 15_000 }).toContain('this server has not been updated yet');
    await saveScreenshot(gia.page, 'update-01-server-outdated-phone', { fullPage: false });
    expect(await seriousAxeViolations(gia.page)).toEqual([]);

    // The phone keeps asking; the node it reaches next reads the record.
    await older.stop();
    await storeAsVersion(dataDir, clinicId, STORED_CLINIC_VERSION);
    await onNode();
    // The notice goes only when a join is let in; the lobby stayed on screen all along.
    await expect.poll(() => notice.count(), { timeout: 15_000 }).toBe(0);
    await byTestId(gia.page, 'lobby').waitFor();
    await saveScreenshot(gia.page, 'update-02-back-in-phone', { fullPage: false });
    expect(apartFromReconnects(gia.problems)).toEqual([]);
  });
});
