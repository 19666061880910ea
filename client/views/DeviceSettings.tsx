import { createPortal } from 'react-dom';
import { unlockAudio } from '../chime.ts';
import { setSoundOn } from '../soundPreference.ts';
import { useScreenWakeLock } from '../wakeLock.ts';
import { MiniTimer } from './MiniTimer.tsx';
import type { ClinicView } from './useClinic.ts';
import { useMiniTimerWindow } from './useMiniTimerWindow.tsx';

const WAKE_LOCK_NOTE = {
  off: null,
  on: null,
  unsupported: 'This browser may let the screen dim; keep it awake in your settings.',
  refused: 'The screen may dim: the browser declined to keep it awake.',
} as const;

/** This device's own choices while a clinic runs: sound, a screen that stays on, a floating timer. */
export function DeviceSettings({ view, soundOn }: { readonly view: ClinicView; readonly soundOn: boolean }) {
  const wakeLock = useScreenWakeLock(true);
  const miniTimer = useMiniTimerWindow(view.clinic.clinicId);
  const toggle = () => {
    if (!soundOn) unlockAudio();
    setSoundOn(!soundOn);
  };
  return (
    <div className="device-settings">
      <div className="device-buttons">
        <button type="button" className="button quiet small" aria-pressed={soundOn} onClick={toggle}>
          {soundOn ? 'Sound on' : 'Sound off'}
        </button>
        <button type="button" className="button quiet small mini-timer-button" onClick={() => void miniTimer.open()}>
          Mini timer
        </button>
      </div>
      {WAKE_LOCK_NOTE[wakeLock] && <p className="hint">{WAKE_LOCK_NOTE[wakeLock]}</p>}
      {miniTimer.target && createPortal(<MiniTimer view={view} />, miniTimer.target)}
    </div>
  );
}
