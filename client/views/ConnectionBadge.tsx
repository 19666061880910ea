import { t } from '../language.ts';

/** What the badge says: a clinic's screen may be out of date; a page not yet in the clinic (a join form) only reconnects. */
export type ConnectionShowing = 'reconnecting' | 'waiting' | 'reconnectingNotJoined' | 'waitingNotJoined' | null;

/**
 * Quiet while the server answers; otherwise a badge says the page is reconnecting, or waiting for
 * an answer, and so whether what the screen shows may be out of date. The status region stays in
 * the page so screen readers announce the badge when it appears.
 */
export function ConnectionBadge({ showing }: { readonly showing: ConnectionShowing }) {
  return (
    <div role="status" className="connection-status">
      {showing && (
        <p className="badge" data-testid="reconnecting">
          {/* Each language binds the dash to the words before it with a no-break space, so a narrow screen breaks after the dash, not before. */}
          {t(WORDS[showing])}
        </p>
      )}
    </div>
  );
}

const WORDS = {
  reconnecting: 'clinicPage.stale.reconnecting',
  waiting: 'clinicPage.stale.waiting',
  reconnectingNotJoined: 'clinicPage.reconnecting',
  waitingNotJoined: 'clinicPage.waiting',
} as const;
