import type { MouseEvent } from 'react';

/**
 * A console button clicked with a mouse or finger hands focus back to the page, so Space then
 * means "pause" rather than pressing that button again (and never confirms an armed "End").
 * A click made from the keyboard (`detail` 0) leaves focus where the keyboard user put it.
 */
export function releaseFocusAfterPointer(event: Pick<MouseEvent<HTMLElement>, 'detail' | 'currentTarget'>): void {
  if (event.detail > 0) event.currentTarget.blur();
}
