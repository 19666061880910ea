import { useCallback, useState } from 'react';
import { refusalOf } from '../../shared/commandRules.ts';
import type { FacilitatorCommand } from '../../shared/protocolSchemas.ts';
import { useClinicStore } from '../clinicStore.ts';
import { sendCommand } from '../commandLine.ts';
import { shownClinic, t } from '../language.ts';
import { shortcutFor } from '../shortcuts.ts';
import { KeyHint, type Act } from './CommandButton.tsx';
import { feedbackOf, type CommandFeedback } from './commandFeedback.ts';
import { releaseFocusAfterPointer } from './releaseFocus.ts';
import type { ClinicView } from './useClinic.ts';

interface LastMove {
  readonly feedback: CommandFeedback;
  /** The revision the move led to: once the clinic is past it, the line would be about old news. */
  readonly revision: number;
}

/**
 * Sends the console's commands (buttons, keys and Undo alike) and remembers what the last one
 * did. The state it led to is already in the store when the answer comes: `sendCommand` resolves
 * once the state its answer names is shown.
 */
export function useCommandFeedback(view: ClinicView): { readonly act: Act; readonly lastMove: LastMove | null } {
  const [lastMove, setLastMove] = useState<LastMove | null>(null);
  const { nameOf } = view;
  const act = useCallback(
    async (command: FacilitatorCommand) => {
      const before = useClinicStore.getState().clinic;
      const reply = await sendCommand(command);
      const after = useClinicStore.getState().clinic;
      if (!reply.ok || !before || after?.revision !== reply.data.revision) return reply;
      const feedback = feedbackOf(command, shownClinic(before), shownClinic(after), nameOf);
      setLastMove(feedback && { feedback, revision: reply.data.revision });
      return reply;
    },
    [nameOf],
  );
  return { act, lastMove };
}

/** "Skipped Blair — Undo (B)": what the last move did, while nothing else has happened since. */
export function FeedbackLine({ view, lastMove, act }: { readonly view: ClinicView; readonly lastMove: LastMove | null; readonly act: Act }) {
  const current = lastMove !== null && lastMove.revision === view.clinic.revision ? lastMove.feedback : null;
  const undo = current?.undo && refusalOf(view.clinic, view.myId, current.undo) === null ? current.undo : null;
  const undoKey = undo && shortcutFor(undo, view.clinic);
  return (
    // Always in the page, so screen readers announce each new line.
    <div className="feedback-line" data-testid="feedback" role="status">
      {current && (
        <>
          <span>{current.text}</span>
          {undo && (
            <>
              <span aria-hidden="true">—</span>
              <button
                type="button"
                className="button quiet small"
                aria-keyshortcuts={undoKey?.ariaKeys}
                onClick={(event) => {
                  releaseFocusAfterPointer(event);
                  void act(undo);
                }}
              >
                {t('feedback.undo')}
                {undoKey && <KeyHint hint={undoKey.hint} />}
              </button>
            </>
          )}
        </>
      )}
    </div>
  );
}
