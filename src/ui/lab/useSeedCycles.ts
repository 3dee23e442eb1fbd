/**
 * The interrupt cycle breakdown of seed rows (QEMU 7.2's table A): each
 * row's scenario runs once more in the lab's workers with its trace on, and
 * cycleBreakdown splits the mean time between interrupts into the window,
 * QEMU's main-loop wake-up, waiting for the guest to unmask, and the rest.
 * The scenarios are fixed presets and the core is deterministic, so the
 * figures are computed once per page.
 */
import { useEffect, useState } from 'react';
import type { CycleBreakdown } from '../../core/cycles';
import { seedScenario, type SeedRow } from '../../state/labSeed';
import { isAbort, poolSize, spawnSweepWorker } from '../../state/labWorkers';
import { runCycleBreakdownsOnWorkers } from '../../sweep/scheduler';

export interface SeedCycles {
  /** Per SEED_ROWS id; null until computed. */
  byRow: Record<string, CycleBreakdown> | null;
  error: string | null;
}

let computed: Record<string, CycleBreakdown> | null = null;

/** The rows' cycle breakdowns, computed when `start` is true (after the seed's own runs, to keep the cores for them). */
export function useSeedCycles(rows: readonly SeedRow[], start: boolean): SeedCycles {
  const [state, setState] = useState<SeedCycles>({ byRow: computed, error: null });
  useEffect(() => {
    if (!start || computed) return;
    const abort = new AbortController();
    runCycleBreakdownsOnWorkers(rows.map(seedScenario), spawnSweepWorker, { size: Math.min(poolSize(), rows.length), signal: abort.signal }).then(
      (list) => {
        computed = Object.fromEntries(rows.map((row, i) => [row.id, list[i]]));
        setState({ byRow: computed, error: null });
      },
      (error: unknown) => {
        if (!isAbort(error)) setState({ byRow: null, error: `The cycle breakdown could not run: ${error instanceof Error ? error.message : String(error)}` });
      },
    );
    return () => abort.abort();
  }, [rows, start]);
  return state;
}
