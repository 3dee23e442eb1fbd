/**
 * What the lab views' slices share (labView.ts composes them): the tabs,
 * where a view's base scenario came from, and the narrow context a slice is
 * given (the simulator it may load into, the worker pool, the tab). Each
 * slice (labCompareSlice.ts, labSweepSlice.ts, labSeedSlice.ts,
 * labLessonsSlice.ts) owns its part of the state and its actions and sees
 * the rest only through this context.
 */
import type { StoreApi } from 'zustand/vanilla';
import type { Scenario } from '../core';
import type { LabStore } from './store';
import type { LabWorkerFactory } from './labWorkers';

export const LAB_TABS = [
  { id: 'simulator', label: 'Simulator' },
  { id: 'compare', label: 'Compare' },
  { id: 'sweep', label: 'Sweep' },
  { id: 'seed', label: 'Seed 2012' },
  { id: 'lessons', label: 'Lessons' },
] as const;
export type LabTab = (typeof LAB_TABS)[number]['id'];

/** Where a lab view's base scenario came from: the simulator, a preset id, or a link. */
export type BaseSource = 'simulator' | 'link' | `preset:${string}` | `example:${string}`;

export interface LabViewContext {
  /** The simulator this lab's views load scenarios into and read. */
  readonly sim: StoreApi<LabStore>;
  /** The lab's Web Worker pool (sweeps, comparison lanes, the seed table). */
  readonly factory: LabWorkerFactory;
  /** The tab on screen. */
  tab(): LabTab;
  /** Show a tab as its button does (the simulator pauses, the view prepares itself). */
  setTab(tab: LabTab): void;
  /** Show a tab and nothing else (a link opens its view itself). */
  showTab(tab: LabTab): void;
  /** A base scenario: the preset's, or the simulator's. */
  baseFrom(source: BaseSource): Scenario;
  /** Load a scenario into the simulator with a timeline window (default: from 0, at most 200 us). */
  loadIntoSimulator(scenario: Scenario, viewNs?: [number, number]): Promise<void>;
}

/** A slice's own part of the state: read it, and patch it (the rest of the state stays). */
export interface SlicePart<S> {
  get(): S;
  patch(p: Partial<S>): void;
}

/** What a slice gives the composer: its starting state, its actions, and what it does when its tab is shown. */
export interface Slice<S, A> {
  initial: S;
  actions: A;
  onShown?(): void;
}

export function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
