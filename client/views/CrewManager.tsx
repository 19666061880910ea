import { useState } from 'react';
import type { ParticipantView } from '../../shared/clinicStateSchema.ts';
import { refusalOf } from '../../shared/commandRules.ts';
import type { FacilitatorCommand } from '../../shared/protocolSchemas.ts';
import { sendCommand } from '../connection.ts';
import { ActionFor } from './ActionFor.tsx';
import { facilitatorLink } from '../identity.ts';
import { ConfirmButton } from './ConfirmButton.tsx';
import { CopyField } from './CopyField.tsx';
import type { ClinicView } from './useClinic.ts';

function RemoveButton({ participant }: { readonly participant: ParticipantView }) {
  return (
    <ConfirmButton
      small
      label="Remove"
      ariaLabel={`Remove ${participant.name} from the clinic`}
      confirmLabel="Confirm remove"
      onConfirm={() => void sendCommand({ type: 'REMOVE_PARTICIPANT', participantId: participant.id })}
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
      <h3>People</h3>
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
                      Stop co-facilitating
                    </button>
                  )}
                  {!facilitates && allows({ type: 'ADD_FACILITATOR', participantId }) && (
                    <button type="button" className="button quiet small" onClick={() => void sendCommand({ type: 'ADD_FACILITATOR', participantId })}>
                      <ActionFor action="Co-facilitate" name={participant.name} />
                    </button>
                  )}
                  {!facilitates && allows({ type: 'HAND_OVER', participantId }) && (
                    <ConfirmButton
                      small
                      label="Hand over"
                      ariaLabel={`Hand over to ${participant.name}`}
                      confirmLabel="Confirm hand-over"
                      onConfirm={() => void sendCommand({ type: 'HAND_OVER', participantId })}
                    />
                  )}
                  {allows({ type: 'REMOVE_PARTICIPANT', participantId }) && <RemoveButton participant={participant} />}
                </span>
              </li>
            );
          })}
      </ul>
      <h3>Facilitator link</h3>
      {newLink ? (
        <CopyField label="New facilitator link" value={newLink} testId="new-facilitator-link" hint="The old link no longer works. This one is shown only now." />
      ) : (
        <ConfirmButton label="Replace the facilitator link" confirmLabel="Confirm: old link stops working" onConfirm={() => void rotate()} />
      )}
      <h3>Clinic data</h3>
      <ConfirmButton label="Delete this clinic now" confirmLabel="Confirm delete for everyone" onConfirm={() => void sendCommand({ type: 'DELETE_CLINIC' })} />
    </div>
  );
}
