import type { ReactNode } from 'react';
import type { ParticipantView } from '../../shared/clinicStateSchema.ts';
import { roleNamesOf } from '../../shared/clinicView.ts';
import type { ClinicView } from './useClinic.ts';
import { t } from '../language.ts';
import { seatWordsOf } from '../seatWords.ts';

/** Who is here, who is offline, and their role; `actions` adds per-person controls. */
export function PeopleList({ view, actions }: { readonly view: ClinicView; readonly actions?: (participant: ParticipantView) => ReactNode }) {
  const { clinic, progress, myId } = view;
  return (
    <ul className="people" aria-label={t('people.label')} data-testid="crew">
      {clinic.participants.map((participant) => {
        const tags = [
          participant.id === myId && t('people.you'),
          participant.screen && t('people.screen'),
          clinic.facilitatorIds.includes(participant.id) && t('people.facilitator'),
          progress.caseGiverIds.includes(participant.id) && (progress.format.rounds === 'one' ? t(seatWordsOf(progress).tag) : t('people.bringsCase')),
          ...roleNamesOf(progress, participant.id),
        ].filter(Boolean);
        return (
          <li key={participant.id} className={participant.online ? undefined : 'offline'}>
            <span className="presence-dot" aria-hidden="true" />
            <span className="person-who">
              <span className="person-name">{participant.name}</span>
              {tags.length > 0 && <span className="tags">{tags.join(' · ')}</span>}
              {!participant.online && <span className="tags">{t('people.offline')}</span>}
            </span>
            {actions && <span className="person-actions">{actions(participant)}</span>}
          </li>
        );
      })}
    </ul>
  );
}
