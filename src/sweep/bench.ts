/**
 * The sweep benchmark: wall time of a sweep on the Node pool (all cores).
 * Node only; called by the project benchmark (src/bench/), never timed in tests.
 */
import { loadPreset } from '../scenario/presets';
import { defaultPoolSize, runScenariosInPool, sweepWorkerCode } from './pool';
import { planSweep } from './sweep';

/** What benchSweep runs, for the benchmark's report. */
export const BENCH_SWEEP_SCENARIO =
  'preset linux-defaults (Linux e1000 defaults, kvm-apicv costs, Poisson RX 100 kpps + TX 50 kpps), ' +
  'durationUs overridden, sweeping traffic.rx.pps 10 kpps..1 Mpps on a log scale';

/**
 * Wall time in ms to run `points` sweep points of a `durationUs` scenario on
 * worker threads, one per core (os.availableParallelism()). Measured from
 * starting the workers to the last result; the worker bundle is built (and
 * cached) before the clock starts.
 */
export async function benchSweep(points = 200, durationUs = 10_000): Promise<number> {
  const preset = loadPreset('linux-defaults');
  if (!preset.ok) throw new Error(preset.error);
  const planned = planSweep(
    { ...preset.value, durationUs },
    { param: 'traffic.rx.pps', from: 10_000, to: 1_000_000, steps: points, scale: 'log' },
  );
  if (!planned.ok) throw new Error(planned.error);
  if (planned.value.points.length !== points) throw new Error(`benchSweep: ${planned.value.points.length} distinct points, not ${points}`);
  await sweepWorkerCode();
  const started = performance.now();
  await runScenariosInPool(
    planned.value.points.map((p) => p.scenario),
    { threads: defaultPoolSize() },
  );
  return performance.now() - started;
}
