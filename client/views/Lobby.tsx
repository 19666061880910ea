import { standingOf } from '../../shared/clinicView.ts';
import { refusalOf } from '../../shared/commandRules.ts';
import { joinLink } from '../identity.ts';
import { changeLineup, makeCaseGiver } from '../lineupChanges.ts';
import { seatWordsOf } from '../seatWords.ts';
import { CoachAsides } from './CoachAsides.tsx';
import { reasonText } from '../refusalText.ts';
import { ActionFor } from './ActionFor.tsx';
import { CASE_GIVER_HEADING_ID, CoachOrder } from './CoachOrder.tsx';
import { CommandButton, reasonIdOf } from './CommandButton.tsx';
import { CopyField } from './CopyField.tsx';
import { SettingsPanels } from './SettingsPanels.tsx';
import { SignalsPanel } from './SignalsPanel.tsx';
import { PeopleList } from './PeopleList.tsx';
import type { ClinicView } from './useClinic.ts';
import { t } from '../language.ts';
import { clinicTitleText } from '../clinicTitle.ts';

/** This person's part, so nobody has to find themselves in the lists. */
function roleLine(view: ClinicView): string | null {
  if (view.clinic.participants.some((participant) => participant.id === view.myId && participant.screen)) {
    return t('lobby.role.screen');
  }
  const { progress, myId } = view;
  const round = progress.caseGiverIds.indexOf(myId);
  if (round !== -1) return progress.format.rounds === 'one' ? t(seatWordsOf(progress).yourRole) : t('lobby.role.caseInRound', { round: round + 1 });
  const standing = standingOf(progress, myId);
  const hasTurns = progress.plan.some((phase) => phase.floor.kind === 'eachCoach');
  switch (standing.kind) {
    case 'waiting':
      return hasTurns ? t(seatWordsOf(progress).yourTurn, { place: standing.place, turns: standing.of }) : t('lobby.role.coaching');
    case 'listening':
      return t('lobby.role.listening');
    default:
      return null;
  }
}

/** Waiting room: who is here, the case giver and the coaches' order; the facilitator sets them and starts. */
export function Lobby({ view }: { readonly view: ClinicView }) {
  const { clinic, isFacilitator, myId } = view;
  const oneRound = view.progress.format.rounds === 'one';
  const seat = seatWordsOf(view.progress);
  const startRefusal = refusalOf(clinic, myId, { type: 'START' });
  const role = roleLine(view);
  // The button goes once its person is chosen: a keyboard user is taken to who brings the case, not dropped on the page.
  const chooseCaseGiver = async (participantId: string, fromKeyboard: boolean) => {
    const reply = await changeLineup(makeCaseGiver(participantId));
    if (reply?.ok && fromKeyboard) document.getElementById(CASE_GIVER_HEADING_ID)?.focus();
  };

  return (
    <main className="page lobby" data-testid="lobby">
      <p className="eyebrow">{t('lobby.eyebrow', { format: view.progress.format.name })}</p>
      <h1>{clinicTitleText(clinic) ?? view.progress.format.name}</h1>
      <p className="lead">
        {isFacilitator ? (oneRound ? t(seat.lead) : t('lobby.lead.rounds')) : t('lobby.lead.waiting')}
        {role && <strong className="role-line">{role}</strong>}
      </p>
      {isFacilitator ? <SignalsPanel view={view} /> : <CoachAsides view={view} />}

      <div className="lobby-grid">
        <CoachOrder view={view} />
        <section className="card">
          <h2>{t('lobby.whosHere')}</h2>
          <PeopleList
            view={view}
            actions={
              isFacilitator
                ? ({ id: participantId, name }) =>
                    participantId !== view.progress.caseGiverIds[0] &&
                    refusalOf(clinic, myId, { type: 'SET_CASE_GIVER', participantId }) === null && (
                      <button
                        type="button"
                        className="button quiet small"
                        onClick={(event) => void chooseCaseGiver(participantId, event.detail === 0)}
                      >
                        <ActionFor action={oneRound ? t(seat.seatAction) : t('lobby.makeFirstCaseGiver')} name={name} />
                      </button>
                    )
                : undefined
            }
          />
          {isFacilitator && <CopyField label={t('lobby.joinLink')} value={joinLink(window.location.origin, clinic.clinicId)} testId="join-link" hint={t(clinic.crewWeek === null ? 'lobby.joinLinkHint' : 'lobby.joinLinkHintCrew')} />}
        </section>
      </div>

      {isFacilitator && (
        <>
          <div className="start-row">
            <CommandButton view={view} command={{ type: 'START' }} variant="primary">
              {t(seat.startAction)}
            </CommandButton>
            {startRefusal && (
              <p className="hint" id={reasonIdOf(startRefusal)}>
                {reasonText(startRefusal)}
              </p>
            )}
          </div>
          <div className="lobby-grid">
            <SettingsPanels view={view} className="card panel" />
          </div>
        </>
      )}
    </main>
  );
}
