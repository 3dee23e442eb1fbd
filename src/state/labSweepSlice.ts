/**
 * The Sweep view's slice of the lab views' store: the base scenario, the
 * form (which field, which range, how many seeds), the question's bound, the
 * run on the worker pool with its progress, and loading a point into the
 * simulator. Its pure logic is labSweep.ts.
 */
import type { Scenario } from '../core';
import { describeParam, listSweepablePaths, type SweepableField } from '../sweep/paths';
import { planSweep, seededScenarios, sweepResultSeeds, type SweepResult } from '../sweep/sweep';
import { decodeSweepHash } from './labHash';
import { defaultRange, defaultSweepForm, seedsOf, type SweepForm } from './labSweep';
import { isAbort, runMetricsOnPool } from './labWorkers';
import { message, type BaseSource, type LabViewContext, type Slice, type SlicePart } from './labSlice';

export interface SweepState {
  base: Scenario | null;
  baseSource: BaseSource;
  form: SweepForm | null;
  /** The p99 bound of the question "p99 under B at the lowest CPU", us. */
  boundUs: number;
  allowDrops: boolean;
  running: boolean;
  done: number;
  total: number;
  error: string | null;
  warnings: string[];
  result: SweepResult | null;
  field: SweepableField | null;
  /** The scenario of each point of `result`. */
  scenarios: Scenario[];
  /** Seeds each point of `result` ran over. */
  seeds: number;
  /** The form that produced `result` (its link). */
  ran: SweepForm | null;
  /** A sweep link could not be read: shown as an alert. */
  linkError: string | null;
}

export interface SweepActions {
  /** Reads a `#w1.` hash (at start or when pasted): opens the Sweep view on its scenario and form, and runs it. */
  openSweepLink(hash: string): Promise<void>;
  setSweepBase(source: BaseSource): void;
  setSweepForm(patch: Partial<SweepForm>): void;
  setSweepParam(path: string): void;
  setBound(us: number): void;
  setAllowDrops(on: boolean): void;
  runSweep(): Promise<void>;
  cancelSweep(): void;
  loadSweepPoint(index: number): Promise<void>;
}

/** The bound the question in the issue asks about. */
export const DEFAULT_BOUND_US = 50;

export function createSweepSlice(ctx: LabViewContext, part: SlicePart<SweepState>): Slice<SweepState, SweepActions> {
  const { sim, factory } = ctx;
  const patch = part.patch;
  let abortRun: AbortController | null = null;

  /** A sweep of the simulator's scenario, unless one is set up. */
  const ensure = () => {
    if (!part.get().base) {
      const base = sim.getState().scenario;
      patch({ base, baseSource: 'simulator', form: defaultSweepForm(base) });
    }
  };

  const actions: SweepActions = {
    async openSweepLink(hash) {
      ctx.showTab('sweep');
      sim.getState().pause();
      const r = decodeSweepHash(hash);
      if (!r.ok) {
        ensure();
        patch({ linkError: `This sweep link could not be loaded: ${r.error}.`, result: null });
        return;
      }
      const { base, form, boundUs, allowDrops } = r.value;
      patch({ base, baseSource: 'link', form, boundUs, allowDrops, linkError: null, error: null, result: null, warnings: [] });
      await actions.runSweep();
    },

    setSweepBase(source) {
      const base = ctx.baseFrom(source);
      const old = part.get().form;
      const described = old ? describeParam(base, old.param) : null;
      const keep = old && described?.ok && described.value.effective ? old : defaultSweepForm(base);
      patch({ base, baseSource: source, form: keep, error: null, linkError: null, result: null, warnings: [] });
    },

    setSweepForm(p) {
      const form = part.get().form;
      if (form) patch({ form: { ...form, ...p } });
    },

    setSweepParam(path) {
      const base = part.get().base;
      if (!base) return;
      const field = listSweepablePaths(base).find((f) => f.path === path);
      if (field) patch({ form: { param: path, ...defaultRange(field), seeds: part.get().form?.seeds ?? defaultSweepForm(base).seeds }, error: null });
    },

    setBound(us) {
      patch({ boundUs: us });
    },

    setAllowDrops(on) {
      patch({ allowDrops: on });
    },

    async runSweep() {
      const { base, form } = part.get();
      if (!base || !form) return;
      const planned = planSweep(base, form);
      if (!planned.ok) {
        patch({ error: `The sweep cannot run: ${planned.error}` });
        return;
      }
      const plan = planned.value;
      const seeds = seedsOf(form);
      abortRun?.abort();
      const abort = new AbortController();
      abortRun = abort;
      const scenarios = seededScenarios(plan, seeds);
      patch({ running: true, done: 0, total: scenarios.length, error: null, warnings: plan.warnings });
      try {
        const metrics = await runMetricsOnPool(scenarios, { factory, signal: abort.signal, onProgress: (done, total) => patch({ done, total }) });
        const runs = plan.points.map((_, i) => metrics.slice(i * seeds, (i + 1) * seeds));
        patch({ running: false, result: sweepResultSeeds(plan, runs), field: plan.field, scenarios: plan.points.map((p) => p.scenario), seeds, ran: structuredClone(form) });
      } catch (error) {
        if (isAbort(error)) patch({ running: false, error: null });
        else patch({ running: false, error: `The sweep failed: ${message(error)}` });
      } finally {
        if (abortRun === abort) abortRun = null;
      }
    },

    cancelSweep() {
      if (!abortRun) return;
      abortRun.abort();
      abortRun = null;
      const { done, total, warnings } = part.get();
      patch({ running: false, warnings: [...warnings, `Cancelled after ${done} of ${total} runs; the plots show the last finished sweep, if any.`] });
    },

    async loadSweepPoint(index) {
      const scenario = part.get().scenarios[index];
      if (!scenario) return;
      ctx.setTab('simulator');
      await ctx.loadIntoSimulator(scenario);
    },
  };

  return {
    initial: {
      base: null,
      baseSource: 'simulator',
      form: null,
      boundUs: DEFAULT_BOUND_US,
      allowDrops: false,
      running: false,
      done: 0,
      total: 0,
      error: null,
      warnings: [],
      result: null,
      field: null,
      scenarios: [],
      seeds: 1,
      ran: null,
      linkError: null,
    },
    actions,
    onShown: ensure,
  };
}
