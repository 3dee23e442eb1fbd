/**
 * Side-by-side comparison: two or more configurations on identical traffic.
 * A comparison is a base scenario plus, per configuration, overrides of the
 * device and the guest only; seed, duration and traffic come from the base,
 * so every configuration sees the same arrivals. The result is a table of
 * metric deltas against the first configuration (absolute and %), with a
 * Markdown rendering. Pure: no Node, no browser.
 */
import { err, ok, type Result } from '../base/result';
import type { DelayRegs, DeviceParams, DeviceSpec, GuestSpec, Scenario } from '../core/scenario';
import { isPlainObject } from '../scenario/fieldSchemas';
import { parseScenario } from '../scenario/schema';
import { displayValue, formatMetric, hasMetric, isJudged, missingText, metricHeading, SERVER_METRIC_IDS, SWEEP_METRICS, type MetricId } from './metrics';
import { runSweepPoint, type SweepMetrics } from './sweep';

export type DeviceOverride = Partial<Omit<DeviceSpec, 'regs' | 'params'>> & { regs?: Partial<DelayRegs>; params?: Partial<DeviceParams> };
export type GuestOverride = Partial<GuestSpec>;

/** One configuration: a label and what differs from the base (device and guest only). */
export interface ConfigOverride {
  label: string;
  device?: DeviceOverride;
  guest?: GuestOverride;
}

export interface ComparisonSpec {
  base: Scenario;
  configs: ConfigOverride[];
}

export const MIN_COMPARE_CONFIGS = 2;
export const MAX_COMPARE_CONFIGS = 8;
const MAX_LABEL = 40;

export interface ComparisonConfig {
  label: string;
  /** The validated scenario this configuration runs. */
  scenario: Scenario;
}

export interface MetricDelta {
  /** value - baseline, in display units (guest CPU: percentage points). */
  abs: number;
  /** (value - baseline) / |baseline| x 100; 0 when both are 0; null when only the baseline is 0. */
  pct: number | null;
}

export interface ComparisonRow {
  metric: MetricId;
  /** Per configuration, in display units (guest CPU in %). */
  values: number[];
  /** Per configuration, against configuration 0 (null for configuration 0 itself). */
  deltas: (MetricDelta | null)[];
}

export interface ComparisonTable {
  labels: string[];
  rows: ComparisonRow[];
}

/** The metrics a comparison table shows by default, in order. */
export const COMPARE_METRICS: readonly MetricId[] = [
  'txPps',
  'rxPps',
  'rxLeftInRing',
  'txLeftInRing',
  'rxDropped',
  'interruptsPerSec',
  'framesPerInterrupt',
  'exits',
  'exitsPerFrame',
  'guestCpuUtil',
  'cpuUsPerFrame',
  'latencyP50Us',
  'latencyP99Us',
  'latencyMaxUs',
];

/**
 * Whether a delta is better, worse or the same, or not judged at all:
 * only figures normalised by the work done (per frame) and p99 latency are
 * judged (isJudged); a raw count of a run that did less work is not "better".
 * A configuration without the figure (no frames) is not judged either.
 */
export function judgeDelta(metric: MetricId, d: MetricDelta | null): 'better' | 'worse' | 'same' | 'unjudged' {
  if (!d || !isJudged(metric) || !Number.isFinite(d.abs)) return 'unjudged';
  const sign = shownSign(metric, d);
  if (sign === 0) return 'same';
  return (sign < 0) === (SWEEP_METRICS[metric].better === 'lower') ? 'better' : 'worse';
}

/**
 * Merges one configuration's overrides onto the base. Device: fields, regs
 * and params merge key by key. Guest: costs and params merge; a different
 * driver starts from its own empty parameter set (another driver's
 * parameters would not be valid).
 */
export function applyOverride(base: Scenario, override: ConfigOverride): Record<string, unknown> {
  const device = override.device ?? {};
  const guest = override.guest ?? {};
  const sameDriver = guest.driver === undefined || guest.driver === base.guest.driver;
  // Another driver starts from its own settings: the Linux kernel generation, its NAPI knobs and the server belong to linux-e1000.
  const { kernel, napi, server, ...baseGuest } = base.guest;
  return {
    ...structuredClone(base),
    device: {
      ...structuredClone(base.device),
      ...device,
      regs: { ...base.device.regs, ...device.regs },
      params: { ...base.device.params, ...device.params },
    },
    guest: {
      ...structuredClone(sameDriver ? base.guest : baseGuest),
      ...guest,
      params: sameDriver ? { ...base.guest.params, ...guest.params } : { ...guest.params },
    },
  };
}

function checkOverride(raw: unknown, i: number, seen: Set<string>): Result<ConfigOverride> {
  const where = `configs[${i}]`;
  if (!isPlainObject(raw)) return err(`${where}: not an object`);
  const extra = Object.keys(raw).filter((key) => !['label', 'device', 'guest'].includes(key));
  if (extra.length > 0) {
    return err(`${where}.${extra[0]}: unknown field (a configuration may set only label, device, guest; seed, duration and traffic come from the base)`);
  }
  const { label } = raw;
  if (typeof label !== 'string' || label.trim() === '' || label.length > MAX_LABEL) {
    return err(`${where}.label: ${JSON.stringify(label)} is not allowed (text of 1..${MAX_LABEL} characters)`);
  }
  if (seen.has(label)) return err(`${where}.label: ${JSON.stringify(label)} is used twice (labels must differ)`);
  seen.add(label);
  for (const part of ['device', 'guest'] as const) {
    const value = raw[part];
    if (value === undefined) continue;
    if (!isPlainObject(value)) return err(`${where}.${part}: not an object`);
    for (const inner of part === 'device' ? ['regs', 'params'] : ['params']) {
      if (value[inner] !== undefined && !isPlainObject(value[inner])) return err(`${where}.${part}.${inner}: not an object`);
    }
  }
  return ok(raw as unknown as ConfigOverride);
}

/**
 * Builds and validates every configuration's scenario. Errors are one line
 * naming the configuration and the field, e.g.
 * `configs[1] "ITR 500": device.regs.ITR: 70000 is out of range (integer 0..65535)`.
 */
export function buildComparison(base: Scenario, configs: readonly unknown[]): Result<ComparisonConfig[]> {
  if (!Array.isArray(configs) || configs.length < MIN_COMPARE_CONFIGS || configs.length > MAX_COMPARE_CONFIGS) {
    return err(`configs: ${Array.isArray(configs) ? configs.length : 'not a list of'} configurations (${MIN_COMPARE_CONFIGS}..${MAX_COMPARE_CONFIGS} allowed)`);
  }
  const seen = new Set<string>();
  const built: ComparisonConfig[] = [];
  for (const [i, raw] of configs.entries()) {
    const checked = checkOverride(raw, i, seen);
    if (!checked.ok) return checked;
    const override = checked.value;
    const merged = applyOverride(base, override);
    merged.name = `${base.name.slice(0, 80 - override.label.length - 3)} - ${override.label}`.slice(0, 80);
    const parsed = parseScenario(merged);
    if (!parsed.ok) return err(`configs[${i}] ${JSON.stringify(override.label)}: ${parsed.error}`);
    built.push({ label: override.label, scenario: parsed.value });
  }
  return ok(built);
}

/** Validates a comparison from JSON (e.g. a shared link): { base: <scenario>, configs: [{ label, device?, guest? }, ...] }. */
export function parseComparisonSpec(input: unknown): Result<{ spec: ComparisonSpec; configs: ComparisonConfig[] }> {
  if (!isPlainObject(input)) return err('comparison: not an object');
  const extra = Object.keys(input).filter((key) => key !== 'base' && key !== 'configs');
  if (extra.length > 0) return err(`${extra[0]}: unknown field (allowed: base, configs)`);
  const base = parseScenario(input.base);
  if (!base.ok) return err(`base.${base.error}`);
  const configs = buildComparison(base.value, input.configs as unknown[]);
  if (!configs.ok) return configs;
  return ok({ spec: { base: base.value, configs: input.configs as ConfigOverride[] }, configs: configs.value });
}

function delta(value: number, baseline: number): MetricDelta {
  const abs = value - baseline;
  const pct = baseline === 0 ? (value === 0 ? 0 : null) : (abs / Math.abs(baseline)) * 100;
  return { abs, pct };
}

/** The delta table of already-computed metrics, against the first configuration. */
/** The default rows: COMPARE_METRICS, and the server's figures when a configuration has a server application. */
export function compareMetricsFor(metrics: readonly SweepMetrics[]): readonly MetricId[] {
  return metrics.some((m) => m.server !== undefined) ? [...COMPARE_METRICS, ...SERVER_METRIC_IDS] : COMPARE_METRICS;
}

export function compareMetrics(labels: readonly string[], metrics: readonly SweepMetrics[], which: readonly MetricId[] = compareMetricsFor(metrics)): ComparisonTable {
  if (labels.length !== metrics.length) throw new Error(`compareMetrics: ${labels.length} labels for ${metrics.length} results`);
  const rows = which.map((metric): ComparisonRow => {
    // A run without the figure (a latency without RX frames, a per-frame figure without frames) has NaN: not a 0.
    const values = metrics.map((m) => (hasMetric(m, metric) ? displayValue(m, metric) : NaN));
    return { metric, values, deltas: values.map((value, i) => (i === 0 ? null : delta(value, values[0]))) };
  });
  return { labels: [...labels], rows };
}

export interface ComparisonResult {
  configs: ComparisonConfig[];
  metrics: SweepMetrics[];
  table: ComparisonTable;
}

/** Builds, runs (serially, on this thread) and tabulates a comparison. */
export function runComparison(base: Scenario, configs: readonly unknown[]): Result<ComparisonResult> {
  const built = buildComparison(base, configs);
  if (!built.ok) return built;
  const metrics = built.value.map(({ scenario }) => runSweepPoint(scenario));
  return ok({ configs: built.value, metrics, table: compareMetrics(built.value.map((c) => c.label), metrics) });
}

/** A number with `digits` decimals and a sign; values that round to 0 print as plain 0. */
function signed(value: number, digits: number): string {
  const text = value.toFixed(digits);
  if (Number(text) === 0) return (0).toFixed(digits);
  return value > 0 ? `+${text}` : text;
}

/** The delta's direction at display precision: 0 when it rounds to nothing. */
function shownSign(metric: MetricId, d: MetricDelta): number {
  return Math.sign(Number(d.abs.toFixed(SWEEP_METRICS[metric].digits)));
}

/** A delta as text: `+1200 (+35.2 %)`, `+3 (n/a)` when the baseline is 0, `0 (0.0 %)`. */
export function formatDelta(metric: MetricId, d: MetricDelta): string {
  if (!Number.isFinite(d.abs)) return '–';
  const abs = signed(d.abs, SWEEP_METRICS[metric].digits);
  const pct = d.pct === null ? 'n/a' : `${signed(d.pct, 1)} %`;
  return `${abs} (${pct})`;
}

function cell(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

/**
 * The table as GitHub Markdown: one row per metric, a value column per
 * configuration, and after each configuration but the first its delta
 * against the first (absolute and %), marked better/worse where judged
 * (per-frame figures and p99 latency; see judgeDelta).
 */
export function comparisonToMarkdown(table: ComparisonTable): string {
  const [first, ...others] = table.labels;
  const header = ['Metric', cell(first), ...others.flatMap((label) => [cell(label), `Δ vs ${cell(first)}`])];
  const lines = [`| ${header.join(' | ')} |`, `|${header.map((_, i) => (i === 0 ? ' --- ' : ' ---: ')).join('|')}|`];
  for (const row of table.rows) {
    const value = (v: number) => (Number.isNaN(v) ? missingText(row.metric) : formatMetric(row.metric, v));
    const cells = [cell(metricHeading(row.metric)), value(row.values[0])];
    for (let i = 1; i < row.values.length; i++) {
      const d = row.deltas[i]!;
      const judged = judgeDelta(row.metric, d);
      const direction = judged === 'better' || judged === 'worse' ? ` ${judged}` : '';
      cells.push(value(row.values[i]), `${formatDelta(row.metric, d)}${direction}`);
    }
    lines.push(`| ${cells.join(' | ')} |`);
  }
  return lines.join('\n');
}
