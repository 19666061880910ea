/**
 * A rolling update that changes a record's shape: for a while, nodes of the release before it
 * serve devices whose clinic or crew a newer node has already saved. An older node cannot read
 * those records; it must say so in a way a device can act on (wait, and ask again, perhaps of a
 * newer node), not as a server fault, and it must leave the records as they are.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Logger } from '../../server/logger.ts';
import { CREW_SCHEMA_VERSION } from '../../shared/crewSchema.ts';
import { PROTOCOL_VERSION } from '../../shared/protocol.ts';
import { STORED_CLINIC_VERSION } from '../../shared/storedClinicSchema.ts';
import { capturedLogs } from '../support/capturedLogs.ts';
import { TestCrewMember } from '../support/crewMember.ts';
import { createClinicAt, openSocket, TestParticipant } from '../support/participant.ts';
import { makeDataDir, startInProcessServer, type InProcessServer } from '../support/servers.ts';
import { rawQuery, SUITE_STORE } from '../support/testStores.ts';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function serverOn(dataDir: string, logger?: Logger): Promise<InProcessServer> {
  const server = await startInProcessServer({ dataDir, logger });
  cleanups.push(() => server.close());
  return server;
}

/** Rewrites a stored record as a release with a later schema would have written it. */
async function storedByNewerRelease(dataDir: string, table: 'clinics' | 'crews', id: string, version: number): Promise<string> {
  const [row] = await rawQuery(SUITE_STORE, dataDir, `SELECT record FROM ${table} WHERE id = $1`, [id]);
  const newer = JSON.stringify({ ...(JSON.parse(String(row!.record)) as object), schemaVersion: version + 1, aFieldOfTheNewRelease: true });
  await rawQuery(SUITE_STORE, dataDir, `UPDATE ${table} SET record = $1 WHERE id = $2`, [newer, id]);
  return newer;
}

describe('a record saved by a newer release', () => {
  it('keeps a device out of its clinic with SERVER_OUTDATED, not a server error, and leaves the record as it is', async () => {
    const { dataDir, remove } = makeDataDir();
    cleanups.push(remove);
    const before = await serverOn(dataDir);
    const { clinicId, facilitatorKey } = await createClinicAt(before.url);
    const fran = await TestParticipant.join(before.url, clinicId, 'Fran', facilitatorKey);
    const token = fran.me!.participantToken;
    fran.close();
    await before.close();
    const newer = await storedByNewerRelease(dataDir, 'clinics', clinicId, STORED_CLINIC_VERSION);

    const logs = capturedLogs();
    const older = await serverOn(dataDir, logs.logger);
    const device = openSocket(older.url);
    cleanups.push(() => void device.close());
    const rejoin = await device.timeout(5_000).emitWithAck('clinic:join', { protocolVersion: PROTOCOL_VERSION, clinicId, participantToken: token });
    expect(rejoin).toMatchObject({ ok: false, error: { code: 'INTERNAL', reason: 'SERVER_OUTDATED' } });
    const preview = await device.timeout(5_000).emitWithAck('clinic:preview', { protocolVersion: PROTOCOL_VERSION, clinicId });
    expect(preview).toMatchObject({ ok: false, error: { reason: 'SERVER_OUTDATED' } });
    expect(await rawQuery(SUITE_STORE, dataDir, 'SELECT record FROM clinics WHERE id = $1', [clinicId])).toEqual([{ record: newer }]);
    // The operator hears of it once, not once a refusal: the devices keep asking.
    const warnings = logs.lines.map((line) => JSON.parse(line) as { level: number; msg: string; detail?: string }).filter(({ level }) => level === 40);
    expect(warnings).toEqual([expect.objectContaining({ msg: expect.stringContaining('this node needs updating'), detail: expect.stringContaining(`schema ${STORED_CLINIC_VERSION + 1}`) })]);
  });

  it('keeps a member out of their crew page with SERVER_OUTDATED and their calendar download with a 503, and leaves the crew as it is', async () => {
    const { dataDir, remove } = makeDataDir();
    cleanups.push(remove);
    const before = await serverOn(dataDir);
    const { organiser, created } = await TestCrewMember.organise(before.url, 'Olu');
    organiser.socket.close();
    await before.close();
    const newer = await storedByNewerRelease(dataDir, 'crews', created.crewId, CREW_SCHEMA_VERSION);

    const logs = capturedLogs();
    const older = await serverOn(dataDir, logs.logger);
    const device = new TestCrewMember(older.url, 'Olu');
    cleanups.push(() => void device.socket.close());
    expect(await device.join(created.crewId, { memberToken: created.memberToken })).toMatchObject({ ok: false, error: { code: 'INTERNAL', reason: 'SERVER_OUTDATED' } });
    // The calendar download says to try again in a moment, in the page's language, not that it failed.
    for (const [lang, sentence] of [['en', 'Try again in a moment.'], ['de', 'Versuche es gleich noch einmal.']]) {
      const form = new URLSearchParams({ memberToken: created.memberToken, lang: lang! });
      const download = await fetch(`${older.url}/crews/${created.crewId}/weeks/1.ics`, { method: 'POST', body: form });
      expect([download.status, download.headers.get('retry-after')]).toEqual([503, '5']);
      expect(await download.text()).toContain(sentence);
    }
    expect(await rawQuery(SUITE_STORE, dataDir, 'SELECT record FROM crews WHERE id = $1', [created.crewId])).toEqual([{ record: newer }]);
    // One warning for the join and both downloads, and no error logged.
    const levels = logs.lines.map((line) => (JSON.parse(line) as { level: number }).level);
    expect(levels.filter((level) => level === 40)).toHaveLength(1);
    expect(levels.filter((level) => level >= 50)).toEqual([]);
  });
});
