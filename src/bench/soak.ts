/**
 * Headless soak: the line-rate scenario with the trace on, as the
 * browser's worker runs it, advanced for `minutes` of wall time. Reports the
 * Node heap and the trace's size at the start and at the end: both must stay
 * bounded however long it runs.
 */
import { Simulation } from '../core/simulation';
import { lineRateScenario } from './coreBench';

export interface SoakSample {
  wallS: number;
  virtualS: number;
  heapBytes: number;
  traceKept: number;
  traceWritten: number;
  interruptRecordsKept: number;
}

export interface SoakResult {
  minutes: number;
  start: SoakSample;
  end: SoakSample;
  heapGrowthPercent: number;
}

export function runCoreSoak(minutes: number, now: () => number): SoakResult {
  const gc = (globalThis as { gc?: () => void }).gc;
  const sim = new Simulation({ ...lineRateScenario, durationUs: 1e12 }, { traceCapacity: 1 << 18, maxInterruptRecords: 1 << 16 });
  const t0 = now();
  const sample = (): SoakSample => {
    gc?.();
    return {
      wallS: +((now() - t0) / 1000).toFixed(1),
      virtualS: +(sim.nowNs / 1e9).toFixed(3),
      heapBytes: process.memoryUsage().heapUsed,
      traceKept: sim.trace.total - sim.trace.oldest,
      traceWritten: sim.trace.total,
      interruptRecordsKept: sim.interrupts().length,
    };
  };
  const STEP_NS = 10_000_000;
  // Warm up for 10 s so the start sample is taken with the buffers full.
  while (now() - t0 < 10_000) sim.advanceTo(sim.nowNs + STEP_NS);
  const start = sample();
  while (now() - t0 < minutes * 60_000) sim.advanceTo(sim.nowNs + STEP_NS);
  const end = sample();
  return { minutes, start, end, heapGrowthPercent: +((100 * (end.heapBytes - start.heapBytes)) / start.heapBytes).toFixed(1) };
}
