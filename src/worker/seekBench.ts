/**
 * What a seek costs in the worker: the worker API (as the app's Web Worker
 * runs it, trace on) loads the benchmarks' line-rate scenario and seeks to
 * each target from t = 0, which is what a seek backwards costs (a
 * deterministic re-run from the start) and a seek forwards from the start.
 * Run by the benchmark (`npm run bench`) in a child process; prints one
 * JSON object: [{ targetS, wallMs, frames }].
 */
import { createSimApi } from './simApi';
import { rxLineRateScenario } from '../core/lineRate';

export interface SeekCost {
  /** Virtual seconds sought to. */
  targetS: number;
  /** Wall-clock ms the seek took (run and the reset frame). */
  wallMs: number;
  /** Frames that arrived on the way. */
  frames: number;
}

export function measureSeeks(targetsS: readonly number[], now: () => number): SeekCost[] {
  const scenario = rxLineRateScenario(1e9);
  // Warm up the JIT as the app's worker is after a few frames of playing.
  const warm = createSimApi();
  warm.load(scenario);
  warm.seek(0.1e9);
  return targetsS.map((targetS) => {
    const api = createSimApi();
    api.load(scenario);
    const t0 = now();
    const frame = api.seek(targetS * 1e9);
    return { targetS, wallMs: Math.round(now() - t0), frames: frame.snapshot.counters.rxArrived };
  });
}

const targets = process.argv.slice(2).map(Number);
if (targets.length > 0) process.stdout.write(JSON.stringify(measureSeeks(targets, () => performance.now())));
