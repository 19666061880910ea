import { useEffect, useState } from 'react';
import type { CrewView } from '../../../shared/crewProtocolSchemas.ts';
import { readCrewIdentity, rememberCrewIdentity } from '../../crewIdentity.ts';
import { sessionWhen } from '../../crewWording.ts';
import { t, type MessageId } from '../../language.ts';
import { dutiesOf, rotaChanges, rotaSettled, seenDutiesOf, type RotaChange } from '../../rotaChanges.ts';

const CHANGE_WORDS: Record<RotaChange['duty'], { now: MessageId; noLonger: MessageId }> = {
  caseGiver: { now: 'rotaChanges.caseGiver', noLonger: 'rotaChanges.noLongerCaseGiver' },
  facilitator: { now: 'rotaChanges.facilitator', noLonger: 'rotaChanges.noLongerFacilitator' },
};

/**
 * What changed in the rota for this member since they last said "Got it" on this device: the rota
 * moves with every offer, "can't make it" and confirmation, and nobody else tells them. A device
 * that has never seen the crew's rota as this member takes it as seen, and so does one whose crew
 * has not met yet, whose rota moves with every member who joins.
 */
export function RotaChanges({ crew, memberId, viewerZone }: { readonly crew: CrewView; readonly memberId: string; readonly viewerZone: string }) {
  const [seen, setSeen] = useState(() => seenDutiesOf(readCrewIdentity(crew.id).rotaSeen, memberId));
  const duties = dutiesOf(crew, memberId);
  const markSeen = () => {
    rememberCrewIdentity(crew.id, { rotaSeen: { memberId, duties } });
    setSeen(duties);
  };
  const settled = rotaSettled(crew);
  useEffect(() => {
    if (seen === null || (!settled && seen.join() !== duties.join())) markSeen();
  });
  const changes = seen === null || !settled ? [] : rotaChanges(seen, crew, memberId);
  const sessionOf = (index: number) => crew.sessions.find((session) => session.index === index)!;
  if (changes.length === 0) return null;
  return (
    <section className="card crew-rota-changes" aria-labelledby="crew-rota-changes-title" data-testid="rota-changes">
      <h2 id="crew-rota-changes-title">{t('rotaChanges.title')}</h2>
      <ul>
        {changes.map(({ sessionIndex, duty, now }) => {
          const words = CHANGE_WORDS[duty];
          const week = sessionIndex + 1;
          return (
            <li key={`${sessionIndex}:${duty}`}>
              {now ? t(words.now, { week, date: sessionWhen(sessionOf(sessionIndex).scheduled, viewerZone).date }) : t(words.noLonger, { week })}
            </li>
          );
        })}
      </ul>
      <button type="button" className="button secondary small" onClick={markSeen}>
        {t('rotaChanges.seen')}
      </button>
    </section>
  );
}
