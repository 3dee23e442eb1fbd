/**
 * The lab views' store (zustand): which view is shown (Simulator, Compare,
 * Sweep, Seed 2012, Lessons), composed of one slice per view, each in its
 * own file with its state and actions (labCompareSlice.ts, labSweepSlice.ts,
 * labSeedSlice.ts, labLessonsSlice.ts) and given only the narrow context of
 * labSlice.ts. Runs go to the Web Worker pool (labWorkers.ts); results come
 * back as plain data. The simulator keeps its own store (store.ts); the
 * slices only ask it to load a scenario (a sweep point, a seed row, a
 * lesson) and read its scenario. What the URL says about these views is
 * router.ts's business.
 */
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { Scenario } from '../core';
import type { LabStore } from './store';
import { presetScenario } from './scenarioSource';
import { defaultLabWorkerFactory, type LabWorkerFactory } from './labWorkers';
import type { BaseSource, LabTab, LabViewContext, Slice, SlicePart } from './labSlice';
import { createCompareSlice, type CompareActions, type CompareState } from './labCompareSlice';
import { createSweepSlice, type SweepActions, type SweepState } from './labSweepSlice';
import { createSeedSlice, type SeedActions, type SeedState } from './labSeedSlice';
import { createLessonsSlice, type LessonsActions, type LessonsState } from './labLessonsSlice';

export { LAB_TABS, type BaseSource, type LabTab } from './labSlice';
export type { CompareResult, CompareState } from './labCompareSlice';
export { DEFAULT_BOUND_US, type SweepState } from './labSweepSlice';
export type { SeedState } from './labSeedSlice';
export { currentLesson, pendingQuestion, speedIndexFor, visitSeed, type LessonAnswer } from './labLessonsSlice';

export interface LabViewState extends LessonsState {
  tab: LabTab;
  compare: CompareState;
  sweep: SweepState;
  seed: SeedState;
}

export interface LabViewActions extends CompareActions, SweepActions, SeedActions, LessonsActions {
  setTab(tab: LabTab): void;
}

export type LabViewStore = LabViewState & LabViewActions;

/**
 * The lab views' store for one simulator: it asks `sim` to load a scenario
 * (a sweep point, a seed row, a lesson) and reads its scenario.
 */
export function createLabViewStore(sim: StoreApi<LabStore>, options: { workerFactory?: LabWorkerFactory } = {}): StoreApi<LabViewStore> {
  const factory = options.workerFactory ?? defaultLabWorkerFactory;

  return createStore<LabViewStore>()((set, get) => {
    /** A nested view state (`compare`, `sweep`, `seed`) as a slice's own part. */
    const nested = <K extends 'compare' | 'sweep' | 'seed'>(key: K): SlicePart<LabViewState[K]> => ({
      get: () => get()[key],
      patch: (p) => set({ [key]: { ...get()[key], ...p } } as Partial<LabViewState>),
    });

    const views: Partial<Record<LabTab, Slice<unknown, unknown>>> = {};

    const ctx: LabViewContext = {
      sim,
      factory,
      tab: () => get().tab,
      setTab: (tab) => get().setTab(tab),
      showTab: (tab) => set({ tab }),
      baseFrom(source: BaseSource): Scenario {
        if (source.startsWith('preset:')) return presetScenario(source.slice('preset:'.length));
        return sim.getState().scenario;
      },
      async loadIntoSimulator(scenario, viewNs) {
        await sim.getState().setScenario(scenario, { presetId: null });
        const end = scenario.durationUs * 1000;
        const [t0, t1] = viewNs ?? [0, Math.min(end, 200_000)];
        sim.getState().setView({ t0, t1, follow: t0 === 0 });
      },
    };

    const compare = (views.compare = createCompareSlice(ctx, nested('compare')));
    const sweep = (views.sweep = createSweepSlice(ctx, nested('sweep')));
    const seed = (views.seed = createSeedSlice(ctx, nested('seed')));
    const lessons = (views.lessons = createLessonsSlice(ctx, { get, patch: (p) => set(p) }));

    return {
      tab: 'simulator',
      compare: compare.initial,
      sweep: sweep.initial,
      seed: seed.initial,
      ...lessons.initial,
      ...compare.actions,
      ...sweep.actions,
      ...seed.actions,
      ...lessons.actions,

      setTab(tab) {
        if (tab === get().tab) return;
        // The Simulator and the Lessons run the simulator; the other views stop its clock.
        if (tab !== 'simulator' && tab !== 'lessons') sim.getState().pause();
        set({ tab });
        views[tab]?.onShown?.();
      },
    };
  });
}
