/**
 * The lab's pool of Web Workers (src/worker/sweep.worker.ts), one per core
 * (navigator.hardwareConcurrency): sweep points through the platform-free
 * scheduler of src/sweep (`runOnWorkers`), and comparison lanes through a
 * small scheduler of the same shape. Nothing here runs a simulation on the
 * main thread.
 */
import type { Scenario } from '../core/scenario';
import { abortError, runOnWorkers, type SpawnPoolWorker } from '../sweep/scheduler';
import type { SweepMetrics } from '../sweep/sweep';
import type { SweepReply } from '../sweep/workerProtocol';
import type { LaneData, LaneReply, LaneRequest } from '../worker/sweep.worker';

export type LabWorkerFactory = () => Worker;

export const defaultLabWorkerFactory: LabWorkerFactory = () =>
  new Worker(new URL('../worker/sweep.worker.ts', import.meta.url), { type: 'module', name: 'e1000-lab' });

let factory: LabWorkerFactory = defaultLabWorkerFactory;

/** Tests may swap the worker factory. */
export function setLabWorkerFactory(f: LabWorkerFactory): void {
  factory = f;
}

/** Workers a run may start: one per core the browser reports (at least one). */
export function poolSize(): number {
  const n = typeof navigator !== 'undefined' ? navigator.hardwareConcurrency : 0;
  return Math.max(1, Math.floor(n || 2));
}

function listen(worker: Worker, onMessage: (data: unknown) => void, onError: (error: Error) => void): void {
  worker.addEventListener('message', (e: MessageEvent) => onMessage(e.data));
  worker.addEventListener('error', (e: ErrorEvent) => {
    e.preventDefault();
    onError(new Error(e.message || 'a lab worker stopped with an uncaught error'));
  });
  worker.addEventListener('messageerror', () => onError(new Error('a message from a lab worker could not be read')));
}

/** Web Workers for runOnWorkers. */
export const spawnSweepWorker: SpawnPoolWorker = ({ onReply, onError }) => {
  const worker = factory();
  listen(worker, (data) => onReply(data as SweepReply), onError);
  return {
    postMessage: (request) => worker.postMessage(request),
    terminate: () => worker.terminate(),
  };
};

export interface LabRunOptions {
  signal?: AbortSignal;
  onProgress?: (done: number, total: number) => void;
  size?: number;
}

/** Metrics of each scenario, in order, computed on the pool. */
export function runMetricsOnPool(scenarios: readonly Scenario[], options: LabRunOptions = {}): Promise<SweepMetrics[]> {
  return runOnWorkers(scenarios, spawnSweepWorker, { size: options.size ?? poolSize(), signal: options.signal, onProgress: options.onProgress });
}

/** Lanes (instants and metrics) of each scenario, in order, computed on the pool. */
export function runLanesOnPool(scenarios: readonly Scenario[], options: LabRunOptions = {}): Promise<LaneData[]> {
  const { signal, onProgress } = options;
  const total = scenarios.length;
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason ?? abortError());
    if (total === 0) return resolve([]);
    const results: (LaneData | undefined)[] = new Array(total);
    const workers: Worker[] = [];
    let next = 0;
    let done = 0;
    let settled = false;
    const finish = (error?: unknown) => {
      if (settled) return;
      settled = true;
      signal?.removeEventListener('abort', onAbort);
      for (const w of workers) w.terminate();
      if (error !== undefined) reject(error);
      else resolve(results as LaneData[]);
    };
    const onAbort = () => finish(signal?.reason ?? abortError());
    signal?.addEventListener('abort', onAbort, { once: true });
    const feed = (w: Worker) => {
      if (next >= total) return;
      const id = next++;
      const request: LaneRequest = { kind: 'lanes', id, scenario: scenarios[id] };
      w.postMessage(request);
    };
    const size = Math.max(1, Math.min(options.size ?? poolSize(), total));
    for (let k = 0; k < size && !settled; k++) {
      const w = factory();
      workers.push(w);
      listen(
        w,
        (data) => {
          if (settled) return;
          const reply = data as LaneReply;
          if (!reply.ok) return finish(new Error(`configuration ${reply.id + 1} of ${total}: ${reply.error}`));
          if (results[reply.id] === undefined) done++;
          results[reply.id] = reply.lane;
          onProgress?.(done, total);
          if (done === total) return finish();
          feed(w);
        },
        (error) => finish(error),
      );
      feed(w);
    }
  });
}

export function isAbort(error: unknown): boolean {
  return error instanceof DOMException && error.name === 'AbortError';
}
