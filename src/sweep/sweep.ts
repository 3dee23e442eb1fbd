/**
 * Sweeps: one numeric parameter over a range, one scenario per point, and
 * the Pareto frontier of two metrics. Pure and synchronous (the core is
 * deterministic), so it runs unchanged in Node, a worker thread or a Web
 * Worker; src/sweep/pool.ts runs the points of a plan in parallel.
 */
import { err, ok, type Result } from '../base/result';
import { cycleBreakdown, type CycleBreakdown } from '../core/cycles';
import { Simulation } from '../core/simulation';
import type { Scenario } from '../core/scenario';
import { hasMetric, metricValue, SWEEP_METRICS, type MetricId, type RunExtras, type SweepMetrics } from './metrics';
import { describeParam, quantizeParam, setParam, type SweepableField } from './paths';

export type SweepScale = 'linear' | 'log';

export interface SweepSpec {
  /** Dotted path of the parameter (see listSweepablePaths). */
  param: string;
  from: number;
  to: number;
  /** Number of points, both ends included (1 = `from` only). */
  steps: number;
  scale?: SweepScale;
}

/** Most points one sweep may have. */
export const MAX_SWEEP_STEPS = 1000;

export interface SweepPoint {
  /** The parameter's value at this point (rounded to what the field holds). */
  value: number;
  /** The validated scenario to run. */
  scenario: Scenario;
}

export interface SweepPlan {
  param: string;
  field: SweepableField;
  scale: SweepScale;
  /** Points in order from `from` to `to`; values that round to the same number appear once. */
  points: SweepPoint[];
  /** Things the caller may want to show (e.g. the parameter has no effect in this scenario). */
  warnings: string[];
}

export type { SweepMetrics } from './metrics';

export interface SweepPointResult {
  value: number;
  /** The point's metrics; over several seeds, their mean (see meanMetrics). */
  metrics: SweepMetrics;
  /** Over several seeds: each seed's metrics, in seed order (absent for a one-seed sweep). */
  runs?: SweepMetrics[];
}

export interface SweepResult {
  param: string;
  points: SweepPointResult[];
  /** Indices into `points` on the frontier of guest CPU vs p99 latency (both minimised), ascending. */
  pareto: number[];
}

/** The raw, unrounded values of a sweep: `steps` values from `from` to `to`, ends exact. */
export function sweepValues(from: number, to: number, steps: number, scale: SweepScale = 'linear'): number[] {
  if (steps === 1) return [from];
  return Array.from({ length: steps }, (_, i) => {
    if (i === 0) return from;
    if (i === steps - 1) return to;
    const t = i / (steps - 1);
    return scale === 'log' ? from * (to / from) ** t : from + (to - from) * t;
  });
}

function checkSpec({ from, to, steps, scale }: SweepSpec): string | undefined {
  if (!Number.isFinite(from)) return `from: ${from} is not a finite number`;
  if (!Number.isFinite(to)) return `to: ${to} is not a finite number`;
  if (!Number.isInteger(steps) || steps < 1 || steps > MAX_SWEEP_STEPS) {
    return `steps: ${steps} is out of range (integer 1..${MAX_SWEEP_STEPS})`;
  }
  if (scale !== undefined && scale !== 'linear' && scale !== 'log') return `scale: ${JSON.stringify(scale)} is not allowed ("linear" or "log")`;
  if (scale === 'log' && !(from > 0 && to > 0)) return `scale "log" needs from and to above 0 (got from ${from}, to ${to})`;
  return undefined;
}

/** A scenario name tagged with the point, within the format's 80 characters. */
function pointName(base: string, param: string, value: number): string {
  const suffix = ` [${param.split('.').pop()}=${value}]`;
  return `${base.slice(0, Math.max(0, 80 - suffix.length))}${suffix}`.slice(0, 80);
}

/**
 * The scenarios of a sweep, each validated. Values are rounded to what the
 * field holds (integers; ring sizes to multiples of 8) and duplicates that
 * rounding creates are dropped. A point the schema rejects fails the plan
 * with one line naming the point, the path and the value.
 */
export function planSweep(scenario: Scenario, spec: SweepSpec): Result<SweepPlan> {
  const described = describeParam(scenario, spec.param);
  if (!described.ok) return described;
  const bad = checkSpec(spec);
  if (bad) return err(bad);
  const field = described.value;
  const scale = spec.scale ?? 'linear';

  const values: number[] = [];
  for (const raw of sweepValues(spec.from, spec.to, spec.steps, scale)) {
    const value = quantizeParam(field, raw);
    if (!values.includes(value)) values.push(value);
  }

  const points: SweepPoint[] = [];
  for (const [i, value] of values.entries()) {
    const set = setParam(scenario, spec.param, value);
    if (!set.ok) return err(`point ${i + 1} of ${values.length}: ${set.error}`);
    const named = { ...set.value, name: pointName(scenario.name, spec.param, value) };
    points.push({ value, scenario: named });
  }

  const warnings: string[] = [];
  if (!field.effective) warnings.push(`${spec.param}: ${field.note}`);
  if (values.length < spec.steps) warnings.push(`${spec.steps - values.length} of ${spec.steps} points rounded onto others and were dropped`);
  return ok({ param: spec.param, field, scale, points, warnings });
}

/** Runs one point headless and returns its metrics (the same figures as runScenario(scenario).metrics). */
export function runSweepPoint(scenario: Scenario): SweepMetrics {
  const sim = new Simulation(scenario, { traceCapacity: 0 });
  sim.advanceTo(Math.round(scenario.durationUs * 1000));
  return runMetrics(sim);
}

/** What a run has left at its end and what its guest spent, read from the simulation's counters. */
export function runExtras(sim: Simulation): RunExtras {
  const { counters, txBacklog } = sim.snapshot();
  return {
    guestBusyUs: counters.busyNs / 1000,
    rxLeftInRing: Math.max(0, counters.rxStored - counters.rxTaken) + counters.rxHeld,
    txLeftInRing: Math.max(0, counters.txQueued - txBacklog - counters.txSent),
  };
}

/** The contract's metrics of a simulation and its extras (see RunExtras). */
export function runMetrics(sim: Simulation): SweepMetrics {
  return { ...sim.metrics(), ...runExtras(sim) };
}

/**
 * Trace records a cycle breakdown keeps (13 MB of typed arrays): the whole
 * of QEMU 7.2's table A runs (200 ms, 160,000 to 310,000 records). A longer
 * run is broken down over the complete cycles of its last records.
 */
export const CYCLE_TRACE_RECORDS = 1 << 19;

/** A point's metrics and where the time between its interrupts went. */
export interface SweepPointCycles {
  metrics: SweepMetrics;
  cycles: CycleBreakdown;
}

/** Runs one point with its trace on: its metrics and cycleBreakdown over the trace (see CYCLE_TRACE_RECORDS). */
export function runSweepPointCycles(scenario: Scenario): SweepPointCycles {
  const sim = new Simulation(scenario, { traceCapacity: CYCLE_TRACE_RECORDS });
  sim.advanceTo(Math.round(scenario.durationUs * 1000));
  return { metrics: runMetrics(sim), cycles: cycleBreakdown(sim.trace.records()) };
}

/** Runs a plan on this thread, point by point (reference for the pool; fine for small sweeps). */
export function runSweepSerial(plan: SweepPlan, onProgress?: (done: number, total: number) => void): SweepResult {
  const points = plan.points.map(({ value, scenario }, i) => {
    const metrics = runSweepPoint(scenario);
    onProgress?.(i + 1, plan.points.length);
    return { value, metrics };
  });
  return sweepResult(plan, points.map((p) => p.metrics));
}

/** Pairs a plan's values with their metrics (in point order) and marks the default frontier. */
export function sweepResult(plan: SweepPlan, metrics: readonly SweepMetrics[]): SweepResult {
  if (metrics.length !== plan.points.length) throw new Error(`sweepResult: ${metrics.length} results for ${plan.points.length} points`);
  const points = plan.points.map(({ value }, i) => ({ value, metrics: metrics[i] }));
  return { param: plan.param, points, pareto: paretoFrontier(points.map((p) => p.metrics)) };
}

/** Most seeds a sweep runs each point over. */
export const MAX_SWEEP_SEEDS = 10;

/** The seeds of a point run over `count` seeds from the scenario's own: seed, seed + 1, ... (uint32, wrapping). */
export function seedsFrom(seed: number, count: number): number[] {
  return Array.from({ length: Math.max(1, count) }, (_, k) => (seed + k) % 0x1_0000_0000);
}

/** Each point's scenario once per seed (point-major: point 0's seeds, then point 1's, ...). */
export function seededScenarios(plan: SweepPlan, seeds: number): Scenario[] {
  return plan.points.flatMap(({ scenario }) => seedsFrom(scenario.seed, seeds).map((seed) => ({ ...scenario, seed })));
}

function mean(xs: readonly number[]): number {
  return xs.length === 0 ? 0 : xs.reduce((a, b) => a + b, 0) / xs.length;
}

/**
 * The mean of several runs' metrics, field by field. Latencies are averaged
 * over the runs that received frames (a run without RX frames has no
 * latency, not a latency of 0); with none, they are 0 and rxFrames is 0.
 */
export function meanMetrics(runs: readonly SweepMetrics[]): SweepMetrics {
  if (runs.length === 0) throw new Error('meanMetrics: no runs');
  if (runs.length === 1) return runs[0];
  const withRx = runs.filter((m) => m.rxFrames > 0);
  const avg = (get: (m: SweepMetrics) => number) => mean(runs.map(get));
  const lat = (get: (m: SweepMetrics) => number) => mean(withRx.map(get));
  return {
    rxFrames: avg((m) => m.rxFrames),
    rxDropped: avg((m) => m.rxDropped),
    txFrames: avg((m) => m.txFrames),
    interrupts: avg((m) => m.interrupts),
    interruptsPerSec: avg((m) => m.interruptsPerSec),
    framesPerInterrupt: avg((m) => m.framesPerInterrupt),
    latencyUs: { p50: lat((m) => m.latencyUs.p50), p99: lat((m) => m.latencyUs.p99), max: lat((m) => m.latencyUs.max) },
    exits: avg((m) => m.exits),
    guestCpuUtil: avg((m) => m.guestCpuUtil),
    rxPps: avg((m) => m.rxPps),
    txPps: avg((m) => m.txPps),
    guestBusyUs: avg((m) => m.guestBusyUs),
    rxLeftInRing: avg((m) => m.rxLeftInRing),
    txLeftInRing: avg((m) => m.txLeftInRing),
  };
}

/**
 * A sweep's result from each point's runs over its seeds (`runs[i]`: point
 * i's metrics per seed). Each point's metrics are the mean; the Pareto
 * frontier is taken on the means.
 */
export function sweepResultSeeds(plan: SweepPlan, runs: readonly (readonly SweepMetrics[])[]): SweepResult {
  if (runs.length !== plan.points.length) throw new Error(`sweepResultSeeds: ${runs.length} results for ${plan.points.length} points`);
  const points = plan.points.map(({ value }, i): SweepPointResult => {
    const r = runs[i];
    return r.length > 1 ? { value, metrics: meanMetrics(r), runs: [...r] } : { value, metrics: r[0] };
  });
  return { param: plan.param, points, pareto: paretoFrontier(points.map((p) => p.metrics)) };
}

/** The spread of one metric over a point's seeds, in display units; null when the point ran one seed or no run has the metric. */
export interface MetricSpread {
  mean: number;
  min: number;
  max: number;
  /** Sample standard deviation (n - 1). */
  sd: number;
  /** Runs that have the metric. */
  n: number;
}

export function metricSpread(point: SweepPointResult, id: MetricId): MetricSpread | null {
  if (!point.runs || point.runs.length < 2) return null;
  const xs = point.runs.filter((m) => hasMetric(m, id)).map((m) => metricValue(m, id) * SWEEP_METRICS[id].scale);
  if (xs.length === 0) return null;
  const m = mean(xs);
  const sd = xs.length > 1 ? Math.sqrt(xs.reduce((a, x) => a + (x - m) ** 2, 0) / (xs.length - 1)) : 0;
  return { mean: m, min: Math.min(...xs), max: Math.max(...xs), sd, n: xs.length };
}

/**
 * Indices of the points no other point dominates, minimising both x and y
 * (ascending). A point dominates another when it is no worse in both and
 * better in at least one; equal points do not dominate each other, so
 * duplicates of a frontier point are all on it. Points with a non-finite
 * coordinate are left out (neither on the frontier nor dominating).
 */
export function paretoFrontierXY(points: readonly { x: number; y: number }[]): number[] {
  const order = points
    .map((p, i) => ({ x: p.x, y: p.y, i }))
    .filter((p) => Number.isFinite(p.x) && Number.isFinite(p.y))
    .sort((a, b) => a.x - b.x || a.y - b.y);
  const frontier: number[] = [];
  let bestY = Infinity;
  let last: { x: number; y: number } | undefined;
  for (const p of order) {
    if (p.y < bestY) {
      bestY = p.y;
      last = p;
      frontier.push(p.i);
    } else if (last && p.x === last.x && p.y === last.y) {
      frontier.push(p.i);
    }
  }
  return frontier.sort((a, b) => a - b);
}

/**
 * The Pareto frontier of sweep metrics (default: guest CPU vs p99 latency,
 * both minimised). Each metric is taken in its better direction
 * (SWEEP_METRICS[id].better), so e.g. TX throughput vs guest CPU keeps the
 * points no other point beats on both.
 */
export function paretoFrontier(metrics: readonly SweepMetrics[], x: MetricId = 'guestCpuUtil', y: MetricId = 'latencyP99Us'): number[] {
  const sign = (id: MetricId) => (SWEEP_METRICS[id].better === 'higher' ? -1 : 1);
  // A run without the metric (no RX frames: no latency) is neither on the frontier nor dominating.
  const coord = (m: SweepMetrics, id: MetricId) => (hasMetric(m, id) ? sign(id) * metricValue(m, id) : NaN);
  return paretoFrontierXY(metrics.map((m) => ({ x: coord(m, x), y: coord(m, y) })));
}
