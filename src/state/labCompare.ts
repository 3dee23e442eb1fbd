/**
 * The Compare view's pure logic: a starting comparison for a scenario,
 * worked examples, editing one configuration's overrides, and reading the
 * lanes at the shared cursor. No browser, no React.
 */
import { DEVICE_MODELS, type DeviceModelName, type Scenario, deviceModelDescriptor, guestDriverDescriptor, type DriverParamSpec, COSTS, regValueNs, NAPI_DEFAULTS, type NapiSettings, type ServerSpec } from '../core';
import { FIRST_COMPARISON_MODELS, type CompareExample } from '../content/comparisons';
import { applyOverride, MAX_COMPARE_CONFIGS, type ComparisonSpec, type ConfigOverride } from '../sweep/compare';
import { fmtInt, fmtUs } from './format';
import { loadPreset } from '../scenario/presets';
import { shownUnit } from '../scenario/plainWords';

export const OVERRIDE_REGS = ['TIDV', 'TADV', 'RDTR', 'RADV', 'ITR'] as const;
export type OverrideReg = (typeof OVERRIDE_REGS)[number];

function presetScenario(id: string): Scenario {
  const r = loadPreset(id);
  if (!r.ok) throw new Error(`preset ${id}: ${r.error}`);
  return r.value;
}

export { COMPARE_EXAMPLES, type CompareExample } from '../content/comparisons';

/** A first comparison for a scenario: as it is, against another device model on the same traffic. */
export function defaultComparison(base: Scenario): ComparisonSpec {
  const other = FIRST_COMPARISON_MODELS.find((m) => m !== base.device.model) ?? DEVICE_MODELS[0];
  return {
    base,
    configs: [
      { label: 'As loaded' },
      { label: deviceModelDescriptor(other).label.slice(0, 40), device: { model: other } },
    ],
  };
}

// ---- what differs from the base, in words ----

/** A register value with its time: `RADV 8 (8.192 µs)`, `ITR 0 (off)`. */
function regWords(reg: OverrideReg, raw: number): string {
  return raw === 0 ? `${reg} 0 (off)` : `${reg} ${fmtInt(raw)} (${fmtUs(regValueNs(reg, raw))})`;
}

/** A number with its unit in words: `1,024 descriptors`, `10,000 µs`. */
function valueWords(value: number, unit: string): string {
  const n = Number.isInteger(value) ? fmtInt(value) : String(value);
  if (!unit || unit.includes(' or ')) return n;
  if (/^[\d.]+ (ns|us)$/.test(unit)) return `${n} × ${shownUnit(unit)}`;
  return `${n} ${shownUnit(unit)}`;
}

/**
 * What one configuration changes against the base, one line each, in the
 * words the views use (labels and titles from the registries, register
 * values with their times): `RADV 8 (8.192 µs) instead of 32 (32.768 µs)`,
 * `cost profile: Modern KVM with APICv (exits 1-3 µs) instead of KVM, 2012 (exits 5-8 µs)`.
 * Empty when it runs the base as it is.
 */
export function describeDifferences(base: Scenario, config: ConfigOverride): string[] {
  const merged = applyOverride(base, config) as unknown as Scenario;
  const out: string[] = [];
  const bd = base.device;
  const md = merged.device;
  if (md.model !== bd.model) out.push(`device model: ${deviceModelDescriptor(md.model).label} instead of ${deviceModelDescriptor(bd.model).label}`);
  for (const reg of OVERRIDE_REGS) {
    if (md.regs[reg] !== bd.regs[reg]) out.push(`${regWords(reg, md.regs[reg])} instead of ${bd.regs[reg] === 0 ? '0 (off)' : `${fmtInt(bd.regs[reg])} (${fmtUs(regValueNs(reg, bd.regs[reg]))})`}`);
  }
  if (md.rxRing !== bd.rxRing) out.push(`RX ring ${fmtInt(md.rxRing)} descriptors instead of ${fmtInt(bd.rxRing)}`);
  if (md.txRing !== bd.txRing) out.push(`TX ring ${fmtInt(md.txRing)} descriptors instead of ${fmtInt(bd.txRing)}`);
  if (md.rdmts !== bd.rdmts) out.push(`RX low-descriptor threshold ${md.rdmts} of the ring instead of ${bd.rdmts}`);
  if (md.linkGbps !== bd.linkGbps) out.push(`link ${md.linkGbps === 0 ? 'without a rate limit' : `${md.linkGbps} Gb/s`} instead of ${bd.linkGbps === 0 ? 'no limit' : `${bd.linkGbps} Gb/s`}`);
  const modelParams = deviceModelDescriptor(md.model).params;
  for (const p of modelParams) {
    const [now, was] = [md.params[p.key as keyof typeof md.params], bd.params[p.key as keyof typeof bd.params]];
    if (now !== undefined && now !== was) out.push(`${p.label} ${valueWords(now, p.unit)} instead of ${was === undefined ? 'the default' : valueWords(was, p.unit)}`);
  }
  const bg = base.guest;
  const mg = merged.guest;
  const sameDriver = mg.driver === bg.driver;
  if (!sameDriver) out.push(`guest driver: ${guestDriverDescriptor(mg.driver).label} instead of ${guestDriverDescriptor(bg.driver).label}`);
  if (sameDriver && (mg.kernel ?? '6.1') !== (bg.kernel ?? '6.1') && mg.driver === 'linux-e1000') out.push(`Linux ${mg.kernel} instead of ${bg.kernel ?? '6.1'}`);
  if (mg.costs !== bg.costs) {
    // A driver that pays no costs (the ideal one) runs the same on any profile, but for the host's timer wake-up.
    const free = !guestDriverDescriptor(mg.driver).hasCosts;
    out.push(`cost profile: ${COSTS[mg.costs].title} instead of ${COSTS[bg.costs].title}${free ? ` (the ${guestDriverDescriptor(mg.driver).label} driver pays no guest costs)` : ''}`);
  }
  for (const p of guestDriverDescriptor(mg.driver).params as readonly DriverParamSpec[]) {
    const now = mg.params[p.key];
    const was = sameDriver ? bg.params[p.key] : undefined;
    if (now === undefined || now === was) continue;
    out.push(sameDriver ? `${p.label} ${valueWords(now, p.unit)} instead of ${was === undefined ? 'not set' : valueWords(was, p.unit)}` : `${p.label} ${valueWords(now, p.unit)}`);
  }
  // The guest kernel's NAPI knobs and the server application (linux-e1000), each by its Linux name.
  for (const key of Object.keys(NAPI_DEFAULTS) as (keyof NapiSettings)[]) {
    const [now, was] = [mg.napi?.[key] ?? 0, sameDriver ? (bg.napi?.[key] ?? 0) : 0];
    if (now !== was) out.push(`${key} ${fmtInt(now)}${key === 'napi_defer_hard_irqs' ? '' : ' ns'} instead of ${fmtInt(was)}`);
  }
  if ((mg.server === undefined) !== (bg.server === undefined || !sameDriver)) out.push(mg.server ? 'a server application' : 'no server application');
  else if (mg.server && bg.server) {
    for (const key of Object.keys(mg.server) as (keyof ServerSpec)[]) {
      if (mg.server[key] !== bg.server[key]) out.push(`server ${key} ${String(mg.server[key])} instead of ${String(bg.server[key])}`);
    }
  }
  return out;
}

/** The comparison a worked example runs. */
export function exampleComparison(example: CompareExample): ComparisonSpec {
  return { base: presetScenario(example.presetId), configs: structuredClone(example.configs) };
}

/** A label not used by another configuration: `base`, `base 2`, `base 3`, ... */
export function uniqueLabel(configs: readonly ConfigOverride[], base: string, skip = -1): string {
  const used = new Set(configs.filter((_, i) => i !== skip).map((c) => c.label));
  if (!used.has(base)) return base;
  for (let n = 2; ; n++) if (!used.has(`${base} ${n}`)) return `${base} ${n}`;
}

/** A new configuration: a copy of the last one with a fresh label (none beyond the maximum). */
export function addConfig(spec: ComparisonSpec): ComparisonSpec {
  if (spec.configs.length >= MAX_COMPARE_CONFIGS) return spec;
  const last = spec.configs[spec.configs.length - 1];
  const copy: ConfigOverride = last ? structuredClone(last) : { label: 'configuration' };
  copy.label = uniqueLabel(spec.configs, last ? last.label.replace(/ \d+$/, '') : 'configuration');
  return { ...spec, configs: [...spec.configs, copy] };
}

export function removeConfig(spec: ComparisonSpec, index: number): ComparisonSpec {
  return { ...spec, configs: spec.configs.filter((_, i) => i !== index) };
}

/** What one configuration's form can change. `undefined` removes the override (the base's value applies). */
export type ConfigEdit =
  | { field: 'label'; value: string }
  | { field: 'model'; value: DeviceModelName | undefined }
  | { field: 'driver'; value: Scenario['guest']['driver'] | undefined }
  | { field: 'costs'; value: Scenario['guest']['costs'] | undefined }
  | { field: 'reg'; reg: OverrideReg; value: number | undefined };

function pruned<T extends Record<string, unknown>>(o: T): T | undefined {
  const out = Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
  return Object.keys(out).length > 0 ? out : undefined;
}

/** One configuration with one field changed (immutably); empty parts are dropped. */
export function editConfig(config: ConfigOverride, edit: ConfigEdit): ConfigOverride {
  const next: ConfigOverride = structuredClone(config);
  switch (edit.field) {
    case 'label':
      next.label = edit.value;
      return next;
    case 'model':
      next.device = pruned({ ...next.device, model: edit.value });
      break;
    case 'driver':
      next.guest = pruned({ ...next.guest, driver: edit.value, params: edit.value === undefined ? next.guest?.params : undefined });
      break;
    case 'costs':
      next.guest = pruned({ ...next.guest, costs: edit.value });
      break;
    case 'reg': {
      const regs = pruned({ ...next.device?.regs, [edit.reg]: edit.value });
      next.device = pruned({ ...next.device, regs });
      break;
    }
  }
  if (next.device === undefined) delete next.device;
  if (next.guest === undefined) delete next.guest;
  return next;
}

export function replaceConfig(spec: ComparisonSpec, index: number, config: ConfigOverride): ComparisonSpec {
  return { ...spec, configs: spec.configs.map((c, i) => (i === index ? config : c)) };
}


// ---- reading lanes at the cursor ----

/** How many of the sorted instants are at or before t (binary search). */
export function countAtOrBefore(sorted: ArrayLike<number>, t: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid] <= t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Index of the first instant at or after t (binary search); length if none. */
export function firstAtOrAfter(sorted: ArrayLike<number>, t: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid] < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Busy ns of [start, end] pairs (sorted, disjoint) inside [0, t]. */
export function busyUpTo(spans: ArrayLike<number>, t: number): number {
  let busy = 0;
  for (let i = 0; i + 1 < spans.length && spans[i] < t; i += 2) busy += Math.min(spans[i + 1], t) - spans[i];
  return busy;
}

/** The nearest instant to t within `maxDist`, or -1. */
export function nearest(sorted: ArrayLike<number>, t: number, maxDist: number): number {
  const i = firstAtOrAfter(sorted, t);
  let best = -1;
  let bestDist = maxDist;
  for (const j of [i - 1, i]) {
    if (j < 0 || j >= sorted.length) continue;
    const d = Math.abs(sorted[j] - t);
    if (d <= bestDist) {
      best = j;
      bestDist = d;
    }
  }
  return best;
}

/**
 * Per-pixel counts of instants in [t0, t1) over `columns` columns, for
 * drawing dense lanes without one mark per event.
 */
export function binCounts(sorted: ArrayLike<number>, t0: number, t1: number, columns: number): Uint32Array {
  const bins = new Uint32Array(Math.max(0, columns));
  if (columns <= 0 || t1 <= t0) return bins;
  const scale = columns / (t1 - t0);
  for (let i = firstAtOrAfter(sorted, t0); i < sorted.length && sorted[i] < t1; i++) {
    bins[Math.min(columns - 1, Math.floor((sorted[i] - t0) * scale))]++;
  }
  return bins;
}

/** One line on a scenario's traffic: "RX list of 32 frames · TX none". */
export function describeTraffic(scenario: Scenario): string {
  const one = (dir: 'rx' | 'tx') => {
    const t = scenario.traffic[dir];
    const up = dir.toUpperCase();
    switch (t.pattern) {
      case 'none':
        return `${up} none`;
      case 'list':
        return `${up} ${t.atUs.length} listed frames of ${t.bytes} B`;
      case 'saturate':
        return `${up} as fast as the guest can, ${t.bytes} B`;
      case 'pcap':
        return `${up} a replayed capture`;
      case 'train':
        return `${up} trains of ${t.frames} frames ${t.spacingUs} µs apart, ${t.pauseUs} µs pause, ${t.bytes} B`;
      case 'onoff':
        return `${up} on/off at ${t.pps.toLocaleString('en-US')} frames/s, ${t.bytes} B`;
      default:
        return `${up} ${t.pattern} ${t.pps.toLocaleString('en-US')} frames/s, ${t.bytes} B`;
    }
  };
  return `${one('rx')} · ${one('tx')} · seed ${scenario.seed} · ${scenario.durationUs.toLocaleString('en-US')} µs`;
}
