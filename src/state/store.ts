/**
 * A simulator's store (zustand), one per instance (`createLabStore`): the
 * scenario, playback (the virtual clock the main thread owns), the latest
 * frame from its own engine (a SimClient: the Web Worker in the app, the
 * in-process engine in Node tests; see simClient.ts), the timeline view and
 * the messages the user must see. Each store owns its trace window (`trace`), a mutable object
 * (too big and too hot for immutable updates); `traceVersion` says when it
 * changed. React reads a store through the context in ui/labContext.tsx.
 */
import { accessesKept, type ConsoleOp, type Scenario, type Metrics, type InterruptsExport, withoutCaptureFrames, type DimTrace, START_POSITION, type Position } from '../core';
import { createStore, type StoreApi } from 'zustand/vanilla';
import { err, ok, type Result } from '../base/result';
import type { ConsoleRequest, Frame, TraceExport, TraceHashResult } from '../worker/protocol';
import { MAX_CONSOLE_OPS, MAX_DURATION_US } from '../scenario/schema';
import { captureTraffic } from '../io/captures';
import { TraceWindow } from './traceWindow';
import { type AsyncSimApi, type SimClient, type SimEngine, type WorkerFactory, workerEngine } from './simClient';
import { DEFAULT_SPEED_INDEX, SPEEDS_NS_PER_S, clampSpeedIndex } from './speed';
import { defaultScenario, presetScenario, readShareHash, validateScenario, DEFAULT_PRESET_ID } from './scenarioSource';
import { withRegister, type SliderReg } from './registerScenario';
import { fmtNs } from './format';
import { plainError } from '../scenario/plainWords';
import { DEFAULT_WINDOW_NS, followWindow, windowAround } from './follow';

export interface MetricSample {
  tNs: number;
  metrics: Metrics;
}

export interface TimelineView {
  /** Visible window in ns. */
  t0: number;
  t1: number;
  /** Keep `now` in view while playing. */
  follow: boolean;
}

export type WorkerStatus = 'starting' | 'ready' | 'restarting' | 'failed';

export interface LabState {
  /** This store's trace window: the records the worker sent so far (mutable; see traceVersion). */
  readonly trace: TraceWindow;
  scenario: Scenario;
  /** Preset the scenario is (null once edited or when from a link). */
  presetId: string | null;
  /** Preset Reset goes back to: the last one loaded (the default after a link). */
  basePresetId: string;
  frame: Frame | null;
  status: WorkerStatus;
  /** The worker died: what happened, shown as an alert until dismissed. */
  workerError: string | null;
  /** A link could not be loaded: what was wrong, shown as an alert. */
  linkError: string | null;
  /** Short transient notice ("No interrupt in the next 200 ms", "Link copied"). */
  notice: string | null;
  playing: boolean;
  speedIndex: number;
  /** The worker fell behind the requested speed. */
  lagging: boolean;
  /** Virtual time the clock has reached (what playback asked for). */
  targetNs: number;
  projector: boolean;
  /** Play turns the timeline's follow on (false: the window stays as it is, e.g. a lesson that keeps its window). Back to true on every load. */
  followOnPlay: boolean;
  traceVersion: number;
  view: TimelineView;
  /** Time of the LINE_ASSERT whose explanation is shown. */
  selectedInterruptNs: number | null;
  samples: MetricSample[];
}

export interface LabActions {
  /** Open a simulator link (`#s1.`; empty: the default scenario). */
  openHash(hash: string): Promise<void>;
  setScenario(next: Scenario, opts?: { keepTime?: boolean; presetId?: string | null }): Promise<void>;
  loadPreset(id: string): Promise<void>;
  reset(): Promise<void>;
  /**
   * A slider or number box moves a register. Past t = 0 it is a timed write
   * at this instant (recorded in the scenario's console list, drawn on the
   * timeline); `fromStart` (or at t = 0) changes the scenario's register
   * from t = 0 and re-runs to this instant.
   */
  setRegister(name: SliderReg, raw: number, when?: RegisterChange): Promise<void>;
  play(): void;
  pause(): void;
  togglePlay(): void;
  setSpeedIndex(i: number): void;
  /** Called every animation frame with the real seconds since the last one. */
  tick(realDtSec: number): void;
  stepEvent(): Promise<void>;
  stepToInterrupt(): Promise<void>;
  stepBack(): Promise<void>;
  seek(tNs: number): void;
  setView(v: Partial<TimelineView>): void;
  selectInterrupt(tNs: number | null): void;
  setProjector(on: boolean): void;
  setFollowOnPlay(on: boolean): void;
  dismissWorkerError(): void;
  dismissLinkError(): void;
  showNotice(text: string | null): void;
  /**
   * Register console: write or read a register now (a read of ICR clears
   * it). The access is added to the scenario's `console` list, so links and
   * re-runs replay it.
   */
  consoleAccess(req: ConsoleRequest): Promise<Result<ConsoleAnswer>>;
  /** Replay a capture's frames as RX or TX traffic (a new scenario from t = 0). */
  replayCapture(bytes: Uint8Array, fileName: string, dir: 'rx' | 'tx'): Promise<Result<{ summary: string; linkable: boolean }>>;
  /** The run so far as Chrome Trace JSON, from the worker (an error if it failed). */
  exportTrace(): Promise<Result<TraceExport>>;
  /** Every interrupt so far, from the worker. */
  exportInterrupts(): Promise<Result<InterruptsExport>>;
  /** The DIM driver's decisions so far, from the worker (null: no DIM). */
  exportDim(): Promise<Result<DimTrace | null>>;
  /** Fingerprint of the worker's trace. */
  traceHash(): Promise<Result<TraceHashResult>>;
  /** Test hook: kill the worker. */
  crashWorker(): void;
  /** Stop playing and end the worker (a store that is no longer shown); the next call starts a new one. */
  dispose(): void;
  /** No call to the worker queued or running (tests wait for this). */
  isIdle(): boolean;
}

export type LabStore = LabState & LabActions;

/** When a register change applies: at the current instant, or from t = 0. */
export type RegisterChange = 'now' | 'fromStart';

/** What a console access did: the access as recorded, and the value written or read. */
export interface ConsoleAnswer {
  op: ConsoleOp;
  value: number;
}

/** Real seconds the worker may fall behind before we call it lagging. */
const LAG_LIMIT_S = 0.4;
/** Cap on the real time one animation frame may account for (tab in background). */
const MAX_FRAME_S = 0.1;
/** Real seconds between metric samples for the live charts. */
const SAMPLE_EVERY_S = 0.2;
const MAX_SAMPLES = 240;

export interface CreateLabOptions {
  /** The engine (default: the worker one, `workerEngine(workerFactory)`; tests: `inProcessEngine()`). */
  engine?: SimEngine;
  /** The worker engine's Worker (ignored when `engine` is given). */
  workerFactory?: WorkerFactory;
}

export function createLabStore(options: CreateLabOptions = {}): StoreApi<LabStore> {
  const engine = options.engine ?? workerEngine(options.workerFactory);
  let client: SimClient | null = null;
  let clientGen = 0;
  let sampleClock = 0;
  let lagClock = 0;
  let seekWanted: number | null = null;
  let seekRunning = false;
  let noticeTimer: ReturnType<typeof setTimeout> | undefined;
  let restarting = false;

  const traceWindow = new TraceWindow();
  const store = createStore<LabStore>()((set, get) => {
    function nowNs(): number {
      return get().frame?.nowNs ?? 0;
    }

    /** Where the run is exactly (instant and steps at it); what links, restarts and re-runs go back to. */
    function position(): Position {
      return get().frame?.position ?? START_POSITION;
    }

    /** A position no later than the scenario's end (its end instant, every step at it, when later). */
    function withinRun(at: Position, scenario: Scenario): Position {
      const endNs = scenario.durationUs * 1000;
      return at.tNs > endNs ? { tNs: endNs, steps: Infinity } : at;
    }

    function durationNs(): number {
      return get().scenario.durationUs * 1000;
    }

    function applyFrame(f: Frame): void {
      if (f.reset) traceWindow.reset();
      traceWindow.append(f.trace, f.lost);
      const st = get();
      let samples = st.samples;
      if (f.reset || !st.frame || f.nowNs < st.frame.nowNs) samples = [];
      const last = samples[samples.length - 1];
      if (!last || (f.nowNs > last.tNs && (sampleClock >= SAMPLE_EVERY_S || !st.playing))) {
        sampleClock = 0;
        samples = [...samples.slice(-(MAX_SAMPLES - 1)), { tNs: f.nowNs, metrics: f.metrics }];
      }
      const patch: Partial<LabState> = { frame: f, traceVersion: traceWindow.version, samples, status: 'ready' };
      if (!st.playing || f.reset) patch.targetNs = f.nowNs;
      set(patch);
    }

    function newClient(): SimClient {
      client?.dispose();
      const gen = ++clientGen;
      client = engine((message) => {
        if (gen === clientGen) void onWorkerFailure(message);
      });
      return client;
    }

    function sim(): SimClient {
      return client && client.alive ? client : newClient();
    }

    async function onWorkerFailure(message: string): Promise<void> {
      const st = get();
      const t = nowNs();
      const at = position();
      const what = `The simulation worker stopped: ${message}.`;
      if (restarting) {
        // It failed again while restarting on the same scenario: stop trying.
        restarting = false;
        set({
          playing: false,
          status: 'failed',
          workerError: `${what} Restarting on the same scenario failed too; press Reset to load the default scenario.`,
        });
        return;
      }
      restarting = true;
      set({ playing: false, status: 'restarting', workerError: `${what} Restarting it on the same scenario at t = ${fmtNs(t)}…` });
      const c = newClient();
      const f = await c.call((api) => api.load(st.scenario, at));
      if (!f.ok) return;
      restarting = false;
      applyFrame(f.value);
      set({ workerError: `${what} It was restarted on the same scenario at t = ${fmtNs(f.value.nowNs)}.` });
    }

    async function run(call: (api: AsyncSimApi) => Promise<Frame>): Promise<Result<Frame>> {
      const f = await sim().call(call);
      if (f.ok) applyFrame(f.value);
      return f;
    }

    function notice(text: string | null, ms = 4000): void {
      clearTimeout(noticeTimer);
      set({ notice: text });
      if (text) noticeTimer = setTimeout(() => set({ notice: null }), ms);
    }

    /** Load a scenario and run it to an instant (every step at it; 0: the start) or a position. */
    async function load(scenario: Scenario, at: number | Position, presetId: string | null): Promise<void> {
      set({ scenario, presetId, playing: false, lagging: false, selectedInterruptNs: null, followOnPlay: true });
      const view = get().view;
      const width = Math.max(1000, Math.min(view.t1 - view.t0, scenario.durationUs * 1000));
      const f = await run((api) => api.load(scenario, at));
      if (f.ok && at === 0) set({ view: { t0: 0, t1: width, follow: true } });
    }

    function followNow(): void {
      const st = get();
      if (!st.view.follow || !st.frame) return;
      // Keep `now` inside the window, paging when it reaches the right edge, never past the end of the run.
      const view = followWindow(st.view, st.frame.nowNs, st.scenario.durationUs * 1000);
      if (view !== st.view) set({ view });
    }

    async function runSeeks(): Promise<void> {
      if (seekRunning) return;
      seekRunning = true;
      try {
        while (seekWanted !== null) {
          const t = seekWanted;
          seekWanted = null;
          await run((api) => api.seek(t));
        }
      } finally {
        seekRunning = false;
      }
      followNow();
    }

    return {
      trace: traceWindow,
      scenario: defaultScenario(),
      presetId: DEFAULT_PRESET_ID,
      basePresetId: DEFAULT_PRESET_ID,
      frame: null,
      status: 'starting',
      workerError: null,
      linkError: null,
      notice: null,
      playing: false,
      speedIndex: DEFAULT_SPEED_INDEX,
      lagging: false,
      targetNs: 0,
      projector: false,
      followOnPlay: true,
      traceVersion: 0,
      view: { t0: 0, t1: DEFAULT_WINDOW_NS, follow: true },
      selectedInterruptNs: null,
      samples: [],

      async openHash(hash) {
        const h = hash.replace(/^#/, '');
        if (!h) {
          await load(defaultScenario(), 0, DEFAULT_PRESET_ID);
          return;
        }
        const r = readShareHash('#' + h);
        if (r.ok) {
          set({ linkError: null });
          await load(r.value.scenario, withinRun(r.value.at, r.value.scenario), null);
          // The window the link was taken with, or the default width around its instant: never the whole run.
          const t = get().frame?.nowNs ?? 0;
          const win = r.value.view ?? windowAround(t, r.value.scenario.durationUs * 1000);
          set({ view: { t0: win.t0, t1: win.t1, follow: t >= win.t0 && t <= win.t1 } });
        } else {
          set({ linkError: `This link could not be loaded: ${plainError(r.error)} The default scenario is shown instead.` });
          await load(defaultScenario(), 0, DEFAULT_PRESET_ID);
        }
      },

      async setScenario(next, opts = {}) {
        // Keeping the time keeps the position: the same instant and steps at it (fewer if the new run has fewer there).
        const keep = opts.keepTime && nowNs() > 0 ? withinRun(position(), next) : 0;
        const wasPlaying = get().playing;
        await load(next, keep, opts.presetId ?? null);
        if (wasPlaying && nowNs() > 0) get().play();
      },

      async loadPreset(id) {
        set({ basePresetId: id });
        await load(presetScenario(id), 0, id);
        set({ view: { ...windowAround(0, get().scenario.durationUs * 1000), follow: true } });
      },

      async reset() {
        set({ workerError: null, linkError: null });
        restarting = false;
        await get().loadPreset(get().basePresetId);
      },

      async setRegister(name, raw, when = 'now') {
        const now = nowNs();
        if (when === 'fromStart' || now === 0) {
          // From t = 0: the scenario's register (and the driver parameter that programs it) changes, and the run repeats up to
          // this position. The console list keeps the accesses made here; the rest (stepped back over) go, as a new access drops them.
          const changed = withRegister(get().scenario, name, raw);
          await get().setScenario(withConsoleKept(changed, get().frame?.consoleMade ?? 0), { keepTime: true });
          return;
        }
        // Past t = 0: a timed write at this instant, in the scenario's console list, so a link and a re-run do the same.
        const r = await get().consoleAccess({ op: 'write', reg: name, value: raw });
        if (!r.ok) notice(`${name} was not changed: ${plainError(r.error)}`);
      },

      play() {
        const st = get();
        if (st.status !== 'ready') return;
        lagClock = 0;
        if (nowNs() >= durationNs()) {
          // At the end: start over.
          seekWanted = 0;
          void runSeeks().then(() => set({ playing: true, targetNs: nowNs(), view: { ...get().view, follow: get().followOnPlay || get().view.follow } }));
          return;
        }
        set({ playing: true, targetNs: nowNs(), lagging: false, view: { ...st.view, follow: st.followOnPlay || st.view.follow } });
      },

      pause() {
        set({ playing: false, lagging: false, targetNs: nowNs() });
      },

      togglePlay() {
        if (get().playing) get().pause();
        else get().play();
      },

      setSpeedIndex(i) {
        set({ speedIndex: clampSpeedIndex(i), lagging: false });
        lagClock = 0;
      },

      tick(realDtSec) {
        const st = get();
        const dt = Math.min(Math.max(realDtSec, 0), MAX_FRAME_S);
        sampleClock += dt;
        if (!st.playing || !st.frame || !client) return;
        const speed = SPEEDS_NS_PER_S[st.speedIndex];
        const end = durationNs();
        let target = Math.min(st.targetNs + dt * speed, end);
        const now = st.frame.nowNs;
        let lagging = st.lagging;
        // How far (in real seconds at this speed) the worker is behind.
        const behind = (target - now) / speed;
        if (behind > LAG_LIMIT_S) {
          // Drop the backlog rather than chase it: the UI keeps its frame rate.
          lagging = true;
          lagClock = 0;
          target = Math.min(now + speed * 0.1, end);
        } else {
          lagClock += dt;
          if (lagging && lagClock > 1.5) lagging = false;
        }
        if (lagging !== st.lagging || target !== st.targetNs) set({ targetNs: target, lagging });
        if (client.pending === 0) {
          const dtNs = Math.floor(target) - now;
          if (dtNs > 0) {
            void run((api) => api.advance(dtNs)).then(() => followNow());
          } else if (now >= end) {
            set({ playing: false, lagging: false });
            notice(`End of the scenario (${fmtNs(end)}). Press Play to run it again.`);
          }
        }
      },

      async stepEvent() {
        get().pause();
        const f = await run((api) => api.stepEvent());
        // The worker takes no step past the scenario's end (events may be left after it).
        if (f.ok && f.value.stepped === false) notice(`No event left before the scenario's end (${fmtNs(durationNs())}).`);
        followNow();
      },

      async stepToInterrupt() {
        get().pause();
        const f = await run((api) => api.stepToInterrupt());
        if (f.ok && f.value.reachedInterrupt === false) {
          notice(f.value.nowNs >= durationNs() ? `No interrupt before the scenario's end (${fmtNs(durationNs())}).` : 'No interrupt within the next 200 ms of virtual time.');
        }
        else if (f.ok) set({ selectedInterruptNs: f.value.nowNs });
        followNow();
      },

      async stepBack() {
        get().pause();
        const f = await run((api) => api.stepBack());
        if (f.ok && f.value.stepped === false) notice('Already at the start (t = 0).');
        followNow();
      },

      seek(tNs) {
        if (get().playing) set({ playing: false });
        // Within the run: from t = 0 to the scenario's end (a script or the console may ask for any time).
        seekWanted = Math.min(durationNs(), Math.max(0, Math.round(tNs)));
        void runSeeks();
      },

      setView(v) {
        set({ view: { ...get().view, ...v } });
      },

      selectInterrupt(tNs) {
        set({ selectedInterruptNs: tNs });
      },

      setProjector(on) {
        set({ projector: on });
      },

      setFollowOnPlay(on) {
        set({ followOnPlay: on });
      },

      dismissWorkerError() {
        set({ workerError: null });
      },

      dismissLinkError() {
        set({ linkError: null });
      },

      showNotice(text) {
        notice(text);
      },

      async consoleAccess(req) {
        const list = get().scenario.console ?? [];
        if (list.filter((op) => Math.round(op.tUs * 1000) <= nowNs()).length >= MAX_CONSOLE_OPS) {
          return err(`a scenario holds at most ${MAX_CONSOLE_OPS} console accesses; press Reset or load a preset to start a new list`);
        }
        const f = await run((api) => api.consoleAccess(req));
        if (!f.ok || !f.value.console) return err('the simulation worker stopped before it answered');
        const { op, value, kept } = f.value.console;
        const st = get();
        // The worker's list is the scenario's, one to one: what it kept before this access stays, the rest is an
        // abandoned future (stepped back over, even at this instant).
        set({ scenario: { ...st.scenario, console: [...accessesKept(st.scenario.console ?? [], kept), op] }, presetId: null });
        return ok({ op, value });
      },

      async replayCapture(bytes, fileName, dir) {
        const r = captureTraffic(bytes, fileName);
        if (!r.ok) return r;
        const st = get();
        const spanUs = Math.ceil(r.value.capture.durationNs / 1000);
        const durationUs = Math.min(MAX_DURATION_US, Math.max(st.scenario.durationUs, spanUs + 1000));
        const candidate = withoutCaptureFrames({ ...st.scenario, durationUs, traffic: { ...st.scenario.traffic, [dir]: r.value.spec } });
        const checked = validateScenario(candidate);
        if (!checked.ok) return err(`${fileName}: ${checked.error}`);
        // A capture too big for a link runs from its loaded frames (named by file).
        const scenario = { ...checked.value, traffic: { ...checked.value.traffic, [dir]: r.value.spec } };
        await load(scenario, 0, null);
        set({ view: { t0: 0, t1: Math.max(1000, durationUs * 1000), follow: true } });
        const summary = `${r.value.summary}${r.value.linkable ? '' : ' — too big for a share link (links carry captures up to about 36 KB)'}`;
        notice(`Replaying ${fileName} as ${dir.toUpperCase()} traffic.`);
        return ok({ summary, linkable: r.value.linkable });
      },

      exportTrace() {
        return sim().call((api) => api.exportTrace());
      },

      exportInterrupts() {
        return sim().call((api) => api.exportInterrupts());
      },

      exportDim() {
        return sim().call((api) => api.exportDim());
      },

      traceHash() {
        return sim().call((api) => api.traceHash());
      },

      crashWorker() {
        client?.crash();
      },

      dispose() {
        set({ playing: false });
        clientGen++;
        client?.dispose();
        client = null;
      },

      isIdle() {
        return !client || (client.pending === 0 && !seekRunning);
      },
    };
  });
  return store;
}

/** The scenario with only the console accesses made at the position (`made` of its frame; `accessesKept`). */
function withConsoleKept(s: Scenario, made: number): Scenario {
  if (!s.console || s.console.length <= made) return s;
  return { ...s, console: accessesKept(s.console, made) };
}

export const speedNsPerSec = (s: LabState): number => SPEEDS_NS_PER_S[s.speedIndex];
