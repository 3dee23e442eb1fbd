/**
 * The Compare view's slice of the lab views' store: the comparison being
 * edited, its run on the worker pool (one lane per configuration), the
 * shared cursor and the time window. Its pure logic is labCompare.ts.
 */
import type { Scenario } from '../core';
import { buildComparison, compareMetrics, comparisonToMarkdown, parseComparisonSpec, type ComparisonSpec, type ComparisonTable } from '../sweep/compare';
import type { LaneData } from '../sweep/lanes';
import { decodeCompareHash } from './labHash';
import { COMPARE_EXAMPLES, defaultComparison, exampleComparison } from './labCompare';
import { isAbort, runLanesOnPool } from './labWorkers';
import { message, type BaseSource, type LabViewContext, type Slice, type SlicePart } from './labSlice';

export interface CompareResult {
  labels: string[];
  scenarios: Scenario[];
  lanes: LaneData[];
  table: ComparisonTable;
  markdown: string;
  /** The comparison that produced it (its link). */
  spec: ComparisonSpec;
}

export interface CompareState {
  spec: ComparisonSpec | null;
  baseSource: BaseSource;
  running: boolean;
  /** The comparison is not valid or its run failed: shown as an alert. */
  error: string | null;
  /** A comparison link could not be read: shown as an alert. */
  linkError: string | null;
  result: CompareResult | null;
  /** The shared cursor, ns (null: none). */
  cursorNs: number | null;
  /** Visible time window, ns. */
  view: { t0: number; t1: number } | null;
}

export interface CompareActions {
  /** Reads a `#c1.` hash (at start or when pasted): opens the Compare view and runs it. */
  openCompareLink(hash: string): Promise<void>;
  setCompareSpec(spec: ComparisonSpec, source?: BaseSource): void;
  compareSimulatorScenario(): void;
  loadCompareExample(id: string): void;
  /** Validates a comparison typed as JSON; true if it was taken. */
  applyCompareJson(text: string): boolean;
  runCompare(): Promise<void>;
  setCursor(ns: number | null): void;
  setCompareView(view: { t0: number; t1: number } | null): void;
  dismissCompareError(): void;
}

export function createCompareSlice(ctx: LabViewContext, part: SlicePart<CompareState>): Slice<CompareState, CompareActions> {
  const { sim, factory } = ctx;
  const patch = part.patch;
  let abortRun: AbortController | null = null;

  /** A first comparison of the simulator's scenario, unless one is being edited. */
  const ensure = () => {
    if (!part.get().spec) patch({ spec: defaultComparison(sim.getState().scenario), baseSource: 'simulator' });
  };

  const actions: CompareActions = {
    async openCompareLink(hash) {
      ctx.showTab('compare');
      sim.getState().pause();
      const r = decodeCompareHash(hash);
      if (!r.ok) {
        ensure();
        patch({ linkError: `This comparison link could not be loaded: ${r.error}.`, result: null });
        return;
      }
      patch({ spec: r.value.spec, baseSource: 'link', linkError: null, error: null, result: null });
      await actions.runCompare();
    },

    setCompareSpec(spec, source) {
      patch({ spec, baseSource: source ?? part.get().baseSource, error: null });
    },

    compareSimulatorScenario() {
      patch({ spec: defaultComparison(sim.getState().scenario), baseSource: 'simulator', error: null, result: null, cursorNs: null, view: null });
    },

    loadCompareExample(id) {
      const example = COMPARE_EXAMPLES.find((e) => e.id === id);
      if (!example) return;
      patch({ spec: exampleComparison(example), baseSource: `example:${id}`, error: null });
      void actions.runCompare();
    },

    applyCompareJson(text) {
      let value: unknown;
      try {
        value = JSON.parse(text);
      } catch (error) {
        patch({ error: `The comparison is not valid JSON: ${message(error)}` });
        return false;
      }
      const parsed = parseComparisonSpec(value);
      if (!parsed.ok) {
        patch({ error: `The comparison is not valid: ${parsed.error}` });
        return false;
      }
      patch({ spec: parsed.value.spec, baseSource: 'link', error: null });
      return true;
    },

    async runCompare() {
      const spec = part.get().spec;
      if (!spec) return;
      const built = buildComparison(spec.base, spec.configs);
      if (!built.ok) {
        patch({ error: `The comparison is not valid: ${built.error}` });
        return;
      }
      abortRun?.abort();
      const abort = new AbortController();
      abortRun = abort;
      patch({ running: true, error: null, linkError: null });
      try {
        const scenarios = built.value.map((c) => c.scenario);
        const lanes = await runLanesOnPool(scenarios, { factory, signal: abort.signal });
        const labels = built.value.map((c) => c.label);
        const table = compareMetrics(labels, lanes.map((l) => l.metrics));
        const endNs = Math.max(...lanes.map((l) => l.durationNs));
        const now = part.get();
        const sameShape = now.result?.lanes[0]?.durationNs === endNs;
        patch({
          running: false,
          result: { labels, scenarios, lanes, table, markdown: comparisonToMarkdown(table), spec: structuredClone(spec) },
          view: sameShape && now.view ? now.view : { t0: 0, t1: endNs },
          cursorNs: sameShape ? now.cursorNs : null,
        });
      } catch (error) {
        if (isAbort(error)) return;
        patch({ running: false, error: `The comparison could not run: ${message(error)}` });
      } finally {
        if (abortRun === abort) abortRun = null;
      }
    },

    setCursor(ns) {
      if (part.get().cursorNs !== ns) patch({ cursorNs: ns });
    },

    setCompareView(view) {
      patch({ view });
    },

    dismissCompareError() {
      patch({ error: null, linkError: null });
    },
  };

  return {
    initial: { spec: null, baseSource: 'simulator', running: false, error: null, linkError: null, result: null, cursorNs: null, view: null },
    actions,
    onShown: ensure,
  };
}
