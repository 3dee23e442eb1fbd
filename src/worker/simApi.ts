/**
 * The simulation host: owns one Simulation and answers the main thread with
 * frames. Plain object, no Comlink and no DOM, so tests drive it in Node; the
 * worker entry (sim.worker.ts) only exposes it.
 *
 * Time is never read from a clock here: the host advances exactly the
 * virtual time it is asked to. Every frame names its position (instant and
 * steps taken there, core/position.ts), and load and seek run to a position
 * exactly, so a link reopens the very state shown. Going backwards is a
 * deterministic re-run from t = 0 with the same scenario, replaying the
 * register writes made from the sliders at the instants they were made.
 *
 * Step and Back walk one order of stops: every step, plus the anchor (where
 * the user last arrived otherwise). Back(Step(p)) = p and Step(Back(p)) = p
 * at every position the screen can be at.
 */
import { Simulation, type SimulationOptions } from '../core/simulation';
import { hostAccessesOf, type HostAccess } from '../core/hostAccess';
import { comparePositions, positionAt, START_POSITION, SteppedRun, type Position } from '../core/position';
import type { ConsoleOp, Scenario } from '../core/scenario';
import type { RegName } from '../core/registers';
import { REG_BY_NAME } from '../core/registers';
import { chromeTraceInputOf, writeChromeTrace } from '../export/chromeTrace';
import { hashTraceColumns } from '../export/traceHash';
import type { ConsoleRequest, Frame, SimApi } from './protocol';

export interface SimApiOptions {
  /** Records the worker's trace keeps (default 1 << 18). */
  traceCapacity?: number;
  /** Records of history a reset frame carries at most (default 1 << 17). */
  resetHistory?: number;
  /**
   * Records one frame carries at most (default 1 << 16): when the clock runs
   * faster than the main thread can use them, the older ones are skipped
   * and counted in `lost`.
   */
  maxRecordsPerFrame?: number;
  /** How far stepToInterrupt looks ahead before giving up (default 200 ms virtual). */
  stepLimitNs?: number;
  /** Options of the simulations it runs, other than the trace and interrupt-record capacities it sets. */
  simulation?: Omit<SimulationOptions, 'traceCapacity' | 'maxInterruptRecords'>;
  /** Test hook for crash(): defaults to throwing on the next macrotask. */
  onCrash?: () => void;
}

export function createSimApi(options: SimApiOptions = {}): SimApi {
  const traceCapacity = options.traceCapacity ?? 1 << 18;
  const resetHistory = Math.min(options.resetHistory ?? 1 << 17, traceCapacity);
  const stepLimitNs = options.stepLimitNs ?? 200_000_000;
  const maxRecords = options.maxRecordsPerFrame ?? 1 << 16;

  let scenario: Scenario | null = null;
  /** The simulation and its host accesses (console, sliders), replayed on every re-run. */
  let run: SteppedRun | null = null;
  /**
   * Where the user last arrived other than by Step or Back (load, link,
   * seek, play, Next interrupt, a console access). It is a stop of Step and
   * Back besides the steps themselves, so the two are exact inverses even
   * from an instant where nothing happens.
   */
  let anchor: Position = START_POSITION;
  /** Next trace sequence number to send. */
  let sentSeq = 0;
  let frameNo = 0;

  function need(): SteppedRun {
    if (!run) throw new Error('no scenario loaded: call load(scenario) first');
    return run;
  }

  /** A fresh run of the scenario from t = 0 with these host accesses. */
  function fresh(accesses: readonly HostAccess[]): SteppedRun {
    if (!scenario) throw new Error('no scenario loaded');
    return new SteppedRun(new Simulation(scenario, { ...options.simulation, traceCapacity, maxInterruptRecords: 1 << 16 }), accesses);
  }

  /** Run to a position: forwards on, backwards by a re-run from t = 0. Returns whether history restarted. */
  function goTo(target: Position): boolean {
    const r = need();
    if (comparePositions(target, r.position) >= 0) {
      r.runTo(target);
      return false;
    }
    run = fresh(r.accesses);
    run.runTo(target);
    return true;
  }

  function makeFrame(reset: boolean, extra: Partial<Frame> = {}): Frame {
    const r = need();
    const s = r.sim;
    const trace = s.trace;
    let from = sentSeq;
    if (reset) from = Math.max(trace.oldest, trace.total - resetHistory);
    else from = Math.max(from, trace.oldest, trace.total - maxRecords);
    const lost = reset ? 0 : from - sentSeq;
    const chunk = trace.copySince(from);
    sentSeq = trace.total;
    return {
      frameNo: ++frameNo,
      reset,
      nowNs: s.nowNs,
      position: r.position,
      consoleMade: r.made,
      nextEventNs: s.nextEventNs(),
      snapshot: s.snapshot(),
      metrics: s.metrics(),
      trace: chunk,
      lost,
      ...extra,
    };
  }

  /** A frame where the user arrived by a jump: that position becomes the anchor. */
  function arrived(reset: boolean, extra: Partial<Frame> = {}): Frame {
    anchor = need().position;
    return makeFrame(reset, extra);
  }

  function checkTime(tNs: number, what: string): number {
    if (typeof tNs !== 'number' || !Number.isFinite(tNs) || tNs < 0) {
      throw new RangeError(`${what} must be a finite number of ns >= 0, got ${String(tNs)}`);
    }
    return Math.round(tNs);
  }

  /** A position from the main thread: an instant (every step at it) or an instant and steps. */
  function checkPosition(at: number | Position, what: string): Position {
    if (typeof at === 'number') return positionAt(checkTime(at, what));
    const steps = at?.steps;
    if (typeof steps !== 'number' || !(Number.isInteger(steps) || steps === Infinity) || steps < 0) {
      throw new RangeError(`${what}: steps must be an integer >= 0 (or Infinity), got ${String(steps)}`);
    }
    return { tNs: checkTime(at.tNs, what), steps };
  }

  const api: SimApi = {
    load(next: Scenario, at: number | Position = 0) {
      const target = checkPosition(at, 'load time');
      scenario = next;
      run = fresh(hostAccessesOf(next));
      run.open(target);
      return arrived(true);
    },

    advance(dtNs: number) {
      const r = need();
      const dt = checkTime(dtNs, 'advance');
      if (dt > 0) r.advanceTo(r.sim.nowNs + dt);
      return arrived(false);
    },

    stepEvent() {
      const r = need();
      const here = r.position;
      // The anchor is a stop when it lies between here and the next step: the clock moves there, nothing runs.
      if (anchor.steps === 0 && comparePositions(anchor, here) > 0 && anchor.tNs <= r.nextStepNs()) {
        r.runTo(anchor);
        return makeFrame(false, { stepped: true });
      }
      return makeFrame(false, { stepped: r.step() });
    },

    stepToInterrupt() {
      const r = need();
      const reachedInterrupt = r.stepToInterrupt(r.sim.nowNs + stepLimitNs);
      return arrived(false, { reachedInterrupt });
    },

    stepBack() {
      const r = need();
      const here = r.position;
      if (comparePositions(here, START_POSITION) <= 0) return makeFrame(false, { stepped: false });
      const back = fresh(r.accesses);
      if (here.steps >= 2) {
        back.runTo({ tNs: here.tNs, steps: here.steps - 1 });
      } else {
        // The last step before this instant, or the anchor if it lies between.
        back.runBefore(here.tNs);
        if (comparePositions(anchor, back.position) > 0 && comparePositions(anchor, here) < 0) back.runTo(anchor);
      }
      run = back;
      return makeFrame(true, { stepped: true });
    },

    seek(at: number | Position) {
      const reset = goTo(checkPosition(at, 'seek time'));
      return arrived(reset);
    },

    consoleAccess(req: ConsoleRequest) {
      const r = need();
      const { op, reg: name } = req ?? ({} as ConsoleRequest);
      if (op !== 'write' && op !== 'read') throw new RangeError(`console access must be "write" or "read", got ${String(op)}`);
      if (typeof name !== 'string' || !Object.hasOwn(REG_BY_NAME, name)) throw new RangeError(`unknown register ${String(name)}`);
      const value = op === 'write' ? req.value : 0;
      if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > 0xffffffff) {
        throw new RangeError(`register value must be an integer 0..0xffffffff, got ${String(value)}`);
      }
      const reg = name as RegName;
      const { access, value: result } = r.access(reg, value, op === 'read');
      const tUs = access.tNs / 1000;
      const recorded: ConsoleOp = op === 'read' ? { tUs, op: 'read', reg } : { tUs, op: 'write', reg, value };
      anchor = r.position;
      return makeFrame(false, { console: { op: recorded, value: result, kept: r.made - 1 } });
    },

    frame() {
      return makeFrame(false);
    },

    exportTrace() {
      const s = need().sim;
      const input = chromeTraceInputOf(s);
      const encoder = new TextEncoder();
      const parts: Uint8Array[] = [];
      let size = 0;
      const summary = writeChromeTrace(input, (chunk) => {
        const b = encoder.encode(chunk);
        parts.push(b);
        size += b.length;
      });
      const bytes = new Uint8Array(size);
      let at = 0;
      for (const p of parts) {
        bytes.set(p, at);
        at += p.length;
      }
      return { bytes, events: summary.events, records: summary.records, droppedRecords: summary.droppedRecords, nowNs: s.nowNs };
    },

    exportDim() {
      return need().sim.dimTrace();
    },

    exportInterrupts() {
      const list = need().sim.interrupts();
      const n = list.length;
      const out = { tNs: new Float64Array(n), icr: new Float64Array(n), readNs: new Float64Array(n) };
      for (let i = 0; i < n; i++) {
        out.tNs[i] = list[i].tNs;
        out.icr[i] = list[i].icr;
        out.readNs[i] = list[i].readNs;
      }
      return out;
    },

    traceHash() {
      const s = need().sim;
      const first = s.trace.oldest;
      const { hash, records } = hashTraceColumns(s.trace.copySince(first));
      return { hash, records, first, nowNs: s.nowNs };
    },

    crash() {
      if (options.onCrash) {
        options.onCrash();
        return;
      }
      setTimeout(() => {
        throw new Error('deliberate crash (test hook)');
      }, 0);
    },
  };
  return api;
}
