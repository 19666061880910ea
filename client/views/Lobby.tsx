import { standingOf } from '../../shared/clinicView.ts';
import { refusalOf } from '../../shared/commandRules.ts';
import { sendCommand } from '../connection.ts';
import { joinLink } from '../identity.ts';
import { CoachAsides } from './CoachAsides.tsx';
import { reasonText } from '../refusalText.ts';
import { ActionFor } from './ActionFor.tsx';
import { CoachOrder } from './CoachOrder.tsx';
import { CommandButton, reasonIdOf } from './CommandButton.tsx';
import { CopyField } from './CopyField.tsx';
import { SettingsPanels } from './SettingsPanels.tsx';
import { SignalsPanel } from './SignalsPanel.tsx';
import { PeopleList } from './PeopleList.tsx';
import { ordinal } from './liveWording.ts';
import type { ClinicView } from './useClinic.ts';

/** This person's part, so nobody has to find themselves in the lists. */
function roleLine(view: ClinicView): string | null {
  if (view.clinic.participants.some((participant) => participant.id === view.myId && participant.screen)) {
    return 'This screen shows the clinic once it starts.';
  }
  const { progress, myId } = view;
  const round = progress.caseGiverIds.indexOf(myId);
  if (round !== -1) return progress.format.rounds === 'one' ? "You're the case giver." : `You bring a case in round ${round + 1}; you coach in the others.`;
  const standing = standingOf(progress, myId);
  const hasTurns = progress.plan.some((phase) => phase.floor.kind === 'eachCoach');
  switch (standing.kind) {
    case 'waiting':
      return hasTurns ? `You'll take the ${ordinal(standing.place)} of ${standing.of} coach turns.` : "You're coaching.";
    case 'listening':
      return "You're listening, not coaching.";
    default:
      return null;
  }
}

/** Waiting room: who is here, the case giver and the coaches' order; the facilitator sets them and starts. */
export function Lobby({ view }: { readonly view: ClinicView }) {
  const { clinic, isFacilitator, myId } = view;
  const oneRound = view.progress.format.rounds === 'one';
  const startRefusal = refusalOf(clinic, myId, { type: 'START' });
  const role = roleLine(view);

  return (
    <main className="page lobby" data-testid="lobby">
      <p className="eyebrow">Lobby · {view.progress.format.name}</p>
      <h1>{clinic.title ?? view.progress.format.name}</h1>
      <p className="lead">
        {isFacilitator ? (oneRound ? 'Choose the case giver and the order of coaches, then start.' : 'Choose who brings a case, in which order, then start.') : 'Waiting for the facilitator to start.'}
        {role && <strong className="role-line">{role}</strong>}
      </p>
      {isFacilitator ? <SignalsPanel view={view} /> : <CoachAsides view={view} />}

      <div className="lobby-grid">
        <CoachOrder view={view} />
        <section className="card">
          <h2>Who's here</h2>
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
                        onClick={() => void sendCommand({ type: 'SET_CASE_GIVER', participantId })}
                      >
                        <ActionFor action={oneRound ? 'Make case giver' : 'First round'} name={name} />
                      </button>
                    )
                : undefined
            }
          />
          {isFacilitator && <CopyField label="Join link" value={joinLink(window.location.origin, clinic.clinicId)} testId="join-link" hint="Anyone with this link can join." />}
        </section>
      </div>

      {isFacilitator && (
        <>
          <div className="start-row">
            <CommandButton view={view} command={{ type: 'START' }} variant="primary">
              Start clinic
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
