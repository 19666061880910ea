import type { ReactNode } from 'react';
import { refusalOf } from '../../shared/commandRules.ts';
import type { FacilitatorCommand } from '../../shared/protocolSchemas.ts';
import { REASONS } from '../../shared/reasons.ts';
import { sendCommand } from '../connection.ts';
import { releaseFocusAfterPointer } from './releaseFocus.ts';
import type { ClinicView } from './useClinic.ts';

interface CommandButtonProps {
  readonly view: ClinicView;
  readonly command: FacilitatorCommand;
  readonly children: ReactNode;
  readonly variant?: 'primary' | 'secondary' | 'quiet';
  readonly ariaLabel?: string;
}

/** A control the shared rules enable; when disabled, its tooltip says why. */
export function CommandButton({ view, command, children, variant = 'secondary', ariaLabel }: CommandButtonProps) {
  const refusal = refusalOf(view.clinic, view.myId, command);
  return (
    <button
      type="button"
      className={`button ${variant}`}
      disabled={refusal !== null}
      title={refusal === null ? undefined : REASONS[refusal].message}
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
