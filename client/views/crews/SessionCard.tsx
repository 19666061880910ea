import { useState } from 'react';
import type { CrewView } from '../../../shared/crewProtocolSchemas.ts';
import { casesPerSession, formatOf } from '../../../shared/crewRota.ts';
import { startsEarly } from '../../../shared/crewSchedule.ts';
import type { CrewSession } from '../../../shared/crewSchema.ts';
import { sendCrewCommand } from '../../crewConnection.ts';
import { dayOf, mayDo, movedFromText, nameOf, refusalOf, sessionTitle, sessionWhen, stageOf, zoneName } from '../../crewWording.ts';
import { reasonText } from '../../refusalText.ts';
import { ConfirmButton } from '../ConfirmButton.tsx';
import { CrewCommandButton } from './CrewCommandButton.tsx';
import { currentLanguage, listText, t, type MessageId } from '../../language.ts';
import { CalendarDownload } from './CalendarDownload.tsx';
import { translatedFormat } from '../../../shared/formatTranslation.ts';

interface SessionCardProps {
  readonly crew: CrewView;
  readonly session: CrewSession;
  readonly me: string;
  /** Server time now. */
  readonly at: number;
  readonly viewerZone: string;
  /** The first session still to come, while none runs: the one a "Start session" button is offered on. */
  readonly isNext: boolean;
}

const STAGE_TAGS = { live: 'crew.onNow', held: 'session.held' } as const satisfies Record<string, MessageId>;

/** One week: when (in the viewer's zone), its format and people, and what the viewer may do about it. */
export function SessionCard({ crew, session, me, at, viewerZone, isNext }: SessionCardProps) {
  const when = sessionWhen(session.scheduled, viewerZone);
  const moved = movedFromText(session, viewerZone);
  const shownFormat = formatOf(crew, session);
  const stage = stageOf(session);
  const names = (ids: readonly string[]) => listText(ids.map((id) => (id === me ? t('session.you', { name: nameOf(crew, id) }) : nameOf(crew, id))));
  const index = session.index;
  const volunteering = session.volunteerIds.includes(me);
  const cannot = session.cannotAttendIds.includes(me);
  const isOrganiser = crew.organiserId === me;
  // A volunteer who is already down to bring it is said once, as the case.
  const offering = session.volunteerIds.filter((id) => !session.caseGiverIds.includes(id));
  return (
    <li className={`crew-session crew-session-${stage}`} data-testid={`session-${index + 1}`}>
      <div className="crew-session-when">
        <span className="crew-session-date">{when.date}</span>
        <span className="crew-session-time">{when.time}</span>
        {when.crewTime && <small>{when.crewTime}</small>}
      </div>
      <div className="crew-session-body">
        <h3>
          {sessionTitle(session)}
          <span className="crew-tag">{stage === 'upcoming' ? (session.confirmed ? t('session.confirmed') : t('session.suggested')) : t(STAGE_TAGS[stage])}</span>
          {moved && <span className="crew-tag">{moved}</span>}
        </h3>
        <p className="crew-session-format">{shownFormat && translatedFormat(shownFormat, currentLanguage()).name}</p>
        <dl className="crew-session-people">
          {session.kind === 'case' && (
            <>
              <dt>{t('session.cases', { count: session.caseGiverIds.length })}</dt>
              <dd data-testid={`session-${index + 1}-case-givers`}>{session.caseGiverIds.length > 0 ? names(session.caseGiverIds) : t('order.nobodyYet')}</dd>
            </>
          )}
          <dt>{t('session.facilitator')}</dt>
          <dd data-testid={`session-${index + 1}-facilitator`}>{session.facilitatorId ? names([session.facilitatorId]) : t('order.nobodyYet')}</dd>
          {stage === 'upcoming' && offering.length > 0 && (
            <>
              <dt>{t('session.offering', { count: offering.length })}</dt>
              <dd>{names(offering)}</dd>
            </>
          )}
          {session.cannotAttendIds.length > 0 && (
            <>
              <dt>{t(stage === 'held' ? 'session.couldNotAttend' : 'session.cannotAttend', { count: session.cannotAttendIds.length })}</dt>
              <dd>{names(session.cannotAttendIds)}</dd>
            </>
          )}
        </dl>
        <div className="crew-session-actions">
          {/* A session on now is joined from the banner at the top of the page, the one way in. */}
          {isNext && <StartSessionButton crew={crew} session={session} me={me} at={at} date={when.date} />}
          {/* Whoever is already down to bring a case there has nothing to offer. */}
          {!session.caseGiverIds.includes(me) && (
            <CrewCommandButton crew={crew} me={me} at={at} command={{ type: 'VOLUNTEER', sessionIndex: index, volunteering: !volunteering }} small>
              {volunteering ? t('session.withdrawOffer') : t('session.volunteer')}
            </CrewCommandButton>
          )}
          <CrewCommandButton crew={crew} me={me} at={at} command={{ type: 'CANNOT_ATTEND', sessionIndex: index, cannot: !cannot }} variant="quiet" small>
            {cannot ? t('session.canAfterAll') : t('session.cannot')}
          </CrewCommandButton>
          {stage === 'upcoming' && <CalendarDownload crewId={crew.id} week={index + 1} />}
        </div>
        {isOrganiser && stage === 'upcoming' && <OrganiseSession crew={crew} session={session} me={me} at={at} />}
      </div>
    </li>
  );
}

/** Starts the week for everyone; days ahead of its time, only once asked again. */
function StartSessionButton({ crew, session, me, at, date }: Pick<SessionCardProps, 'crew' | 'session' | 'me' | 'at'> & { readonly date: string }) {
  const command = { type: 'START_SESSION', sessionIndex: session.index } as const;
  if (!startsEarly(session.scheduled, at)) {
    return (
      <CrewCommandButton crew={crew} me={me} at={at} command={command} variant="primary" small>
        {t('session.start')}
      </CrewCommandButton>
    );
  }
  if (!mayDo(crew, me, command, at)) return null;
  return <ConfirmButton label={t('session.start')} confirmLabel={t('session.startEarly', { date })} tone="primary" small onConfirm={() => sendCrewCommand(command)} />;
}

type OrganiseProps = Pick<SessionCardProps, 'crew' | 'session' | 'me' | 'at'>;

/** The organiser's controls for a session to come: confirm its rota, move it, skip its week. */
function OrganiseSession({ crew, session, me, at }: OrganiseProps) {
  return (
    <details className="crew-organise">
      <summary>{t('session.organise', { week: session.index + 1 })}</summary>
      {/* Remounted when the rota changes, so the choices start from what the crew holds now. */}
      <RotaEditor key={`${session.caseGiverIds.join()}:${session.facilitatorId}:${crew.members.length}`} crew={crew} session={session} me={me} at={at} />
      <MoveEditor key={`${session.scheduled.date}T${session.scheduled.time}`} crew={crew} session={session} me={me} at={at} />
      <div className="crew-organise-row">
        <ConfirmButton
          label={t('session.skip')}
          confirmLabel={t('session.confirmSkip')}
          small
          onConfirm={() => sendCrewCommand({ type: 'SKIP_WEEK', sessionIndex: session.index })}
        />
      </div>
    </details>
  );
}

function RotaEditor({ crew, session, me, at }: OrganiseProps) {
  const format = formatOf(crew, session);
  const seats = session.kind === 'case' && format ? casesPerSession(format, crew.members.length) : 0;
  const [caseGivers, setCaseGivers] = useState<string[]>(() => Array.from({ length: seats }, (_, seat) => session.caseGiverIds[seat] ?? ''));
  const [facilitator, setFacilitator] = useState(session.facilitatorId ?? '');
  const command = { type: 'CONFIRM_ROTA', sessionIndex: session.index, caseGiverIds: caseGivers.filter((id) => id !== ''), facilitatorId: facilitator } as const;
  const refusal = facilitator === '' ? null : refusalOf(crew, me, command, at);
  const fieldId = `week-${session.index + 1}`;
  const reasonId = `rota-reason-${session.index}`;
  const options = (
    <>
      <option value="">{t('order.nobody')}</option>
      {crew.members.map((member) => (
        <option key={member.id} value={member.id}>
          {member.name}
        </option>
      ))}
    </>
  );
  return (
    <fieldset className="crew-organise-group">
      <legend>{t('session.rota')}</legend>
      {caseGivers.map((chosen, seat) => (
        <div key={seat} className="crew-inline-field">
          <label htmlFor={`${fieldId}-case-${seat}`}>{seats > 1 ? t('session.caseSeat', { seat: seat + 1 }) : t('session.cases', { count: 1 })}</label>
          <select id={`${fieldId}-case-${seat}`} value={chosen} onChange={(event) => setCaseGivers(caseGivers.map((id, other) => (other === seat ? event.target.value : id)))}>
            {options}
          </select>
        </div>
      ))}
      <div className="crew-inline-field">
        <label htmlFor={`${fieldId}-facilitator`}>{t('session.facilitator')}</label>
        <select id={`${fieldId}-facilitator`} value={facilitator} onChange={(event) => setFacilitator(event.target.value)}>
          {options}
        </select>
      </div>
      {refusal && (
        <p className="hint" id={reasonId}>
          {reasonText(refusal)}
        </p>
      )}
      <button
        type="button"
        className="button secondary small"
        disabled={facilitator === '' || refusal !== null}
        aria-describedby={refusal ? reasonId : undefined}
        onClick={() => void sendCrewCommand(command)}
      >
        {session.confirmed ? t('session.updateRota') : t('session.confirmRota')}
      </button>
    </fieldset>
  );
}

function MoveEditor({ crew, session, me, at }: OrganiseProps) {
  const [date, setDate] = useState(session.scheduled.date);
  const [time, setTime] = useState(session.scheduled.time);
  const unchanged = date === session.scheduled.date && time === session.scheduled.time;
  const command = { type: 'MOVE_SESSION', sessionIndex: session.index, date, time } as const;
  const whole = /^\d{4}-\d{2}-\d{2}$/.test(date) && /^\d{2}:\d{2}$/.test(time);
  const refusal = unchanged || !whole ? null : refusalOf(crew, me, command, at);
  const reasonId = `move-reason-${session.index}`;
  return (
    <fieldset className="crew-organise-group">
      <legend>{t('session.move', { zone: zoneName(session.scheduled.timeZone) })}</legend>
      <div className="crew-move-row">
        <input type="date" aria-label={t('session.dateOf', { week: session.index + 1 })} value={date} onChange={(event) => setDate(event.target.value)} />
        <input type="time" aria-label={t('session.timeOf', { week: session.index + 1 })} value={time} onChange={(event) => setTime(event.target.value)} />
        <button
          type="button"
          className="button secondary small"
          disabled={unchanged || !whole || refusal !== null}
          aria-describedby={refusal ? reasonId : undefined}
          onClick={() => void sendCrewCommand(command)}
        >
          {t('session.moveButton')}
        </button>
      </div>
      {refusal && (
        <p className="hint" id={reasonId}>
          {reasonText(refusal)}
        </p>
      )}
      {/* The pickers write a date as the browser's locale does: this says the choice in the page's language. */}
      {!unchanged && whole && !refusal && (
        <p className="hint" data-testid={`move-to-${session.index}`}>
          {t('session.moveTo', { week: session.index + 1, date: dayOf(date), time })}
        </p>
      )}
    </fieldset>
  );
}
