/**
 * The Seed 2012 view's slice of the lab views' store: the table's rows and
 * the bottom-half curve run as one batch on the worker pool, and loading a
 * row or a point into the simulator. Its pure logic is labSeed.ts.
 */
import type { CycleBreakdown, Metrics } from '../core';
import { breaksDownCycles, SEED_CURVE, SEED_ROWS, seedCurveScenario, seedScenario } from './labSeed';
import { isAbort, runPointsOnPool } from './labWorkers';
import { message, type LabViewContext, type Slice, type SlicePart } from './labSlice';

export interface SeedState {
  running: boolean;
  done: number;
  total: number;
  error: string | null;
  /** Metrics per SEED_ROWS id. */
  results: Record<string, Metrics> | null;
  /** Where the time between interrupts goes, per id of the rows that break it down (QEMU 7.2's table A). */
  cycles: Record<string, CycleBreakdown> | null;
  /** TX frames/s per SEED_CURVE point (the mitigated experiment against the bottom-half delay). */
  curve: number[] | null;
}

export interface SeedActions {
  runSeed(): Promise<void>;
  loadSeedRow(id: string): Promise<void>;
  loadSeedCurvePoint(index: number): Promise<void>;
}

export function createSeedSlice(ctx: LabViewContext, part: SlicePart<SeedState>): Slice<SeedState, SeedActions> {
  const patch = part.patch;
  let abortRun: AbortController | null = null;

  const actions: SeedActions = {
    async runSeed() {
      abortRun?.abort();
      const abort = new AbortController();
      abortRun = abort;
      patch({ running: true, done: 0, total: SEED_ROWS.length + SEED_CURVE.length, error: null });
      try {
        // The table's rows and the curve's points run as one batch on the pool.
        const points = await runPointsOnPool(
          [...SEED_ROWS.map(seedScenario), ...SEED_CURVE.map(seedCurveScenario)],
          [...SEED_ROWS.map(breaksDownCycles), ...SEED_CURVE.map(() => false)],
          { factory: ctx.factory, signal: abort.signal, onProgress: (done, total) => patch({ done, total }) },
        );
        const cycles: Record<string, CycleBreakdown> = {};
        SEED_ROWS.forEach((row, i) => {
          const c = points[i].cycles;
          if (c) cycles[row.id] = c;
        });
        patch({
          running: false,
          results: Object.fromEntries(SEED_ROWS.map((row, i) => [row.id, points[i].metrics])),
          cycles,
          curve: points.slice(SEED_ROWS.length).map((p) => p.metrics.txPps),
        });
      } catch (error) {
        if (!isAbort(error)) patch({ running: false, error: `The seed experiment could not run: ${message(error)}` });
      } finally {
        if (abortRun === abort) abortRun = null;
      }
    },

    async loadSeedRow(id) {
      const row = SEED_ROWS.find((r) => r.id === id);
      if (!row) return;
      ctx.setTab('simulator');
      await ctx.loadIntoSimulator(seedScenario(row));
    },

    async loadSeedCurvePoint(index) {
      const point = SEED_CURVE[index];
      if (!point) return;
      ctx.setTab('simulator');
      await ctx.loadIntoSimulator(seedCurveScenario(point));
    },
  };

  return {
    initial: { running: false, done: 0, total: 0, error: null, results: null, cycles: null, curve: null },
    actions,
    // The first time the view is shown, the experiment runs.
    onShown() {
      const s = part.get();
      if (!s.results && !s.running) void actions.runSeed();
    },
  };
}
