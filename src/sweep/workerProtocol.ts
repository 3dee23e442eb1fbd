/**
 * Messages between a sweep pool and its workers, and the worker's handler.
 * Platform-free: the Node pool (pool.ts, worker_threads) and a browser pool
 * (a Web Worker whose onmessage calls `handleSweepRequest`) share it.
 */
import type { Scenario } from '../core/scenario';
import { runSweepPoint, type SweepMetrics } from './sweep';

/** Run the scenario of point `index`. */
export interface SweepRequest {
  index: number;
  scenario: Scenario;
}

export type SweepReply = { index: number; ok: true; metrics: SweepMetrics } | { index: number; ok: false; error: string };

/** What a worker does with one request; never throws. */
export function handleSweepRequest(request: SweepRequest): SweepReply {
  try {
    return { index: request.index, ok: true, metrics: runSweepPoint(request.scenario) };
  } catch (error) {
    return { index: request.index, ok: false, error: error instanceof Error ? error.message : String(error) };
  }
}
