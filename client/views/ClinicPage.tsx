import { useEffect, useSyncExternalStore } from 'react';
import type { ClinicLayout } from '../../shared/appPaths.ts';
import { isCheckIn } from '../../shared/followThrough.ts';
import { caseGiverRefusal, noteRecipientsOf } from '../../shared/harvestRules.ts';
import { loadNewVersion, loadNewVersionOnce } from '../appUpdate.ts';
import { useClinicStore } from '../clinicStore.ts';
import { dismissNotice, joinWithoutFacilitatorLink, openClinic } from '../connection.ts';
import { followHarvest, forgetHarvest } from '../harvest.ts';
import { adoptFacilitatorKeyFromLocation, forgetIdentity, isCrewSessionHere } from '../identity.ts';
import { forgetSoundChoice } from '../soundPreference.ts';
import { refusalText } from '../refusalText.ts';
import { RefusalNotice } from './RefusalNotice.tsx';
import { ConnectionBadge } from './ConnectionBadge.tsx';
import { CueSignals } from './CueSignals.tsx';
import { FacilitatorConsole } from './FacilitatorConsole.tsx';
import { JoinForm } from './JoinForm.tsx';
import { LastTimeCard } from './LastTimeCard.tsx';
import { LiveView } from './LiveView.tsx';
import { MessagePage } from './MessagePage.tsx';
import { Lobby } from './Lobby.tsx';
import { MiniTimer } from './MiniTimer.tsx';
import { Notepad } from './Notepad.tsx';
import { PresenterLobby } from './PresenterLobby.tsx';
import { Summary } from './Summary.tsx';
import { useClinic, type ClinicView } from './useClinic.ts';
import { forgetScreenLanguage, t } from '../language.ts';

/** `/c/:clinicId`: joins the clinic and shows whichever screen its stage calls for. */
export function ClinicPage({ clinicId, layout }: { readonly clinicId: string; readonly layout: ClinicLayout }) {
  useEffect(() => {
    adoptFacilitatorKeyFromLocation(clinicId);
    return openClinic(clinicId);
  }, [clinicId]);
  const notice = useClinicStore((state) => state.notice);

  return (
    <>
      <ClinicConnectionBadge />
      <RefusalNotice notice={notice} onDismiss={dismissNotice} />
      <ClinicScreen layout={layout} />
    </>
  );
}

function ClinicScreen({ layout }: { readonly layout: ClinicLayout }) {
  const membership = useClinicStore((state) => state.membership);
  const clinicId = useClinicStore((state) => state.clinicId);
  const view = useClinic();
  const gone = membership.kind === 'gone' || membership.kind === 'notFound' || membership.kind === 'ended';
  useEffect(() => {
    if (!gone || !clinicId) return;
    // Nothing this device kept of the clinic is of use any more: its notes, key, token, sound choice and shared screen's language go.
    forgetHarvest(clinicId);
    forgetIdentity(clinicId);
    forgetSoundChoice(clinicId);
    forgetScreenLanguage(clinicId);
  }, [gone, clinicId]);
  switch (membership.kind) {
    case 'needsName':
      return (
        <JoinForm
          preview={membership.preview}
          asFacilitator={membership.asFacilitator}
          // The presenter page opened on a device nobody joined from is a shared screen, not a coach.
          asScreen={layout === 'present'}
          error={membership.error && refusalText(membership.error)}
        />
      );
    case 'outdated':
      return <OutdatedPage />;
    case 'notFound':
      return (
        <MessagePage
          testId="clinic-not-found"
          title={t('clinicPage.notFound.title')}
          body={t('clinicPage.notFound.body')}
        />
      );
    case 'linkReplaced':
      return (
        <MessagePage
          testId="link-replaced"
          title={t('clinicPage.linkReplaced.title')}
          body={t('clinicPage.linkReplaced.body')}
        >
          <button type="button" className="button primary" onClick={() => void joinWithoutFacilitatorLink()}>
            {t('clinicPage.linkReplaced.join')}
          </button>
        </MessagePage>
      );
    case 'ended':
      return <MessagePage testId="ended" title={t('clinicPage.ended.title')} body={t('clinicPage.ended.body')} />;
    case 'gone':
      return membership.reason === 'removed' ? (
        <MessagePage testId="removed" title={t('clinicPage.removed.title')} body={t('clinicPage.removed.body')} />
      ) : (
        <MessagePage testId="deleted" title={t('clinicPage.deleted.title')} body={t('clinicPage.deleted.body')} />
      );
    default:
      if (!view) return <Connecting />;
      if (layout === 'mini') {
        return (
          <main className="mini-window">
            <MiniTimer view={view} />
          </main>
        );
      }
      return (
        <>
          {/* Only a person's own screen signals: the shared screen and the mini timer stay silent. */}
          {layout === 'personal' && <CueSignals view={view} />}
          {layout === 'personal' && <HarvestFollower view={view} />}
          {/* A crew member's takeaways from last time: their own screen, in a crew's session, at the check-in only. */}
          {layout === 'personal' && isCheckIn(view.clinic) && isCrewSessionHere(view.clinic.clinicId) && <LastTimeCard view={view} />}
          <StageScreen view={view} layout={layout} />
        </>
      );
  }
}

function StageScreen({ view, layout }: { readonly view: ClinicView; readonly layout: ClinicLayout }) {
  switch (view.stage) {
    case 'lobby':
      return layout === 'present' ? <PresenterLobby view={view} /> : <Lobby view={view} />;
    case 'closed':
      return <Summary view={view} personal={layout === 'personal'} shared={layout === 'present'} />;
    default:
      if (layout === 'present') {
        return (
          <main className="solo-layout presenter-layout">
            <LiveView view={view} shared />
          </main>
        );
      }
      return view.isFacilitator ? (
        <main className="console-layout">
          <LiveView view={view} />
          <FacilitatorConsole view={view} />
          <CoachNotepad view={view} />
        </main>
      ) : (
        <main className="solo-layout">
          <LiveView view={view} />
          <CoachNotepad view={view} />
        </main>
      );
  }
}

/** The notepad, for whoever may send the case giver notes after the close. */
function CoachNotepad({ view }: { readonly view: ClinicView }) {
  return noteRecipientsOf(view.clinic, view.myId).length > 0 ? <Notepad clinicId={view.clinic.clinicId} /> : null;
}

/** Publishes this device's key where it receives notes, and follows what changes in the harvest. */
function HarvestFollower({ view }: { readonly view: ClinicView }) {
  const { clinicId } = view.clinic;
  const receivesNotes = caseGiverRefusal(view.clinic, view.myId) === null;
  useEffect(() => followHarvest(clinicId, view.myId, receivesNotes), [clinicId, view.myId, receivesNotes]);
  return null;
}

/** Before the first state: reaching for the server, or, with no network at all (the installed app opened offline), saying so. */
function Connecting() {
  const online = useSyncExternalStore(subscribeToOnline, () => navigator.onLine, () => true);
  return (
    <p className="loading" role="status" data-testid="connecting">
      {online ? t('clinicPage.connecting') : t('clinicPage.offline')}
    </p>
  );
}

function subscribeToOnline(changed: () => void): () => void {
  window.addEventListener('online', changed);
  window.addEventListener('offline', changed);
  return () => {
    window.removeEventListener('online', changed);
    window.removeEventListener('offline', changed);
  };
}

/** The server speaks a newer protocol than this page: only the new app can follow the clinic, and it loads by itself. */
function OutdatedPage() {
  useEffect(loadNewVersionOnce, []);
  return (
    <main className="page narrow" data-testid="outdated">
      <h1>{t('clinicPage.outdated.title')}</h1>
      <p className="lead">{t('clinicPage.outdated.body')}</p>
      <button type="button" className="button primary wide" onClick={() => void loadNewVersion()}>
        {t('clinicPage.outdated.reload')}
      </button>
    </main>
  );
}

/** Once the connection drops, or a clock ping goes unanswered, a clinic's screen may be out of date. */
function ClinicConnectionBadge() {
  const reconnecting = useClinicStore((state) => state.connection === 'reconnecting');
  const stale = useClinicStore((state) => state.stale);
  const showsClinic = useClinicStore((state) => state.membership.kind === 'joined');
  const showing = reconnecting ? 'reconnecting' : stale ? 'waiting' : null;
  return <ConnectionBadge showing={showing && !showsClinic ? `${showing}NotJoined` : showing} />;
}

