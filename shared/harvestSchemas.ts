/**
 * The harvest's payloads and answers, as zod schemas: coaches' notes to a case giver and a case
 * giver's takeaways, sealed on the sending device (`sealedNotes.ts`), so every field the server
 * reads is a key, an id, a time or ciphertext. Clients import the types only.
 */
import { z } from 'zod';
import { MAX_DEVICE_KEYS, MAX_NOTE_BYTES, TOKEN_PATTERN } from './protocol.ts';

/** AES-GCM adds a 16-byte tag; base64url makes 4 characters of every 3 bytes. */
const MAX_CIPHERTEXT_CHARS = Math.ceil(((MAX_NOTE_BYTES + 16) * 4) / 3);
const MIN_CIPHERTEXT_CHARS = Math.ceil((16 * 4) / 3);
/** Notes removed at once. */
const MAX_NOTES_AT_ONCE = 100;

const token = z.string().regex(TOKEN_PATTERN, 'That id is not valid.');
/** A raw uncompressed P-256 point (65 bytes, the first 0x04) in base64url. */
const publicKey = z.string().regex(/^B[A-Za-z0-9_-]{86}$/, 'A public key is a raw P-256 point in base64url.');
const base64Url = (min: number, max: number, what: string) =>
  z
    .string()
    .min(min, `${what} is too short.`)
    .max(max, `${what} is too long.`)
    .regex(/^[A-Za-z0-9_-]*$/, `${what} is base64url.`);

export const envelopeSchema = z.strictObject({
  keyId: token,
  ephemeralKey: publicKey,
  /** 96 bits. */
  iv: z.string().regex(/^[A-Za-z0-9_-]{16}$/, 'An IV is 12 bytes in base64url.'),
  ciphertext: base64Url(MIN_CIPHERTEXT_CHARS, MAX_CIPHERTEXT_CHARS, 'The ciphertext'),
});

export const sealedKindSchema = z.enum(['note', 'takeaway']);

export const publishKeySchema = z.strictObject({ publicKey });

export const harvestOverviewRequestSchema = z.strictObject({});

export const sendSealedSchema = z.strictObject({
  kind: sealedKindSchema,
  /** The case giver it is for; for a takeaway, the sender themselves. */
  to: token,
  /** One for each of the recipient's published device keys, no more, no fewer. */
  envelopes: z
    .array(envelopeSchema)
    .min(1)
    .max(MAX_DEVICE_KEYS)
    .refine((envelopes) => new Set(envelopes.map((envelope) => envelope.keyId)).size === envelopes.length, 'Each envelope is for a different device key.'),
});

export const fetchInboxSchema = z.strictObject({
  /** This device's key: the envelopes sealed for it come back. */
  keyId: token,
});

export const deleteSealedSchema = z.strictObject({ noteIds: z.array(token).min(1).max(MAX_NOTES_AT_ONCE) });

export const lastTimeRequestSchema = z.strictObject({});

/** Takeaways from last time that the member has read: they go from the server for good. */
export const dismissLastTimeSchema = deleteSealedSchema;

// ---------------------------------------------------------------------------------------------
// Answers

export const publishedKeySchema = z.strictObject({ keyId: token });

const deviceKeySchema = z.strictObject({ keyId: token, publicKey });

export const harvestOverviewSchema = z.strictObject({
  /** Each case giver of the clinic with the keys of their devices, oldest first. */
  caseGivers: z.array(z.strictObject({ participantId: token, keys: z.array(deviceKeySchema) })),
  /** The notes this participant sent, for "delivered" and "read". */
  sent: z.array(z.strictObject({ noteId: token, to: token, sentAt: z.number().int(), readAt: z.number().int().nullable() })),
});

export const sentSealedSchema = z.strictObject({ noteId: token, sentAt: z.number().int() });

export const inboxSchema = z.strictObject({
  /** Notes to this participant and their own takeaways, oldest first, each marked read from now on. */
  items: z.array(
    z.strictObject({
      noteId: token,
      kind: sealedKindSchema,
      from: token,
      sentAt: z.number().int(),
      /** null: sealed before this device published its key, so only another of its devices can open it. */
      envelope: envelopeSchema.nullable(),
    }),
  ),
});

export const deletedSealedSchema = z.strictObject({ deleted: z.number().int().nonnegative() });

export const lastTimeSchema = z.strictObject({
  /**
   * The member's own takeaways from the crew's earlier sessions, oldest first, each with the
   * envelope of every device it was sealed for (only the member's devices are ever sent them).
   */
  items: z.array(
    z.strictObject({
      noteId: token,
      /** The clinic of the session it was written in: a device opens it with its key for that clinic. */
      clinicId: token,
      /** Which of the crew's sessions: 0 is the intro. */
      sessionIndex: z.number().int().nonnegative(),
      sentAt: z.number().int(),
      envelopes: z.array(envelopeSchema),
    }),
  ),
});

/**
 * What changed, so a device asks again: the keys (everyone), its sent notes' receipts, its inbox,
 * its takeaways from last time.
 */
export const harvestChangeSchema = z.strictObject({ part: z.enum(['keys', 'sent', 'inbox', 'lastTime']) });

export type PublishKeyPayload = z.input<typeof publishKeySchema>;
export type HarvestOverviewRequest = z.input<typeof harvestOverviewRequestSchema>;
export type SendSealedPayload = z.input<typeof sendSealedSchema>;
export type FetchInboxPayload = z.input<typeof fetchInboxSchema>;
export type DeleteSealedPayload = z.input<typeof deleteSealedSchema>;
export type LastTimeRequest = z.input<typeof lastTimeRequestSchema>;
export type DismissLastTimePayload = z.input<typeof dismissLastTimeSchema>;
export type PublishedKeyResult = z.infer<typeof publishedKeySchema>;
export type HarvestOverview = z.infer<typeof harvestOverviewSchema>;
export type SentSealed = z.infer<typeof sentSealedSchema>;
export type Inbox = z.infer<typeof inboxSchema>;
export type InboxItem = Inbox['items'][number];
export type DeletedSealed = z.infer<typeof deletedSealedSchema>;
export type HarvestChange = z.infer<typeof harvestChangeSchema>;
export type LastTime = z.infer<typeof lastTimeSchema>;
export type LastTimeItem = LastTime['items'][number];
