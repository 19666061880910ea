/**
 * The server's limits on what one client may ask, in one place, so tests (and operators) can set
 * them: a test that checks a limit sets a small one instead of waiting a large one out.
 */
export interface Limits {
  /** Per connection: a burst of this many events is fine (a facilitator clicking fast)... */
  readonly eventBurst: number;
  /** ...then this many per second; floods are refused with RATE_LIMITED. */
  readonly eventsPerSecond: number;
  /** Per connection: requests waiting for their turn; more are refused at once. */
  readonly pendingRequests: number;
  /** Per connection and minute: signals, "ready", passes and hands. */
  readonly asidesPerMinute: number;
  /** Per client address and hour: enough for a busy facilitator, too few to fill the disk. */
  readonly clinicsPerAddressPerHour: number;
  /** Per client address and hour: crews are created far less often than clinics. */
  readonly crewsPerAddressPerHour: number;
  /** Per crew member and hour: pairing codes shown. */
  readonly pairingCodesPerMemberPerHour: number;
  /** Per client address and hour: pairing codes tried, so a code cannot be guessed in its 10 minutes. */
  readonly pairingAttemptsPerAddressPerHour: number;
  /**
   * Open connections per client address: a whole office behind one address running a few clinics
   * fits; one client opening connections to get round the per-connection pace does not.
   */
  readonly connectionsPerAddress: number;
  /** Sealed notes (notes and takeaways) one participant may send in one clinic: the store's bound. */
  readonly sealedNotesPerSender: number;
}

export const DEFAULT_LIMITS: Limits = {
  eventBurst: 20,
  eventsPerSecond: 5,
  pendingRequests: 32,
  asidesPerMinute: 30,
  clinicsPerAddressPerHour: 20,
  crewsPerAddressPerHour: 5,
  pairingCodesPerMemberPerHour: 6,
  pairingAttemptsPerAddressPerHour: 20,
  connectionsPerAddress: 64,
  sealedNotesPerSender: 30,
};
