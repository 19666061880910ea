import type { CrewView } from '../../../shared/crewProtocolSchemas.ts';
import { CREW_SIZE } from '../../../shared/crewLimits.ts';
import { sendCrewCommand } from '../../crewConnection.ts';
import { mayDo } from '../../crewWording.ts';
import { ConfirmButton } from '../ConfirmButton.tsx';
import { PairingCodePanel } from './PairingCodePanel.tsx';

/** Who is in the crew; the organiser manages each of the others from here. */
export function CrewMembers({ crew, me, at }: { readonly crew: CrewView; readonly me: string; readonly at: number }) {
  return (
    <section className="card" aria-labelledby="crew-members-title" data-testid="crew-members">
      <h2 id="crew-members-title">
        Members <span className="tags">({crew.members.length} of up to {CREW_SIZE.max})</span>
      </h2>
      <ul className="people crew-members">
        {crew.members.map((member) => {
          const mayHandOver = mayDo(crew, me, { type: 'HAND_OVER_ORGANISER', memberId: member.id }, at);
          const mayRemove = member.id !== me && mayDo(crew, me, { type: 'REMOVE_MEMBER', memberId: member.id }, at);
          return (
            <li key={member.id}>
              <span className="person-name">{member.name}</span>
              <span className="tags">{[member.id === me && 'you', member.id === crew.organiserId && 'organiser'].filter(Boolean).join(' · ')}</span>
              {(mayHandOver || mayRemove) && (
                <details className="crew-manage">
                  <summary>
                    Manage<span className="visually-hidden"> {member.name}</span>
                  </summary>
                  <div className="crew-button-column">
                    <PairingCodePanel crewId={crew.id} forMember={member} buttonLabel="Pairing code for a lost device" />
                    {mayHandOver && (
                      <ConfirmButton
                        label="Make organiser"
                        confirmLabel={`Hand organising to ${member.name}`}
                        tone="primary"
                        small
                        onConfirm={() => void sendCrewCommand({ type: 'HAND_OVER_ORGANISER', memberId: member.id })}
                      />
                    )}
                    {mayRemove && (
                      <ConfirmButton
                        label="Remove from the crew"
                        confirmLabel={`Remove ${member.name} everywhere`}
                        small
                        onConfirm={() => void sendCrewCommand({ type: 'REMOVE_MEMBER', memberId: member.id })}
                      />
                    )}
                  </div>
                </details>
              )}
            </li>
          );
        })}
      </ul>
    </section>
  );
}
