/**
 * Core benchmark: RX at GbE line rate with 64-byte frames
 * (1,488,095 frames/s), linux-e1000 guest with its default parameters,
 * 8254x device with the driver's registers, 4096-descriptor rings.
 * Measures simulated frames per wall-clock second with the trace off and on,
 * and the bare event queue's rate in the same run.
 */
import { Simulation } from '../core/simulation';
import { EventQueue } from '../core/engine/eventQueue';
import { LINE_RATE_64B, rxLineRateScenario } from '../core/lineRate';

export { LINE_RATE_64B };

export const lineRateScenario = rxLineRateScenario(200_000);

export interface CoreRun {
  simFramesPerSec: number;
  eventsPerSec: number;
}

/** Simulate the scenario for its duration and time it with the given clock. */
export function runCore(traceCapacity: number, now: () => number): CoreRun {
  const sim = new Simulation(lineRateScenario, { traceCapacity });
  const t0 = now();
  sim.advanceTo(lineRateScenario.durationUs * 1000);
  const seconds = (now() - t0) / 1000;
  return { simFramesPerSec: sim.nic.counters.rxArrived / seconds, eventsPerSec: sim.eventsProcessed / seconds };
}

/** The same event queue driving no device work: push and pop `n` events in time order. */
export function runBareQueue(n: number, now: () => number): number {
  const q = new EventQueue();
  let t = 0;
  for (let i = 0; i < 64; i++) q.push(i * 7, 1, 0);
  const t0 = now();
  for (let i = 0; i < n; i++) {
    t = q.pop();
    q.push(t + 672, q.lastKind, q.lastArg);
  }
  return n / ((now() - t0) / 1000);
}
