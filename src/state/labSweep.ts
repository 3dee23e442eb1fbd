/**
 * The Sweep view's pure logic: a sensible first range for a parameter, the
 * series the plots draw, and the answer to "which setting gives p99 under
 * B us at the lowest guest CPU?". No browser, no React.
 */
import type { Scenario } from '../core/scenario';
import { displayValue, type MetricId } from '../sweep/metrics';
import { listSweepablePaths, type SweepableField } from '../sweep/paths';
import type { SweepResult, SweepScale } from '../sweep/sweep';

export interface SweepForm {
  param: string;
  from: number;
  to: number;
  steps: number;
  scale: SweepScale;
}

/** Parameters tried first when a sweep view opens on a scenario (the first effective one wins). */
const PREFERRED = [
  'guest.params.InterruptThrottleRate',
  'guest.params.hw.em.max_interrupt_rate',
  'device.regs.ITR',
  'device.regs.RADV',
  'device.params.rizzoBottomHalfUs',
  'device.params.hostTimerUs',
  'traffic.rx.pps',
  'traffic.tx.pps',
];

/** A first range for a field: around its value, within its limits. */
export function defaultRange(field: SweepableField): Omit<SweepForm, 'param'> {
  switch (field.path) {
    case 'guest.params.InterruptThrottleRate':
      // 0..4 are modes, not rates: sweep fixed rates on a log scale.
      return { from: 1000, to: 100_000, steps: 12, scale: 'log' };
    case 'guest.params.hw.em.max_interrupt_rate':
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
  return { param: field.path, ...defaultRange(field) };
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
}

/** A metric against the parameter, in display units (guest CPU in %). */
export function metricSeries(result: SweepResult, metric: MetricId): XY[] {
  return result.points.map((p, i) => ({ x: p.value, y: displayValue(p.metrics, metric), i }));
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
  return result.points.map((p, i) => ({ x: displayValue(p.metrics, 'guestCpuUtil'), y: displayValue(p.metrics, 'latencyP99Us'), i }));
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
  return `${n} ${field.unit === 'us' ? 'µs' : field.unit}`;
}

/** An axis or option label for a field: `ITR, interrupt throttling interval (units of 256 ns)`. */
export function fieldHeading(field: Pick<SweepableField, 'label' | 'unit'>): string {
  if (!field.unit) return field.label;
  // `interrupts/s or mode`: the axis of a sweep over rates is in interrupts/s.
  if (field.unit.includes(' or ')) return `${field.label} (${field.unit.split(' or ')[0]})`;
  if (unitNs(field.unit) !== null) return `${field.label} (units of ${field.unit.replace(/ us$/, ' µs')})`;
  return `${field.label} (${field.unit === 'us' ? 'µs' : field.unit})`;
}
