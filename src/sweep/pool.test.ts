import { describe, expect, it } from 'vitest';
import { testScenario } from '../core/testScenario';
import type { Scenario } from '../core/scenario';
import { defaultPoolSize, runScenariosInPool, runSweepInPool } from './pool';
import { runOnWorkers, runPointsOnWorkers, type SpawnPoolWorker } from './scheduler';
import { planSweep, runSweepPoint, runSweepPointCycles, runSweepSerial } from './sweep';
import { handleSweepRequest, type SweepRequest } from './workerProtocol';

const base = testScenario({
  durationUs: 1000,
  device: { regs: { RDTR: 4, RADV: 16 } },
  guest: { driver: 'linux-e1000', costs: 'kvm-2012', params: {} },
  rx: { pattern: 'poisson', pps: 150_000, bytes: 64, startUs: 0 },
  tx: { pattern: 'poisson', pps: 50_000, bytes: 64, startUs: 0 },
});

function sixPoints() {
  const planned = planSweep(base, { param: 'device.regs.ITR', from: 0, to: 2000, steps: 6 });
  if (!planned.ok) throw new Error(planned.error);
  return planned.value;
}

/** Fake workers: answer on a later tick, in an order set by `delayOf(index)`; records what happened. */
function fakeSpawner(delayOf: (index: number) => number, log: { spawned: number; terminated: number; requests: number[] }): SpawnPoolWorker {
  return ({ onReply }) => {
    log.spawned++;
    let alive = true;
    return {
      postMessage(request: SweepRequest) {
        log.requests.push(request.index);
        setTimeout(() => alive && onReply(handleSweepRequest(request)), delayOf(request.index));
      },
      terminate() {
        alive = false;
        log.terminated++;
      },
    };
  };
}

const tiny = (seed: number): Scenario => testScenario({ seed, durationUs: 20, rx: { pattern: 'poisson', pps: 1e6, bytes: 64, startUs: 0 } });

describe('sweep pool (worker_threads)', () => {
  it('is sized to the machine', () => {
    expect(defaultPoolSize()).toBeGreaterThanOrEqual(1);
  });

  it('gives the same figures as a serial run, in point order, with progress', async () => {
    const plan = sixPoints();
    const progress: number[] = [];
    const pooled = await runSweepInPool(plan, { threads: 2, onProgress: (done, total) => progress.push(done * 100 + total) });
    const serial = runSweepSerial(plan);
    expect(pooled).toEqual(serial);
    expect(pooled.points.map((p) => p.value)).toEqual([0, 400, 800, 1200, 1600, 2000]);
    expect(new Set(pooled.points.map((p) => p.metrics.interrupts)).size).toBeGreaterThan(3);
    expect(progress).toEqual([106, 206, 306, 406, 506, 606]);
  });

  it('cancels: rejects with an AbortError and stops', async () => {
    const plan = sixPoints();
    const cancel = new AbortController();
    const run = runScenariosInPool(
      plan.points.map((p) => p.scenario),
      { threads: 1, signal: cancel.signal, onProgress: (done) => done === 1 && cancel.abort() },
    );
    await expect(run).rejects.toMatchObject({ name: 'AbortError' });
    const already = new AbortController();
    already.abort();
    await expect(runScenariosInPool([base], { signal: already.signal })).rejects.toMatchObject({ name: 'AbortError' });
  });

  it('no points is no work', async () => {
    expect(await runScenariosInPool([])).toEqual([]);
  });
});

describe('scheduler', () => {
  it('returns results in point order whatever order they finish in, and uses every worker', async () => {
    const scenarios = Array.from({ length: 7 }, (_, i) => tiny(i + 1));
    const log = { spawned: 0, terminated: 0, requests: [] as number[] };
    const results = await runOnWorkers(scenarios, fakeSpawner((i) => (7 - i) * 3, log), { size: 3 });
    expect(results).toEqual(scenarios.map((scenario) => runSweepPoint(scenario)));
    expect(log.spawned).toBe(3);
    expect(log.terminated).toBe(3);
    expect([...log.requests].sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6]);
  });

  it('never starts more workers than points', async () => {
    const log = { spawned: 0, terminated: 0, requests: [] as number[] };
    await runOnWorkers([tiny(1)], fakeSpawner(() => 0, log), { size: 8 });
    expect(log.spawned).toBe(1);
  });

  it('a failing point fails the run, naming it, and stops every worker', async () => {
    const log = { spawned: 0, terminated: 0, requests: [] as number[] };
    const failing: SpawnPoolWorker = (handlers) => {
      const inner = fakeSpawner(() => 1, log)({
        ...handlers,
        onReply: (reply) => handlers.onReply(reply.index === 2 ? { index: 2, ok: false, error: 'boom' } : reply),
      });
      return inner;
    };
    await expect(runOnWorkers([1, 2, 3, 4].map(tiny), failing, { size: 2 })).rejects.toThrow(/^point 3 of 4: boom$/);
    expect(log.terminated).toBe(2);
  });

  it('a cancel mid-run terminates the workers and ignores late replies', async () => {
    const log = { spawned: 0, terminated: 0, requests: [] as number[] };
    const cancel = new AbortController();
    const reason = new Error('stop');
    const run = runOnWorkers([1, 2, 3, 4, 5].map(tiny), fakeSpawner(() => 2, log), {
      size: 2,
      signal: cancel.signal,
      onProgress: () => cancel.abort(reason),
    });
    await expect(run).rejects.toBe(reason);
    expect(log.terminated).toBe(2);
    expect(log.requests.length).toBeLessThan(5);
  });

  it('cycle breakdowns: the points that ask for one get the trace-based breakdown with their metrics, in scenario order', async () => {
    const qemu = (pps: number) =>
      testScenario({ durationUs: 2000, device: { model: 'qemu-2013' }, guest: { driver: 'linux-e1000', costs: 'tcg-2012' }, rx: { pattern: 'constant', pps, bytes: 64, startUs: 0 } });
    const scenarios = [qemu(50_000), qemu(5_000)];
    const log = { spawned: 0, terminated: 0, requests: [] as number[] };
    const points = await runPointsOnWorkers([...scenarios, tiny(1)], [true, true, false], fakeSpawner((i) => (3 - i) * 3, log), { size: 2 });
    const results = points.slice(0, 2).map((p) => p.cycles!);
    expect(results).toEqual(scenarios.map((s) => runSweepPointCycles(s).cycles));
    expect(points.map((p) => p.metrics)).toEqual([...scenarios, tiny(1)].map((s) => runSweepPoint(s)));
    expect(points[2].cycles).toBeUndefined();
    // A frame every 20 µs keeps the polling guest masked past the window; one every 200 µs does not.
    expect(results[0].unmaskWaitNs).toBeGreaterThan(0);
    expect(results[1].unmaskWaitNs).toBe(0);
    expect(log.terminated).toBe(2);
  });

  it('cycle breakdowns: a worker that answers with metrics only fails the run, naming the point', async () => {
    const log = { spawned: 0, terminated: 0, requests: [] as number[] };
    const metricsOnly: SpawnPoolWorker = (handlers) =>
      fakeSpawner(() => 0, log)({ ...handlers, onReply: (reply) => handlers.onReply(reply.ok ? { index: reply.index, ok: true, value: { metrics: reply.value.metrics } } : reply) });
    await expect(runPointsOnWorkers([tiny(1)], [true], metricsOnly, { size: 1 })).rejects.toThrow(/^point 1 of 1: the worker answered without a cycle breakdown$/);
  });
});
