/**
 * How a panel finds its lab: a React context (as xyflow's ReactFlowProvider
 * hands down its store), so the same panel renders against the page's lab,
 * a second simulator beside it, or a test's. Selectors keep re-renders small.
 */
import { createContext, useContext, type ReactNode } from 'react';
import { useStore } from 'zustand';
import type { StoreApi } from 'zustand/vanilla';
import type { Lab } from '../state/lab';
import type { LabStore } from '../state/store';
import type { LabViewStore } from '../state/labView';
import type { TraceWindow } from '../state/traceWindow';

const LabContext = createContext<Lab | null>(null);

export function LabProvider({ lab, children }: { lab: Lab; children: ReactNode }) {
  return <LabContext.Provider value={lab}>{children}</LabContext.Provider>;
}

/** The lab of the nearest LabProvider. */
export function useLabInstance(): Lab {
  const lab = useContext(LabContext);
  if (!lab) throw new Error('a lab panel rendered outside a LabProvider');
  return lab;
}

/** The simulator store, for actions and reads outside render. */
export function useSimStore(): StoreApi<LabStore> {
  return useLabInstance().sim;
}

/** A slice of the simulator's state. */
export function useLab<T>(selector: (s: LabStore) => T): T {
  return useStore(useLabInstance().sim, selector);
}

/** The simulator's trace window (re-render on `traceVersion` to see it change). */
export function useTrace(): TraceWindow {
  return useLabInstance().sim.getState().trace;
}

/** The lab views' store, for actions. */
export function useViewStore(): StoreApi<LabViewStore> {
  return useLabInstance().view;
}

/** A slice of the lab views' state. */
export function useLabView<T>(selector: (s: LabViewStore) => T): T {
  return useStore(useLabInstance().view, selector);
}
