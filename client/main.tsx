import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.tsx';
import { registerAppShellWorker } from './appUpdate.ts';
import { unlockAudioOnFirstGesture } from './chime.ts';
import { chosenLanguage, currentLanguage, languageScopeOf, showLanguage, subscribeToLanguage } from './language.ts';
import { sweepOldNotepads } from './notepad.ts';
import './styles.css';
import './joining.css';
import './presenter.css';

unlockAudioOnFirstGesture();
// A coach who never opens a clinic again must not keep its confidential notes on this device for ever.
sweepOldNotepads();
registerAppShellWorker();

// <html lang> follows the language shown: screen readers pronounce by it, and browsers offer to translate by it.
subscribeToLanguage(() => {
  document.documentElement.lang = currentLanguage();
});
// Drawn once the language is there, so a German phone never flashes English first; in English if it cannot load (offline, never cached).
void showLanguage(chosenLanguage(languageScopeOf(window.location.pathname)))
  .catch(() => showLanguage('en'))
  .then(() =>
  createRoot(document.getElementById('root')!).render(
    <StrictMode>
      <App />
    </StrictMode>,
  ),
);
