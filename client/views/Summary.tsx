import { caseGiverRefusal, noteRecipientsOf } from '../../shared/harvestRules.ts';
import { crewLink } from '../crewIdentity.ts';
import { readIdentity } from '../identity.ts';
import { HarvestInbox } from './HarvestInbox.tsx';
import { HarvestSend } from './HarvestSend.tsx';
import { Timeline } from './Timeline.tsx';
import type { ClinicView } from './useClinic.ts';
import { t } from '../language.ts';
import { seatWordsOf } from '../seatWords.ts';
import { clinicTitleText } from '../clinicTitle.ts';

/**
 * After the close: planned against actual time, for everyone; on a person's own screen, the
 * harvest (the case giver's notes and takeaways, a coach's notes to send), where someone brought a
 * case; on the presenter screen, all of it large.
 */
export function Summary({ view, personal = false, shared = false }: { readonly view: ClinicView; readonly personal?: boolean; readonly shared?: boolean }) {
  const closedAt = view.progress.closedAt ?? 0;
  const receivesNotes = personal && caseGiverRefusal(view.clinic, view.myId) === null;
  const sendsNotes = personal && noteRecipientsOf(view.clinic, view.myId).length > 0;
  // A crew member's way back to the crew's page, where the next week is.
  const crewId = personal ? readIdentity(view.clinic.clinicId).crewMember?.crewId : undefined;
  return (
    <main className={shared ? 'presenter-page presenter-summary' : 'page narrow'} data-testid="summary">
      <p className="eyebrow">{clinicTitleText(view.clinic) ?? t('summary.eyebrow')}</p>
      <h1>{t(seatWordsOf(view.progress).closed)}</h1>
      <p className="lead">{t('summary.lead')}</p>
      {receivesNotes && <HarvestInbox view={view} />}
      {sendsNotes && <HarvestSend view={view} />}
      <section className="card">
        <Timeline view={view} at={closedAt} />
      </section>
      {crewId && (
        <p className="message-actions">
          <a className="button secondary" href={crewLink('', crewId)} data-testid="back-to-crew">
            {t('summary.backToCrew')}
          </a>
        </p>
      )}
    </main>
  );
}
