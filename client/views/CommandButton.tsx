import type { ReactNode } from 'react';
import { refusalOf } from '../../shared/commandRules.ts';
import type { Ack, CommandResult } from '../../shared/protocol.ts';
import type { FacilitatorCommand } from '../../shared/protocolSchemas.ts';
import type { Reason } from '../../shared/reasons.ts';
import { sendCommand } from '../commandLine.ts';
import { keyName, shortcutFor } from '../shortcuts.ts';
import { releaseFocusAfterPointer } from './releaseFocus.ts';
import type { ClinicView } from './useClinic.ts';

/** Sends a command and resolves with the reply; the console's version also says what it did. */
export type Act = (command: FacilitatorCommand) => Promise<Ack<CommandResult>>;

/** The id of the visible sentence that says why controls are off for this reason. */
export const reasonIdOf = (reason: Reason) => `reason-${reason}`;

interface CommandButtonProps {
  readonly view: ClinicView;
  readonly command: FacilitatorCommand;
  readonly children: ReactNode;
  readonly variant?: 'primary' | 'secondary' | 'quiet';
  readonly act?: Act;
}

/**
 * A control the shared rules enable. It shows the key that presses it now, from the shortcut
 * table; when disabled it is described by the sentence saying why, which its screen shows.
 */
export function CommandButton({ view, command, children, variant = 'secondary', act = sendCommand }: CommandButtonProps) {
  const refusal = refusalOf(view.clinic, view.myId, command);
  const shortcut = shortcutFor(command, view.clinic);
  return (
    <button
      type="button"
      className={`button ${variant}`}
      disabled={refusal !== null}
      aria-describedby={refusal === null ? undefined : reasonIdOf(refusal)}
      aria-keyshortcuts={shortcut?.ariaKeys}
      onClick={(event) => {
        releaseFocusAfterPointer(event);
        void act(command);
      }}
    >
      {children}
      {shortcut && <KeyHint hint={shortcut.hint} />}
    </button>
  );
}

/** The key beside a button's words; screen readers get it from `aria-keyshortcuts` instead. */
export function KeyHint({ hint }: { readonly hint: string }) {
  return (
    <kbd className="key-hint" aria-hidden="true">
      {keyName(hint)}
    </kbd>
  );
}
