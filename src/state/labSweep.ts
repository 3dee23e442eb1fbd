/**
 * The Sweep view's pure logic: a sensible first range for a parameter, the
 * series the plots draw, and the answer to "which setting gives p99 under
 * B us at the lowest guest CPU?". No browser, no React.
 */
import { type Scenario } from '../core';
import { displayValue, type MetricId } from '../sweep/metrics';
import { listSweepablePaths, type SweepableField } from '../sweep/paths';
import { MAX_SWEEP_SEEDS, metricSpread, type SweepResult, type SweepScale } from '../sweep/sweep';
import { shownUnit } from '../scenario/plainWords';

export interface SweepForm {
  param: string;
  from: number;
  to: number;
  steps: number;
  scale: SweepScale;
  /** Seeds each point runs over (the scenario's seed, seed + 1, ...): the plots show their mean and spread. */
  seeds: number;
}

/** Seeds per point a sweep starts with. */
export const DEFAULT_SWEEP_SEEDS = 3;

/** The seeds a form runs each point over: 1 when the sweep varies the seed itself; otherwise its count, within 1..MAX_SWEEP_SEEDS. */
export function seedsOf(form: Pick<SweepForm, 'param' | 'seeds'>): number {
  if (form.param === 'seed') return 1;
  const n = Math.round(form.seeds);
  return Number.isFinite(n) ? Math.min(MAX_SWEEP_SEEDS, Math.max(1, n)) : 1;
}

/** Parameters tried first when a sweep view opens on a scenario (the first effective one wins). */
const PREFERRED = [
  'guest.params.InterruptThrottleRate',
  'device.regs.ITR',
  'device.regs.RADV',
  'device.params.rizzoBottomHalfUs',
  'device.params.hostTimerUs',
  'traffic.rx.pps',
  'traffic.tx.pps',
];

/** A first range for a field: around its value, within its limits. */
export function defaultRange(field: SweepableField): Omit<SweepForm, 'param' | 'seeds'> {
  switch (field.path) {
    case 'guest.params.InterruptThrottleRate':
      // 0..4 are modes, not rates: sweep fixed rates on a log scale.
      return { from: 1000, to: 100_000, steps: 12, scale: 'log' };
    case 'device.regs.ITR':
      return { from: 0, to: 4000, steps: 12, scale: 'linear' };
    case 'device.params.rizzoBottomHalfUs':
      return { from: 10, to: 10_000, steps: 10, scale: 'log' };
  }
  const v = field.value ?? field.min;
  if (field.unit === 'frames/s' && v > 0) {
    return { from: Math.max(field.min, Number((v / 10).toPrecision(2))), to: Math.min(field.max, v * 4), steps: 12, scale: 'log' };
  }
  if (field.path.startsWith('device.regs.') || field.path.startsWith('guest.params.')) {
    return { from: field.min, to: Math.min(field.max, Math.max(64, v * 4)), steps: 12, scale: 'linear' };
  }
  const to = Math.min(field.max, Math.max(v * 4, v + 100, field.min + 1));
  return { from: Math.max(field.min, v > 0 ? v / 4 : field.min), to, steps: 10, scale: 'linear' };
}

/** The form a sweep view starts with for a scenario. */
export function defaultSweepForm(scenario: Scenario): SweepForm {
  const fields = listSweepablePaths(scenario);
  const effective = (f: SweepableField) => f.effective;
  const field =
    PREFERRED.map((p) => fields.find((f) => f.path === p && effective(f))).find((f) => f !== undefined) ??
    fields.find((f) => effective(f) && f.path !== 'seed' && f.path !== 'durationUs') ??
    fields[0];
  return { param: field.path, ...defaultRange(field), seeds: DEFAULT_SWEEP_SEEDS };
}

export interface BoundAnswer {
  /** Index of the point with the lowest guest CPU among those meeting the bound; null if none does. */
  best: number | null;
  /** Indices of the points meeting the bound. */
  meeting: number[];
}

/**
 * Among the sweep's points, those whose p99 latency is at most `boundUs`
 * (and, unless `allowDrops`, that dropped no frame), and the one of them
 * with the lowest guest CPU (ties: lower p99, then fewer interrupts/s, then
 * the first). A point that received nothing has no latency and does not
 * count as meeting a latency bound.
 */
export function cheapestWithin(result: SweepResult, boundUs: number, allowDrops = false): BoundAnswer {
  const meeting: number[] = [];
  result.points.forEach((p, i) => {
    const m = p.metrics;
    if (m.rxFrames === 0) return;
    if (!(m.latencyUs.p99 <= boundUs)) return;
    if (!allowDrops && m.rxDropped > 0) return;
    meeting.push(i);
  });
  let best: number | null = null;
  for (const i of meeting) {
    if (best === null) {
      best = i;
      continue;
    }
    const a = result.points[i].metrics;
    const b = result.points[best].metrics;
    const key = (m: typeof a) => [m.guestCpuUtil, m.latencyUs.p99, m.interruptsPerSec];
    const [ka, kb] = [key(a), key(b)];
    for (let k = 0; k < ka.length; k++) {
      if (ka[k] < kb[k]) {
        best = i;
        break;
      }
      if (ka[k] > kb[k]) break;
    }
  }
  return { best, meeting };
}

export interface XY {
  x: number;
  y: number;
  /** Index of the sweep point. */
  i: number;
  /** Over several seeds: the lowest and highest y of the point's runs (an error bar). */
  yLo?: number;
  yHi?: number;
  /** ...and of x (the tradeoff plot's guest CPU). */
  xLo?: number;
  xHi?: number;
}

/** A metric against the parameter, in display units (guest CPU in %): the mean over seeds, with the min..max of the runs. */
export function metricSeries(result: SweepResult, metric: MetricId): XY[] {
  return result.points.map((p, i) => {
    const xy: XY = { x: p.value, y: displayValue(p.metrics, metric), i };
    const spread = metricSpread(p, metric);
    if (spread) Object.assign(xy, { yLo: spread.min, yHi: spread.max });
    return xy;
  });
}

/** The throughput metrics worth plotting for this sweep: those that are non-zero somewhere (RX first). */
export function throughputMetrics(result: SweepResult): MetricId[] {
  const out: MetricId[] = [];
  if (result.points.some((p) => p.metrics.rxPps > 0)) out.push('rxPps');
  if (result.points.some((p) => p.metrics.txPps > 0)) out.push('txPps');
  return out.length > 0 ? out : ['rxPps'];
}

/** The points of the latency-vs-CPU scatter (x guest CPU %, y p99 us). */
export function tradeoffPoints(result: SweepResult): XY[] {
  return result.points.map((p, i) => {
    const xy: XY = { x: displayValue(p.metrics, 'guestCpuUtil'), y: displayValue(p.metrics, 'latencyP99Us'), i };
    const [sx, sy] = [metricSpread(p, 'guestCpuUtil'), metricSpread(p, 'latencyP99Us')];
    if (sx) Object.assign(xy, { xLo: sx.min, xHi: sx.max });
    if (sy) Object.assign(xy, { yLo: sy.min, yHi: sy.max });
    return xy;
  });
}

/** ns per unit of a register-style unit ('256 ns', '1.024 us'), or null. */
function unitNs(unit: string): number | null {
  const m = /^([\d.]+) (ns|us)$/.exec(unit);
  return m ? Number(m[1]) * (m[2] === 'us' ? 1000 : 1) : null;
}

function fmtUs(ns: number): string {
  return ns >= 1e6 ? `${Number((ns / 1e6).toPrecision(4))} ms` : `${Number((ns / 1000).toPrecision(5))} µs`;
}

/** The sweep's parameter value as text with its unit: `195 (49.92 µs)`, `8,000 frames/s`, `100 us` as `100 µs`. */
export function paramText(field: Pick<SweepableField, 'unit'>, value: number): string {
  const n = Number.isInteger(value) ? value.toLocaleString('en-US') : String(Number(value.toPrecision(6)));
  const per = unitNs(field.unit);
  if (per !== null) return value === 0 ? `${n} (off)` : `${n} (${fmtUs(value * per)})`;
  if (!field.unit || field.unit.includes(' or ')) return n;
  return `${n} ${shownUnit(field.unit)}`;
}

/** An axis or option label for a field: `ITR, interrupt throttling interval (units of 256 ns)`. */
export function fieldHeading(field: Pick<SweepableField, 'label' | 'unit'>): string {
  if (!field.unit) return field.label;
  // `interrupts/s or mode`: the axis of a sweep over rates is in interrupts/s.
  if (field.unit.includes(' or ')) return `${field.label} (${field.unit.split(' or ')[0]})`;
  if (unitNs(field.unit) !== null) return `${field.label} (units of ${shownUnit(field.unit)})`;
  return `${field.label} (${shownUnit(field.unit)})`;
}
