/// <reference types="vite/client" />
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './ui/App';
import { LabProvider } from './ui/labContext';
import { createLab } from './state/lab';
import { startRuntime } from './state/runtime';
import './ui/styles.css';

// `?worksheet#l1.<lesson>` (docs/lessons.md): a lesson's printable worksheet instead of the lab; no worker, no router.
if (new URLSearchParams(location.search).has('worksheet')) {
  document.documentElement.classList.add('worksheet-page');
  // Loaded only here: the lab's bundle keeps the core's checker out (LessonPanel imports it on demand too).
  void import('./ui/worksheet/Worksheet').then(({ WorksheetPage }) =>
    createRoot(document.getElementById('root')!).render(
      <StrictMode>
        <WorksheetPage hash={location.hash} search={location.search} />
      </StrictMode>,
    ),
  );
  // Another lesson or paper in the address: a fresh page.
  window.addEventListener('hashchange', () => location.reload());
} else {
  // The page's lab: one simulator store (its worker, its trace window) and the lab views' store.
  const lab = createLab();
  startRuntime(lab);

  createRoot(document.getElementById('root')!).render(
    <StrictMode>
      <LabProvider lab={lab}>
        <App />
      </LabProvider>
    </StrictMode>,
  );
}
