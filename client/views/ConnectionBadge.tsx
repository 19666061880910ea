import { t } from '../language.ts';

/**
 * Quiet while the server answers; otherwise a badge says that what the screen shows may be out of
 * date: the page is reconnecting, or waiting for an answer. The status region stays in the page
 * so screen readers announce the badge when it appears.
 */
export function ConnectionBadge({ showing }: { readonly showing: 'reconnecting' | 'waiting' | null }) {
  return (
    <div role="status" className="connection-status">
      {showing && (
        <p className="badge" data-testid="reconnecting">
          {/* Each language binds the dash to the words before it with a no-break space, so a narrow screen breaks after the dash, not before. */}
          {showing === 'reconnecting' ? t('clinicPage.stale.reconnecting') : t('clinicPage.stale.waiting')}
        </p>
      )}
    </div>
  );
}
