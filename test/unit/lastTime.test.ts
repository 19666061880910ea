/**
 * A crew member's takeaways from last time, opened on this device: each is read here, named as
 * sealed for another of their devices, or, sealed for this device but damaged, named as such
 * rather than sent to a device that cannot open it either.
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { refreshLastTime, groupedTakeaways, useLastTimeStore } from '../../client/lastTime.ts';
import type { LastTimeItem } from '../../shared/harvestSchemas.ts';
import { createDeviceKeyPair, exportPublicKey, fromBase64Url, keyIdOf, seal, toBase64Url, type DeviceKeyPair, type Envelope } from '../../shared/sealedNotes.ts';

const WEEK_1_CLINIC = 'clinicOfWeek1';
const device = vi.hoisted(() => ({ pair: null as DeviceKeyPair | null, items: [] as LastTimeItem[] }));
vi.mock('../../client/deviceKeys.ts', () => ({ storedDeviceKeyPair: async () => device.pair }));
vi.mock('socket.io-client', async () =>
  (await import('../support/answeringSocket.ts')).answeringSocketModule((event) => (event === 'harvest:lastTime' ? { ok: true, data: { items: device.items } } : { ok: false })),
);

async function publishedKeyOf(pair: DeviceKeyPair) {
  const publicKey = await exportPublicKey(pair);
  return { keyId: await keyIdOf(publicKey), publicKey };
}

/** Gia's takeaway after week 1, sealed for the given devices. */
async function takeaway(noteId: string, text: string, pairs: DeviceKeyPair[]): Promise<LastTimeItem> {
  const envelopes = await seal(text, { clinicId: WEEK_1_CLINIC, kind: 'takeaway', senderId: 'gia', recipientId: 'gia' }, await Promise.all(pairs.map(publishedKeyOf)));
  return { noteId, clinicId: WEEK_1_CLINIC, sessionIndex: 0, sentAt: 0, envelopes };
}

/** The envelope with one byte of its ciphertext changed on the way. */
function damaged(envelope: Envelope): Envelope {
  const bytes = fromBase64Url(envelope.ciphertext);
  bytes[0] = bytes[0]! ^ 0xff;
  return { ...envelope, ciphertext: toBase64Url(bytes) };
}

beforeEach(() => {
  vi.stubGlobal('window', globalThis);
  vi.stubGlobal('location', { hash: '', pathname: '/c/clinicOfWeek2', search: '' });
  return () => void vi.unstubAllGlobals();
});

describe("a crew member's takeaways from last time on this device", () => {
  it('reads those sealed for it, and tells one sealed for another device from one that arrived damaged', async () => {
    const [thisPhone, herLaptop] = await Promise.all([createDeviceKeyPair(), createDeviceKeyPair()]);
    device.pair = thisPhone;
    const read = await takeaway('read', 'Ask Sam for an hour a week.', [thisPhone, herLaptop]);
    const onTheLaptop = await takeaway('laptop', 'Say no to the Friday meeting.', [herLaptop]);
    const broken = await takeaway('broken', 'Book the holiday.', [thisPhone]);
    device.items = [read, onTheLaptop, { ...broken, envelopes: broken.envelopes.map(damaged) }];

    await refreshLastTime('gia');
    const { readable, sealedElsewhere, wouldNotOpen } = groupedTakeaways(useLastTimeStore.getState().takeaways!);
    expect(readable.map(({ noteId, text }) => ({ noteId, text }))).toEqual([{ noteId: 'read', text: 'Ask Sam for an hour a week.' }]);
    expect(sealedElsewhere.map(({ noteId }) => noteId)).toEqual(['laptop']);
    expect(wouldNotOpen.map(({ noteId }) => noteId)).toEqual(['broken']);
  });

  it('names every one as elsewhere on a device that kept no key from that session', async () => {
    const herLaptop = await createDeviceKeyPair();
    device.pair = null;
    device.items = [await takeaway('laptop', 'Say no to the Friday meeting.', [herLaptop])];
    await refreshLastTime('gia');
    const { readable, sealedElsewhere, wouldNotOpen } = groupedTakeaways(useLastTimeStore.getState().takeaways!);
    expect([readable.length, sealedElsewhere.length, wouldNotOpen.length]).toEqual([0, 1, 0]);
  });
});
