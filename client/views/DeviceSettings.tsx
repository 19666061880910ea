import { createPortal } from 'react-dom';
import { unlockAudio } from '../chime.ts';
import { setSoundOn } from '../soundPreference.ts';
import type { WakeLockStatus } from '../wakeLock.ts';
import { MiniTimer } from './MiniTimer.tsx';
import type { ClinicView } from './useClinic.ts';
import { useMiniTimerWindow } from './useMiniTimerWindow.tsx';
import { t, type MessageId } from '../language.ts';

const WAKE_LOCK_NOTE = {
  off: null,
  on: null,
  unsupported: 'device.wakeLock.unsupported',
  refused: 'device.wakeLock.refused',
} as const satisfies Record<WakeLockStatus, MessageId | null>;

function SpeakerIcon({ on }: { readonly on: boolean }) {
  return (
    <svg className="icon" viewBox="0 0 20 20" aria-hidden="true" focusable="false">
      <path d="M3 7.5v5h3.2L10.5 16V4L6.2 7.5z" fill="currentColor" />
      {on ? (
        <path d="M13 7.2a4 4 0 0 1 0 5.6M15.3 4.9a7.2 7.2 0 0 1 0 10.2" fill="none" stroke="currentColor" strokeWidth="1.6" strokeLinecap="round" />
      ) : (
        <path d="M13.2 7.8l4 4.4m0-4.4l-4 4.4" fill="none" stroke="currentColor" strokeWidth="1.6" strokeLinecap="round" />
      )}
    </svg>
  );
}

/** This device's own choices while a clinic runs: sound and a floating timer, and a note if the screen may dim. */
export function DeviceSettings({ view, soundOn, wakeLock }: { readonly view: ClinicView; readonly soundOn: boolean; readonly wakeLock: WakeLockStatus }) {
  const miniTimer = useMiniTimerWindow(view.clinic.clinicId);
  const toggle = () => {
    if (!soundOn) unlockAudio();
    setSoundOn(view.clinic.clinicId, !soundOn);
  };
  return (
    <div className="device-settings">
      <div className="device-buttons">
        {/* A switch, not a button that says what it would do: its name stays "Sound", its knob and icon show which way it is. */}
        <button type="button" role="switch" className="button quiet small sound-switch" aria-checked={soundOn} onClick={toggle}>
          <SpeakerIcon on={soundOn} />
          {t('device.sound')}
          <span className="switch-track" aria-hidden="true">
            <span className="switch-knob" />
          </span>
        </button>
        <button type="button" className="button quiet small mini-timer-button" onClick={() => void miniTimer.open()}>
          {t('device.miniTimer')}
        </button>
      </div>
      {WAKE_LOCK_NOTE[wakeLock] && <p className="hint">{t(WAKE_LOCK_NOTE[wakeLock])}</p>}
      {miniTimer.target && createPortal(<MiniTimer view={view} />, miniTimer.target)}
    </div>
  );
}
