import { useEffect, useRef } from 'react';

/**
 * Puts focus on the phase title when the clinic starts and whenever a new phase begins, so a
 * screen reader announces it and the page shows its top after Start; but only where focus was
 * lost (on the page itself, or on a control that vanished), never taking it from a control the
 * person is still using, nor from one they moved it to. Focusing scrolls only on the first screen.
 */
export function useFocusOnNewPhase(roundIndex: number, phaseIndex: number) {
  const titleRef = useRef<HTMLHeadingElement>(null);
  const firstShown = useRef(true);
  useEffect(() => {
    const title = titleRef.current;
    const first = firstShown.current;
    firstShown.current = false;
    if (!title) return;
    const focused = document.activeElement;
    const focusLost = focused === null || focused === document.body || !focused.isConnected;
    if (!first && !focusLost) return;
    title.focus({ preventScroll: !first });
    if (first) window.scrollTo({ top: 0 });
  }, [roundIndex, phaseIndex]);
  return titleRef;
}
