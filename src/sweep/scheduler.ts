/**
 * Runs sweep points on a set of workers, whatever kind they are (Node
 * worker_threads in pool.ts, Web Workers in the browser): each worker takes
 * the next point as soon as it is free; results come back in point order
 * regardless of completion order; progress after each point; cancel with an
 * AbortSignal. Every point is a whole deterministic run, so the figures are
 * the same as running serially. Platform-free.
 */
import { err, ok, type Result } from '../base/result';
import type { CycleBreakdown } from '../core/cycles';
import type { Scenario } from '../core/scenario';
import type { SweepMetrics } from './sweep';
import type { SweepReply, SweepRequest } from './workerProtocol';

/** The two things the scheduler needs from a worker. */
export interface JobWorker<Request> {
  postMessage(request: Request): void;
  terminate(): void;
}

/** Starts one worker that answers each request with a reply. */
export type SpawnJobWorker<Request, Reply> = (handlers: { onReply: (reply: Reply) => void; onError: (error: Error) => void }) => JobWorker<Request>;

/** How one kind of job is asked for and read back. */
export interface JobProtocol<Request, Reply, Answer> {
  /** What a job is called in error messages ("point", "configuration"). */
  noun: string;
  request(index: number, scenario: Scenario): Request;
  read(reply: Reply): { index: number } & Result<Answer>;
}

export type SpawnPoolWorker = SpawnJobWorker<SweepRequest, SweepReply>;

export interface PoolRunOptions {
  /** Workers to start (at most one per point). */
  size: number;
  signal?: AbortSignal;
  /** Called after each finished point: how many are done, of how many, and which one finished. */
  onProgress?: (done: number, total: number, index: number) => void;
}

/** The error a cancelled run rejects with when the signal carries no reason of its own. */
export function abortError(): Error {
  return new DOMException('sweep cancelled', 'AbortError');
}

const SWEEP_PROTOCOL: JobProtocol<SweepRequest, SweepReply, SweepMetrics> = {
  noun: 'point',
  request: (index, scenario) => ({ index, scenario }),
  read: (reply) => (reply.ok ? { index: reply.index, ...ok(reply.value.metrics) } : reply),
};

/** Sweep points on workers: each point's metrics, in point order. */
export function runOnWorkers(scenarios: readonly Scenario[], spawn: SpawnPoolWorker, options: PoolRunOptions): Promise<SweepMetrics[]> {
  return runJobsOnWorkers(scenarios, spawn, SWEEP_PROTOCOL, options);
}

/** One point's metrics, and its interrupt cycle breakdown when it was asked for. */
export interface PointResult {
  metrics: SweepMetrics;
  cycles?: CycleBreakdown;
}

/**
 * Each scenario's metrics, in scenario order; where `withCycles[i]`, also
 * its cycle breakdown (that point runs with the trace on), in the same run.
 */
export function runPointsOnWorkers(
  scenarios: readonly Scenario[],
  withCycles: readonly boolean[],
  spawn: SpawnPoolWorker,
  options: PoolRunOptions,
): Promise<PointResult[]> {
  const protocol: JobProtocol<SweepRequest, SweepReply, PointResult> = {
    noun: 'point',
    request: (index, scenario) => ({ index, scenario, cycles: withCycles[index] }),
    read: (reply) => {
      if (!reply.ok) return reply;
      if (withCycles[reply.index] && !reply.value.cycles) return { index: reply.index, ...err('the worker answered without a cycle breakdown') };
      return { index: reply.index, ...ok({ metrics: reply.value.metrics, cycles: reply.value.cycles }) };
    },
  };
  return runJobsOnWorkers(scenarios, spawn, protocol, options);
}

/** Any kind of per-scenario job on workers: results in scenario order. */
export function runJobsOnWorkers<Request, Reply, Answer>(
  scenarios: readonly Scenario[],
  spawn: SpawnJobWorker<Request, Reply>,
  protocol: JobProtocol<Request, Reply, Answer>,
  options: PoolRunOptions,
): Promise<Answer[]> {
  const { signal, onProgress } = options;
  const total = scenarios.length;
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason ?? abortError());
    if (total === 0) return resolve([]);

    const results: (Answer | undefined)[] = new Array(total);
    const workers: JobWorker<Request>[] = [];
    let next = 0;
    let done = 0;
    let settled = false;

    const finish = (error?: unknown) => {
      if (settled) return;
      settled = true;
      signal?.removeEventListener('abort', onAbort);
      for (const worker of workers) worker.terminate();
      if (error !== undefined) reject(error);
      else resolve(results as Answer[]);
    };
    const onAbort = () => finish(signal?.reason ?? abortError());
    signal?.addEventListener('abort', onAbort, { once: true });

    const feed = (worker: JobWorker<Request>) => {
      if (next < total) {
        const index = next++;
        worker.postMessage(protocol.request(index, scenarios[index]));
      }
    };

    const size = Math.max(1, Math.min(Math.floor(options.size) || 1, total));
    try {
      for (let w = 0; w < size && !settled; w++) {
        const worker = spawn({
          onReply(raw) {
            if (settled) return;
            const reply = protocol.read(raw);
            if (!reply.ok) return finish(new Error(`${protocol.noun} ${reply.index + 1} of ${total}: ${reply.error}`));
            if (results[reply.index] === undefined) done++;
            results[reply.index] = reply.value;
            onProgress?.(done, total, reply.index);
            if (settled) return; // the progress callback may have cancelled
            if (done === total) return finish();
            feed(worker);
          },
          onError(error) {
            finish(error);
          },
        });
        if (settled) worker.terminate();
        else {
          workers.push(worker);
          feed(worker);
        }
      }
    } catch (error) {
      finish(error);
    }
  });
}
