import { useState } from 'react';
import type { ParticipantView } from '../../shared/clinicStateSchema.ts';
import { refusalOf } from '../../shared/commandRules.ts';
import type { FacilitatorCommand } from '../../shared/protocolSchemas.ts';
import { sendCommand } from '../commandLine.ts';
import { ActionFor } from './ActionFor.tsx';
import { facilitatorLink } from '../identity.ts';
import { ConfirmButton } from './ConfirmButton.tsx';
import { CopyField } from './CopyField.tsx';
import type { ClinicView } from './useClinic.ts';
import { t } from '../language.ts';

function RemoveButton({ participant }: { readonly participant: ParticipantView }) {
  return (
    <ConfirmButton
      small
      label={t('notepad.remove')}
      ariaLabel={t('manage.removeFromClinic', { name: participant.name })}
      confirmLabel={t('manage.confirmRemove')}
      onConfirm={() => sendCommand({ type: 'REMOVE_PARTICIPANT', participantId: participant.id })}
    />
  );
}

/** Who leads and who takes part: co-facilitators, handing over, removing, the link, deleting. */
export function CrewManager({ view }: { readonly view: ClinicView }) {
  const { clinic, myId } = view;
  const [newLink, setNewLink] = useState<string | null>(null);
  const allows = (command: FacilitatorCommand) => refusalOf(clinic, myId, command) === null;

  const rotate = async () => {
    const reply = await sendCommand({ type: 'ROTATE_FACILITATOR_KEY' });
    if (reply.ok && reply.data.facilitatorKey) setNewLink(facilitatorLink(window.location.origin, clinic.clinicId, reply.data.facilitatorKey));
  };

  return (
    <div className="settings">
      <h3>{t('manage.people')}</h3>
      <ul className="people">
        {clinic.participants
          .filter((participant) => participant.id !== myId)
          .map((participant) => {
            const participantId = participant.id;
            const facilitates = clinic.facilitatorIds.includes(participantId);
            return (
              <li key={participantId}>
                <span className="person-name">{participant.name}</span>
                <span className="person-actions">
                  {facilitates && allows({ type: 'REMOVE_FACILITATOR', participantId }) && (
                    <button type="button" className="button quiet small" onClick={() => void sendCommand({ type: 'REMOVE_FACILITATOR', participantId })}>
                      {t('manage.stopCoFacilitating')}
                    </button>
                  )}
                  {!facilitates && allows({ type: 'ADD_FACILITATOR', participantId }) && (
                    <button type="button" className="button quiet small" onClick={() => void sendCommand({ type: 'ADD_FACILITATOR', participantId })}>
                      <ActionFor action={t('manage.coFacilitate')} name={participant.name} />
                    </button>
                  )}
                  {!facilitates && allows({ type: 'HAND_OVER', participantId }) && (
                    <ConfirmButton
                      small
                      label={t('manage.handOver')}
                      ariaLabel={t('manage.handOverTo', { name: participant.name })}
                      confirmLabel={t('manage.confirmHandOver')}
                      onConfirm={() => sendCommand({ type: 'HAND_OVER', participantId })}
                    />
                  )}
                  {allows({ type: 'REMOVE_PARTICIPANT', participantId }) && <RemoveButton participant={participant} />}
                </span>
              </li>
            );
          })}
      </ul>
      <h3>{t('manage.facilitatorLink')}</h3>
      {newLink ? (
        <CopyField label={t('manage.newLink')} value={newLink} testId="new-facilitator-link" hint={t('manage.newLinkHint')} />
      ) : (
        <ConfirmButton label={t('manage.replaceLink')} confirmLabel={t('manage.confirmReplace')} onConfirm={() => rotate()} />
      )}
      <h3>{t('manage.clinicData')}</h3>
      <ConfirmButton label={t('manage.delete')} confirmLabel={t('manage.confirmDelete')} onConfirm={() => sendCommand({ type: 'DELETE_CLINIC' })} />
    </div>
  );
}
