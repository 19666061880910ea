import { useCallback, useEffect, useState } from 'react';

const MINI_WIDTH = 320;
const MINI_HEIGHT = 220;

interface DocumentPictureInPicture {
  requestWindow(options: { width: number; height: number }): Promise<Window>;
}

declare global {
  interface Window {
    readonly documentPictureInPicture?: DocumentPictureInPicture;
  }
}

/**
 * Opens a small always-on-top window for the timer. Where the browser has Document
 * Picture-in-Picture, the window floats above the call and this page renders into it (the
 * returned element is the portal target); elsewhere a small pop-up window opens the `/mini` page.
 */
export function useMiniTimerWindow(clinicId: string) {
  const [target, setTarget] = useState<HTMLElement | null>(null);

  const open = useCallback(async () => {
    const pip = window.documentPictureInPicture;
    if (!pip) {
      window.open(`/c/${clinicId}/mini`, `case-clinic-mini-${clinicId}`, `popup,width=${MINI_WIDTH},height=${MINI_HEIGHT}`);
      return;
    }
    const floating = await pip.requestWindow({ width: MINI_WIDTH, height: MINI_HEIGHT });
    // The floating window starts empty: give it this page's stylesheets (same origin, so CSP allows them).
    for (const sheet of document.querySelectorAll('link[rel="stylesheet"]')) floating.document.head.append(sheet.cloneNode());
    floating.document.body.className = 'mini-window';
    floating.addEventListener('pagehide', () => setTarget(null));
    setTarget(floating.document.body);
  }, [clinicId]);

  useEffect(() => () => target?.ownerDocument.defaultView?.close(), [target]);

  return { open, target };
}
