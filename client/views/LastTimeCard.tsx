import { useEffect, useState } from 'react';
import type { ProtocolError } from '../../shared/protocol.ts';
import { canSeal } from '../harvest.ts';
import { dismissLastTime, followLastTime, useLastTimeStore, type RecalledTakeaway } from '../lastTime.ts';
import { refusalText } from '../refusalText.ts';
import { NeedsHttps } from './NeedsHttps.tsx';
import type { ClinicView } from './useClinic.ts';

const weekOf = (takeaway: RecalledTakeaway) => `week ${takeaway.sessionIndex + 1}`;
const pronounFor = (takeaways: readonly RecalledTakeaway[]) => (takeaways.length === 1 ? 'it' : 'them');

/** Where the takeaways this device cannot open were sealed, in words: "week 2", "weeks 2 and 3". */
function weeksOf(takeaways: readonly RecalledTakeaway[]): string {
  const weeks = [...new Set(takeaways.map(weekOf))];
  return weeks.length === 1 ? weeks[0]! : `weeks ${weeks.map((week) => week.slice(5)).join(', ').replace(/, ([^,]*)$/, ' and $1')}`;
}

/**
 * At a crew session's check-in, on this person's own screen only: the takeaways they sealed for
 * themselves after an earlier session. Folded until they open it, as their screen may be shared
 * on the call; dismissing deletes them from the server. Those this device cannot open are named,
 * with where they can be.
 */
export function LastTimeCard({ view }: { readonly view: ClinicView }) {
  const { myId } = view;
  useEffect(() => followLastTime(myId), [myId]);
  const takeaways = useLastTimeStore((state) => state.takeaways);
  const [hidden, setHidden] = useState(false);
  const [refusal, setRefusal] = useState<ProtocolError | null>(null);
  if (!takeaways || takeaways.length === 0 || hidden) return null;

  const readable = takeaways.filter((takeaway) => takeaway.text !== null);
  const sealedElsewhere = takeaways.filter((takeaway) => takeaway.text === null);
  const severalWeeks = new Set(takeaways.map(weekOf)).size > 1;
  const dismiss = async () => setRefusal(await dismissLastTime(myId, readable.map((takeaway) => takeaway.noteId)));

  return (
    <aside className="card last-time" data-testid="last-time" aria-labelledby="last-time-title">
      <p className="eyebrow">Only you see this</p>
      <h2 id="last-time-title">Last time you said…</h2>
      {readable.length > 0 && (
        <details>
          <summary>{readable.length === 1 ? 'Read your takeaway' : `Read your ${readable.length} takeaways`}</summary>
          <ul className="last-time-list" data-testid="last-time-takeaways">
            {readable.map((takeaway) => (
              <li key={takeaway.noteId}>
                {severalWeeks && <span className="last-time-week">After {weekOf(takeaway)}</span>}
                <p className="inbox-text">{takeaway.text}</p>
              </li>
            ))}
          </ul>
          <div className="last-time-actions">
            <button type="button" className="button secondary" onClick={() => void dismiss()}>
              Done: delete {pronounFor(readable)}
            </button>
            <span className="hint">Deletes {pronounFor(readable)} from the server for good.</span>
          </div>
        </details>
      )}
      {sealedElsewhere.length > 0 &&
        (canSeal() ? (
          <p className="hint" data-testid="last-time-elsewhere" role="note">
            {sealedElsewhere.length === 1 ? 'One takeaway' : `${sealedElsewhere.length} takeaways`} from {weeksOf(sealedElsewhere)} can only be opened on a device you
            used in that session. This one holds no key for {pronounFor(sealedElsewhere)}: it was not there, or its browser forgot its keys. Open this
            session on that device to read {pronounFor(sealedElsewhere)}.
          </p>
        ) : (
          <NeedsHttps />
        ))}
      {readable.length === 0 && (
        <button type="button" className="button secondary" onClick={() => setHidden(true)}>
          Hide
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
