/**
 * The metrics a sweep or a comparison reports, as one table: how to read
 * each from the contract's `Metrics`, its label and unit for tables, axes and
 * tooltips, and which direction is better. Pure data; no Node, no browser.
 */
import type { Metrics } from '../core/types';

/**
 * What a sweep point or a comparison lane reads from the run beyond the
 * contract's metrics (additive: the contract's fields are unchanged).
 */
export interface RunExtras {
  /** Guest vCPU busy time over the run, µs (guestCpuUtil is this over the duration, rounded). */
  guestBusyUs: number;
  /** RX frames the NIC had received that the guest had not taken at the end: in the ring, or held in the packet buffer. */
  rxLeftInRing: number;
  /** TX frames the driver had put in the ring that the NIC had not sent at the end. */
  txLeftInRing: number;
}

/** What a sweep point's (or a comparison lane's) run yields: the contract's metrics and the run's extras. */
export type SweepMetrics = Metrics & RunExtras;

/** Frames the guest handled (RX taken + TX sent): the work done, for the per-frame figures. */
export function framesDone(m: Metrics): number {
  return m.rxFrames + m.txFrames;
}

export interface MetricInfo {
  /** Short label for a column or an axis. */
  label: string;
  /** Display unit (after `scale`). */
  unit: string;
  /** Reads the raw contract value. */
  get: (metrics: SweepMetrics) => number;
  /** Factor from the raw value to the displayed one (guestCpuUtil is a fraction, shown in %). */
  scale: number;
  /** Decimals when displayed. */
  digits: number;
  /** Which way is better, for highlighting deltas. */
  better: 'lower' | 'higher';
  /** A latency: it exists only for a run that received frames. */
  perRxFrame?: true;
  /** Per frame of work done: it exists only for a run that handled frames. */
  perFrame?: true;
  /** A server figure: it exists only for a run with a server application that replied (guest.server). */
  perRequest?: true;
  /**
   * A comparison may call a change better or worse: the figure is normalised
   * by the work done (per frame) or is a latency, so a slower run does not
   * look better for having done less. Raw counts and rates are shown, not judged.
   */
  judged?: true;
  /** One line for a tooltip: what the figure is. */
  help: string;
}

export const SWEEP_METRICS = {
  interruptsPerSec: { label: 'interrupts/s', unit: '', get: (m) => m.interruptsPerSec, scale: 1, digits: 0, better: 'lower', help: 'Interrupts asserted per second of virtual time' },
  latencyP50Us: { label: 'p50 latency', unit: 'us', get: (m) => m.latencyUs.p50, scale: 1, digits: 3, better: 'lower', perRxFrame: true, help: 'Median time from a frame\'s arrival to the guest taking it' },
  latencyP99Us: { label: 'p99 latency', unit: 'us', get: (m) => m.latencyUs.p99, scale: 1, digits: 3, better: 'lower', perRxFrame: true, judged: true, help: '99th percentile of the time from a frame\'s arrival to the guest taking it' },
  latencyMaxUs: { label: 'max latency', unit: 'us', get: (m) => m.latencyUs.max, scale: 1, digits: 3, better: 'lower', perRxFrame: true, help: 'Longest time from a frame\'s arrival to the guest taking it' },
  rxPps: { label: 'RX throughput', unit: 'frames/s', get: (m) => m.rxPps, scale: 1, digits: 0, better: 'higher', help: 'Frames the guest took per second (frames still waiting at the end are not counted)' },
  txPps: { label: 'TX throughput', unit: 'frames/s', get: (m) => m.txPps, scale: 1, digits: 0, better: 'higher', help: 'Frames the NIC sent per second' },
  guestCpuUtil: { label: 'guest CPU', unit: '%', get: (m) => m.guestCpuUtil, scale: 100, digits: 1, better: 'lower', help: 'Share of the run the guest vCPU was busy (its work and its VM exits)' },
  cpuUsPerFrame: {
    label: 'guest CPU per frame',
    unit: 'us',
    get: (m) => (framesDone(m) > 0 ? m.guestBusyUs / framesDone(m) : NaN),
    scale: 1,
    digits: 3,
    better: 'lower',
    perFrame: true,
    judged: true,
    help: 'Guest vCPU busy time divided by the frames it handled (RX taken + TX sent)',
  },
  rxDropped: { label: 'RX dropped', unit: 'frames', get: (m) => m.rxDropped, scale: 1, digits: 0, better: 'lower', help: 'Frames the NIC had no room for' },
  rxLeftInRing: { label: 'RX still waiting at the end', unit: 'frames', get: (m) => m.rxLeftInRing, scale: 1, digits: 0, better: 'lower', help: 'Frames received but not yet taken by the guest when the run ended (in the ring or the packet buffer)' },
  txLeftInRing: { label: 'TX still in the ring at the end', unit: 'frames', get: (m) => m.txLeftInRing, scale: 1, digits: 0, better: 'lower', help: 'Frames the driver had queued in the ring that the NIC had not yet sent when the run ended' },
  exits: { label: 'VM exits', unit: '', get: (m) => m.exits, scale: 1, digits: 0, better: 'lower', help: 'Exits from the guest to the hypervisor over the run' },
  exitsPerFrame: {
    label: 'VM exits per frame',
    unit: '',
    get: (m) => (framesDone(m) > 0 ? m.exits / framesDone(m) : NaN),
    scale: 1,
    digits: 2,
    better: 'lower',
    perFrame: true,
    judged: true,
    help: 'VM exits divided by the frames the guest handled (RX taken + TX sent)',
  },
  interrupts: { label: 'interrupts', unit: '', get: (m) => m.interrupts, scale: 1, digits: 0, better: 'lower', help: 'Interrupts asserted over the run' },
  framesPerInterrupt: { label: 'frames/interrupt', unit: '', get: (m) => m.framesPerInterrupt, scale: 1, digits: 2, better: 'higher', help: 'Frames handled (RX + TX) per interrupt' },
  rxFrames: { label: 'RX frames', unit: '', get: (m) => m.rxFrames, scale: 1, digits: 0, better: 'higher', help: 'Frames the guest took' },
  repliesPerSec: { label: 'server replies/s', unit: '', get: (m) => m.server?.repliesPerSec ?? NaN, scale: 1, digits: 0, better: 'higher', perRequest: true, help: 'Requests the guest\'s server answered per second' },
  requestMeanUs: { label: 'request mean latency', unit: 'us', get: (m) => m.server?.latencyUs.mean ?? NaN, scale: 1, digits: 3, better: 'lower', perRequest: true, judged: true, help: 'Mean time from a request\'s arrival at the NIC to its reply handed to the NIC (TDT written)' },
  requestP50Us: { label: 'request p50 latency', unit: 'us', get: (m) => m.server?.latencyUs.p50 ?? NaN, scale: 1, digits: 3, better: 'lower', perRequest: true, judged: true, help: 'Median time from a request\'s arrival at the NIC to its reply handed to the NIC' },
  requestP99Us: { label: 'request p99 latency', unit: 'us', get: (m) => m.server?.latencyUs.p99 ?? NaN, scale: 1, digits: 3, better: 'lower', perRequest: true, judged: true, help: '99th percentile of the time from a request\'s arrival at the NIC to its reply handed to the NIC' },
  requestP999Us: { label: 'request p99.9 latency', unit: 'us', get: (m) => m.server?.latencyUs.p999 ?? NaN, scale: 1, digits: 3, better: 'lower', perRequest: true, judged: true, help: '99.9th percentile of the time from a request\'s arrival at the NIC to its reply handed to the NIC' },
  txFrames: { label: 'TX frames', unit: '', get: (m) => m.txFrames, scale: 1, digits: 0, better: 'higher', help: 'Frames the NIC sent' },
} as const satisfies Record<string, MetricInfo>;

export type MetricId = keyof typeof SWEEP_METRICS;

/** The metric's raw value (as in the contract: guestCpuUtil a fraction). */
export function metricValue(metrics: SweepMetrics, id: MetricId): number {
  return SWEEP_METRICS[id].get(metrics);
}

/** The metric in display units (guest CPU in %). */
export function displayValue(metrics: SweepMetrics, id: MetricId): number {
  return SWEEP_METRICS[id].get(metrics) * SWEEP_METRICS[id].scale;
}

/** Whether the run has this metric at all: no RX frame means no latency (not a latency of 0); no frame at all, no per-frame figure. */
export function hasMetric(metrics: SweepMetrics, id: MetricId): boolean {
  const info: MetricInfo = SWEEP_METRICS[id];
  if (info.perRxFrame && metrics.rxFrames === 0) return false;
  if (info.perFrame && framesDone(metrics) === 0) return false;
  if (info.perRequest && !((metrics.server?.replies ?? 0) > 0)) return false;
  return true;
}

/** The server's figures, for tables of runs that have one. */
export const SERVER_METRIC_IDS: readonly MetricId[] = ['repliesPerSec', 'requestMeanUs', 'requestP50Us', 'requestP99Us', 'requestP999Us'];

/** Why a run lacks a metric (see hasMetric). */
export function missingText(id: MetricId): string {
  const info: MetricInfo = SWEEP_METRICS[id];
  return info.perRequest ? NO_REPLIES : info.perRxFrame ? NO_RX_FRAMES : NO_FRAMES;
}

/** What a table cell shows for a run: the number in display units, or "no RX frame taken" for a latency without frames taken. */
export function metricCell(metrics: SweepMetrics, id: MetricId): string {
  return hasMetric(metrics, id) ? formatMetric(id, displayValue(metrics, id)) : missingText(id);
}

/** Latency counts the frames the guest took: none taken yet (frames may be stored in the ring, not yet taken). */
export const NO_RX_FRAMES = 'no RX frame taken';
export const NO_FRAMES = 'no frames';
export const NO_REPLIES = 'no server replies';

/** Whether a comparison may call a change of this metric better or worse (see MetricInfo.judged). */
export function isJudged(id: MetricId): boolean {
  const info: MetricInfo = SWEEP_METRICS[id];
  return info.judged === true;
}

/** A display-unit number with the metric's decimals, no unit. */
export function formatMetric(id: MetricId, displayed: number): string {
  return Number.isFinite(displayed) ? displayed.toFixed(SWEEP_METRICS[id].digits) : String(displayed);
}

/** `label (unit)` or just the label. */
export function metricHeading(id: MetricId): string {
  const { label, unit } = SWEEP_METRICS[id];
  return unit ? `${label} (${unit})` : label;
}
