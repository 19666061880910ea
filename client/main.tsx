import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.tsx';
import { registerAppShellWorker } from './appUpdate.ts';
import { unlockAudioOnFirstGesture } from './chime.ts';
import { sweepOldNotepads } from './notepad.ts';
import './styles.css';
import './joining.css';
import './presenter.css';

unlockAudioOnFirstGesture();
// A coach who never opens a clinic again must not keep its confidential notes on this device for ever.
sweepOldNotepads();
registerAppShellWorker();

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
