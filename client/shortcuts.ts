/**
 * Keyboard shortcuts for the facilitator's common controls. Pure: which command a key means in
 * the clinic's current state, and which keys the focused element keeps; the console lists them
 * and sends what the machine allows.
 */
import type { ClinicState } from '../shared/clinicStateSchema.ts';
import { isInTurnsPhase, nextPosition } from '../shared/clinicSteps.ts';
import type { ClinicCommand, FacilitatorCommand } from '../shared/protocolSchemas.ts';
import { MS_PER_MINUTE } from '../shared/time.ts';
import { t, type MessageId } from './language.ts';

export interface Shortcut {
  /** `KeyboardEvent.key` values that trigger it. */
  readonly keys: readonly string[];
  /** The keys the console's list shows, as they are written on the keyboard (the space bar as ' '). */
  readonly shownKeys: readonly string[];
  /** The one key a button's hint shows, short enough to sit inside it. */
  readonly hint: string;
  /** The keys for `aria-keyshortcuts`, in its syntax. */
  readonly ariaKeys: string;
  /** What it does, as the console's list says it. */
  readonly description: MessageId;
  /** Null where the key does nothing now. */
  readonly command: (state: ClinicState) => ClinicCommand | null;
}

/**
 * Finishing the clinic cannot be undone, so it takes a confirmed click, never a stray key: neither
 * in the last phase nor on the last turn of a last phase in which each coach speaks.
 */
function forward({ progress }: ClinicState): ClinicCommand | null {
  const inTurns = isInTurnsPhase(progress);
  if (nextPosition(progress, inTurns) === null) return null;
  return { type: inTurns ? 'NEXT_SPEAKER' : 'NEXT_PHASE' };
}

export const SHORTCUTS: readonly Shortcut[] = [
  {
    keys: [' '],
    shownKeys: [' '],
    hint: ' ',
    ariaKeys: 'Space',
    description: 'shortcut.pause',
    command: ({ stage }) => ({ type: stage === 'paused' ? 'RESUME' : 'PAUSE' }),
  },
  {
    keys: ['ArrowRight', 'n'],
    shownKeys: ['→', 'N'],
    hint: 'N',
    ariaKeys: 'ArrowRight N',
    description: 'shortcut.forward',
    command: forward,
  },
  { keys: ['ArrowLeft', 'b'], shownKeys: ['←', 'B'], hint: 'B', ariaKeys: 'ArrowLeft B', description: 'shortcut.back', command: () => ({ type: 'BACK' }) },
  { keys: ['s'], shownKeys: ['S'], hint: 'S', ariaKeys: 'S', description: 'shortcut.skip', command: () => ({ type: 'SKIP_SPEAKER' }) },
  { keys: ['+', '='], shownKeys: ['+'], hint: '+', ariaKeys: '+', description: 'shortcut.addMinute', command: () => ({ type: 'ADJUST_TIME', deltaMs: MS_PER_MINUTE }) },
  { keys: ['-'], shownKeys: ['−'], hint: '−', ariaKeys: '-', description: 'shortcut.removeMinute', command: () => ({ type: 'ADJUST_TIME', deltaMs: -MS_PER_MINUTE }) },
];

/** A key as a person reads it: letters and signs as they are, the space bar by its name in the language shown. */
export const keyName = (key: string): string => (key === ' ' ? t('shortcut.spaceKey') : key);

/** How the console's list shows a shortcut's keys: "→ or N", "Space". */
export const shownKeysText = ({ shownKeys }: Shortcut): string => shownKeys.map(keyName).reduce((first, second) => t('shortcut.either', { first, second }));

const sameCommand = (a: FacilitatorCommand, b: FacilitatorCommand) => JSON.stringify(a) === JSON.stringify(b);

/**
 * The shortcut that sends this command now, for the hint on its button: "→ or N" sits on Next
 * speaker where coaches take turns and on Next phase elsewhere. Null where no key sends it.
 */
export function shortcutFor(command: FacilitatorCommand, state: ClinicState): Shortcut | null {
  return SHORTCUTS.find((shortcut) => {
    const sent = shortcut.command(state);
    return sent !== null && sameCommand(sent, command);
  }) ?? null;
}

/** The command a key press means now, or null for keys that are not shortcuts. */
export function shortcutCommand(key: string, state: ClinicState): ClinicCommand | null {
  const shortcut = SHORTCUTS.find((candidate) => candidate.keys.includes(key.length === 1 ? key.toLowerCase() : key));
  return shortcut?.command(state) ?? null;
}

/** Where a key press lands: somewhere text is typed, a control such as a button, or the page. */
export type KeyTarget = 'textEntry' | 'control' | 'page';

/** Elements that take typed text keep every key. */
export const TEXT_ENTRY_SELECTOR = 'input, textarea, select, [contenteditable="true"]';
/** Controls that keep focus after a click; they act on Space and Enter only. */
export const CONTROL_SELECTOR = 'button, a, summary';
const CONTROL_KEYS: readonly string[] = [' ', 'Enter'];

/**
 * Whether the focused element keeps this key for itself. A button stays focused after a click, so
 * it keeps only its own activation keys: every other shortcut keeps working.
 */
export function targetKeepsKey(target: KeyTarget, key: string): boolean {
  if (target === 'textEntry') return true;
  return target === 'control' && CONTROL_KEYS.includes(key);
}
