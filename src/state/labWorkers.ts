/**
 * The lab's pool of Web Workers (src/worker/sweep.worker.ts), one per core
 * (navigator.hardwareConcurrency): sweep points through the platform-free
 * scheduler of src/sweep (`runOnWorkers`), and comparison lanes through the
 * same scheduler (`runJobsOnWorkers`). Nothing here runs a simulation on the
 * main thread.
 */
import { err, ok } from '../base/result';
import { type Scenario } from '../core';
import { runJobsOnWorkers, runOnWorkers, runPointsOnWorkers, type JobProtocol, type PointResult, type SpawnJobWorker, type SpawnPoolWorker } from '../sweep/scheduler';
import type { SweepMetrics } from '../sweep/sweep';
import type { SweepReply } from '../sweep/workerProtocol';
import type { LaneData, LaneReply, LaneRequest } from '../sweep/lanes';

export type LabWorkerFactory = () => Worker;

export const defaultLabWorkerFactory: LabWorkerFactory = () =>
  new Worker(new URL('../worker/sweep.worker.ts', import.meta.url), { type: 'module', name: 'e1000-lab' });


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

/** Web Workers for runOnWorkers, made by `factory`. */
const sweepWorkers = (factory: LabWorkerFactory): SpawnPoolWorker => ({ onReply, onError }) => {
  const worker = factory();
  listen(worker, (data) => onReply(data as SweepReply), onError);
  return {
    postMessage: (request) => worker.postMessage(request),
    terminate: () => worker.terminate(),
  };
};

export interface LabRunOptions {
  /** Makes the pool's workers (tests pass a fake); default: the lab's Web Worker. */
  factory?: LabWorkerFactory;
  signal?: AbortSignal;
  onProgress?: (done: number, total: number) => void;
  size?: number;
}

/** Metrics of each scenario, in order, computed on the pool. */
export function runMetricsOnPool(scenarios: readonly Scenario[], options: LabRunOptions = {}): Promise<SweepMetrics[]> {
  return runOnWorkers(scenarios, sweepWorkers(options.factory ?? defaultLabWorkerFactory), { size: options.size ?? poolSize(), signal: options.signal, onProgress: options.onProgress });
}

/** Metrics of each scenario, and its cycle breakdown where `withCycles[i]`, in order, computed on the pool. */
export function runPointsOnPool(scenarios: readonly Scenario[], withCycles: readonly boolean[], options: LabRunOptions = {}): Promise<PointResult[]> {
  return runPointsOnWorkers(scenarios, withCycles, sweepWorkers(options.factory ?? defaultLabWorkerFactory), { size: options.size ?? poolSize(), signal: options.signal, onProgress: options.onProgress });
}

const LANE_PROTOCOL: JobProtocol<LaneRequest, LaneReply, LaneData> = {
  noun: 'configuration',
  request: (id, scenario) => ({ kind: 'lanes', id, scenario }),
  read: (reply) => (reply.ok ? { index: reply.id, ...ok(reply.value) } : { index: reply.id, ...err(reply.error) }),
};

/** Web Workers answering lane requests, made by `factory`. */
const laneWorkers = (factory: LabWorkerFactory): SpawnJobWorker<LaneRequest, LaneReply> => ({ onReply, onError }) => {
  const worker = factory();
  listen(worker, (data) => onReply(data as LaneReply), onError);
  return {
    postMessage: (request) => worker.postMessage(request),
    terminate: () => worker.terminate(),
  };
};

/** Lanes (instants and metrics) of each scenario, in order, computed on the pool. */
export function runLanesOnPool(scenarios: readonly Scenario[], options: LabRunOptions = {}): Promise<LaneData[]> {
  return runJobsOnWorkers(scenarios, laneWorkers(options.factory ?? defaultLabWorkerFactory), LANE_PROTOCOL, { size: options.size ?? poolSize(), signal: options.signal, onProgress: options.onProgress });
}

export function isAbort(error: unknown): boolean {
  return error instanceof DOMException && error.name === 'AbortError';
}
