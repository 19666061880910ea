import { useEffect, useState } from 'react';
import type { ProtocolError } from '../../shared/protocol.ts';
import { canSeal } from '../harvest.ts';
import { dismissLastTime, followLastTime, groupedTakeaways, useLastTimeStore, type RecalledTakeaway } from '../lastTime.ts';
import { refusalText } from '../refusalText.ts';
import { NeedsHttps } from './NeedsHttps.tsx';
import type { ClinicView } from './useClinic.ts';
import { listText, t } from '../language.ts';

const weekOf = (takeaway: RecalledTakeaway) => takeaway.sessionIndex + 1;

/** Where the takeaways this device cannot open were sealed, in words: "week 2", "weeks 2 and 3". */
function weeksOf(takeaways: readonly RecalledTakeaway[]): string {
  const weeks = [...new Set(takeaways.map(weekOf))];
  return t('lastTime.weeks', { count: weeks.length, weeks: listText(weeks.map(String)) });
}

/**
 * At a crew session's check-in, on this person's own screen only: the takeaways they sealed for
 * themselves after an earlier session. Folded until they open it, as their screen may be shared
 * on the call; dismissing deletes them from the server. Those this device cannot open are named,
 * with where they can be, or as damaged if they were sealed for this device.
 */
export function LastTimeCard({ view }: { readonly view: ClinicView }) {
  const { myId } = view;
  useEffect(() => followLastTime(myId), [myId]);
  const takeaways = useLastTimeStore((state) => state.takeaways);
  const [hidden, setHidden] = useState(false);
  const [refusal, setRefusal] = useState<ProtocolError | null>(null);
  if (!takeaways || takeaways.length === 0 || hidden) return null;

  const { readable, sealedElsewhere, wouldNotOpen } = groupedTakeaways(takeaways);
  const severalWeeks = new Set(takeaways.map(weekOf)).size > 1;
  const dismiss = async (these: readonly RecalledTakeaway[]) => setRefusal(await dismissLastTime(myId, these.map((takeaway) => takeaway.noteId)));

  return (
    <aside className="card last-time" data-testid="last-time" aria-labelledby="last-time-title">
      <p className="eyebrow">{t('lastTime.onlyYou')}</p>
      <h2 id="last-time-title">{t('lastTime.title')}</h2>
      {readable.length > 0 && (
        <details>
          <summary>{t('lastTime.read', { count: readable.length })}</summary>
          <ul className="last-time-list" data-testid="last-time-takeaways">
            {readable.map((takeaway) => (
              <li key={takeaway.noteId}>
                {severalWeeks && <span className="last-time-week">{t('lastTime.afterWeek', { week: weekOf(takeaway) })}</span>}
                <p className="inbox-text">{takeaway.text}</p>
              </li>
            ))}
          </ul>
          <div className="last-time-actions">
            <button type="button" className="button secondary" onClick={() => void dismiss(readable)}>
              {t('lastTime.done', { count: readable.length })}
            </button>
            <span className="hint">{t('lastTime.deletes', { count: readable.length })}</span>
          </div>
        </details>
      )}
      {sealedElsewhere.length > 0 &&
        (canSeal() ? (
          <p className="hint" data-testid="last-time-elsewhere" role="note">
            {t('lastTime.elsewhere', { count: sealedElsewhere.length, weeks: weeksOf(sealedElsewhere) })}
          </p>
        ) : (
          <NeedsHttps />
        ))}
      {/* Never readable here, so they would come back at every check-in unless deleted. */}
      {wouldNotOpen.length > 0 && (
        <div className="last-time-actions">
          <p className="hint" data-testid="last-time-would-not-open" role="note">
            {t('lastTime.wouldNotOpen', { count: wouldNotOpen.length, weeks: weeksOf(wouldNotOpen) })}
          </p>
          <button type="button" className="button secondary" onClick={() => void dismiss(wouldNotOpen)}>
            {t('lastTime.deleteDamaged', { count: wouldNotOpen.length })}
          </button>
        </div>
      )}
      {readable.length === 0 && (
        <button type="button" className="button secondary" onClick={() => setHidden(true)}>
          {t('lastTime.hide')}
        </button>
      )}
      {refusal && (
        <p className="error" role="alert">
          {refusalText(refusal)}
        </p>
      )}
    </aside>
  );
}
