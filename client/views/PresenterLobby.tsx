import { plannedStartsOf, timeline } from '../../shared/clinicView.ts';
import { caseGiverOf, roundCount, roundLineup } from '../../shared/lineup.ts';
import { formatOffset, MS_PER_MINUTE } from '../../shared/time.ts';
import { serverNow } from '../clinicStore.ts';
import { joinLink } from '../identity.ts';
import { QrCode } from './QrCode.tsx';
import { durationText } from './timeWording.ts';
import type { ClinicView } from './useClinic.ts';
import { t, type MessageId } from '../language.ts';
import { seatWordsOf } from '../seatWords.ts';
import { clinicTitleText } from '../clinicTitle.ts';

const AGENDA_COLUMNS = ['agenda.from', 'timeline.phase', 'agenda.length'] as const satisfies readonly MessageId[];

/**
 * The shared screen before the start: how to join (a QR code and the link, large enough to read
 * off a shared screen), the agenda with each phase's time, and who is here.
 */
export function PresenterLobby({ view }: { readonly view: ClinicView }) {
  const { clinic, progress } = view;
  const link = joinLink(window.location.origin, clinic.clinicId);
  const entries = timeline(progress, serverNow());
  const rounds = roundCount(progress);
  const totalMs = entries.reduce((sum, entry) => sum + entry.plannedMs, 0);
  const people = clinic.participants.filter((participant) => !participant.screen);
  const startsAt = plannedStartsOf(entries);

  return (
    <main className="presenter-page presenter-lobby" data-testid="presenter-lobby">
      <header className="presenter-heading">
        <p className="eyebrow">{t('presenter.eyebrow', { format: progress.format.name })}</p>
        <h1>{clinicTitleText(clinic) ?? progress.format.name}</h1>
        <p className="presenter-status">{t('presenter.startingSoon')}</p>
      </header>

      <div className="presenter-lobby-grid">
        <section className="presenter-card presenter-join" aria-labelledby="presenter-join-heading">
          <h2 id="presenter-join-heading">{t('presenter.join')}</h2>
          <QrCode text={link} label={t('qr.joinLink')} />
          <p className="presenter-link" data-testid="presenter-join-link">
            {link}
          </p>
        </section>

        <section className="presenter-card presenter-agenda" aria-labelledby="presenter-agenda-heading">
          <h2 id="presenter-agenda-heading">{t('presenter.agenda', { length: durationText(Math.round(totalMs / MS_PER_MINUTE) * MS_PER_MINUTE) })}</h2>
          <table data-testid="presenter-agenda">
            <thead>
              <tr>
                {AGENDA_COLUMNS.map((column) => (
                  <th key={column} scope="col">
                    {t(column)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {rounds > 1 && (
                <tr className="agenda-round">
                  <th scope="rowgroup" colSpan={3}>
                    {roundName(view, 0)}
                  </th>
                </tr>
              )}
              {entries.map(
                (entry, index) =>
                  entry.roundIndex === 0 && (
                    <tr key={entry.phaseIndex}>
                      <td className="agenda-from">{formatOffset(startsAt[index]!)}</td>
                      <th scope="row">{entry.phase.title}</th>
                      <td className="agenda-length">{durationText(entry.plannedMs)}</td>
                    </tr>
                  ),
              )}
              {/* Later rounds repeat the first one's phases: a line each keeps the agenda on one screen. */}
              {Array.from({ length: rounds - 1 }, (_, index) => {
                const roundIndex = index + 1;
                const first = entries.findIndex((entry) => entry.roundIndex === roundIndex);
                const lengthMs = entries.filter((entry) => entry.roundIndex === roundIndex).reduce((sum, entry) => sum + entry.plannedMs, 0);
                return (
                  <tr key={roundIndex} className="agenda-round">
                    <td className="agenda-from">{formatOffset(startsAt[first]!)}</td>
                    <th scope="row">
                      {roundName(view, roundIndex)}
                      <span className="agenda-same">{t('presenter.samePhases')}</span>
                    </th>
                    <td className="agenda-length">{durationText(lengthMs)}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </section>
      </div>

      <section className="presenter-people" aria-labelledby="presenter-people-heading">
        <h2 id="presenter-people-heading">{t('presenter.hereNow')}</h2>
        {people.length === 0 ? (
          <p className="presenter-status">{t('presenter.nobodyYet')}</p>
        ) : (
          <ul data-testid="presenter-people">
            {people.map((participant) => (
              <li key={participant.id} className={participant.online ? undefined : 'offline'}>
                {participant.name}
                {rounds === 1 && caseGiverOf(progress) === participant.id && (
                  <span className="presenter-tag">{t('presenter.tag', { tag: t(seatWordsOf(progress).tag) })}</span>
                )}
                {!participant.online && <span className="presenter-tag">{t('presenter.tag', { tag: t('people.offline') })}</span>}
              </li>
            ))}
          </ul>
        )}
      </section>
    </main>
  );
}

/** "Round 2: Gia's case", or "Round 2" while nobody brings its case yet. */
function roundName({ progress, nameOf }: ClinicView, roundIndex: number): string {
  const caseGiverId = roundLineup(progress, roundIndex).caseGiverId;
  return caseGiverId ? t('presenter.roundOf', { round: roundIndex + 1, name: nameOf(caseGiverId) }) : t('presenter.round', { round: roundIndex + 1 });
}
