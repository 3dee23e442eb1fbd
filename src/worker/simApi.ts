/**
 * The simulation host: owns one Simulation and answers the main thread with
 * frames. Plain object, no Comlink and no DOM, so tests drive it in Node; the
 * worker entry (sim.worker.ts) only exposes it.
 *
 * Time is never read from a clock here: the host advances exactly the
 * virtual time it is asked to. Going backwards is a deterministic re-run from
 * t = 0 with the same scenario, replaying the register writes made from the
 * sliders at the instants they were made.
 */
import { Simulation, type SimulationOptions } from '../core/simulation';
import { advanceApplying, applyHostAccess, hostAccessesOf, type HostAccess } from '../core/hostAccess';
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
  let sim: Simulation | null = null;
  /** Host register accesses (console, sliders), in time order; replayed on every re-run. */
  let pokes: HostAccess[] = [];
  /** How many of `pokes` the current simulation has applied. */
  let applied = 0;
  /** Next trace sequence number to send. */
  let sentSeq = 0;
  let frameNo = 0;

  function need(): Simulation {
    if (!sim) throw new Error('no scenario loaded: call load(scenario) first');
    return sim;
  }

  /** A fresh simulation run to tNs, replaying host register writes on the way. */
  function rerun(tNs: number): Simulation {
    if (!scenario) throw new Error('no scenario loaded');
    const s = new Simulation(scenario, { ...options.simulation, traceCapacity, maxInterruptRecords: 1 << 16 });
    applied = 0;
    runTo(s, tNs);
    return s;
  }

  /** Advance to tNs, applying the host accesses that fall on the way. */
  function runTo(s: Simulation, tNs: number): void {
    applied = advanceApplying(s, pokes, applied, tNs);
  }

  /** Time of the next host write not yet applied. */
  function nextPokeNs(): number {
    return applied < pokes.length ? pokes[applied].tNs : Infinity;
  }

  function makeFrame(reset: boolean, extra: Partial<Frame> = {}): Frame {
    const s = need();
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
      nextEventNs: s.nextEventNs(),
      snapshot: s.snapshot(),
      metrics: s.metrics(),
      trace: chunk,
      lost,
      ...extra,
    };
  }

  function checkTime(tNs: number, what: string): number {
    if (typeof tNs !== 'number' || !Number.isFinite(tNs) || tNs < 0) {
      throw new RangeError(`${what} must be a finite number of ns >= 0, got ${String(tNs)}`);
    }
    return Math.round(tNs);
  }

  const api: SimApi = {
    load(next: Scenario, tNs = 0) {
      scenario = next;
      pokes = hostAccessesOf(next);
      applied = 0;
      sim = rerun(checkTime(tNs, 'load time'));
      return makeFrame(true);
    },

    advance(dtNs: number) {
      const s = need();
      const dt = checkTime(dtNs, 'advance');
      if (dt > 0) runTo(s, s.nowNs + dt);
      return makeFrame(false);
    },

    stepEvent() {
      const s = need();
      const next = s.nextEventNs();
      // (Both may be Infinity: nothing left to do, and the clock must stay where it is.)
      if (nextPokeNs() <= next && nextPokeNs() < Infinity) {
        // A replayed slider write comes first: apply it, then step.
        runTo(s, nextPokeNs());
      }
      const stepped = s.stepEvent();
      return makeFrame(false, { stepped });
    },

    stepToInterrupt() {
      const s = need();
      const limit = s.nowNs + stepLimitNs;
      let reachedInterrupt = false;
      for (;;) {
        const until = Math.min(limit, nextPokeNs());
        reachedInterrupt = s.stepToNextInterrupt(until);
        if (reachedInterrupt || until >= limit) break;
        runTo(s, until);
      }
      return makeFrame(false, { reachedInterrupt });
    },

    stepBack() {
      const s = need();
      const now = s.nowNs;
      if (now <= 0) return makeFrame(false, { stepped: false });
      // The previous event's time: the newest trace record strictly before now.
      let target = 0;
      const trace = s.trace;
      for (let seq = trace.total - 1; seq >= trace.oldest; seq--) {
        const t = trace.get(seq).tNs;
        if (t < now) {
          target = t;
          break;
        }
      }
      // A record at `target` itself may be preceded by records at the same
      // instant; advanceTo(target) processes them all, which is the state
      // right after that instant.
      sim = rerun(target);
      return makeFrame(true, { stepped: true });
    },

    seek(tNs: number) {
      const t = checkTime(tNs, 'seek time');
      const s = need();
      if (t >= s.nowNs) {
        runTo(s, t);
        return makeFrame(false);
      }
      sim = rerun(t);
      return makeFrame(true);
    },

    consoleAccess(req: ConsoleRequest) {
      const s = need();
      const { op, reg: name } = req ?? ({} as ConsoleRequest);
      if (op !== 'write' && op !== 'read') throw new RangeError(`console access must be "write" or "read", got ${String(op)}`);
      if (typeof name !== 'string' || !Object.hasOwn(REG_BY_NAME, name)) throw new RangeError(`unknown register ${String(name)}`);
      const value = op === 'write' ? req.value : 0;
      if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > 0xffffffff) {
        throw new RangeError(`register value must be an integer 0..0xffffffff, got ${String(value)}`);
      }
      const reg = name as RegName;
      pokes = pokes.slice(0, applied);
      s.advanceTo(s.nowNs);
      const poke: HostAccess = { tNs: s.nowNs, reg, value, read: op === 'read' };
      pokes.push(poke);
      applied = pokes.length;
      const result = applyHostAccess(s, poke);
      const tUs = s.nowNs / 1000;
      const recorded: ConsoleOp = op === 'read' ? { tUs, op: 'read', reg } : { tUs, op: 'write', reg, value };
      return makeFrame(false, { console: { op: recorded, value: result } });
    },

    frame() {
      return makeFrame(false);
    },

    exportTrace() {
      const s = need();
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
      return need().dimTrace();
    },

    exportInterrupts() {
      const list = need().interrupts();
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
      const s = need();
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
