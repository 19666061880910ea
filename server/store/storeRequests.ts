/**
 * What the store's two threads say to each other: the event loop sends the writer thread a batch of
 * requests in the order they were made, and gets back one outcome per request, in the same order.
 * Only plain data crosses, so the store's own errors are rebuilt on the event loop's side.
 */

import type { ExpiredCrews, PairingCodeRow } from './crewStore.ts';
import type { AddedNote, DeviceKeyRow, SealedNoteRow } from './sealedNoteStore.ts';

export interface SaveRequest {
  readonly kind: 'save';
  readonly clinicId: string;
  /** The record as JSON, made on the event loop so the writer only writes. */
  readonly record: string;
  readonly revision: number;
  readonly updatedAt: number;
  readonly closedAt: number | null;
  /** null: only if there is no record yet. */
  readonly expectedRevision: number | null;
}

/** A crew's save, committed with the clinics' saves that arrive with it. */
export interface CrewSaveRequest {
  readonly kind: 'saveCrew';
  readonly crewId: string;
  readonly record: string;
  readonly revision: number;
  readonly lastSessionAt: number;
  readonly expectedRevision: number | null;
}

export type StoreRequest =
  | { readonly kind: 'load'; readonly clinicId: string }
  | SaveRequest
  | CrewSaveRequest
  | { readonly kind: 'loadCrew'; readonly crewId: string }
  | { readonly kind: 'linkClinic'; readonly clinicId: string; readonly crewId: string }
  | { readonly kind: 'crewOfClinic'; readonly clinicId: string }
  | { readonly kind: 'deleteCrew'; readonly crewId: string }
  | { readonly kind: 'deleteExpiredCrews'; readonly lastSessionBefore: number }
  | { readonly kind: 'forgetOverwritten' }
  | { readonly kind: 'addPairingCode'; readonly code: PairingCodeRow }
  | { readonly kind: 'redeemPairingCode'; readonly crewId: string; readonly codeHash: string; readonly now: number }
  | { readonly kind: 'delete'; readonly clinicId: string }
  | { readonly kind: 'deleteExpired'; readonly closedBefore: number; readonly untouchedSince: number }
  | { readonly kind: 'publishKey'; readonly key: DeviceKeyRow; readonly keep: number }
  | { readonly kind: 'deviceKeys'; readonly clinicId: string }
  | { readonly kind: 'addSealedNote'; readonly note: SealedNoteRow; readonly cap: number }
  | { readonly kind: 'openInbox'; readonly clinicId: string; readonly recipientId: string; readonly at: number }
  | { readonly kind: 'sentNotes'; readonly clinicId: string; readonly senderId: string }
  | { readonly kind: 'deleteSealedNotes'; readonly clinicId: string; readonly recipientId: string; readonly noteIds: readonly string[] }
  | { readonly kind: 'takeawaysOf'; readonly clinicIds: readonly string[]; readonly memberId: string }
  | { readonly kind: 'dropTakeaways'; readonly clinicIds: readonly string[]; readonly memberId: string; readonly noteIds: readonly string[] }
  | { readonly kind: 'dropSealedFor'; readonly clinicIds: readonly string[]; readonly recipientId: string }
  | { readonly kind: 'close' };

/** What each kind of request comes back with. */
export interface StoreResults {
  /** The stored JSON, or null if there is none. */
  readonly load: string | null;
  /** Whether the compare-and-set landed; false: the stored revision was not the expected one. */
  readonly save: boolean;
  readonly delete: undefined;
  /** The ids of the clinics deleted. */
  readonly deleteExpired: string[];
  /** False: the clinic is gone. */
  readonly publishKey: boolean;
  readonly deviceKeys: DeviceKeyRow[];
  readonly addSealedNote: AddedNote;
  /** The recipient's notes that still hold their envelopes, each marked read from now on. */
  readonly openInbox: SealedNoteRow[];
  /** The sender's notes, envelopes left out. */
  readonly sentNotes: SealedNoteRow[];
  /** The senders of the notes whose envelopes were deleted. */
  readonly deleteSealedNotes: string[];
  /** The member's own takeaways that still hold their envelopes. */
  readonly takeawaysOf: SealedNoteRow[];
  /** The clinic of each takeaway whose envelopes were deleted. */
  readonly dropTakeaways: string[];
  readonly dropSealedFor: undefined;
  /** The stored JSON, or null if there is none. */
  readonly loadCrew: string | null;
  /** Whether the compare-and-set landed. */
  readonly saveCrew: boolean;
  /** False: the clinic is not stored. */
  readonly linkClinic: boolean;
  readonly crewOfClinic: string | null;
  /** The ids of the crew's clinics, deleted with it. */
  readonly deleteCrew: string[];
  readonly deleteExpiredCrews: ExpiredCrews;
  readonly forgetOverwritten: undefined;
  readonly addPairingCode: undefined;
  readonly redeemPairingCode: PairingCodeRow | null;
  readonly close: undefined;
}

export interface FailureReport {
  readonly name: string;
  readonly message: string;
  /** SQLite's error code, where there is one. */
  readonly code?: string;
}

export type StoreOutcome = { readonly ok: true; readonly value: StoreResults[StoreRequest['kind']] } | { readonly ok: false; readonly failure: FailureReport };
