/**
 * What the server keeps of a clinic, defined once: a versioned record holding the clinic's domain
 * state (never the machine's snapshot) and the roster's secrets as hashes. Older records are
 * brought up to this version on load by `storedClinicMigrations.ts`.
 */
import { z } from 'zod';
import { storedAsidesSchema } from './asidesSchema.ts';
import { clinicProgressSchema, clinicStageSchema } from './clinicStateSchema.ts';

/** Raised with every change of the record's shape, together with a migration to it. */
export const STORED_CLINIC_VERSION = 7;

const id = z.string().min(1).max(64);
const epochMs = z.number().int().nonnegative();
/** A secret's SHA-256, base64url: the secrets themselves are never kept. */
const secretHash = z.string().regex(/^[A-Za-z0-9_-]{43}$/);

export const storedParticipantSchema = z.strictObject({
  id,
  name: z.string(),
  /** One per device this participant joined from. */
  tokenHashes: z.array(secretHash),
  /** A shared screen: listed, but never given a turn or a role. */
  screen: z.boolean(),
});
export type StoredParticipant = z.infer<typeof storedParticipantSchema>;

export const storedClinicSchema = z.strictObject({
  schemaVersion: z.literal(STORED_CLINIC_VERSION),
  id,
  /** As given at creation; for a crew's session, the crew's name. */
  title: z.string().nullable(),
  /** Which week of its crew's run this clinic is (1 is the intro); null for a clinic of its own. */
  crewWeek: z.number().int().positive().nullable(),
  createdAt: epochMs,
  updatedAt: epochMs,
  /** When the clinic closed; it is deleted a retention window later. */
  closedAt: epochMs.nullable(),
  facilitatorKeyHash: secretHash,
  /** Whom the facilitator key stands for: opening the facilitator link is this person rejoining. */
  keyOwnerId: id.nullable(),
  /** Everyone who may drive the clinic. */
  facilitatorIds: z.array(id),
  participants: z.array(storedParticipantSchema),
  /** Token hashes of removed participants, so their devices are told why they cannot rejoin. */
  removedTokenHashes: z.array(secretHash),
  /** Grows with every save; a save names the revision it expects to replace. */
  revision: z.number().int().nonnegative(),
  /**
   * The revision of the last accepted command, or of the last move the clinic made by itself (a
   * hard auto-advance); commands made against anything older are stale.
   */
  lastCommandRevision: z.number().int().nonnegative(),
  /**
   * The revision at which the lineup (who takes part, in which order, and each round's case giver)
   * last changed, whatever changed it; a coach or round order made against anything older is stale.
   */
  lastLineupRevision: z.number().int().nonnegative(),
  stage: clinicStageSchema,
  progress: clinicProgressSchema,
  /** Signals, ready, passes and raised hands: shown to their audience only, never room-wide. */
  asides: storedAsidesSchema,
});
export type StoredClinic = z.infer<typeof storedClinicSchema>;
