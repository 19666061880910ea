/**
 * Sealed notes: a coach's notes (and a case giver's takeaways) encrypted on the sender's device to
 * every device of one case giver, so the server only ever holds ciphertext. Web Crypto only, so it
 * runs the same in browsers and in Node 20 (tests act as real devices with it).
 *
 * Each receiving device holds an ECDH P-256 key pair whose private half cannot be exported. A note
 * is sealed once per receiving device: a fresh ephemeral ECDH key agrees a secret with the device's
 * public key; HKDF-SHA-256 turns it into an AES-256-GCM key, with the note's context (clinic,
 * kind, sender, recipient, device key id, ephemeral key) as its info; the note is encrypted with a
 * random 96-bit IV and the same context as additional data. A note moved to another clinic,
 * sender, recipient or kind, or altered in any byte, fails to open.
 */

type Subtle = typeof globalThis.crypto.subtle;
export type DeviceCryptoKey = Awaited<ReturnType<Subtle['importKey']>>;
export interface DeviceKeyPair {
  readonly publicKey: DeviceCryptoKey;
  readonly privateKey: DeviceCryptoKey;
}

/** What a sealed note is: a coach's note to a case giver, or a case giver's takeaway to themselves. */
export type SealedKind = 'note' | 'takeaway';

/** Who and where a note belongs to; the recipient must know the same to open it. */
export interface SealContext {
  readonly clinicId: string;
  readonly kind: SealedKind;
  readonly senderId: string;
  readonly recipientId: string;
}

/** A receiving device's public key as it is published: raw P-256 point, base64url. */
export interface PublishedKey {
  readonly keyId: string;
  readonly publicKey: string;
}

/** One note sealed for one device; every field base64url except the key id. */
export interface Envelope {
  readonly keyId: string;
  readonly ephemeralKey: string;
  readonly iv: string;
  readonly ciphertext: string;
}

const CURVE = { name: 'ECDH', namedCurve: 'P-256' } as const;
const IV_BYTES = 12;
/** Bumped if the construction ever changes, so old and new notes never open with each other's keys. */
const CONTEXT_LABEL = 'case-clinic sealed note v1';

/** False over plain HTTP on a network address: browsers give insecure pages no `crypto.subtle`. */
export function webCryptoAvailable(): boolean {
  return typeof globalThis.crypto?.subtle?.importKey === 'function';
}

function subtle(): Subtle {
  if (!webCryptoAvailable()) throw new Error('Web Crypto is not available here (it needs HTTPS or localhost).');
  return globalThis.crypto.subtle;
}

export function toBase64Url(bytes: ArrayBuffer | Uint8Array): string {
  const view = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
  let binary = '';
  for (const byte of view) binary += String.fromCharCode(byte);
  return btoa(binary).replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '');
}

export function fromBase64Url(text: string): Uint8Array<ArrayBuffer> {
  const binary = atob(text.replaceAll('-', '+').replaceAll('_', '/'));
  const bytes = new Uint8Array(binary.length);
  for (let index = 0; index < binary.length; index += 1) bytes[index] = binary.charCodeAt(index);
  return bytes;
}

/** A new key pair for this device; its private half can be used here but never exported. */
export function createDeviceKeyPair(): Promise<DeviceKeyPair> {
  return subtle().generateKey(CURVE, false, ['deriveBits']) as Promise<DeviceKeyPair>;
}

/** The public half as it is published (a public key is always exportable). */
export async function exportPublicKey(pair: DeviceKeyPair): Promise<string> {
  return toBase64Url(await subtle().exportKey('raw', pair.publicKey));
}

const digestOf = async (publicKey: string) => new Uint8Array(await subtle().digest('SHA-256', fromBase64Url(publicKey)));

/** The key's id: the first 16 bytes of its SHA-256, base64url (22 characters). */
export async function keyIdOf(publicKey: string): Promise<string> {
  return toBase64Url((await digestOf(publicKey)).slice(0, 16));
}

/**
 * What two people compare to know a coach seals to the key the case giver's phone made: the
 * first 10 bytes of the key's SHA-256, as five groups of four hex digits.
 */
export async function fingerprintOf(publicKey: string): Promise<string> {
  const hex = [...(await digestOf(publicKey)).slice(0, 10)].map((byte) => byte.toString(16).padStart(2, '0').toUpperCase()).join('');
  return hex.match(/.{4}/g)!.join(' ');
}

/** The bytes both HKDF's info and AES-GCM's additional data are made of. */
function contextBytes(context: SealContext, keyId: string, ephemeralKey: string): Uint8Array<ArrayBuffer> {
  const { clinicId, kind, senderId, recipientId } = context;
  return new TextEncoder().encode(`${CONTEXT_LABEL}\n${JSON.stringify([clinicId, kind, senderId, recipientId, keyId, ephemeralKey])}`);
}

async function messageKey(sharedSecret: ArrayBuffer, info: Uint8Array<ArrayBuffer>, usage: 'encrypt' | 'decrypt'): Promise<DeviceCryptoKey> {
  const material = await subtle().importKey('raw', sharedSecret, 'HKDF', false, ['deriveKey']);
  return subtle().deriveKey({ name: 'HKDF', hash: 'SHA-256', salt: new Uint8Array(0), info }, material, { name: 'AES-GCM', length: 256 }, false, [usage]);
}

const importPublicKey = (publicKey: string) => subtle().importKey('raw', fromBase64Url(publicKey), CURVE, false, []);

/** Whether `publicKey` is a point on P-256 that a note can be sealed to. */
export function isPublicKey(publicKey: string): Promise<boolean> {
  return importPublicKey(publicKey).then(
    () => true,
    () => false,
  );
}

async function sealForDevice(plaintext: Uint8Array<ArrayBuffer>, context: SealContext, device: PublishedKey): Promise<Envelope> {
  const recipient = await importPublicKey(device.publicKey);
  const ephemeral = (await subtle().generateKey(CURVE, false, ['deriveBits'])) as DeviceKeyPair;
  const sharedSecret = await subtle().deriveBits({ name: 'ECDH', public: recipient }, ephemeral.privateKey, 256);
  const ephemeralKey = toBase64Url(await subtle().exportKey('raw', ephemeral.publicKey));
  const bound = contextBytes(context, device.keyId, ephemeralKey);
  const key = await messageKey(sharedSecret, bound, 'encrypt');
  const iv = globalThis.crypto.getRandomValues(new Uint8Array(IV_BYTES));
  const ciphertext = await subtle().encrypt({ name: 'AES-GCM', iv, additionalData: bound }, key, plaintext);
  return { keyId: device.keyId, ephemeralKey, iv: toBase64Url(iv), ciphertext: toBase64Url(ciphertext) };
}

/** `text` sealed for each of the recipient's devices, one envelope each. */
export function seal(text: string, context: SealContext, devices: readonly PublishedKey[]): Promise<Envelope[]> {
  const plaintext = new TextEncoder().encode(text);
  return Promise.all(devices.map((device) => sealForDevice(plaintext, context, device)));
}

/**
 * Opens an envelope sealed for this device; rejects if any byte of it, or of the context it was
 * sealed in, differs, or if it was sealed for another key.
 */
export async function open(envelope: Envelope, context: SealContext, privateKey: DeviceCryptoKey): Promise<string> {
  const ephemeral = await importPublicKey(envelope.ephemeralKey);
  const sharedSecret = await subtle().deriveBits({ name: 'ECDH', public: ephemeral }, privateKey, 256);
  const bound = contextBytes(context, envelope.keyId, envelope.ephemeralKey);
  const key = await messageKey(sharedSecret, bound, 'decrypt');
  const plaintext = await subtle().decrypt({ name: 'AES-GCM', iv: fromBase64Url(envelope.iv), additionalData: bound }, key, fromBase64Url(envelope.ciphertext));
  return new TextDecoder('utf-8', { fatal: true }).decode(plaintext);
}
