/**
 * Why a request was refused. Every refusal names a reason code; each reason belongs to one error
 * code (the kind of refusal) and has one English sentence, which the server sends as `message`
 * for clients written from the README and the browser client looks up here by its code.
 */
import { CREW_SIZE } from './crewLimits.ts';
import { MAX_PARTICIPANTS, type Ack, type ErrorCode, type ProtocolError } from './protocol.ts';

interface ReasonEntry {
  readonly code: ErrorCode;
  readonly message: string;
}

export const REASONS = {
  // The request itself
  INVALID_PAYLOAD: { code: 'INVALID_PAYLOAD', message: 'The request was not valid.' },
  WRONG_ARGUMENTS: { code: 'INVALID_PAYLOAD', message: 'Send exactly one payload object with an acknowledgement callback.' },
  PING_TAKES_NO_PAYLOAD: { code: 'INVALID_PAYLOAD', message: 'clock:ping takes no payload, only an acknowledgement callback.' },
  UNKNOWN_EVENT: { code: 'UNKNOWN_EVENT', message: 'There is no such event.' },
  PROTOCOL_MISMATCH: { code: 'PROTOCOL_MISMATCH', message: 'This page is out of date. Reload it to continue.' },
  RATE_LIMITED: { code: 'RATE_LIMITED', message: 'Too many requests at once. Wait a moment and try again.' },
  TOO_MANY_WAITING: { code: 'RATE_LIMITED', message: 'Too many requests are waiting for an answer. Wait for them, then try again.' },
  TOO_MANY_CONNECTIONS: { code: 'RATE_LIMITED', message: 'Too many connections from your address. Close some tabs and try again.' },
  TOO_MANY_CLINICS: { code: 'RATE_LIMITED', message: 'Too many clinics were created from your address in the last hour. Try again later.' },
  // Joining
  CLINIC_NOT_FOUND: { code: 'CLINIC_NOT_FOUND', message: 'This clinic does not exist, or it has been deleted.' },
  NAME_REQUIRED: { code: 'NAME_REQUIRED', message: 'Please enter your name to join.' },
  UNKNOWN_DEVICE: { code: 'UNKNOWN_PARTICIPANT', message: 'This device is not known in this clinic. Join again with your name.' },
  REMOVED: { code: 'REMOVED', message: 'A facilitator removed you from this clinic.' },
  INVALID_FACILITATOR_KEY: { code: 'INVALID_FACILITATOR_KEY', message: 'This facilitator link is no longer valid. Ask a facilitator for the current one.' },
  CLINIC_FULL: { code: 'CLINIC_FULL', message: `This clinic is full: it has room for ${MAX_PARTICIPANTS} people.` },
  // Who may send a command
  NOT_JOINED: { code: 'NOT_JOINED', message: 'Join the clinic before sending commands.' },
  NOT_FACILITATOR: { code: 'NOT_FACILITATOR', message: 'Only a facilitator can do that.' },
  UNKNOWN_PARTICIPANT: { code: 'UNKNOWN_PARTICIPANT', message: 'That person is not in this clinic.' },
  STALE_COMMAND: { code: 'STALE_COMMAND', message: 'The clinic had already moved on, so that was not applied. Your screen now shows where it is.' },
  LINEUP_CHANGED: { code: 'STALE_COMMAND', message: 'The order had already changed when your change arrived, so it was not applied. Your screen now shows the order as it is.' },
  // What the clinic allows now
  CLINIC_CLOSED: { code: 'NOT_ALLOWED_NOW', message: 'This clinic has ended.' },
  ALREADY_STARTED: { code: 'NOT_ALLOWED_NOW', message: 'The clinic has already started.' },
  NOT_STARTED: { code: 'NOT_ALLOWED_NOW', message: 'The clinic has not started yet.' },
  LINEUP_NOT_READY: { code: 'NOT_ALLOWED_NOW', message: 'Choose a case giver and at least one coach first.' },
  /** The same, in a session whose case giver's seat is its host's (a crew's intro and landing). */
  HOSTED_LINEUP_NOT_READY: { code: 'NOT_ALLOWED_NOW', message: 'Choose the host and at least one other person first.' },
  ROLE_NOT_HELD: { code: 'NOT_ALLOWED_NOW', message: 'Choose someone for each role that leads a phase first.' },
  CASE_GIVER_FIXED: { code: 'NOT_ALLOWED_NOW', message: 'The case giver can only change before the clinic starts.' },
  COACH_ORDER_FIXED: { code: 'NOT_ALLOWED_NOW', message: 'The coach order is fixed once the first coach has started.' },
  COACH_ORDER_INVALID: { code: 'NOT_ALLOWED_NOW', message: 'Each coach can appear once in the order.' },
  UNKNOWN_PHASE: { code: 'NOT_ALLOWED_NOW', message: 'This clinic has no such phase.' },
  ONE_ROUND_ONLY: { code: 'NOT_ALLOWED_NOW', message: 'This format has one round: choose its case giver instead.' },
  ROUND_ORDER_INVALID: { code: 'NOT_ALLOWED_NOW', message: 'Each round needs a case giver who takes part, each named once.' },
  UNKNOWN_ROLE: { code: 'NOT_ALLOWED_NOW', message: 'This format has no such role.' },
  NOT_IN_TURNS_PHASE: { code: 'NOT_ALLOWED_NOW', message: 'Speakers take turns only in a phase where each coach speaks.' },
  NO_PREVIOUS_STEP: { code: 'NOT_ALLOWED_NOW', message: 'There is no earlier step to go back to.' },
  NO_TIME_LEFT: { code: 'NOT_ALLOWED_NOW', message: 'Time is already up: there is none left to take off. Move on, or add time.' },
  NO_SKIPPED_COACH: { code: 'NOT_ALLOWED_NOW', message: 'Nobody skipped is waiting: skipped coaches get their turn back once the last turn in the order has come.' },
  ALREADY_PAUSED: { code: 'NOT_ALLOWED_NOW', message: 'The timer is already paused.' },
  NOT_PAUSED: { code: 'NOT_ALLOWED_NOW', message: 'The timer is not paused.' },
  // Who may take which part
  SCREEN_HAS_NO_ROLE: { code: 'NOT_ALLOWED_NOW', message: 'A shared screen only shows the clinic: it cannot take a turn or a role.' },
  ALREADY_FACILITATING: { code: 'NOT_ALLOWED_NOW', message: 'You are already facilitating.' },
  NOT_A_FACILITATOR: { code: 'NOT_ALLOWED_NOW', message: 'That person is not a facilitator.' },
  LAST_FACILITATOR: { code: 'NOT_ALLOWED_NOW', message: 'A clinic always needs a facilitator: add or hand over to someone first.' },
  FACILITATOR_NOT_REMOVABLE: { code: 'NOT_ALLOWED_NOW', message: 'Take facilitation away from them before removing them.' },
  CASE_GIVER_NOT_REMOVABLE: { code: 'NOT_ALLOWED_NOW', message: 'The case giver cannot be removed once the clinic has started.' },
  // Asides: signals, ready, passes and raised hands
  NOT_THE_CASE_GIVER: { code: 'NOT_ALLOWED_NOW', message: 'Only the case giver sends signals.' },
  NOT_A_COACH: { code: 'NOT_ALLOWED_NOW', message: 'Only a coach in this round can do that.' },
  FACILITATOR_NOT_ASKED_READY: { code: 'NOT_ALLOWED_NOW', message: 'A facilitator moves the clinic on, so is not asked whether they are ready: the count is of the other coaches.' },
  NOBODY_TO_SIGNAL: { code: 'NOT_ALLOWED_NOW', message: 'You facilitate this clinic yourself: there is nobody else your signals would reach.' },
  UNKNOWN_SIGNAL: { code: 'NOT_ALLOWED_NOW', message: 'That signal has been taken back or has ended.' },
  TURNS_STARTED: { code: 'NOT_ALLOWED_NOW', message: 'The turns have started: there is no need to say you are ready.' },
  NO_QUESTIONS_NOW: { code: 'NOT_ALLOWED_NOW', message: 'Hands go up for clarifying questions, in a phase that has them.' },
  NO_RAISED_HAND: { code: 'NOT_ALLOWED_NOW', message: 'That hand is no longer raised.' },
  NO_TURN_TO_PASS: { code: 'NOT_ALLOWED_NOW', message: 'You can ask to pass on a turn of yours that is now or still to come.' },
  NO_PASS_REQUEST: { code: 'NOT_ALLOWED_NOW', message: 'That coach is not asking to pass.' },
  TOO_MANY_ASIDES: { code: 'RATE_LIMITED', message: 'That was a lot of taps in a short while. Wait a moment and try again.' },
  // Notes to the case giver and takeaways
  NOTES_AFTER_CLOSE: { code: 'NOT_ALLOWED_NOW', message: 'Notes and takeaways are sent once the clinic has closed.' },
  NOTES_FROM_COACHES: { code: 'NOT_ALLOWED_NOW', message: 'Only a coach of this clinic can send notes to a case giver.' },
  NOTES_FOR_CASE_GIVERS: { code: 'NOT_ALLOWED_NOW', message: 'Only a case giver of this clinic receives notes and writes takeaways.' },
  NOT_A_CASE_GIVER: { code: 'NOT_ALLOWED_NOW', message: 'Notes go to someone who brought a case to this clinic.' },
  TAKEAWAYS_FOR_YOURSELF: { code: 'NOT_ALLOWED_NOW', message: 'Takeaways are sealed for your own devices only.' },
  DEVICE_KEYS_CHANGED: {
    code: 'NOT_ALLOWED_NOW',
    message: "The case giver's devices changed while you were sending. Send it again to seal it for each of them.",
  },
  UNKNOWN_DEVICE_KEY: { code: 'NOT_ALLOWED_NOW', message: "This device's key is not known in this clinic. Reload the page to publish it again." },
  TOO_MANY_NOTES: { code: 'RATE_LIMITED', message: 'You have sent as many notes as one clinic holds.' },
  LAST_TIME_AT_CHECK_IN: { code: 'NOT_ALLOWED_NOW', message: 'Takeaways from last time come back at the check-in, before the session moves on.' },
  // Crews
  NO_SUCH_SESSION: { code: 'NOT_ALLOWED_NOW', message: 'This crew has no such session.' },
  SESSION_STARTED: { code: 'NOT_ALLOWED_NOW', message: 'That session has already started, so it can no longer change.' },
  SESSION_OUT_OF_ORDER: { code: 'NOT_ALLOWED_NOW', message: 'A session can move only to a time after the session before it and before the one after it.' },
  SESSION_IN_THE_PAST: { code: 'NOT_ALLOWED_NOW', message: 'A session can only move to a time still to come.' },
  NOT_A_MEMBER: { code: 'UNKNOWN_PARTICIPANT', message: 'That person is not in this crew.' },
  CREW_CLOSED: { code: 'NOT_ALLOWED_NOW', message: 'This crew is not taking new members: ask its organiser to open it. Already in it? Pair this device with a code from another of yours.' },
  NAME_TAKEN: {
    code: 'NOT_ALLOWED_NOW',
    message: 'Someone in this crew already goes by that name. If that is you on another device, choose “I have a pairing code” (the organiser can give you one); if not, add the initial of your surname.',
  },
  CREW_FULL: { code: 'NOT_ALLOWED_NOW', message: `This crew is full: a crew has room for ${CREW_SIZE.max} people.` },
  NOT_A_CASE_SESSION: { code: 'NOT_ALLOWED_NOW', message: 'Cases are brought to case sessions, not to the intro or the landing.' },
  TOO_MANY_CASES: { code: 'NOT_ALLOWED_NOW', message: "That is more cases than this session's format holds." },
  CASE_GIVERS_INVALID: { code: 'NOT_ALLOWED_NOW', message: 'Each case giver must be a member who can make it, named once.' },
  FACILITATOR_ABSENT: { code: 'NOT_ALLOWED_NOW', message: 'The facilitator must be a member who can make it.' },
  ALREADY_ORGANISER: { code: 'NOT_ALLOWED_NOW', message: 'That member is already the organiser.' },
  ORGANISER_CANNOT_LEAVE: { code: 'NOT_ALLOWED_NOW', message: 'Hand the organiser role to another member before leaving the crew.' },
  NOT_THE_LANDING: { code: 'NOT_ALLOWED_NOW', message: "The crew's decision is taken at its landing session." },
  CREW_NOT_FOUND: { code: 'CLINIC_NOT_FOUND', message: 'This crew does not exist, or it has been deleted.' },
  NOT_IN_CREW: { code: 'NOT_JOINED', message: 'Join the crew before sending commands.' },
  NOT_ORGANISER: { code: 'NOT_FACILITATOR', message: "Only the crew's organiser can do that." },
  NOT_SESSION_LEAD: { code: 'NOT_FACILITATOR', message: "Only this session's facilitator or the crew's organiser can start it." },
  CREW_TOO_SMALL: { code: 'NOT_ALLOWED_NOW', message: 'A session needs at least two members who can make it.' },
  UNKNOWN_CREW_DEVICE: { code: 'UNKNOWN_PARTICIPANT', message: 'This device is not known in this crew. Join with your name, or pair it from a device that is.' },
  LEFT_CREW: { code: 'REMOVED', message: 'You are no longer in this crew.' },
  INVALID_ORGANISER_KEY: { code: 'INVALID_FACILITATOR_KEY', message: 'This organiser link is no longer valid.' },
  NOT_A_CREW_SESSION: { code: 'UNKNOWN_PARTICIPANT', message: "This clinic is not one of your crew's sessions." },
  PAIRING_CODE_INVALID: { code: 'UNKNOWN_PARTICIPANT', message: 'That pairing code does not work: it may have been used or expired (a code lasts 10 minutes). Show a new one.' },
  TOO_MANY_PAIRING_CODES: { code: 'RATE_LIMITED', message: 'That was a lot of pairing codes. Wait a while, then show a new one.' },
  TOO_MANY_PAIRING_ATTEMPTS: { code: 'RATE_LIMITED', message: 'Too many pairing codes were tried from your address. Wait a while and try again.' },
  TOO_MANY_CREWS: { code: 'RATE_LIMITED', message: 'Too many crews were created from your address in the last hour. Try again later.' },
  // The server
  SAVE_FAILED: { code: 'INTERNAL', message: 'The change could not be saved. Please try again.' },
  DELETE_FAILED: { code: 'INTERNAL', message: 'The clinic could not be deleted. Please try again.' },
  SERVER_ERROR: { code: 'INTERNAL', message: 'Something went wrong on the server. Please try again.' },
  SERVER_RESTARTING: { code: 'INTERNAL', message: 'The server is restarting. Your device reconnects by itself; try again in a moment.' },
  SERVER_OUTDATED: { code: 'INTERNAL', message: 'This was saved by a newer version of Case Clinic, and this server has not been updated yet. Try again in a moment.' },
  OUTCOME_UNKNOWN: { code: 'INTERNAL', message: 'The server did not confirm this in time, and it may have gone through. Check the screen before you try again.' },
  // The browser client's own, never sent by the server
  NO_ANSWER: { code: 'INTERNAL', message: 'The server did not answer in time. Check your connection and try again.' },
  OFFLINE: { code: 'INTERNAL', message: 'This device is not connected, so this was not sent. Try again once it has reconnected.' },
  NOT_LOADED: { code: 'NOT_JOINED', message: 'The clinic is still loading. Try again in a moment.' },
  NEEDS_HTTPS: {
    code: 'NOT_ALLOWED_NOW',
    message: 'Notes to the case giver need a secure connection (HTTPS), which this page was not opened over. Everything else works.',
  },
  NOTE_TOO_LONG: { code: 'INVALID_PAYLOAD', message: 'That note is too long to send: split it in two.' },
} as const satisfies Record<string, ReasonEntry>;

export type Reason = keyof typeof REASONS;

/**
 * Refusals that say the server could not take a request just then, and nothing of the request
 * itself: one that admits the same person however often it is sent (a join with a token) may be
 * sent again a little later.
 */
const MOMENTARY: ReadonlySet<Reason> = new Set<Reason>(['RATE_LIMITED', 'TOO_MANY_WAITING', 'SAVE_FAILED', 'SERVER_ERROR', 'SERVER_RESTARTING', 'OUTCOME_UNKNOWN']);

export const isMomentaryRefusal = <T>(reply: Ack<T>): boolean => !reply.ok && MOMENTARY.has(reply.error.reason);

/** An error as the protocol sends it; `message` replaces the sentence only where it adds detail. */
export function protocolError(reason: Reason, message: string = REASONS[reason].message): ProtocolError {
  return { code: REASONS[reason].code, reason, message };
}

/** A refusal, as an acknowledgement. */
export function refuse<T>(reason: Reason, message?: string): Ack<T> {
  return { ok: false, error: protocolError(reason, message) };
}
