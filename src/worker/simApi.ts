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
import { Simulation } from '../core/simulation';
import type { Scenario } from '../core/scenario';
import type { RegName } from '../core/registers';
import { REG_BY_NAME } from '../core/registers';
import type { Frame, SimApi } from './protocol';

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
  /** Test hook for crash(): defaults to throwing on the next macrotask. */
  onCrash?: () => void;
}

interface Poke {
  tNs: number;
  name: RegName;
  value: number;
}

export function createSimApi(options: SimApiOptions = {}): SimApi {
  const traceCapacity = options.traceCapacity ?? 1 << 18;
  const resetHistory = Math.min(options.resetHistory ?? 1 << 17, traceCapacity);
  const stepLimitNs = options.stepLimitNs ?? 200_000_000;
  const maxRecords = options.maxRecordsPerFrame ?? 1 << 16;

  let scenario: Scenario | null = null;
  let sim: Simulation | null = null;
  /** Register writes from the host, in time order; replayed on every re-run. */
  let pokes: Poke[] = [];
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
    const s = new Simulation(scenario, { traceCapacity });
    applied = 0;
    runTo(s, tNs);
    return s;
  }

  /** Advance to tNs, applying the host writes that fall on the way. */
  function runTo(s: Simulation, tNs: number): void {
    while (applied < pokes.length && pokes[applied].tNs <= tNs) {
      const p = pokes[applied++];
      if (p.tNs > s.nowNs) s.advanceTo(p.tNs);
      s.writeRegister(p.name, p.value);
    }
    if (tNs > s.nowNs) s.advanceTo(tNs);
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
      pokes = [];
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
      if (nextPokeNs() <= next) {
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

    setRegister(name: string, value: number) {
      const s = need();
      if (!(name in REG_BY_NAME)) throw new RangeError(`unknown register ${name}`);
      if (!Number.isInteger(value) || value < 0 || value > 0xffffffff) {
        throw new RangeError(`register value must be an integer 0..0xffffffff, got ${String(value)}`);
      }
      const reg = name as RegName;
      // A write replaces the writes of an abandoned future (made, then
      // stepped back over).
      pokes = pokes.slice(0, applied);
      pokes.push({ tNs: s.nowNs, name: reg, value });
      applied = pokes.length;
      s.writeRegister(reg, value);
      return makeFrame(false);
    },

    frame() {
      return makeFrame(false);
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
