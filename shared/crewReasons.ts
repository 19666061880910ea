/**
 * Why a crew's rules refuse a change, each with its kind and English sentence, shaped like
 * `reasons.ts`'s entries so the crew protocol can add them to `REASONS` as they are.
 */
import { CREW_SIZE } from './crewLimits.ts';
import type { ErrorCode } from './protocol.ts';

export const CREW_REASONS = {
  NO_SUCH_SESSION: { code: 'NOT_ALLOWED_NOW', message: 'This crew has no such session.' },
  SESSION_STARTED: { code: 'NOT_ALLOWED_NOW', message: 'That session has already started, so it can no longer change.' },
  SESSION_OUT_OF_ORDER: { code: 'NOT_ALLOWED_NOW', message: 'A session can move only to a time after the session before it and before the one after it.' },
  SESSION_IN_THE_PAST: { code: 'NOT_ALLOWED_NOW', message: 'A session can only move to a time still to come.' },
  NOT_A_MEMBER: { code: 'UNKNOWN_PARTICIPANT', message: 'That person is not in this crew.' },
  CREW_FULL: { code: 'NOT_ALLOWED_NOW', message: `This crew is full: a crew has room for ${CREW_SIZE.max} people.` },
  NOT_A_CASE_SESSION: { code: 'NOT_ALLOWED_NOW', message: 'Cases are brought to case sessions, not to the intro or the landing.' },
  TOO_MANY_CASES: { code: 'NOT_ALLOWED_NOW', message: "That is more cases than this session's format holds." },
  CASE_GIVERS_INVALID: { code: 'NOT_ALLOWED_NOW', message: 'Each case giver must be a member who can make it, named once.' },
  FACILITATOR_ABSENT: { code: 'NOT_ALLOWED_NOW', message: 'The facilitator must be a member who can make it.' },
  ALREADY_ORGANISER: { code: 'NOT_ALLOWED_NOW', message: 'That member is already the organiser.' },
  ORGANISER_CANNOT_LEAVE: { code: 'NOT_ALLOWED_NOW', message: 'Hand the organiser role to another member before leaving the crew.' },
  NOT_THE_LANDING: { code: 'NOT_ALLOWED_NOW', message: "The crew's decision is taken at its landing session." },
} as const satisfies Record<string, { readonly code: ErrorCode; readonly message: string }>;

export type CrewReason = keyof typeof CREW_REASONS;
