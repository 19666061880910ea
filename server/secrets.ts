/** Random identifiers and secrets, and how they are checked. */
import { createHash, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';
import { PAIRING_CODE_ALPHABET, PAIRING_CODE_LENGTH } from '../shared/crewProtocolSchemas.ts';

/** 128 random bits: clinic ids double as the join capability, so they must not be guessable. */
export const newClinicId = () => randomBytes(16).toString('base64url');

/** Participant ids are shown to every participant and grant nothing, so shorter is fine. */
export const newParticipantId = () => randomBytes(9).toString('base64url');

/**
 * What a clinic keeps of a crew member it removed: a crew token is checked by the crew, not the
 * clinic, so the clinic bars the member's crew identity itself (hashed like the tokens it bars).
 */
export const crewSeatHash = (memberId: string) => hashSecret(`crew-member:${memberId}`);

/** Names a signal among a clinic's few. */
export const newSignalId = () => randomBytes(9).toString('base64url');

/** 192 random bits for participant tokens and facilitator keys. */
export const newSecret = () => randomBytes(24).toString('base64url');

/** About 40 bits, typed by hand: enough for a code that works once, for ten minutes, with guesses limited. */
export const newPairingCode = () => Array.from({ length: PAIRING_CODE_LENGTH }, () => PAIRING_CODE_ALPHABET[randomInt(PAIRING_CODE_ALPHABET.length)]).join('');

export const hashSecret = (secret: string) => createHash('sha256').update(secret).digest('base64url');

/** Constant-time comparison of a presented secret with a stored hash. */
export function matchesHash(secret: string, storedHash: string): boolean {
  const presented = Buffer.from(hashSecret(secret));
  const stored = Buffer.from(storedHash);
  return presented.length === stored.length && timingSafeEqual(presented, stored);
}

/** Whether `secret` is one of the stored hashes: a device token among a person's, or a barred one. */
export const matchesAnyHash = (secret: string, storedHashes: readonly string[]): boolean => storedHashes.some((hash) => matchesHash(secret, hash));

/** A person (a clinic's participant, a crew's member) keeps at most this many live device tokens: phone, laptop, a spare. */
const MAX_DEVICE_TOKENS = 8;

/** A person's device token hashes with `token`'s added, the oldest dropped past the cap. */
export const withDeviceTokenHash = (tokenHashes: readonly string[], token: string): string[] => [...tokenHashes, hashSecret(token)].slice(-MAX_DEVICE_TOKENS);
