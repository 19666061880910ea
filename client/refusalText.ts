/**
 * The sentence a person sees for a refusal, looked up by its reason code in the language shown.
 * Where the server's message carries detail the code cannot (which field of a request was
 * wrong), that message is shown in English, the language the server writes it in; in any other
 * language the code's own sentence is, rather than words the reader may not understand.
 */
import { CREW_SIZE } from '../shared/crewLimits.ts';
import { MAX_PARTICIPANTS, type ProtocolError } from '../shared/protocol.ts';
import { REASONS, type Reason } from '../shared/reasons.ts';
import { currentLanguage, translateReason } from './language.ts';

/** The limits two sentences name, as `{max}` in their translations. */
export const REASON_VALUES: Readonly<Partial<Record<Reason, { readonly max: number }>>> = {
  CLINIC_FULL: { max: MAX_PARTICIPANTS },
  CREW_FULL: { max: CREW_SIZE.max },
};

const DETAILED: ReadonlySet<Reason> = new Set(['INVALID_PAYLOAD', 'UNKNOWN_EVENT']);

export function refusalText({ reason, message }: Pick<ProtocolError, 'reason' | 'message'>): string {
  if (!Object.hasOwn(REASONS, reason)) return message;
  return DETAILED.has(reason) && currentLanguage() === 'en' ? message : reasonText(reason);
}

/** Why a control is off now: the shared rules' reason code, in words. */
export function reasonText(reason: Reason): string {
  return translateReason(reason, REASON_VALUES[reason]);
}
