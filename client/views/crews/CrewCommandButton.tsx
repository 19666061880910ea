import type { ReactNode } from 'react';
import type { CrewCommand, CrewView } from '../../../shared/crewProtocolSchemas.ts';
import { sendCrewCommand } from '../../crewConnection.ts';
import { mayDo } from '../../crewWording.ts';
import { releaseFocusAfterPointer } from '../releaseFocus.ts';

interface CrewCommandButtonProps {
  readonly crew: CrewView;
  readonly me: string;
  readonly at: number;
  readonly command: CrewCommand;
  readonly children: ReactNode;
  readonly variant?: 'primary' | 'secondary' | 'quiet';
  readonly small?: boolean;
}

/** A crew control, shown only where the shared rules let this member send it now. */
export function CrewCommandButton({ crew, me, at, command, children, variant = 'secondary', small = false }: CrewCommandButtonProps) {
  if (!mayDo(crew, me, command, at)) return null;
  return (
    <button
      type="button"
      className={`button ${variant}${small ? ' small' : ''}`}
      onClick={(event) => {
        releaseFocusAfterPointer(event);
        void sendCrewCommand(command);
      }}
    >
      {children}
    </button>
  );
}
