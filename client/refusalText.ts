/**
 * The sentence a person sees for a refusal, looked up by its reason code (the one place a future
 * translation plugs in). Where the server's message carries detail the code cannot (which field
 * of a request was wrong), that message is shown.
 */
import type { ProtocolError } from '../shared/protocol.ts';
import { REASONS, type Reason } from '../shared/reasons.ts';

const DETAILED: ReadonlySet<Reason> = new Set(['INVALID_PAYLOAD', 'UNKNOWN_EVENT']);

export function refusalText({ reason, message }: Pick<ProtocolError, 'reason' | 'message'>): string {
  if (DETAILED.has(reason) || !Object.hasOwn(REASONS, reason)) return message;
  return reasonText(reason);
}

/** Why a control is off now: the shared rules' reason code, in words. */
export function reasonText(reason: Reason): string {
  return REASONS[reason].message;
}
