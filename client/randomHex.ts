/**
 * `bytes` random bytes as hex. Not `crypto.randomUUID`, which only a secure page has: the app also
 * runs over plain HTTP on a local network.
 */
export const randomHex = (bytes: number): string => Array.from(crypto.getRandomValues(new Uint8Array(bytes)), (byte) => byte.toString(16).padStart(2, '0')).join('');
