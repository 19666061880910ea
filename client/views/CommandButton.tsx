import type { ReactNode } from 'react';
import type { ClinicCommand } from '../../shared/clinicMachine.ts';
import { refusalOf } from '../../shared/clinicView.ts';
import { serverNow } from '../clinicStore.ts';
import { sendCommand } from '../connection.ts';
import { releaseFocusAfterPointer } from './releaseFocus.ts';
import type { ClinicView } from './useClinic.ts';

interface CommandButtonProps {
  readonly view: ClinicView;
  readonly command: ClinicCommand;
  readonly children: ReactNode;
  readonly variant?: 'primary' | 'secondary' | 'quiet';
  readonly ariaLabel?: string;
}

/** A control the shared machine enables; when disabled, its tooltip says why. */
export function CommandButton({ view, command, children, variant = 'secondary', ariaLabel }: CommandButtonProps) {
  const refusal = refusalOf(view.snapshot, command, serverNow());
  return (
    <button
      type="button"
      className={`button ${variant}`}
      disabled={refusal !== null}
      title={refusal ?? undefined}
      aria-label={ariaLabel}
      onClick={(event) => {
        releaseFocusAfterPointer(event);
        void sendCommand(command);
      }}
    >
      {children}
    </button>
  );
}
