/**
 * Messages between a sweep pool and its workers, and the worker's handler.
 * Platform-free: the Node pool (pool.ts, worker_threads) and a browser pool
 * (a Web Worker whose onmessage calls `handleSweepRequest`) share it.
 */
import { err, ok, type Result } from '../base/result';
import type { CycleBreakdown } from '../core/cycles';
import type { Scenario } from '../core/scenario';
import { runSweepPoint, runSweepPointCycles, type SweepMetrics } from './sweep';

/** Run the scenario of point `index`. */
export interface SweepRequest {
  index: number;
  scenario: Scenario;
  /** Also break the interrupt cycles down (runs with the trace on: slower, more memory). */
  cycles?: boolean;
}

/** Point `index`'s metrics (and its cycle breakdown when asked for), or why the run failed. */
export type SweepReply = { index: number } & Result<{ metrics: SweepMetrics; cycles?: CycleBreakdown }>;

/** What a worker does with one request; never throws. */
export function handleSweepRequest(request: SweepRequest): SweepReply {
  try {
    if (request.cycles) return { index: request.index, ...ok(runSweepPointCycles(request.scenario)) };
    return { index: request.index, ...ok({ metrics: runSweepPoint(request.scenario) }) };
  } catch (error) {
    return { index: request.index, ...err(error instanceof Error ? error.message : String(error)) };
  }
}
