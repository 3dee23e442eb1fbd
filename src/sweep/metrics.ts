/**
 * The metrics a sweep or a comparison reports, as one table: how to read
 * each from the contract's `Metrics`, its label and unit for tables, axes and
 * tooltips, and which direction is better. Pure data; no Node, no browser.
 */
import type { Metrics } from '../core/types';

export interface MetricInfo {
  /** Short label for a column or an axis. */
  label: string;
  /** Display unit (after `scale`). */
  unit: string;
  /** Reads the raw contract value. */
  get: (metrics: Metrics) => number;
  /** Factor from the raw value to the displayed one (guestCpuUtil is a fraction, shown in %). */
  scale: number;
  /** Decimals when displayed. */
  digits: number;
  /** Which way is better, for highlighting deltas. */
  better: 'lower' | 'higher';
  /** A latency: it exists only for a run that received frames. */
  perRxFrame?: true;
}

export const SWEEP_METRICS = {
  interruptsPerSec: { label: 'interrupts/s', unit: '', get: (m) => m.interruptsPerSec, scale: 1, digits: 0, better: 'lower' },
  latencyP50Us: { label: 'p50 latency', unit: 'us', get: (m) => m.latencyUs.p50, scale: 1, digits: 3, better: 'lower', perRxFrame: true },
  latencyP99Us: { label: 'p99 latency', unit: 'us', get: (m) => m.latencyUs.p99, scale: 1, digits: 3, better: 'lower', perRxFrame: true },
  latencyMaxUs: { label: 'max latency', unit: 'us', get: (m) => m.latencyUs.max, scale: 1, digits: 3, better: 'lower', perRxFrame: true },
  rxPps: { label: 'RX throughput', unit: 'frames/s', get: (m) => m.rxPps, scale: 1, digits: 0, better: 'higher' },
  txPps: { label: 'TX throughput', unit: 'frames/s', get: (m) => m.txPps, scale: 1, digits: 0, better: 'higher' },
  guestCpuUtil: { label: 'guest CPU', unit: '%', get: (m) => m.guestCpuUtil, scale: 100, digits: 1, better: 'lower' },
  rxDropped: { label: 'RX dropped', unit: 'frames', get: (m) => m.rxDropped, scale: 1, digits: 0, better: 'lower' },
  exits: { label: 'VM exits', unit: '', get: (m) => m.exits, scale: 1, digits: 0, better: 'lower' },
  interrupts: { label: 'interrupts', unit: '', get: (m) => m.interrupts, scale: 1, digits: 0, better: 'lower' },
  framesPerInterrupt: { label: 'frames/interrupt', unit: '', get: (m) => m.framesPerInterrupt, scale: 1, digits: 2, better: 'higher' },
  rxFrames: { label: 'RX frames', unit: '', get: (m) => m.rxFrames, scale: 1, digits: 0, better: 'higher' },
  txFrames: { label: 'TX frames', unit: '', get: (m) => m.txFrames, scale: 1, digits: 0, better: 'higher' },
} as const satisfies Record<string, MetricInfo>;

export type MetricId = keyof typeof SWEEP_METRICS;

export const METRIC_IDS = Object.keys(SWEEP_METRICS) as MetricId[];

export function isMetricId(id: string): id is MetricId {
  return Object.hasOwn(SWEEP_METRICS, id);
}

/** The metric's raw value (as in the contract: guestCpuUtil a fraction). */
export function metricValue(metrics: Metrics, id: MetricId): number {
  return SWEEP_METRICS[id].get(metrics);
}

/** The metric in display units (guest CPU in %). */
export function displayValue(metrics: Metrics, id: MetricId): number {
  return SWEEP_METRICS[id].get(metrics) * SWEEP_METRICS[id].scale;
}

/** Whether the run has this metric at all: no RX frame means no latency (not a latency of 0). */
export function hasMetric(metrics: Metrics, id: MetricId): boolean {
  const info: MetricInfo = SWEEP_METRICS[id];
  return !(info.perRxFrame && metrics.rxFrames === 0);
}

/** What a table cell shows for a run: the number in display units, or "no RX frames" for a latency without frames. */
export function metricCell(metrics: Metrics, id: MetricId): string {
  return hasMetric(metrics, id) ? formatMetric(id, displayValue(metrics, id)) : NO_RX_FRAMES;
}

export const NO_RX_FRAMES = 'no RX frames';

/** A display-unit number with the metric's decimals, no unit. */
export function formatMetric(id: MetricId, displayed: number): string {
  return Number.isFinite(displayed) ? displayed.toFixed(SWEEP_METRICS[id].digits) : String(displayed);
}

/** `label (unit)` or just the label. */
export function metricHeading(id: MetricId): string {
  const { label, unit } = SWEEP_METRICS[id];
  return unit ? `${label} (${unit})` : label;
}
