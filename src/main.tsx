/// <reference types="vite/client" />
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './ui/App';
import { LabProvider } from './ui/labContext';
import { createLab } from './state/lab';
import { startRuntime } from './state/runtime';
import './ui/styles.css';

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
