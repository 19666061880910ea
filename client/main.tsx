import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.tsx';
import { unlockAudioOnFirstGesture } from './chime.ts';
import './styles.css';
import './joining.css';
import './presenter.css';

unlockAudioOnFirstGesture();

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
