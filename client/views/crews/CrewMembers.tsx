import type { CrewView } from '../../../shared/crewProtocolSchemas.ts';
import { CREW_SIZE } from '../../../shared/crewLimits.ts';
import { sendCrewCommand } from '../../crewConnection.ts';
import { mayDo } from '../../crewWording.ts';
import { ConfirmButton } from '../ConfirmButton.tsx';
import { CrewCommandButton } from './CrewCommandButton.tsx';
import { PairingCodePanel } from './PairingCodePanel.tsx';
import { t } from '../../language.ts';

/** Who is in the crew, and whether someone new may join; the organiser manages each of the others from here. */
export function CrewMembers({ crew, me, at }: { readonly crew: CrewView; readonly me: string; readonly at: number }) {
  return (
    <section className="card" aria-labelledby="crew-members-title" data-testid="crew-members">
      <h2 id="crew-members-title">
        {t('members.title')} <span className="tags">{t('members.count', { count: crew.members.length, max: CREW_SIZE.max })}</span>
      </h2>
      <ul className="people crew-members">
        {crew.members.map((member) => {
          const mayHandOver = mayDo(crew, me, { type: 'HAND_OVER_ORGANISER', memberId: member.id }, at);
          const mayRemove = member.id !== me && mayDo(crew, me, { type: 'REMOVE_MEMBER', memberId: member.id }, at);
          return (
            <li key={member.id}>
              <span className="person-name">{member.name}</span>
              <span className="tags">{[member.id === me && t('people.you'), member.id === crew.organiserId && t('members.organiser')].filter(Boolean).join(' · ')}</span>
              {(mayHandOver || mayRemove) && (
                <details className="crew-manage">
                  <summary>
                    {t('members.manage')}
                    <span className="visually-hidden">{t('members.manageWho', { name: member.name })}</span>
                  </summary>
                  <div className="crew-button-column">
                    <PairingCodePanel crewId={crew.id} forMember={member} buttonLabel={t('members.lostDevice')} />
                    {mayHandOver && (
                      <ConfirmButton
                        label={t('members.makeOrganiser')}
                        confirmLabel={t('members.confirmOrganiser', { name: member.name })}
                        tone="primary"
                        small
                        onConfirm={() => sendCrewCommand({ type: 'HAND_OVER_ORGANISER', memberId: member.id })}
                      />
                    )}
                    {mayRemove && (
                      <ConfirmButton
                        label={t('members.remove')}
                        confirmLabel={t('members.confirmRemove', { name: member.name })}
                        small
                        onConfirm={() => sendCrewCommand({ type: 'REMOVE_MEMBER', memberId: member.id })}
                      />
                    )}
                  </div>
                </details>
              )}
            </li>
          );
        })}
      </ul>
      <div className="crew-joining" data-testid="crew-joining">
        <p className="hint">{crew.openToNewMembers ? t('members.openToNew') : t('members.closedToNew')}</p>
        <CrewCommandButton crew={crew} me={me} at={at} command={{ type: 'OPEN_TO_NEW_MEMBERS', open: !crew.openToNewMembers }} small>
          {crew.openToNewMembers ? t('members.closeToNew') : t('members.openAgain')}
        </CrewCommandButton>
      </div>
    </section>
  );
}
