import { describe, expect, it } from 'vitest';
import {
  createDeviceKeyPair,
  exportPublicKey,
  fingerprintOf,
  fromBase64Url,
  isPublicKey,
  keyIdOf,
  open,
  seal,
  toBase64Url,
  type DeviceKeyPair,
  type Envelope,
  type PublishedKey,
  type SealContext,
} from '../../shared/sealedNotes.ts';

const CONTEXT: SealContext = { clinicId: 'clinic-one', kind: 'note', senderId: 'ana', recipientId: 'gia' };
const NOTE = 'You lit up when you spoke about the garden project. Ünïcödé and 🌱 too.';

async function device(): Promise<{ pair: DeviceKeyPair; key: PublishedKey }> {
  const pair = await createDeviceKeyPair();
  const publicKey = await exportPublicKey(pair);
  return { pair, key: { keyId: await keyIdOf(publicKey), publicKey } };
}

/** The same base64url text with one bit of its `index`th byte flipped. */
function flipped(text: string, index = 0): string {
  const bytes = fromBase64Url(text);
  bytes[index]! ^= 0x01;
  return toBase64Url(bytes);
}

describe("sealing a note for a case giver's devices", () => {
  it("opens on each of the recipient's devices, each with its own envelope", async () => {
    const phone = await device();
    const laptop = await device();
    const envelopes = await seal(NOTE, CONTEXT, [phone.key, laptop.key]);
    expect(envelopes.map((envelope) => envelope.keyId)).toEqual([phone.key.keyId, laptop.key.keyId]);
    expect(await open(envelopes[0]!, CONTEXT, phone.pair.privateKey)).toBe(NOTE);
    expect(await open(envelopes[1]!, CONTEXT, laptop.pair.privateKey)).toBe(NOTE);
    // Fresh ephemeral keys and IVs: the same note never looks the same twice.
    expect(envelopes[0]!.ciphertext).not.toBe(envelopes[1]!.ciphertext);
    const [again] = await seal(NOTE, CONTEXT, [phone.key]);
    expect(again!.ciphertext).not.toBe(envelopes[0]!.ciphertext);
    expect(again!.iv).not.toBe(envelopes[0]!.iv);
  });

  it('holds nothing of the note in readable form', async () => {
    const phone = await device();
    const [envelope] = await seal(NOTE, CONTEXT, [phone.key]);
    const decoded = new TextDecoder('latin1').decode(fromBase64Url(envelope!.ciphertext));
    expect(JSON.stringify(envelope)).not.toContain('garden');
    expect(decoded).not.toContain('garden');
  });

  it("does not open with another device's key", async () => {
    const phone = await device();
    const stranger = await device();
    const [envelope] = await seal(NOTE, CONTEXT, [phone.key]);
    await expect(open(envelope!, CONTEXT, stranger.pair.privateKey)).rejects.toThrow();
  });

  it.each<[string, (envelope: Envelope) => Envelope]>([
    ['a flipped bit in the ciphertext', (envelope) => ({ ...envelope, ciphertext: flipped(envelope.ciphertext, 3) })],
    ['a flipped bit in the authentication tag', (envelope) => ({ ...envelope, ciphertext: flipped(envelope.ciphertext, fromBase64Url(envelope.ciphertext).length - 1) })],
    ['another IV', (envelope) => ({ ...envelope, iv: flipped(envelope.iv) })],
    ['another ephemeral key', (envelope) => ({ ...envelope, ephemeralKey: flipped(envelope.ephemeralKey, 64) })],
    ['a truncated ciphertext', (envelope) => ({ ...envelope, ciphertext: envelope.ciphertext.slice(0, -4) })],
  ])('refuses to open with %s', async (_what, tamper) => {
    const phone = await device();
    const [envelope] = await seal(NOTE, CONTEXT, [phone.key]);
    await expect(open(tamper(envelope!), CONTEXT, phone.pair.privateKey)).rejects.toThrow();
  });

  it.each<[string, Partial<SealContext> | { keyId: string }]>([
    ['another clinic', { clinicId: 'clinic-two' }],
    ['another sender', { senderId: 'mallory' }],
    ['another recipient', { recipientId: 'ben' }],
    ['another kind', { kind: 'takeaway' }],
    ['another key id', { keyId: 'AAAAAAAAAAAAAAAAAAAAAA' }],
  ])('refuses to open when the metadata it was sealed with says %s', async (_what, change) => {
    const phone = await device();
    const [envelope] = await seal(NOTE, CONTEXT, [phone.key]);
    const { keyId, ...context } = { keyId: envelope!.keyId, ...CONTEXT, ...change };
    await expect(open({ ...envelope!, keyId }, context, phone.pair.privateKey)).rejects.toThrow();
  });
});

describe('device keys', () => {
  it('are told apart from bytes that are no point on the curve', async () => {
    const { key } = await device();
    expect(await isPublicKey(key.publicKey)).toBe(true);
    expect(await isPublicKey(flipped(key.publicKey, 64))).toBe(false);
    expect(await isPublicKey(`B${'A'.repeat(86)}`)).toBe(false);
  });

  it('keep their private half inside the device', async () => {
    const { pair } = await device();
    expect(pair.privateKey.extractable).toBe(false);
    await expect(globalThis.crypto.subtle.exportKey('pkcs8', pair.privateKey)).rejects.toThrow();
  });

  it('have an id and a fingerprint that depend on the public key alone, and differ between keys', async () => {
    const one = await device();
    const other = await device();
    expect(fromBase64Url(one.key.publicKey)).toHaveLength(65);
    expect(one.key.keyId).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(await keyIdOf(one.key.publicKey)).toBe(one.key.keyId);
    const fingerprint = await fingerprintOf(one.key.publicKey);
    expect(fingerprint).toMatch(/^([0-9A-F]{4} ){4}[0-9A-F]{4}$/);
    expect(await fingerprintOf(one.key.publicKey)).toBe(fingerprint);
    expect(await fingerprintOf(other.key.publicKey)).not.toBe(fingerprint);
    expect(other.key.keyId).not.toBe(one.key.keyId);
  });

  it('fingerprint a known key the same on every run and platform', async () => {
    // The P-256 generator point, a public key anyone can check by hand: SHA-256 of its 65 raw bytes.
    const generator =
      '04' +
      '6b17d1f2e12c4247f8bce6e563a440f277037d812deb33a0f4a13945d898c296' +
      '4fe342e2fe1a7f9b8ee7eb4a7c0f9e162bce33576b315ececbb6406837bf51f5';
    const publicKey = toBase64Url(Uint8Array.from(generator.match(/../g)!.map((byte) => parseInt(byte, 16))));
    const { createHash } = await import('node:crypto');
    const digest = createHash('sha256').update(Buffer.from(generator, 'hex')).digest('hex').toUpperCase();
    expect(await fingerprintOf(publicKey)).toBe(digest.slice(0, 20).match(/.{4}/g)!.join(' '));
  });
});
