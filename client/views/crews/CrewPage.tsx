import { useEffect, useState } from 'react';
import type { CrewView, JoinedCrew } from '../../../shared/crewProtocolSchemas.ts';
import { loadNewVersion, loadNewVersionOnce } from '../../appUpdate.ts';
import { dismissCrewNotice, enterSession, openCrew } from '../../crewConnection.ts';
import { crewServerNow, useCrewStore, type CrewMembership } from '../../crewStore.ts';
import { cadenceText, dayOf, sessionsAndSkips, sessionTitle, stageOf, viewerTimeZone, zoneName } from '../../crewWording.ts';
import { ConnectionBadge } from '../ConnectionBadge.tsx';
import { RotaChanges } from './RotaChanges.tsx';
import { MessagePage } from '../MessagePage.tsx';
import { RefusalNotice } from '../RefusalNotice.tsx';
import { CrewJoinForm } from './CrewJoinForm.tsx';
import { CrewHistory } from './CrewHistory.tsx';
import { CrewMembers } from './CrewMembers.tsx';
import { CaseRota } from './CaseRota.tsx';
import { CrewEnd, LandingDecision } from './CrewEnd.tsx';
import { AddDevice } from './PairingCodePanel.tsx';
import { SessionCard } from './SessionCard.tsx';
import { t, type MessageId } from '../../language.ts';

/**
 * How many times the address's fragment has changed: a pairing or organiser link opened in the
 * tab already on the crew page changes only that, and reloads nothing.
 */
function useFragmentChanges(): number {
  const [changes, setChanges] = useState(0);
  useEffect(() => {
    const changed = () => setChanges((count) => count + 1);
    window.addEventListener('hashchange', changed);
    return () => window.removeEventListener('hashchange', changed);
  }, []);
  return changes;
}

/** `/crews/:crewId`: joins the crew (once per device) and shows its weeks, its rota and its people. */
export function CrewPage({ crewId }: { readonly crewId: string }) {
  const fragmentChanges = useFragmentChanges();
  // Opened again for a new fragment, which it then takes out of the address bar.
  useEffect(() => openCrew(crewId), [crewId, fragmentChanges]);
  const notice = useCrewStore((state) => state.notice);
  // Only over the crew itself: before it first shows, the page says it is connecting.
  const reconnecting = useCrewStore((state) => (!state.connected || state.rejoining) && state.membership.kind === 'joined');
  return (
    <>
      <ConnectionBadge showing={reconnecting ? 'reconnecting' : null} />
      <RefusalNotice notice={notice} onDismiss={dismissCrewNotice} />
      <CrewScreen />
    </>
  );
}

function CrewScreen() {
  const membership = useCrewStore((state) => state.membership);
  const crew = useCrewStore((state) => state.crew);
  switch (membership.kind) {
    case 'needsJoin':
      // Afresh when the form turns from a name to a code or back: a name typed is no pairing code.
      return <CrewJoinForm key={membership.newcomersRefused ? 'code' : 'name'} refusal={membership.error} newcomersRefused={membership.newcomersRefused} />;
    case 'notFound':
      return (
        <MessagePage
          testId="crew-not-found"
          title={t('crew.notFound.title')}
          body={t('crew.notFound.body')}
        >
          <StartCrewLink />
        </MessagePage>
      );
    case 'outdated':
      return <OutdatedCrewPage />;
    case 'gone':
      return <GonePage reason={membership.reason} byYou={membership.byYou} />;
    case 'joined':
      return crew ? <CrewHome crew={crew} me={membership.me} /> : <p className="loading">{t('clinicPage.connecting')}</p>;
    default:
      return <p className="loading">{t('clinicPage.connecting')}</p>;
  }
}

/** The server speaks a newer protocol than this page: the new app loads by itself, as on a clinic's page. */
function OutdatedCrewPage() {
  useEffect(loadNewVersionOnce, []);
  return (
    <MessagePage testId="outdated" title={t('clinicPage.outdated.title')} body={t('crew.outdated.body')}>
      <button type="button" className="button primary" onClick={() => void loadNewVersion()}>
        {t('clinicPage.outdated.reload')}
      </button>
    </MessagePage>
  );
}

const GONE_WORDING = {
  left: { title: 'crew.gone.left.title', body: 'crew.gone.left.body' },
  removed: { title: 'crew.gone.removed.title', body: 'crew.gone.removed.body' },
  departed: { title: 'crew.gone.removed.title', body: 'crew.gone.departed.body' },
  deleted: { title: 'crew.gone.deleted.title', body: 'crew.gone.deleted.body' },
  deletedByYou: { title: 'crew.gone.deletedByYou.title', body: 'crew.gone.deletedByYou.body' },
} as const satisfies Record<string, Record<'title' | 'body', MessageId>>;

/** Where someone goes on from a crew that is gone, or a link that leads to none: a crew of their own. */
function StartCrewLink() {
  return (
    <a className="button secondary" href="/crews/new">
      {t('crew.start')}
    </a>
  );
}

function GonePage({ reason, byYou = false }: Pick<Extract<CrewMembership, { kind: 'gone' }>, 'reason' | 'byYou'>) {
  const wording = GONE_WORDING[byYou ? 'deletedByYou' : reason];
  return (
    <MessagePage testId={`crew-${reason}`} title={t(wording.title)} body={t(wording.body)}>
      <StartCrewLink />
    </MessagePage>
  );
}

function CrewHome({ crew, me }: { readonly crew: CrewView; readonly me: JoinedCrew }) {
  const at = crewServerNow();
  const viewerZone = viewerTimeZone();
  const live = crew.sessions.find((session) => stageOf(session) === 'live');
  // Offered to start while no other week runs: a second start would be a slip, not a plan.
  const next = live ? undefined : crew.sessions.find((session) => stageOf(session) === 'upcoming');
  const isOrganiser = crew.organiserId === me.memberId;
  return (
    <main className="page crew-page" data-testid="crew-page">
      <header className="crew-header">
        <p className="eyebrow">{isOrganiser ? t('crew.eyebrowOrganiser') : t('crew.eyebrow')}</p>
        <h1 data-testid="crew-name">{crew.name}</h1>
        <p className="lead">
          {crew.theme && (
            <>
              <span className="crew-theme">{crew.theme}</span>
              {t('crew.themeSeparator')}
            </>
          )}
          {cadenceText(crew.cadence)}
        </p>
      </header>

      {live && (
        <section className="card crew-live" aria-labelledby="crew-live-title" data-testid="crew-live">
          <h2 id="crew-live-title">{t('crew.onNow')}</h2>
          <p className="crew-live-line">{t('crew.started', { session: sessionTitle(live) })}</p>
          <button type="button" className="button primary" onClick={() => enterSession(live.clinicId!)}>
            {t('crew.joinNow')}
          </button>
        </section>
      )}

      <RotaChanges crew={crew} memberId={me.memberId} viewerZone={viewerZone} />

      <div className="crew-columns">
        <section aria-labelledby="crew-sessions-title" className="crew-sessions">
          <h2 id="crew-sessions-title">{t('crew.sessions')}</h2>
          <p className="hint">{t('crew.yourZone', { zone: zoneName(viewerZone) })}</p>
          <ol className="crew-session-list">
            {sessionsAndSkips(crew).map((entry, position) =>
              'session' in entry ? (
                <SessionCard key={entry.session.index} crew={crew} session={entry.session} me={me.memberId} at={at} viewerZone={viewerZone} isNext={entry.session === next} />
              ) : (
                // A date can be skipped twice (skipped, a week moved onto it, skipped again).
                <li key={`${entry.skipped}-${position}`} className="crew-skipped" data-testid="crew-skipped">
                  {t('crew.skipped', { day: dayOf(entry.skipped) })}
                </li>
              ),
            )}
          </ol>
        </section>

        <div className="crew-side">
          <CaseRota crew={crew} me={me.memberId} />
          <CrewMembers crew={crew} me={me.memberId} at={at} />
          <AddDevice crewId={crew.id} />
          <LandingDecision crew={crew} me={me.memberId} at={at} />
          <CrewHistory crew={crew} />
          <CrewEnd crew={crew} me={me.memberId} at={at} />
        </div>
      </div>
    </main>
  );
}

