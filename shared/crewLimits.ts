/**
 * A crew's bounds, free of any library so every screen can show them: how many members, how many
 * weekly sessions, and how long a session may run when a format holds several cases.
 */
export const CREW_SIZE = { min: 2, max: 12 } as const;

/**
 * Weekly sessions: an intro, at least one case session and a landing. Fewer than three is a
 * one-off clinic, which needs no crew.
 */
export const CREW_WEEKS = { min: 3, max: 52, default: 6 } as const;

export const MAX_THEME_LENGTH = 60;

/** How long a crew's weekly session may take: the intro's 90 minutes, which crews plan their evenings around. */
export const CREW_SESSION_MINUTES = 90;
