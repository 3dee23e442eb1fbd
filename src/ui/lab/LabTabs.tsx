/**
 * The view switcher (Simulator | Compare | Sweep | Seed 2012 | Lessons) and
 * the container of the lab views. The simulator's markup stays mounted: the
 * chosen view is written to <html data-lab-tab>, and styles.css hides the
 * simulator's transport, intro and panels while a lab view is shown.
 */
import { Suspense, lazy, useEffect, useRef, type KeyboardEvent } from 'react';
import { LAB_TABS, type LabTab } from '../../state/labView';
import { useViewStore, useLabView } from '../labContext';
import { COMMANDS } from '../timeline/commands';

// Loaded on first use, so the simulator's first render does not wait for them.
const CompareView = lazy(() => import('./CompareView').then((m) => ({ default: m.CompareView })));
const SweepView = lazy(() => import('./SweepView').then((m) => ({ default: m.SweepView })));
const SeedView = lazy(() => import('./SeedView').then((m) => ({ default: m.SeedView })));

/** Keys the simulator binds on window (App.tsx useKeyboard). */
/** The simulator's keys (the command table's transport and timeline keys). */
const SIMULATOR_KEYS = new Set(COMMANDS.filter((c) => c.scope !== 'cursor').flatMap((c) => c.keys));

export function isLabOnlyTab(tab: LabTab): boolean {
  return tab === 'compare' || tab === 'sweep' || tab === 'seed';
}

export function LabTabs() {
  const viewStore = useViewStore();
  const tab = useLabView((s) => s.tab);
  const refs = useRef<(HTMLButtonElement | null)[]>([]);

  useEffect(() => {
    document.documentElement.dataset.labTab = tab;
    if (!isLabOnlyTab(tab)) return;
    // While a lab view is shown, the simulator's playback keys must not reach it
    // (it is hidden); its listener is on window, so stop them at the document.
    const shield = (e: globalThis.KeyboardEvent) => {
      if (SIMULATOR_KEYS.has(e.key) && !e.ctrlKey && !e.metaKey && !e.altKey) e.stopPropagation();
    };
    document.addEventListener('keydown', shield);
    return () => document.removeEventListener('keydown', shield);
  }, [tab]);

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const i = LAB_TABS.findIndex((t) => t.id === tab);
    let next = -1;
    if (e.key === 'ArrowRight') next = (i + 1) % LAB_TABS.length;
    else if (e.key === 'ArrowLeft') next = (i - 1 + LAB_TABS.length) % LAB_TABS.length;
    else if (e.key === 'Home') next = 0;
    else if (e.key === 'End') next = LAB_TABS.length - 1;
    if (next < 0) return;
    e.preventDefault();
    e.stopPropagation();
    viewStore.getState().setTab(LAB_TABS[next].id);
    refs.current[next]?.focus();
  };

  return (
    <nav className="lab-tabs" aria-label="Views">
      <div role="tablist" aria-label="Views" onKeyDown={onKeyDown}>
        {LAB_TABS.map((t, i) => (
          <button
            key={t.id}
            ref={(el) => {
              refs.current[i] = el;
            }}
            type="button"
            role="tab"
            id={`lab-tab-${t.id}`}
            aria-selected={tab === t.id}
            aria-controls={isLabOnlyTab(t.id) ? `lab-panel-${t.id}` : undefined}
            tabIndex={tab === t.id ? 0 : -1}
            onClick={() => viewStore.getState().setTab(t.id)}
          >
            {t.label}
          </button>
        ))}
      </div>
    </nav>
  );
}

/** The lab view that is shown (nothing for Simulator and Lessons, which use the simulator's panels). */
export function LabViews() {
  const tab = useLabView((s) => s.tab);
  if (!isLabOnlyTab(tab)) return null;
  return (
    <div className="lab-view" role="tabpanel" id={`lab-panel-${tab}`} aria-labelledby={`lab-tab-${tab}`}>
      <Suspense fallback={<p className="lab-loading">Loading the {tab} view…</p>}>
        {tab === 'compare' && <CompareView />}
        {tab === 'sweep' && <SweepView />}
        {tab === 'seed' && <SeedView />}
      </Suspense>
    </div>
  );
}
