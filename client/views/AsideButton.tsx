import type { ReactNode } from 'react';
import { asideRule } from '../../shared/asides.ts';
import type { Aside, AsidesView } from '../../shared/asidesSchema.ts';
import { sendAside } from '../connection.ts';
import { reasonText } from '../refusalText.ts';
import { releaseFocusAfterPointer } from './releaseFocus.ts';
import type { ClinicView } from './useClinic.ts';

interface AsideButtonProps {
  readonly view: ClinicView;
  readonly asides: AsidesView;
  readonly aside: Aside;
  readonly children: ReactNode;
  readonly variant?: 'primary' | 'secondary' | 'quiet';
  readonly small?: boolean;
  /** For toggles: whether what it stands for is on. */
  readonly pressed?: boolean;
  readonly label?: string;
}

/** A signal, "ready", pass or hand control, enabled by the shared aside rules. */
export function AsideButton({ view, asides, aside, children, variant = 'secondary', small = false, pressed, label }: AsideButtonProps) {
  const refusal = asideRule(view.clinic, asides, view.myId, aside);
  return (
    <button
      type="button"
      className={`button ${variant}${small ? ' small' : ''}`}
      disabled={refusal !== null}
      title={refusal === null ? undefined : reasonText(refusal)}
      aria-pressed={pressed}
      aria-label={label}
      onClick={(event) => {
        releaseFocusAfterPointer(event);
        void sendAside(aside);
      }}
    >
      {children}
    </button>
  );
}
