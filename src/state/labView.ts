/**
 * The lab views' store (zustand): which view is shown (Simulator, Compare,
 * Sweep, Seed 2012, Lessons) and the state of each lab view. Runs go to the
 * Web Worker pool (labWorkers.ts); results come back as plain data. The
 * simulator keeps its own store (store.ts); this one only asks it to load a
 * scenario (a sweep point, a seed row, a lesson) and reads its scenario.
 * What the URL says about these views is router.ts's business.
 */
import { createStore, type StoreApi } from 'zustand/vanilla';
import { type Scenario, type Metrics, type CycleBreakdown } from '../core';
import { buildComparison, compareMetrics, comparisonToMarkdown, parseComparisonSpec, type ComparisonSpec, type ComparisonTable } from '../sweep/compare';
import { describeParam, listSweepablePaths, type SweepableField } from '../sweep/paths';
import { planSweep, seededScenarios, sweepResultSeeds, type SweepResult } from '../sweep/sweep';
import { guessProblem, lessonPlayback, lessonScenario, type Lesson } from '../scenario/lessons';
import { decodeLessonHash } from '../scenario/lessonLink';
import type { DrawnAnswer } from '../scenario/lessonCheck';
import { LESSONS } from '../content/lessons';
import { SPEEDS_NS_PER_S } from './speed';
import type { LaneData } from '../sweep/lanes';
import type { LabStore } from './store';
import { presetScenario } from './scenarioSource';
import { decodeCompareHash, decodeSweepHash } from './labHash';
import { COMPARE_EXAMPLES, defaultComparison, exampleComparison } from './labCompare';
import { defaultRange, defaultSweepForm, seedsOf, type SweepForm } from './labSweep';
import { breaksDownCycles, SEED_CURVE, SEED_ROWS, seedCurveScenario, seedScenario } from './labSeed';
import { defaultLabWorkerFactory, isAbort, runLanesOnPool, runMetricsOnPool, runPointsOnPool, type LabWorkerFactory } from './labWorkers';

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

export interface LabViewState {
  tab: LabTab;
  compare: CompareState;
  sweep: SweepState;
  seed: SeedState;
  lessonIndex: number;
  /** The lesson (and variant) last loaded into the simulator, and its scenario's name. */
  lessonLoaded: { id: string; variant?: string; name: string } | null;
  /** A teacher's own lesson (from the editor or a link), shown instead of the built-in one. */
  lessonCustom: Lesson | null;
  /** The narration step shown as current (from 0). */
  lessonStep: number;
  /** The class's guesses and which questions were revealed, by step. */
  lessonAnswers: Record<number, LessonAnswer>;
  /** An instant question is waiting for a click on the timeline. */
  lessonPicking: boolean;
  /** The last guess refused (before the pause, after the run's end), in one plain line, for the question at `step`. */
  lessonGuessError: { step: number; text: string } | null;
  /** A lesson link could not be opened: shown as an alert in the lesson panel. */
  lessonLinkError: string | null;
  /** This visit's seed for drawn questions (each student gets their own values; "New numbers" draws another). */
  lessonSeed: number;
  /** Drawn questions' values and answers (a run of the core), by step, for the lesson on screen. */
  lessonDrawn: Record<number, DrawnAnswer>;
}

/**
 * A seed for this visit's drawn questions. Not the core: the UI state may
 * take it from the browser's random source; everything after it is seeded.
 */
export function visitSeed(search = (globalThis as { location?: { search?: string } }).location?.search ?? ''): number {
  // `?seed=N` (0..4294967295) gives a chosen seed: a teacher reproduces a student's numbers from their score.
  const chosen = new URLSearchParams(search).get('seed');
  if (chosen !== null && /^\d{1,10}$/.test(chosen) && Number(chosen) <= 0xffffffff) return Number(chosen);
  const c = (globalThis as { crypto?: { getRandomValues?: (a: Uint32Array) => Uint32Array } }).crypto;
  return c?.getRandomValues ? c.getRandomValues(new Uint32Array(1))[0] : 1;
}

export interface LessonAnswer {
  guess: number | string | null;
  revealed: boolean;
}

/** The lesson on screen: the teacher's own, or the built-in one at the index. */
export function currentLesson(s: Pick<LabViewState, 'lessonCustom' | 'lessonIndex'>): Lesson {
  return s.lessonCustom ?? LESSONS[s.lessonIndex];
}

/** The first question the class has not had revealed (in step order), if any. */
export function pendingQuestion(s: LabViewState) {
  const l = currentLesson(s);
  return [...(l.questions ?? [])].sort((a, b) => a.step - b.step).find((q) => !s.lessonAnswers[q.step]?.revealed);
}

/** The speed slider's step nearest to a speed in ns per real second. */
export function speedIndexFor(nsPerSec: number): number {
  let best = 0;
  SPEEDS_NS_PER_S.forEach((v, i) => {
    if (Math.abs(Math.log(v / nsPerSec)) < Math.abs(Math.log(SPEEDS_NS_PER_S[best] / nsPerSec))) best = i;
  });
  return best;
}

export interface LabViewActions {
  setTab(tab: LabTab): void;
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

  runSeed(): Promise<void>;
  loadSeedRow(id: string): Promise<void>;
  loadSeedCurvePoint(index: number): Promise<void>;

  setLessonIndex(index: number): void;
  /** Shows the built-in lesson at `index` and loads it into the simulator (Previous / Next). */
  goToLesson(index: number): Promise<void>;
  /** Loads the lesson on screen (or a variant) with its playback: speed, window, follow, start. */
  loadLesson(variant?: string): Promise<void>;
  setLessonStep(step: number): void;
  /**
   * Records the class's guess for the question at `step` (null: none). A
   * guess the question cannot have as its answer (guessProblem: an instant
   * before the pause or after the run's end) is refused: no guess is kept,
   * and the reason is returned and shown.
   */
  setLessonGuess(step: number, guess: number | string | null): string | null;
  setLessonPicking(on: boolean): void;
  /** Reveals the answer of the question at `step` and plays on (a drawn question's answer is not on the timeline: it stays paused). */
  revealLesson(step: number): void;
  /** Records a drawn question's values and computed answer. */
  setLessonDrawn(step: number, drawn: DrawnAnswer): void;
  /** Draws new numbers: a new seed, and the drawn questions not yet revealed forget their guesses. */
  newLessonSeed(seed?: number): void;
  /** Shows a teacher's lesson (null: back to the built-in ones) and loads it. */
  useCustomLesson(l: Lesson | null): Promise<void>;
  /** Reads a `#l1.` / `#lx1.` hash: opens the Lessons tab at the lesson's step and loads it. */
  openLessonLink(hash: string): Promise<void>;
  /** Runs the loaded lesson to its end and shows the lesson's timeline window (not following the clock). */
  runLessonToEnd(): void;
}

export type LabViewStore = LabViewState & LabViewActions;

/** The bound the question in the issue asks about. */
export const DEFAULT_BOUND_US = 50;

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * The lab views' store for one simulator: it asks `sim` to load a scenario
 * (a sweep point, a seed row, a lesson) and reads its scenario.
 */
export function createLabViewStore(sim: StoreApi<LabStore>, options: { workerFactory?: LabWorkerFactory } = {}): StoreApi<LabViewStore> {
  const factory = options.workerFactory ?? defaultLabWorkerFactory;
  function baseFrom(source: BaseSource): Scenario {
    if (source.startsWith('preset:')) return presetScenario(source.slice('preset:'.length));
    return sim.getState().scenario;
  }

  async function loadIntoSimulator(scenario: Scenario, viewNs?: [number, number]): Promise<void> {
    await sim.getState().setScenario(scenario, { presetId: null });
    const end = scenario.durationUs * 1000;
    const [t0, t1] = viewNs ?? [0, Math.min(end, 200_000)];
    sim.getState().setView({ t0, t1, follow: t0 === 0 });
  }

  let compareAbort: AbortController | null = null;
  let sweepAbort: AbortController | null = null;
  let seedAbort: AbortController | null = null;

  const store = createStore<LabViewStore>()((set, get) => {
    const patchCompare = (p: Partial<CompareState>) => set({ compare: { ...get().compare, ...p } });
    const patchSweep = (p: Partial<SweepState>) => set({ sweep: { ...get().sweep, ...p } });
    const patchSeed = (p: Partial<SeedState>) => set({ seed: { ...get().seed, ...p } });

    const ensureCompare = () => {
      if (!get().compare.spec) patchCompare({ spec: defaultComparison(sim.getState().scenario), baseSource: 'simulator' });
    };

    const ensureSweep = () => {
      if (!get().sweep.base) {
        const base = sim.getState().scenario;
        patchSweep({ base, baseSource: 'simulator', form: defaultSweepForm(base) });
      }
    };

    return {
      tab: 'simulator',
      compare: { spec: null, baseSource: 'simulator', running: false, error: null, linkError: null, result: null, cursorNs: null, view: null },
      sweep: {
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
      seed: { running: false, done: 0, total: 0, error: null, results: null, cycles: null, curve: null },
      lessonIndex: 0,
      lessonLoaded: null,
      lessonCustom: null,
      lessonStep: 0,
      lessonAnswers: {},
      lessonPicking: false,
      lessonGuessError: null,
      lessonLinkError: null,
      lessonSeed: visitSeed(),
      lessonDrawn: {},

      setTab(tab) {
        const prev = get().tab;
        if (tab === prev) return;
        if (tab !== 'simulator' && tab !== 'lessons') sim.getState().pause();
        set({ tab });
        if (tab === 'compare') ensureCompare();
        if (tab === 'sweep') ensureSweep();
        if (tab === 'seed' && !get().seed.results && !get().seed.running) void get().runSeed();
      },

      async openCompareLink(hash) {
        set({ tab: 'compare' });
        sim.getState().pause();
        const r = decodeCompareHash(hash);
        if (!r.ok) {
          ensureCompare();
          patchCompare({ linkError: `This comparison link could not be loaded: ${r.error}.`, result: null });
          return;
        }
        patchCompare({ spec: r.value.spec, baseSource: 'link', linkError: null, error: null, result: null });
        await get().runCompare();
      },

      setCompareSpec(spec, source) {
        patchCompare({ spec, baseSource: source ?? get().compare.baseSource, error: null });
      },

      compareSimulatorScenario() {
        patchCompare({ spec: defaultComparison(sim.getState().scenario), baseSource: 'simulator', error: null, result: null, cursorNs: null, view: null });
      },

      loadCompareExample(id) {
        const example = COMPARE_EXAMPLES.find((e) => e.id === id);
        if (!example) return;
        patchCompare({ spec: exampleComparison(example), baseSource: `example:${id}`, error: null });
        void get().runCompare();
      },

      applyCompareJson(text) {
        let value: unknown;
        try {
          value = JSON.parse(text);
        } catch (error) {
          patchCompare({ error: `The comparison is not valid JSON: ${message(error)}` });
          return false;
        }
        const parsed = parseComparisonSpec(value);
        if (!parsed.ok) {
          patchCompare({ error: `The comparison is not valid: ${parsed.error}` });
          return false;
        }
        patchCompare({ spec: parsed.value.spec, baseSource: 'link', error: null });
        return true;
      },

      async runCompare() {
        const spec = get().compare.spec;
        if (!spec) return;
        const built = buildComparison(spec.base, spec.configs);
        if (!built.ok) {
          patchCompare({ error: `The comparison is not valid: ${built.error}` });
          return;
        }
        compareAbort?.abort();
        const abort = new AbortController();
        compareAbort = abort;
        patchCompare({ running: true, error: null, linkError: null });
        try {
          const scenarios = built.value.map((c) => c.scenario);
          const lanes = await runLanesOnPool(scenarios, { factory, signal: abort.signal });
          const labels = built.value.map((c) => c.label);
          const table = compareMetrics(labels, lanes.map((l) => l.metrics));
          const endNs = Math.max(...lanes.map((l) => l.durationNs));
          const sameShape = get().compare.result?.lanes[0]?.durationNs === endNs;
          patchCompare({
            running: false,
            result: { labels, scenarios, lanes, table, markdown: comparisonToMarkdown(table), spec: structuredClone(spec) },
            view: sameShape && get().compare.view ? get().compare.view : { t0: 0, t1: endNs },
            cursorNs: sameShape ? get().compare.cursorNs : null,
          });
        } catch (error) {
          if (isAbort(error)) return;
          patchCompare({ running: false, error: `The comparison could not run: ${message(error)}` });
        } finally {
          if (compareAbort === abort) compareAbort = null;
        }
      },

      setCursor(ns) {
        if (get().compare.cursorNs !== ns) patchCompare({ cursorNs: ns });
      },

      setCompareView(view) {
        patchCompare({ view });
      },

      dismissCompareError() {
        patchCompare({ error: null, linkError: null });
      },

      async openSweepLink(hash) {
        set({ tab: 'sweep' });
        sim.getState().pause();
        const r = decodeSweepHash(hash);
        if (!r.ok) {
          ensureSweep();
          patchSweep({ linkError: `This sweep link could not be loaded: ${r.error}.`, result: null });
          return;
        }
        const { base, form, boundUs, allowDrops } = r.value;
        patchSweep({ base, baseSource: 'link', form, boundUs, allowDrops, linkError: null, error: null, result: null, warnings: [] });
        await get().runSweep();
      },

      setSweepBase(source) {
        const base = baseFrom(source);
        const old = get().sweep.form;
        const described = old ? describeParam(base, old.param) : null;
        const keep = old && described?.ok && described.value.effective ? old : defaultSweepForm(base);
        patchSweep({ base, baseSource: source, form: keep, error: null, linkError: null, result: null, warnings: [] });
      },

      setSweepForm(patch) {
        const form = get().sweep.form;
        if (form) patchSweep({ form: { ...form, ...patch } });
      },

      setSweepParam(path) {
        const base = get().sweep.base;
        if (!base) return;
        const field = listSweepablePaths(base).find((f) => f.path === path);
        if (field) patchSweep({ form: { param: path, ...defaultRange(field), seeds: get().sweep.form?.seeds ?? defaultSweepForm(base).seeds }, error: null });
      },

      setBound(us) {
        patchSweep({ boundUs: us });
      },

      setAllowDrops(on) {
        patchSweep({ allowDrops: on });
      },

      async runSweep() {
        const { base, form } = get().sweep;
        if (!base || !form) return;
        const planned = planSweep(base, form);
        if (!planned.ok) {
          patchSweep({ error: `The sweep cannot run: ${planned.error}` });
          return;
        }
        const plan = planned.value;
        const seeds = seedsOf(form);
        sweepAbort?.abort();
        const abort = new AbortController();
        sweepAbort = abort;
        const scenarios = seededScenarios(plan, seeds);
        patchSweep({ running: true, done: 0, total: scenarios.length, error: null, warnings: plan.warnings });
        try {
          const metrics = await runMetricsOnPool(scenarios, { factory, signal: abort.signal, onProgress: (done, total) => patchSweep({ done, total }) });
          const runs = plan.points.map((_, i) => metrics.slice(i * seeds, (i + 1) * seeds));
          patchSweep({ running: false, result: sweepResultSeeds(plan, runs), field: plan.field, scenarios: plan.points.map((p) => p.scenario), seeds, ran: structuredClone(form) });
        } catch (error) {
          if (isAbort(error)) patchSweep({ running: false, error: null });
          else patchSweep({ running: false, error: `The sweep failed: ${message(error)}` });
        } finally {
          if (sweepAbort === abort) sweepAbort = null;
        }
      },

      cancelSweep() {
        if (!sweepAbort) return;
        sweepAbort.abort();
        sweepAbort = null;
        const { done, total, warnings } = get().sweep;
        patchSweep({ running: false, warnings: [...warnings, `Cancelled after ${done} of ${total} runs; the plots show the last finished sweep, if any.`] });
      },

      async loadSweepPoint(index) {
        const scenario = get().sweep.scenarios[index];
        if (!scenario) return;
        get().setTab('simulator');
        await loadIntoSimulator(scenario);
      },

      async runSeed() {
        seedAbort?.abort();
        const abort = new AbortController();
        seedAbort = abort;
        patchSeed({ running: true, done: 0, total: SEED_ROWS.length + SEED_CURVE.length, error: null });
        try {
          // The table's rows and the curve's points run as one batch on the pool.
          const points = await runPointsOnPool(
            [...SEED_ROWS.map(seedScenario), ...SEED_CURVE.map(seedCurveScenario)],
            [...SEED_ROWS.map(breaksDownCycles), ...SEED_CURVE.map(() => false)],
            { factory, signal: abort.signal, onProgress: (done, total) => patchSeed({ done, total }) },
          );
          const cycles: Record<string, CycleBreakdown> = {};
          SEED_ROWS.forEach((row, i) => {
            const c = points[i].cycles;
            if (c) cycles[row.id] = c;
          });
          patchSeed({
            running: false,
            results: Object.fromEntries(SEED_ROWS.map((row, i) => [row.id, points[i].metrics])),
            cycles,
            curve: points.slice(SEED_ROWS.length).map((p) => p.metrics.txPps),
          });
        } catch (error) {
          if (!isAbort(error)) patchSeed({ running: false, error: `The seed experiment could not run: ${message(error)}` });
        } finally {
          if (seedAbort === abort) seedAbort = null;
        }
      },

      async loadSeedRow(id) {
        const row = SEED_ROWS.find((r) => r.id === id);
        if (!row) return;
        get().setTab('simulator');
        await loadIntoSimulator(seedScenario(row));
      },

      async loadSeedCurvePoint(index) {
        const point = SEED_CURVE[index];
        if (!point) return;
        get().setTab('simulator');
        await loadIntoSimulator(seedCurveScenario(point));
      },

      setLessonIndex(index) {
        set({ lessonIndex: Math.max(0, Math.min(LESSONS.length - 1, index)), lessonCustom: null, lessonStep: 0, lessonAnswers: {}, lessonPicking: false, lessonGuessError: null, lessonDrawn: {} });
      },

      async goToLesson(index) {
        get().setLessonIndex(index);
        await get().loadLesson();
      },

      async loadLesson(variant) {
        const l = currentLesson(get());
        const r = lessonScenario(l, variant);
        if (!r.ok) return;
        set({ lessonLoaded: { id: l.id, variant, name: r.value.name }, lessonAnswers: {}, lessonPicking: false, lessonGuessError: null, lessonStep: 0, lessonLinkError: null });
        const p = lessonPlayback(l, r.value.durationUs);
        await loadIntoSimulator(r.value, [p.viewUs[0] * 1000, p.viewUs[1] * 1000]);
        const s = sim.getState();
        s.setSpeedIndex(speedIndexFor(p.speedNsPerSec));
        s.setView({ t0: p.viewUs[0] * 1000, t1: p.viewUs[1] * 1000, follow: p.follow });
        s.setFollowOnPlay(p.follow);
        if (p.startUs) s.seek(p.startUs * 1000);
      },

      setLessonStep(step) {
        const l = currentLesson(get());
        set({ lessonStep: Math.max(0, Math.min(l.narration.length - 1, step)) });
      },

      setLessonGuess(step, guess) {
        const prev = get().lessonAnswers[step] ?? { guess: null, revealed: false };
        if (prev.revealed) return null;
        const l = currentLesson(get());
        const q = l.questions?.find((x) => x.step === step);
        const scenario = lessonScenario(l);
        const problem = q && guess !== null && scenario.ok ? guessProblem(q, guess, scenario.value.durationUs) : null;
        if (problem) {
          // Refused, not judged: the class picks again (the timeline stays in picking mode).
          set({ lessonAnswers: { ...get().lessonAnswers, [step]: { ...prev, guess: null } }, lessonGuessError: { step, text: problem } });
          return problem;
        }
        set({ lessonAnswers: { ...get().lessonAnswers, [step]: { ...prev, guess } }, lessonPicking: false, lessonGuessError: null });
        return null;
      },

      setLessonPicking(on) {
        set({ lessonPicking: on });
      },

      revealLesson(step) {
        const prev = get().lessonAnswers[step] ?? { guess: null, revealed: false };
        set({ lessonAnswers: { ...get().lessonAnswers, [step]: { ...prev, revealed: true } }, lessonStep: step, lessonPicking: false, lessonGuessError: null });
        // Plays on, so the class sees the answer happen (a drawn question's case is not the one on the timeline).
        const q = currentLesson(get()).questions?.find((x) => x.step === step);
        if (get().lessonLoaded && !q?.params) sim.getState().play();
      },

      setLessonDrawn(step, drawn) {
        set({ lessonDrawn: { ...get().lessonDrawn, [step]: drawn } });
      },

      newLessonSeed(seed) {
        const l = currentLesson(get());
        const answers = { ...get().lessonAnswers };
        for (const q of l.questions ?? []) if (q.params && !answers[q.step]?.revealed) delete answers[q.step];
        set({ lessonSeed: seed ?? visitSeed(), lessonDrawn: {}, lessonAnswers: answers });
      },

      async useCustomLesson(l) {
        set({ lessonCustom: l, lessonStep: 0, lessonAnswers: {}, lessonPicking: false, lessonGuessError: null, lessonDrawn: {} });
        await get().loadLesson();
      },

      async openLessonLink(hash) {
        set({ tab: 'lessons' });
        const r = decodeLessonHash(hash);
        if (!r.ok) {
          set({ lessonLinkError: `This lesson link could not be opened: ${r.error}.` });
          return;
        }
        if (r.value.lesson) set({ lessonCustom: r.value.lesson, lessonDrawn: {} });
        else set({ lessonCustom: null, lessonIndex: r.value.builtin, lessonDrawn: {} });
        await get().loadLesson();
        // Opening at a step: the questions before it count as answered.
        const step = r.value.step;
        const answers: Record<number, LessonAnswer> = {};
        for (const q of currentLesson(get()).questions ?? []) if (q.step < step) answers[q.step] = { guess: null, revealed: true };
        set({ lessonStep: step, lessonAnswers: answers });
      },

      runLessonToEnd() {
        const l = currentLesson(get());
        const s = sim.getState();
        const end = s.scenario.durationUs * 1000;
        const p = lessonPlayback(l, s.scenario.durationUs);
        s.setView({ t0: p.viewUs[0] * 1000, t1: p.viewUs[1] * 1000, follow: false });
        s.seek(end);
        // Running to the end reveals nothing: the questions stay for the class.
      },
    };
  });

  // A lesson's clock stops where the class is asked to predict (a lesson
  // whose window stays put tells the simulator with setFollowOnPlay).
  sim.subscribe((st, prev) => {
    const v = store.getState();
    if (v.tab !== 'lessons' || !v.lessonLoaded || st.scenario.name !== v.lessonLoaded.name) return;
    const now = st.frame?.nowNs ?? 0;
    const before = prev.frame?.nowNs ?? 0;
    if (!st.playing || now === before) return;
    const q = pendingQuestion(v);
    // A drawn question is about the student's own case, not the run on screen: the clock does not stop for it.
    if (!q || q.params) return;
    const at = q.pauseUs * 1000;
    if (before < at && now >= at) {
      st.pause();
      if (now > at) st.seek(at);
      if (v.lessonStep !== q.step) store.setState({ lessonStep: q.step });
    }
  });
  return store;
}